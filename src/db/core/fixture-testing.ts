/**
 * For tests: loads a fixture of an older schema (fixtures/<name>/data.jsonl.gz,
 * see its README) into a database migrated up to that schema.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { type Kysely, sql } from 'kysely';
import type { Schema } from './schema.ts';

export interface FixtureData {
  /** The migrations the fixture's database had. */
  migrations: string[];
  /** Rows by table, each as PostgreSQL's to_jsonb wrote it. */
  rows: Map<string, Record<string, unknown>[]>;
}

/** The fixture's rows, read from its gzipped JSON lines. */
export function readFixture(folder: URL): FixtureData {
  const [head, ...lines] = gunzipSync(readFileSync(new URL('data.jsonl.gz', folder)))
    .toString('utf8')
    .trimEnd()
    .split('\n');
  const meta = JSON.parse(head!) as { migrations: string[]; tables: string[] };
  const rows = new Map<string, Record<string, unknown>[]>(meta.tables.map((t) => [t, []]));
  for (const line of lines) {
    const { t, r } = JSON.parse(line) as { t: string; r: Record<string, unknown> };
    rows.get(t)!.push(r);
  }
  return { migrations: meta.migrations, rows };
}

/**
 * Inserts every table's rows in one statement per table, parents first, with
 * their own identity values, then moves each identity past the largest value
 * so that new rows follow on. jsonb_populate_recordset reads the values back
 * with each column's own type, on PGlite and PostgreSQL alike.
 */
export async function loadFixture(db: Kysely<Schema>, fixture: FixtureData): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const [table, rows] of fixture.rows) {
      if (rows.length === 0) continue;
      await sql`insert into ${sql.table(table)} overriding system value
        select * from jsonb_populate_recordset(null::${sql.table(table)}, ${JSON.stringify(rows)}::jsonb)`.execute(
        trx,
      );
    }
    const identities = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = current_schema() and is_identity = 'YES'`.execute(trx);
    for (const { table_name, column_name } of identities.rows) {
      await sql`select setval(pg_get_serial_sequence(${table_name}, ${column_name}),
        coalesce((select max(${sql.ref(column_name)}) from ${sql.table(table_name)}), 0) + 1, false)`.execute(
        trx,
      );
    }
  });
}
