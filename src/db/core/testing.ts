import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { type Database, openDatabase } from './database.ts';
import { migrate } from './migrate.ts';

/**
 * Databases for tests. `npm test` (scripts/test.ts) prepares a migrated template
 * once and runs the database tests twice: on PGlite (each test database a clone
 * of a dumped data folder) and on a throwaway PostgreSQL cluster (each test
 * database `create database ... template`). Run by hand, a test file gets a
 * freshly migrated in-memory PGlite.
 */
export const testDatabaseKind: 'pglite' | 'postgres' =
  process.env.GRASSROOTS_TEST_DB === 'postgres' ? 'postgres' : 'pglite';

/** The PostgreSQL server of the test run (postgres pass only), connected to its `postgres` database. */
export const testServerUrl = process.env.GRASSROOTS_TEST_PG_URL;

export const templateDatabase = 'grassroots_template';

let template: Blob | undefined;

export interface TestDatabase extends Database {
  /** A URL for other processes (postgres) or undefined (PGlite lives in this process). */
  url: string | undefined;
}

/** A new, migrated, empty database of the kind this test run is for. */
export async function testDatabase(): Promise<TestDatabase> {
  if (testDatabaseKind === 'postgres') return postgresTestDatabase();
  const path = process.env.GRASSROOTS_TEST_PGLITE_TEMPLATE;
  if (!path) {
    const database = await openDatabase({ kind: 'pglite' });
    await migrate(database.db);
    return { ...database, url: undefined };
  }
  template ??= new Blob([readFileSync(path)]);
  return { ...(await openDatabase({ kind: 'pglite', loadDataDir: template })), url: undefined };
}

async function postgresTestDatabase(): Promise<TestDatabase> {
  if (!testServerUrl)
    throw new Error('GRASSROOTS_TEST_PG_URL is not set: run the tests with `npm test`');
  const name = `test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name} template ${templateDatabase}`);
  const url = databaseUrl(name);
  const database = await openDatabase({ kind: 'postgres', url });
  return {
    ...database,
    url,
    async close() {
      await database.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}

/** The URL of another database on the test server. */
export function databaseUrl(name: string): string {
  const url = new URL(testServerUrl!);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: testServerUrl });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}
