import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { EnvironmentError } from '../../core/errors.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import type { Schema } from './schema.ts';
import { parsers } from './type-parsers.ts';

/** Where the data lives: an embedded PGlite folder (or memory), or a PostgreSQL server. */
export type DatabaseLocation =
  | { kind: 'pglite'; dataDir?: string; loadDataDir?: Blob }
  | { kind: 'postgres'; url: string };

export interface Database {
  db: Kysely<Schema>;
  kind: 'pglite' | 'postgres';
  /** Waits for running queries, then closes; for PGlite this flushes the data folder. */
  close(): Promise<void>;
  /** PGlite only: the data directory as a tarball (used to clone test templates). */
  dump?: () => Promise<Blob>;
}

/** The database could not be opened; the message says what to do. */
export class DatabaseOpenError extends EnvironmentError {
  override name = 'DatabaseOpenError';
}

export async function openDatabase(location: DatabaseLocation): Promise<Database> {
  return location.kind === 'pglite' ? openPGlite(location) : openPostgres(location.url);
}

async function openPGlite(location: { dataDir?: string; loadDataDir?: Blob }): Promise<Database> {
  if (location.dataDir) checkDataFolder(location.dataDir);
  let pglite: PGlite;
  try {
    pglite = await PGlite.create({
      ...(location.dataDir ? { dataDir: location.dataDir } : {}),
      ...(location.loadDataDir ? { loadDataDir: location.loadDataDir } : {}),
      parsers,
    });
  } catch (error) {
    throw new DatabaseOpenError(
      `cannot open the embedded database in ${location.dataDir ?? 'memory'} (${describe(error)}); ` +
        'if the folder is damaged or from another program, move it aside or set GRASSROOTS_DATA to a new folder',
    );
  }
  const db = new Kysely<Schema>({ dialect: new PGliteDialect(pglite) });
  return {
    db,
    kind: 'pglite',
    async close() {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
    dump: () => pglite.dumpDataDir('none'),
  };
}

/** Creates the folder if needed and proves it writable, before PGlite writes half a cluster. */
function checkDataFolder(dir: string) {
  try {
    mkdirSync(dir, { recursive: true });
    if (!statSync(dir).isDirectory())
      throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw new DatabaseOpenError(
      `cannot write to the data folder ${dir} (${describe(error)}); ` +
        'set GRASSROOTS_DATA to a folder you can write to',
    );
  }
}

async function openPostgres(url: string): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    connectionTimeoutMillis: 10_000,
    types: { getTypeParser: ((oid: number) => parsers[oid] ?? ((text: string) => text)) as never },
  });
  // An idle client's error (the server restarting) must not crash the process.
  pool.on('error', () => {});
  try {
    const client = await pool.connect();
    client.release();
  } catch (error) {
    await pool.end().catch(() => {});
    const where = safeLocation(url);
    throw new DatabaseOpenError(
      `cannot reach the database at ${where} (${describe(error)}); ` +
        'check DATABASE_URL and that PostgreSQL is running and accepts connections',
    );
  }
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    kind: 'postgres',
    async close() {
      await db.destroy();
    },
  };
}

/** host:port/database of a URL, never its password. */
export function safeLocation(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname || 'localhost'}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

function describe(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as { code?: string; message?: string };
    if (e.code === 'ECONNREFUSED') return 'connection refused';
    if (e.code === 'ENOTFOUND') return 'host not found';
    if (e.code === 'ETIMEDOUT') return 'timed out';
    if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied';
    if (e.code === 'ENOTDIR') return 'a file is in the way';
    if (e.code === 'EROFS') return 'read-only file system';
    if (e.message) return e.message.split('\n')[0]!;
  }
  return String(error);
}

/** True when the database answers a trivial query; used by /healthz. */
export async function isHealthy(db: Kysely<Schema>): Promise<boolean> {
  try {
    await sql`select 1`.execute(db);
    return true;
  } catch {
    return false;
  }
}
