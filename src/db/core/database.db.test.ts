import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { appliedMigrations, knownMigrations, migrate, SchemaTooNewError } from './migrate.ts';
import { type TestDatabase, testDatabase, testDatabaseKind } from './testing.ts';

describe(`the database (${testDatabaseKind})`, () => {
  let database: TestDatabase;
  before(async () => {
    database = await testDatabase();
  });
  after(() => database.close());

  test('has every known migration applied exactly once, and a second run applies none', async () => {
    const names = knownMigrations().map((m) => m.name);
    assert.deepEqual(await appliedMigrations(database.db), names);
    assert.deepEqual(await migrate(database.db), []);
    assert.deepEqual(await appliedMigrations(database.db), names);
  });

  test('gives the same JavaScript types on both drivers', async () => {
    const result = await sql<Record<string, unknown>>`select
        9007199254740991::int8 as big,
        42::int4 as small,
        '\\x00ff10'::bytea as bytes,
        '2018-01-12'::date as day,
        '2018-01-12 12:00:00+00'::timestamptz as moment,
        12954.9::numeric as quota,
        '{"seats": 3}'::jsonb as settings,
        true as yes`.execute(database.db);
    const row = result.rows[0]!;
    assert.equal(row.big, 9_007_199_254_740_991);
    assert.equal(row.small, 42);
    assert.equal(
      Object.getPrototypeOf(row.bytes),
      Uint8Array.prototype,
      'bytea is a plain Uint8Array, not a Buffer',
    );
    assert.deepEqual([...(row.bytes as Uint8Array)], [0, 255, 16]);
    assert.equal(row.day, '2018-01-12');
    assert.ok(row.moment instanceof Date);
    assert.equal((row.moment as Date).toISOString(), '2018-01-12T12:00:00.000Z');
    assert.equal(row.quota, '12954.9');
    assert.deepEqual(row.settings, { seats: 3 });
    assert.equal(row.yes, true);
  });

  test('refuses an int8 beyond what JavaScript holds exactly, rather than rounding it', async () => {
    await assert.rejects(
      sql`select 9007199254740993::int8 as n`.execute(database.db),
      /safe integers/,
    );
  });

  test('round-trips bytea and identity ids through Kysely', async () => {
    const hash = new Uint8Array([1, 2, 3, 254]);
    const region = await database.db
      .insertInto('regions')
      .values({ name: 'Test region' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const branch = await database.db
      .insertInto('branches')
      .values({ name: 'Test branch', region_id: region.id })
      .returning('id')
      .executeTakeFirstOrThrow();
    assert.equal(typeof branch.id, 'number');
    const member = await database.db
      .insertInto('members')
      .values({
        membership_number: 'T1',
        first_name: 'Ada',
        last_name: 'Test',
        email: 'ada@example.org',
        postal_address: null,
        gender: null,
        branch_id: branch.id,
        joined_on: '2017-08-24',
        dues_status: 'paid_up',
        paid_up_to: '2027-01-01',
      })
      .returning(['id', 'joined_on'])
      .executeTakeFirstOrThrow();
    assert.equal(member.joined_on, '2017-08-24');
    await database.db
      .insertInto('sessions')
      .values({ token_hash: hash, member_id: member.id, expires_at: new Date(Date.now() + 60_000) })
      .execute();
    const back = await database.db
      .selectFrom('sessions')
      .select('token_hash')
      .where('token_hash', '=', hash)
      .executeTakeFirstOrThrow();
    assert.deepEqual([...back.token_hash], [1, 2, 3, 254]);
  });

  test('rolls a failed transaction back completely', async () => {
    await assert.rejects(
      database.db.transaction().execute(async (trx) => {
        await trx.insertInto('regions').values({ name: 'Half-written' }).execute();
        await trx.insertInto('regions').values({ name: 'Half-written' }).execute(); // unique violation
      }),
    );
    const rows = await database.db
      .selectFrom('regions')
      .select('id')
      .where('name', '=', 'Half-written')
      .execute();
    assert.equal(rows.length, 0);
  });

  test('keeps concurrent transactions apart (PGlite has one connection, which a transaction must own)', async () => {
    const seen: string[] = [];
    await Promise.all([
      database.db
        .transaction()
        .execute(async (trx) => {
          await trx.insertInto('regions').values({ name: 'Rolled back' }).execute();
          await new Promise((r) => setTimeout(r, 50));
          seen.push('first done');
          throw new Error('roll back');
        })
        .catch(() => {}),
      (async () => {
        await new Promise((r) => setTimeout(r, 10));
        // Outside the first transaction: must not see its uncommitted row, and on
        // PGlite must not have its statement run inside that transaction.
        await database.db.insertInto('regions').values({ name: 'Committed' }).execute();
        seen.push('second done');
      })(),
    ]);
    const names = (await database.db.selectFrom('regions').select('name').execute()).map(
      (r) => r.name,
    );
    assert.ok(names.includes('Committed'), 'the other statement committed');
    assert.ok(!names.includes('Rolled back'), 'the rolled-back row is gone');
    assert.equal(seen.length, 2);
  });

  test('a failing migration leaves nothing half-applied', async () => {
    const broken = [
      ...knownMigrations(),
      { name: '9998-broken', sql: 'create table half_done (id int); select no_such_function();' },
    ];
    await assert.rejects(migrate(database.db, broken));
    const tables = await sql<{
      n: number;
    }>`select count(*)::int as n from information_schema.tables where table_name = 'half_done'`.execute(
      database.db,
    );
    assert.equal(tables.rows[0]!.n, 0);
    assert.ok(!(await appliedMigrations(database.db)).includes('9998-broken'));
  });

  test('refuses a database from a newer version of grassroots, naming both versions', async () => {
    await database.db
      .insertInto('schema_migrations')
      .values({ name: '9999-from-the-future' })
      .execute();
    await assert.rejects(migrate(database.db), (error: Error) => {
      assert.ok(error instanceof SchemaTooNewError);
      assert.match(error.message, /newer version of grassroots/);
      assert.match(error.message, /9999-from-the-future/);
      return true;
    });
    await database.db
      .deleteFrom('schema_migrations')
      .where('name', '=', '9999-from-the-future')
      .execute();
  });
});
