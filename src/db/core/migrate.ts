import { readdirSync, readFileSync } from 'node:fs';
import { type Kysely, sql } from 'kysely';
import { EnvironmentError } from '../../core/errors.ts';
import type { Schema } from './schema.ts';

const folder = new URL('./migrations/', import.meta.url);

export interface Migration {
  name: string;
  sql: string;
}

/** The migrations this version of grassroots knows, in the order they apply. */
export function knownMigrations(): Migration[] {
  return readdirSync(folder)
    .filter((file) => /^\d{4}-[a-z0-9-]+\.sql$/.test(file))
    .sort()
    .map((file) => ({
      name: file.replace(/\.sql$/, ''),
      sql: readFileSync(new URL(file, folder), 'utf8'),
    }));
}

/** The data was written by a newer grassroots than this one. */
export class SchemaTooNewError extends EnvironmentError {
  override name = 'SchemaTooNewError';
}

/**
 * Applies each pending migration once, in its own transaction, and records it in
 * schema_migrations. An advisory lock makes concurrent starts against one
 * PostgreSQL server take turns instead of applying a migration twice.
 * Returns the names applied.
 */
export async function migrate(
  db: Kysely<Schema>,
  migrations = knownMigrations(),
): Promise<string[]> {
  await sql`create table if not exists schema_migrations (
    name text primary key,
    applied_at timestamptz not null default now()
  )`.execute(db);

  const known = new Set(migrations.map((m) => m.name));
  const applied = await appliedMigrations(db);
  const unknown = applied.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    const latest = migrations.at(-1)?.name ?? 'none';
    throw new SchemaTooNewError(
      `the database was written by a newer version of grassroots (it has migration ${unknown.at(-1)}, ` +
        `this version knows up to ${latest}); upgrade grassroots, or point it at another database`,
    );
  }

  const done: string[] = [];
  for (const migration of migrations) {
    if (applied.includes(migration.name)) continue;
    const ran = await db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(7243591)`.execute(trx);
      const again = await trx
        .selectFrom('schema_migrations')
        .select('name')
        .where('name', '=', migration.name)
        .executeTakeFirst();
      if (again) return false; // another process applied it while we waited
      await sql.raw(migration.sql).execute(trx);
      await trx.insertInto('schema_migrations').values({ name: migration.name }).execute();
      return true;
    });
    if (ran) done.push(migration.name);
  }
  return done;
}

export async function appliedMigrations(db: Kysely<Schema>): Promise<string[]> {
  const rows = await db.selectFrom('schema_migrations').select('name').orderBy('name').execute();
  return rows.map((r) => r.name);
}
