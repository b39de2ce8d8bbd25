/**
 * Ballots whose options are not candidates: a priorities ballot (choose up to
 * K) and a ranking of options counted by instant runoff, through the core.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { Refusal } from '../../core/refusal.ts';
import type { BallotSettings } from '../../org/ballots/index.ts';
import { generateDemo } from '../../org/demo/demo.ts';
import type { Schema } from '../core/schema.ts';
import { type TestDatabase, testDatabase, testDatabaseKind } from '../core/testing.ts';
import { seedDemo } from '../demo/seed.ts';
import { ballotOptions, createBallot, findBallot } from './ballots.ts';
import { ballotForCount } from './count.ts';
import { freezeBallotRoll } from './roll.ts';
import { countVotes, takeBallotStep } from './steps.ts';
import { castVote } from './voting.ts';

const base = {
  joinedBy: null,
  paidUpBy: null,
  online: true,
  postal: false,
  postalWins: true,
  allowRevoting: false,
  opensAt: null,
  closesAt: null,
} satisfies Partial<BallotSettings>;

describe(`ballots of options: choose up to K, and rank (${testDatabaseKind})`, () => {
  let database: TestDatabase;
  let db: Kysely<Schema>;
  let officer: number;
  let voters: number[];

  /** Runs a ballot of options from its roll to its count: each vote is option labels in order. */
  async function run(settings: BallotSettings, votes: string[][]) {
    const ballotId = await createBallot(
      db,
      settings,
      { returningOfficerId: officer, scrutineerId: null },
      null,
    );
    await freezeBallotRoll(db, ballotId, officer);
    await takeBallotStep(db, ballotId, 'open', officer);
    const options = await ballotOptions(db, (await findBallot(db, ballotId))!);
    const id = (label: string) => options.find((o) => o.label === label)!.id;
    for (const [i, vote] of votes.entries())
      await castVote(db, {
        ballotId,
        memberId: voters[i]!,
        marks: vote.map(id),
        channel: 'online',
      });
    return { ballotId, id };
  }

  before(async () => {
    database = await testDatabase();
    db = database.db;
    await seedDemo(db, generateDemo({ seed: 14, today: '2026-11-29', members: 60 }));
    officer = (
      await db
        .selectFrom('members')
        .select('id')
        .where('email', '=', 'returning.officer@party.example')
        .executeTakeFirstOrThrow()
    ).id;
    voters = (
      await db
        .selectFrom('members')
        .select('id')
        .where('email', 'is not', null)
        .where('dues_status', '!=', 'lapsed')
        .orderBy('id')
        .limit(12)
        .execute()
    ).map((m) => m.id);
  });
  after(() => database.close());

  test('a priorities ballot: each member chooses up to 2 of 4 motions; the 2 most chosen are debated', async () => {
    const { ballotId, id } = await run(
      {
        ...base,
        title: 'Priorities ballot: which motions does conference debate?',
        question: 'choose',
        method: 'block-vote',
        seats: 2,
        maxMarks: 2,
        options: ['Housing', 'Rail', 'Care', 'Energy'],
      },
      [['Housing', 'Rail'], ['Housing', 'Care'], ['Care'], ['Housing', 'Energy'], ['Care', 'Rail']],
    );
    await assert.rejects(
      castVote(db, {
        ballotId,
        memberId: voters[6]!,
        marks: [id('Housing'), id('Rail'), id('Care')],
        channel: 'online',
      }),
      (e: unknown) => e instanceof Refusal && /up to 2 options; you chose 3/.test(e.message),
    );
    await takeBallotStep(db, ballotId, 'close', officer);
    const result = await countVotes(db, ballotId, officer);
    assert.deepEqual(
      Object.fromEntries(
        Object.entries(result.count.rounds.at(-1)!.tallies).map(([k, v]) => [k, Number(v)]),
      ),
      { Housing: 3, Rail: 2, Care: 3, Energy: 1 },
    );
    assert.deepEqual(new Set(result.count.elected), new Set(['Housing', 'Care']));
  });

  test('a ranking of options counted by instant runoff: the options are the candidates of the count', async () => {
    // First preferences A 2, B 2, C 1: C is excluded and C's voter goes to B, who wins 3-2.
    const { ballotId } = await run(
      {
        ...base,
        title: 'Where should the next conference be?',
        question: 'rank',
        method: 'irv',
        seats: 1,
        options: ['Aberdeen', 'Bristol', 'Cardiff'],
      },
      [
        ['Aberdeen'],
        ['Aberdeen', 'Cardiff'],
        ['Bristol'],
        ['Bristol', 'Aberdeen'],
        ['Cardiff', 'Bristol'],
      ],
    );
    await takeBallotStep(db, ballotId, 'close', officer);
    const counted = await ballotForCount(db, ballotId);
    assert.deepEqual(
      counted.candidates.map((c) => c.name),
      ['Aberdeen', 'Bristol', 'Cardiff'],
      'options in ballot-paper order',
    );
    const result = await countVotes(db, ballotId, officer);
    assert.deepEqual(result.count.elected, ['Bristol']);
    assert.equal(result.returned, 5);
  });
});
