/**
 * A ballot with no election: a yes/no consultation run through the ballot core
 * alone, with card votes on its roll (its pages come with member democracy).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { Refusal } from '../../core/refusal.ts';
import { can } from '../../org/access/index.ts';
import { generateDemo } from '../../org/demo/demo.ts';
import { actorFor } from '../access/index.ts';
import type { Schema } from '../core/schema.ts';
import { type TestDatabase, testDatabase, testDatabaseKind } from '../core/testing.ts';
import { seedDemo } from '../demo/seed.ts';
import { ballotOptions, createBallot, findBallot } from './ballots.ts';
import { freezeBallotRoll } from './roll.ts';
import { countVotes, takeBallotStep } from './steps.ts';
import { castVote } from './voting.ts';

async function refused(promise: Promise<unknown>, pattern: RegExp) {
  await assert.rejects(promise, (e: unknown) => e instanceof Refusal && pattern.test(e.message));
}

describe(`a yes/no consultation with card votes, and no election (${testDatabaseKind})`, () => {
  let database: TestDatabase;
  let db: Kysely<Schema>;
  let ballotId: number;
  let officer: number;
  let scrutineer: number;
  /** A delegation's delegate, casting 250 votes; then members of weight 1. */
  let delegate: number;
  let members: number[];
  let postalVoter: number;
  const option: Record<string, number> = {};

  before(async () => {
    database = await testDatabase();
    db = database.db;
    await seedDemo(db, generateDemo({ seed: 12, today: '2026-11-29', members: 80 }));
    const id = async (email: string) =>
      (
        await db
          .selectFrom('members')
          .select('id')
          .where('email', '=', email)
          .executeTakeFirstOrThrow()
      ).id;
    officer = await id('returning.officer@party.example');
    scrutineer = await id('scrutineer@party.example');
    ballotId = await createBallot(
      db,
      {
        title: 'Should the party affiliate to the Co-operative Alliance?',
        question: 'yes_no',
        method: 'fptp',
        seats: 1,
        joinedBy: null,
        paidUpBy: null,
        online: true,
        postal: true,
        postalWins: true,
        allowRevoting: false,
        opensAt: null,
        closesAt: null,
      },
      { returningOfficerId: officer, scrutineerId: scrutineer },
      await id('admin@party.example'),
    );
    const voters = await db
      .selectFrom('members')
      .select(['id', 'email'])
      .where('dues_status', '!=', 'lapsed')
      .where('id', 'not in', [officer, scrutineer])
      .orderBy('id')
      .execute();
    const online = voters.filter((m) => m.email !== null).map((m) => m.id);
    [delegate, ...members] = online.slice(0, 6) as [number, ...number[]];
    postalVoter = voters.find((m) => m.email === null)!.id;
  });
  after(() => database.close());

  test('the ballot stands alone: no election, three options, its own returning officer', async () => {
    const ballot = (await findBallot(db, ballotId))!;
    assert.equal(ballot.election_id, null);
    assert.equal(ballot.question, 'yes_no');
    assert.equal(ballot.state, 'draft');
    const elections = await db
      .selectFrom('elections')
      .select('id')
      .where('ballot_id', '=', ballotId)
      .execute();
    assert.equal(elections.length, 0);
    for (const o of await ballotOptions(db, ballot)) option[o.label] = o.id;
    assert.deepEqual(Object.keys(option), ['Yes', 'No', 'Abstain']);
    const actor = (await actorFor(db, officer))!;
    assert.ok(can(actor, 'election.run', { ballotId }), 'its returning officer runs it');
    assert.ok(!can(actor, 'election.run', { ballotId: ballotId + 1 }), 'and no other ballot');
    const admin = (await actorFor(
      db,
      (
        await db
          .selectFrom('members')
          .select('id')
          .where('email', '=', 'admin@party.example')
          .executeTakeFirstOrThrow()
      ).id,
    ))!;
    assert.ok(!can(admin, 'election.run', { ballotId }), 'an administrator is not its officer');
    assert.ok(can((await actorFor(db, scrutineer))!, 'election.count', { ballotId }));
  });

  test('the roll is frozen with a card vote of 250 for the delegation', async () => {
    await refused(takeBallotStep(db, ballotId, 'open', officer), /Freeze the roll before opening/);
    await refused(
      freezeBallotRoll(db, ballotId, officer, { weights: new Map([[delegate, 0]]) }),
      /whole number of at least 1/,
    );
    const frozen = await freezeBallotRoll(db, ballotId, officer, {
      weights: new Map([[delegate, 250]]),
    });
    const roll = await db
      .selectFrom('roll_entries')
      .select(['member_id', 'weight', 'channel'])
      .where('ballot_id', '=', ballotId)
      .execute();
    assert.equal(frozen.size, roll.length);
    assert.equal(roll.find((r) => r.member_id === delegate)?.weight, 250);
    assert.ok(roll.filter((r) => r.member_id !== delegate).every((r) => r.weight === 1));
    assert.equal(roll.find((r) => r.member_id === postalVoter)?.channel, 'postal');
    await refused(freezeBallotRoll(db, ballotId, officer), /already frozen/);
  });

  test('members vote online and by post, each once; the count multiplies by weight', async () => {
    const cast = (memberId: number, answer: string, channel: 'online' | 'postal' = 'online') =>
      castVote(db, {
        ballotId,
        memberId,
        marks: [option[answer]!],
        channel,
        ...(channel === 'postal' ? { enteredBy: scrutineer } : {}),
      });
    await refused(cast(delegate, 'Yes'), /Voting is not open for this ballot/);
    await takeBallotStep(db, ballotId, 'open', officer);
    await cast(delegate, 'Yes');
    await cast(members[0]!, 'No');
    await cast(members[1]!, 'No');
    await cast(members[2]!, 'Abstain');
    await cast(members[3]!, 'Yes');
    await cast(postalVoter, 'No', 'postal');
    await refused(cast(members[0]!, 'Yes'), /already voted in this ballot/);
    await refused(cast(delegate, 'No'), /already voted in this ballot/);
    await refused(
      castVote(db, {
        ballotId,
        memberId: members[4]!,
        marks: [option.Yes!, option.No!],
        channel: 'online',
      }),
      /Choose one answer; you chose 2/,
    );
    await refused(
      castVote(db, { ballotId, memberId: members[4]!, marks: [999_999], channel: 'online' }),
      /not on this ballot/,
    );
    const box = await db
      .selectFrom('votes')
      .select(['weight'])
      .where('ballot_id', '=', ballotId)
      .execute();
    assert.equal(box.length, 6, 'one vote each, the double votes refused');
    assert.deepEqual(
      box.map((v) => v.weight).sort((a, b) => b - a),
      [250, 1, 1, 1, 1, 1],
    );

    await refused(countVotes(db, ballotId, scrutineer), /once the ballot has closed/);
    await takeBallotStep(db, ballotId, 'close', officer);
    await refused(cast(members[4]!, 'Yes'), /not open/);
    await refused(takeBallotStep(db, ballotId, 'declare', officer), /Count the votes/);
    const result = await countVotes(db, ballotId, scrutineer);
    assert.deepEqual(result.yesNo, { yes: 251, no: 3, abstain: 1, outcome: 'carried' });
    const tallies = result.count.rounds[0]!.tallies;
    assert.deepEqual(
      Object.fromEntries(Object.entries(tallies).map(([k, v]) => [k, Number.parseFloat(v)])),
      { Yes: 251, No: 3, Abstain: 1 },
    );
    assert.equal(result.returned, 6);
    assert.equal(result.online, 5);
    assert.equal(result.postal, 1);
    assert.equal(result.summary, 'Yes 251, no 3, abstentions 1: carried.');
    await takeBallotStep(db, ballotId, 'declare', officer);
    const ballot = (await findBallot(db, ballotId))!;
    assert.equal(ballot.state, 'declared');
    assert.ok(ballot.declared_at);
    assert.equal(ballot.revote_key, null, 'the revote key went at close');
  });

  test('its audit rows name the ballot and no election', async () => {
    const rows = await db
      .selectFrom('audit_log')
      .select(['action', 'election_id'])
      .where('ballot_id', '=', ballotId)
      .orderBy('id')
      .execute();
    assert.ok(rows.every((r) => r.election_id === null));
    const actions = rows.map((r) => r.action);
    for (const action of [
      'created',
      'roll frozen',
      'open the ballot',
      'postal ballot entered',
      'vote refused',
      'close the ballot',
      'counted',
      'declare the result',
    ])
      assert.ok(actions.includes(action), `${action} is in the log`);
  });
});
