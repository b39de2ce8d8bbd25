/**
 * Migration 0007 (ballots become their own thing) moves a database in place,
 * and nothing is lost: the demo of schema 0006 (fixtures/schema-0006-demo,
 * made by that schema's code) is loaded, migrated, and read back by today's
 * code, which must show what the code of 0006 showed.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { type Kysely, sql } from 'kysely';
import { electionAction } from '../../cli/election.ts';
import { belenios, beleniosTool } from '../../crypto/testing.ts';
import { verifyArchive } from '../../crypto/verify.ts';
import { readConfig } from '../../server/config.ts';
import { createLogger } from '../../server/logger.ts';
import { startServer } from '../../server/start.ts';
import { freePort } from '../../server/testing.ts';
import { TestClient } from '../../web/shell/test-client.ts';
import { createSignInLink } from '../access/index.ts';
import { castVote } from '../ballots/index.ts';
import { verifiableArchive } from '../ballots/verifiable-archive.ts';
import { count, findElection, takeStep } from '../elections/index.ts';
import { type FixtureData, loadFixture, readFixture } from './fixture-testing.ts';
import { migrate } from './migrate.ts';
import type { Schema } from './schema.ts';
import { type TestDatabase, testDatabaseAt, testDatabaseKind } from './testing.ts';

const fixtureFolder = new URL('./fixtures/schema-0006-demo/', import.meta.url);
const expected = (path: string) => readFileSync(new URL(`expected/${path}`, fixtureFolder));
const expectedText = (path: string) => expected(path).toString('utf8');

type Row = Record<string, unknown>;

/** Rows as to_jsonb writes them, in UTC (as the fixture's were), so both sides compare as text. */
async function rowsOf(db: Kysely<Schema>, table: string): Promise<Row[]> {
  return db.transaction().execute(async (trx) => {
    await sql`set local time zone 'UTC'`.execute(trx);
    const { rows } = await sql<{
      row: Row;
    }>`select to_jsonb(t) as row from ${sql.table(table)} t`.execute(trx);
    return rows.map((r) => r.row);
  });
}

/** Rows as comparable text, sorted: the same multiset of rows, whatever their order on disk. */
const canonical = (rows: Row[]) =>
  rows
    .map((r) =>
      JSON.stringify(Object.fromEntries(Object.entries(r).sort(([a], [b]) => (a < b ? -1 : 1)))),
    )
    .sort();

const omit = (row: Row, ...keys: string[]) =>
  Object.fromEntries(Object.entries(row).filter(([k]) => !keys.includes(k)));

/** Where each election's ballot settings went: election column → ballot column. */
const movedToBallot: Record<string, string> = {
  title: 'title',
  seats: 'seats',
  method: 'method',
  minimums: 'minimums',
  joined_by: 'joined_by',
  paid_up_by: 'paid_up_by',
  ballot_open_at: 'opens_at',
  ballot_close_at: 'closes_at',
  allow_revoting: 'allow_revoting',
  online: 'online',
  postal: 'postal',
  postal_wins: 'postal_wins',
  roll_frozen_at: 'roll_frozen_at',
  roll_size: 'roll_size',
  revote_key: 'revote_key',
  count_seed: 'count_seed',
  result: 'result',
  declared_at: 'declared_at',
  ballot_box: 'box',
  crypto_group: 'crypto_group',
  trustee_threshold: 'trustee_threshold',
  created_at: 'created_at',
};
const stateOfStage: Record<string, string> = {
  draft: 'draft',
  nominations: 'draft',
  candidates_published: 'draft',
  ballot: 'open',
  closed: 'closed',
  declared: 'declared',
};

