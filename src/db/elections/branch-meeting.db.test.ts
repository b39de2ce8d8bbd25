import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Refusal } from '../../core/refusal.ts';
import { generateDemo } from '../../org/demo/demo.ts';
import { runningExampleSettings } from '../../org/elections/settings.ts';
import { type TestDatabase, testDatabase, testDatabaseKind } from '../core/testing.ts';
import { seedDemo } from '../demo/seed.ts';
import { createElection } from './elections.ts';
import { nominateFromMeeting } from './nominations.ts';
import { takeStep } from './steps.ts';

describe(`a branch meeting's nominations (${testDatabaseKind})`, () => {
  let database: TestDatabase;
  let electionId: number;
  let branches: number[];
  let paidUp: string[];
  let lapsed: string;

  before(async () => {
    database = await testDatabase();
    await seedDemo(database.db, generateDemo({ seed: 31, today: '2026-11-29', members: 100 }));
    const members = await database.db
      .selectFrom('members')
      .select(['id', 'email', 'membership_number', 'dues_status', 'joined_on'])
      .orderBy('id')
      .execute();
    const officer = members.find((m) => m.email === 'returning.officer@party.example')!.id;
    paidUp = members
      .filter((m) => m.dues_status === 'paid_up' && m.joined_on < '2024-01-01')
      .slice(6, 11)
      .map((m) => m.membership_number);
    lapsed = members.find((m) => m.dues_status === 'lapsed')!.membership_number;
    branches = (await database.db.selectFrom('branches').select('id').orderBy('id').execute()).map(
      (b) => b.id,
    );
    electionId = await createElection(
      database.db,
      { ...runningExampleSettings('2026-11-29'), nominationRule: null },
      { returningOfficerId: officer, scrutineerId: null },
      null,
    );
    await takeStep(database.db, electionId, 'open-nominations', officer);
  });
  after(() => database.close());

  const nominatedBy = async (branchId: number) =>
    (
      await database.db
        .selectFrom('nominations')
        .innerJoin('candidates', 'candidates.id', 'nominations.candidate_id')
        .innerJoin('members', 'members.id', 'candidates.member_id')
        .select('members.membership_number')
        .where('nominations.branch_id', '=', branchId)
        .execute()
    ).map((r) => r.membership_number);

  test('the three members with most votes are nominated (3 seats)', async () => {
    const [a, b, c, d] = paidUp;
    const outcome = await nominateFromMeeting(
      database.db,
      {
        electionId,
        branchId: branches[0]!,
        seed: 's',
        votes: [
          { membershipNumber: a!, votes: 14 },
          { membershipNumber: d!, votes: 3 },
          { membershipNumber: b!, votes: 9 },
          { membershipNumber: c!, votes: 8 },
        ],
      },
      null,
    );
    assert.equal(outcome.nominated.length, 3);
    assert.deepEqual((await nominatedBy(branches[0]!)).sort(), [a!, b!, c!].sort());
  });

  test('a tie for the last place is settled by the seeded draw, the same way every time', async () => {
    const [a, b, c] = paidUp;
    const votes = [
      { membershipNumber: a!, votes: 10 },
      { membershipNumber: b!, votes: 7 },
      { membershipNumber: c!, votes: 7 },
      { membershipNumber: paidUp[4]!, votes: 7 },
    ];
    const first = await nominateFromMeeting(
      database.db,
      { electionId, branchId: branches[1]!, seed: 'repeatable', votes },
      null,
    );
    assert.equal(first.tieBreaks > 0, true);
    const second = await nominateFromMeeting(
      database.db,
      { electionId, branchId: branches[2]!, seed: 'repeatable', votes },
      null,
    );
    assert.deepEqual(
      first.nominated.map((n) => n.name),
      second.nominated.map((n) => n.name),
    );
  });

  test("if one winner cannot stand, none of the meeting's nominations is made", async () => {
    await assert.rejects(
      nominateFromMeeting(
        database.db,
        {
          electionId,
          branchId: branches[3]!,
          seed: 's',
          votes: [
            { membershipNumber: paidUp[0]!, votes: 5 },
            { membershipNumber: lapsed, votes: 4 },
          ],
        },
        null,
      ),
      (e: Error) =>
        e instanceof Refusal && /cannot stand: their membership has lapsed/.test(e.message),
    );
    assert.deepEqual(await nominatedBy(branches[3]!), []);
  });
});
