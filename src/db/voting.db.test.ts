import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { generateDemo } from '../org/demo.ts';
import { runningExampleSettings } from '../org/election-settings.ts';
import { Refusal } from './audit.ts';
import { seedDemo } from './demo-seed.ts';
import { freezeRoll, nominate, takeStep } from './election-steps.ts';
import { createElection } from './elections.ts';
import { type TestDatabase, testDatabase, testDatabaseKind } from './testing.ts';
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
    const officer = (
      await db
        .selectFrom('members')
        .select('id')
        .where('email', '=', 'returning.officer@party.example')
        .executeTakeFirstOrThrow()
    ).id;
    electionId = await createElection(
      db,
      {
        ...runningExampleSettings('2026-11-29'),
        nominationRule: null,
        candidateMinMembershipDays: null,
        ballotCloseAt: null,
      },
      { returningOfficerId: officer, scrutineerId: null },
      null,
    );
    await takeStep(db, electionId, 'open-nominations', officer);
    const branch = (
      await db.selectFrom('branches').select('id').orderBy('id').executeTakeFirstOrThrow()
    ).id;
    const number = (
      await db
        .selectFrom('members')
        .select('membership_number')
        .where('email', '=', 'admin@party.example')
        .executeTakeFirstOrThrow()
    ).membership_number;
    candidate = (
      await nominate(db, { electionId, branchId: branch, membershipNumber: number }, officer)
    ).candidateId;
    await db.updateTable('candidates').set({ consented_at: new Date() }).execute();
    await freezeRoll(db, electionId, officer);
    await takeStep(db, electionId, 'close-nominations', officer);
    await takeStep(db, electionId, 'open-ballot', officer);
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