describe(`migration 0007 moves the demo of schema 0006 in place (${testDatabaseKind})`, () => {
  let database: TestDatabase;
  let db: Kysely<Schema>;
  let fixture: FixtureData;
  let closed = false;
  /** Each election's ballot. */
  const ballotOf = new Map<number, number>();
  const figures: Record<string, number | string> = {};
  const old = (table: string) => fixture.rows.get(table)!;

  before(async () => {
    fixture = readFixture(fixtureFolder);
    assert.equal(fixture.migrations.at(-1), '0006-threshold-trustees');
    database = await testDatabaseAt('0006-threshold-trustees');
    db = database.db;
    await loadFixture(db, fixture);
    const started = performance.now();
    const applied = await migrate(db);
    figures.migrationMs = Math.round(performance.now() - started);
    assert.equal(applied[0], '0007-ballots');
    for (const e of await db.selectFrom('elections').select(['id', 'ballot_id']).execute())
      ballotOf.set(e.id, e.ballot_id);
  });
  after(async () => {
    console.log(`migration 0007 figures (${testDatabaseKind}): ${JSON.stringify(figures)}`);
    if (!closed) await database.close();
  });

  test('each election is its election columns plus one ballot holding its ballot settings and state', async () => {
    const elections = new Map((await rowsOf(db, 'elections')).map((e) => [e.id as number, e]));
    const ballots = new Map((await rowsOf(db, 'ballots')).map((b) => [b.id as number, b]));
    assert.equal(elections.size, old('elections').length);
    assert.equal(ballots.size, old('elections').length, 'one ballot for each election');
    for (const before of old('elections')) {
      const id = before.id as number;
      const election = elections.get(id)!;
      const ballotId = election.ballot_id as number;
      const kept = Object.keys(election).filter((k) => k !== 'ballot_id');
      assert.deepEqual(
        omit(election, 'ballot_id'),
        Object.fromEntries(kept.map((k) => [k, before[k]])),
      );
      const ballot = ballots.get(ballotId)!;
      assert.deepEqual(ballot, {
        id: ballotId,
        question: 'candidates',
        max_marks: null,
        in_room: false,
        state: stateOfStage[before.stage as string],
        ...Object.fromEntries(
          Object.entries(movedToBallot).map(([from, to]) => [to, before[from]]),
        ),
      });
    }
    figures.elections = elections.size;
    figures.ballots = ballots.size;
  });

  test('the roll, votes, postal papers, invitations and the verifiable box are the same rows, now of the ballot', async () => {
    // Table of 0006 → table now, the columns renamed, and those added with their value.
    const moves: [string, string, Row][] = [
      ['roll_entries', 'roll_entries', { weight: 1 }],
      ['participations', 'participations', {}],
      ['ballots', 'votes', { weight: 1 }],
      ['postal_papers', 'postal_papers', {}],
      ['outbox', 'outbox', {}],
      ['trustees', 'trustees', {}],
      ['verifiable_setups', 'verifiable_setups', {}],
      ['verifiable_ballots', 'verifiable_ballots', {}],
      ['trustee_steps', 'trustee_steps', {}],
    ];
    for (const [from, to, added] of moves) {
      const before = old(from).map((r) => {
        const { election_id, ...rest } = r;
        const ballot_id = election_id === null ? null : ballotOf.get(election_id as number);
        return { ...rest, ballot_id, ...added };
      });
      const now = await rowsOf(db, to);
      assert.equal(now.length, before.length, `${to}: as many rows as ${from} had`);
      assert.deepEqual(canonical(now), canonical(before), `${to}: the same rows as ${from}`);
      figures[to] = now.length;
    }
    // The other tables did not change at all.
    for (const table of ['members', 'candidates', 'nominations', 'slates', 'sign_in_links']) {
      assert.deepEqual(canonical(await rowsOf(db, table)), canonical(old(table)), table);
    }
    const grants = await rowsOf(db, 'role_grants');
    assert.deepEqual(
      canonical(grants.map((g) => omit(g, 'ballot_id'))),
      canonical(old('role_grants')),
    );
    assert.ok(
      grants.every((g) => g.ballot_id === null),
      'election roles stay scoped to elections',
    );
  });

  test('the audit log holds the same rows, each naming its ballot too', async () => {
    const now = new Map((await rowsOf(db, 'audit_log')).map((r) => [r.id as number, r]));
    const before = old('audit_log');
    assert.equal(now.size, before.length);
    const audit = gunzipSync(expected('audit-log.jsonl.gz')).toString('utf8').trim().split('\n');
    assert.equal(audit.length, before.length, 'the fixture and its expected audit log agree');
    for (const line of audit) {
      const row = JSON.parse(line) as Row;
      const moved = now.get(row.id as number);
      assert.ok(moved, `audit row ${row.id} is still there`);
      assert.deepEqual(
        omit(moved, 'ballot_id'),
        row,
        `audit row ${row.id}: same id, action, detail, time, actor`,
      );
      assert.equal(
        moved.ballot_id,
        row.election_id === null ? null : ballotOf.get(row.election_id as number),
      );
    }
    await assert.rejects(
      sql`update audit_log set action = 'rewritten' where id = 1`.execute(db),
      /append-only/,
      'the log is append-only again after the migration',
    );
    figures.auditRows = now.size;
  });

  test('election list, show and export print what they printed at 0006, byte for byte', async () => {
    const run = async (action: string, id: number, format: string) => {
      let text = '';
      await electionAction(database, action, id, format, (t) => {
        text += t.endsWith('\n') ? t : `${t}\n`;
      });
      return text;
    };
    assert.equal(await run('list', 0, 'text'), expectedText('election-list.txt'));
    assert.equal(await run('list', 0, 'json'), expectedText('election-list.json'));
    let declared = 0;
    for (const e of old('elections')) {
      const id = e.id as number;
      assert.equal(await run('show', id, 'text'), expectedText(`election-${id}/show.txt`));
      assert.equal(await run('show', id, 'json'), expectedText(`election-${id}/show.json`));
      if (e.stage !== 'declared') continue;
      declared++;
      for (const format of ['blt', 'csv', 'json'])
        assert.equal(
          await run('export', id, format),
          expectedText(`election-${id}/export.${format}`),
          `election ${id} export --format ${format}`,
        );
    }
    figures.declaredElections = declared;
  });

  test('the verifiable archives are byte-identical and still verify', async (t) => {
    const setups = await db.selectFrom('verifiable_setups').select(['ballot_id', 'uuid']).execute();
    assert.equal(setups.length, 2);
    for (const [electionId, ballotId] of ballotOf) {
      if (!setups.some((s) => s.ballot_id === ballotId)) continue;
      const archive = (await verifiableArchive(db, ballotId))!;
      const bytes = gunzipSync(expected(`archive-${electionId}.bel.gz`));
      const sha256 = createHash('sha256').update(archive.bytes).digest('hex');
      assert.equal(sha256, expectedText(`archive-${electionId}.bel.sha256`).trim());
      assert.ok(Buffer.from(archive.bytes).equals(bytes), `archive of election ${electionId}`);
      figures[`archive${electionId}Sha256`] = sha256;
      const verification = verifyArchive(archive.bytes);
      assert.ok(verification.ok, JSON.stringify(verification.checks.filter((c) => !c.ok)));
      const group = (await findElection(db, electionId))!.crypto_group;
      // Debian's belenios-tool 2.0 knows the finite-field groups, not Ed25519.
      if (group === 'Ed25519') continue;
      const tool = beleniosTool();
      if (tool !== true) {
        t.diagnostic(tool);
        continue;
      }
      const dir = mkdtempSync(join(tmpdir(), 'migrated-archive-'));
      try {
        writeFileSync(join(dir, `${archive.uuid}.bel`), archive.bytes);
        belenios(dir, ['election', 'verify', '--dir', dir]);
        figures[`archive${electionId}BeleniosTool`] = 'verified';
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    assert.equal(
      figures.archive6BeleniosTool ?? 'skipped',
      beleniosTool() === true ? 'verified' : 'skipped',
    );
  });

  test('the ballot left open goes on: a re-vote replaces the vote made before the move, and the count takes them all', async () => {
    const electionId = 5;
    const ballotId = ballotOf.get(electionId)!;
    const votes = async () =>
      (await db.selectFrom('votes').select('id').where('ballot_id', '=', ballotId).execute())
        .length;
    const before = await votes();
    const voted = await db
      .selectFrom('participations')
      .select('member_id')
      .where('ballot_id', '=', ballotId)
      .where('channel', '=', 'online')
      .orderBy('member_id')
      .executeTakeFirstOrThrow();
    const candidate = await db
      .selectFrom('candidates')
      .select('id')
      .where('election_id', '=', electionId)
      .where('status', '=', 'valid')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const again = await castVote(db, {
      ballotId,
      memberId: voted.member_id,
      marks: [candidate.id],
      channel: 'online',
    });
    assert.equal(again.replaced, true, 'the revote key and link made at 0006 still match');
    assert.equal(await votes(), before);
    const officer = (await db
      .selectFrom('role_grants')
      .select('member_id')
      .where('election_id', '=', electionId)
      .where('role', '=', 'returning_officer')
      .executeTakeFirstOrThrow())!.member_id;
    await takeStep(db, electionId, 'close-ballot', officer);
    const result = await count(db, electionId, officer);
    assert.equal(result.returned, before);
    assert.equal(result.postal, 2);
    assert.equal((await findElection(db, electionId))!.ballot_state, 'closed');
    figures.openBallotVotes = before;
  });

  test('the results pages and downloads show what they showed at 0006', async () => {
    const server = await startServer(
      readConfig({ PORT: String(await freePort()), HOST: '127.0.0.1' }),
      createLogger('silent'),
      { database, demoOnFirstStart: false },
    );
    closed = true;
    try {
      const officer = await db
        .selectFrom('members')
        .select('id')
        .where('email', '=', 'returning.officer@party.example')
        .executeTakeFirstOrThrow();
      const client = new TestClient(server.url);
      const token = await createSignInLink(db, officer.id);
      await client.get(`/sign-in/${token}`);
      await client.post(`/sign-in/${token}`, {});
      const main = (html: string) => /<main[\s\S]*<\/main>/.exec(html)?.[0];
      let pages = 0;
      for (const e of old('elections')) {
        if (e.stage !== 'declared') continue;
        const id = e.id as number;
        const get = async (path: string) => {
          const response = await client.get(`/elections/${id}/${path}`);
          assert.equal(response.status, 200, `${path} of election ${id}`);
          pages++;
          return response.text;
        };
        assert.equal(
          main(await get('results')),
          main(expectedText(`election-${id}/results.html`)),
          `the results page of election ${id}`,
        );
        for (const file of ['results.json', 'results.csv', 'ballots.blt', 'report.html'])
          assert.equal(await get(file), expectedText(`election-${id}/${file}`), `${file} of ${id}`);
      }
      figures.pagesCompared = pages;
    } finally {
      await server.close();
    }
  });
});
