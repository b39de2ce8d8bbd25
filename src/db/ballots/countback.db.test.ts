import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Refusal } from '../../core/refusal.ts';
import { generateDemo } from '../../org/demo/demo.ts';
import { runningExampleSettings } from '../../org/elections/settings.ts';
import { type TestDatabase, testDatabase, testDatabaseKind } from '../core/testing.ts';
import { seedDemo } from '../demo/seed.ts';
import { createElection } from '../elections/elections.ts';
import { nominate } from '../elections/nominations.ts';
import { count, freezeRoll, takeStep } from '../elections/steps.ts';
import { fillVacancy } from './countback.ts';
import { castBallot } from './voting.ts';

describe(`filling a vacancy by countback (${testDatabaseKind})`, () => {
  let database: TestDatabase;
  let officer: number;
  let voters: number[];
  let nominees: string[];

  before(async () => {
    database = await testDatabase();
    await seedDemo(database.db, generateDemo({ seed: 21, today: '2026-11-29', members: 120 }));
    const members = await database.db
      .selectFrom('members')
      .select(['id', 'email', 'membership_number', 'dues_status', 'joined_on'])
      .orderBy('id')
      .execute();
    officer = members.find((m) => m.email === 'returning.officer@party.example')!.id;
    voters = members
      .filter((m) => m.dues_status === 'paid_up' && m.joined_on < '2026-09-01')
      .map((m) => m.id);
    nominees = members
      .filter((m) => m.dues_status === 'paid_up')
      .slice(6, 10)
      .map((m) => m.membership_number);
  });
  after(() => database.close());

  /** Runs an election of four candidates (A, B, C, D in nomination order) with the given ballots. */
  async function run(method: string, seats: number, ballots: [number, number[]][]) {
    const id = await createElection(
      database.db,
      {
        ...runningExampleSettings('2026-11-29'),
        method,
        seats,
        nominationRule: null,
        candidateMinMembershipDays: null,
        ballotCloseAt: null,
      },
      { returningOfficerId: officer, scrutineerId: null },
      null,
    );
    await takeStep(database.db, id, 'open-nominations', officer);
    const branches = (
      await database.db.selectFrom('branches').select('id').orderBy('id').execute()
    ).map((b) => b.id);
    const ids: number[] = [];
    for (const [k, number] of nominees.entries())
      ids.push(
        (
          await nominate(
            database.db,
            { electionId: id, branchId: branches[k]!, membershipNumber: number },
            officer,
          )
        ).candidateId,
      );
    await database.db
      .updateTable('candidates')
      .set({ consented_at: new Date() })
      .where('election_id', '=', id)
      .execute();
    await freezeRoll(database.db, id, officer);
    await takeStep(database.db, id, 'close-nominations', officer);
    await takeStep(database.db, id, 'open-ballot', officer);
    let v = 0;
    for (const [times, marks] of ballots) {
      for (let i = 0; i < times; i++) {
        await castBallot(database.db, {
          electionId: id,
          memberId: voters[v++]!,
          marks: marks.map((k) => ids[k]!),
          channel: 'online',
        });
      }
    }
    await takeStep(database.db, id, 'close-ballot', officer);
    const result = await count(database.db, id, officer);
    await takeStep(database.db, id, 'declare', officer);
    const names = await database.db
      .selectFrom('candidates')
      .select(['id', 'name'])
      .where('election_id', '=', id)
      .execute();
    return { id, result, name: (k: number) => names.find((n) => n.id === ids[k])!.name };
  }

  test('block vote: the next-highest candidate takes the seat', async () => {
    // A 5, B 4, C 3, D 1: A and B elected; B stands down; C is next-highest.
    const { id, result, name } = await run('block-vote', 2, [
      [3, [0, 1]],
      [1, [0, 2]],
      [1, [0, 1]],
      [2, [2]],
      [1, [3]],
    ]);
    assert.deepEqual(result.count.elected, [name(0), name(1)]);
    const countback = await fillVacancy(database.db, id, name(1), officer);
    assert.equal(countback.filledBy, name(2));
    // Then C stands down too: D is next.
    assert.equal((await fillVacancy(database.db, id, name(2), officer)).filledBy, name(3));
    await assert.rejects(
      fillVacancy(database.db, id, name(1), officer),
      (e: Error) => e instanceof Refusal && /does not hold a seat/.test(e.message),
    );
  });

  test('instant runoff: the ballots are counted again without the member who left', async () => {
    // First preferences A 4, B 3, C 2 of 9: no majority, so C is excluded and C's voters
    // go to B, who wins 5-4. When B leaves, the recount without B gives C B's 3 voters:
    // C 5, A 4, and C takes the seat.
    const { id, result, name } = await run('irv', 1, [
      [4, [0]],
      [3, [1, 2]],
      [2, [2, 1]],
    ]);
    assert.deepEqual(result.count.elected, [name(1)]);
    const countback = await fillVacancy(database.db, id, name(1), officer);
    assert.equal(countback.filledBy, name(2));
    assert.match(countback.how, /recount of the ballots without/);
  });
});
