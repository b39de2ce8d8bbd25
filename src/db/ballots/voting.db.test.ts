import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Refusal } from '../../core/refusal.ts';
import { generateDemo } from '../../org/demo/demo.ts';
import { type TestDatabase, testDatabase, testDatabaseKind } from '../core/testing.ts';
import { seedDemo } from '../demo/seed.ts';
import { setUpElection } from '../elections/test-elections.ts';
import { castBallot } from './voting.ts';

describe(`ballots cast at the same moment (${testDatabaseKind})`, () => {
  let database: TestDatabase;
  let electionId: number;
  let candidate: number;
  let roll: number[];

  before(async () => {
    database = await testDatabase();
    const db = database.db;
    await seedDemo(db, generateDemo({ seed: 41, today: '2026-11-29', members: 120 }));
    const number = (
      await db
        .selectFrom('members')
        .select('membership_number')
        .where('email', '=', 'admin@party.example')
        .executeTakeFirstOrThrow()
    ).membership_number;
    const election = await setUpElection(db, { nominees: [number], until: 'ballot' });
    electionId = election.electionId;
    candidate = election.candidateIds[0]!;
    roll = (
      await db
        .selectFrom('roll_entries')
        .select('member_id')
        .where('election_id', '=', electionId)
        .where('channel', '=', 'online')
        .orderBy('member_id')
        .execute()
    ).map((r) => r.member_id);
  });
  after(() => database.close());

  test('twenty members voting at once are all counted in', async () => {
    const voters = roll.slice(0, 20);
    await Promise.all(
      voters.map((memberId) =>
        castBallot(database.db, { electionId, memberId, marks: [candidate], channel: 'online' }),
      ),
    );
    const ballots = await database.db
      .selectFrom('ballots')
      .select('id')
      .where('election_id', '=', electionId)
      .execute();
    assert.equal(ballots.length, 20);
  });

  test('one member sending two ballots at once gets one in the box and a clear refusal', async () => {
    const memberId = roll[25]!;
    const outcomes = await Promise.allSettled([
      castBallot(database.db, { electionId, memberId, marks: [candidate], channel: 'online' }),
      castBallot(database.db, { electionId, memberId, marks: [candidate], channel: 'online' }),
    ]);
    assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    assert.ok(refused.reason instanceof Refusal, String(refused.reason));
    assert.match(refused.reason.message, /already voted/);
    const ballots = await database.db
      .selectFrom('ballots')
      .select('id')
      .where('election_id', '=', electionId)
      .execute();
    assert.equal(ballots.length, 21);
  });
});
