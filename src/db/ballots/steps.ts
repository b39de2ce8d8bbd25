import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { Refusal } from '../../core/refusal.ts';
import type { RandomBytes } from '../../crypto/random.ts';
import { type BallotStepName, ballotStepRefusal, ballotSteps } from '../../org/ballots/question.ts';
import { audit } from '../core/audit.ts';
import type { Schema } from '../core/schema.ts';
import { type BallotRow, ballotOptions, lockBallot } from './ballots.ts';
import { countBallot, type ElectionResult } from './count.ts';
import { tallyAtClose } from './tally.ts';
import { setUpBallotBox } from './verifiable-setup.ts';

/**
 * A ballot's steps: open, close, count, declare. Each `...In` function does the
 * step's work inside the caller's transaction, on a ballot the caller has
 * locked: an election's steps (src/db/elections/steps.ts) call them in the same
 * transaction that moves the election's stage, so the two never disagree. A
 * ballot of its own takes them through `takeBallotStep` and `countVotes`.
 */

type Db = Kysely<Schema>;

export interface OpenOptions {
  /** The site's address, for the credentials a verifiable ballot mails out. */
  baseUrl?: string;
  /** Demonstrations only: a seeded source for a verifiable ballot's credentials. */
  random?: RandomBytes;
}

/** Opens voting: a new revote key and, for a verifiable box, its setup and credentials. */
export async function openIn(trx: Db, ballot: BallotRow, options: OpenOptions = {}) {
  const detail: Record<string, unknown> = {};
  if (ballot.box === 'verifiable')
    Object.assign(
      detail,
      await setUpBallotBox(trx, ballot.id, options.baseUrl ?? 'http://127.0.0.1', options.random),
    );
  await trx
    .updateTable('ballots')
    .set({ state: 'open', revote_key: new Uint8Array(randomBytes(32)) })
    .where('id', '=', ballot.id)
    .execute();
  return detail;
}

/**
 * Closes voting. The links that let a member change their vote are destroyed
 * with the key that made them, and the plain box's votes are rewritten in
 * random order, so neither a column nor the order of rows on disk ties a vote
 * to a voter. A verifiable box's encrypted tally is made.
 */
export async function closeIn(trx: Db, ballot: BallotRow) {
  const detail: Record<string, unknown> = {};
  if (ballot.box === 'verifiable') detail.tallied = await tallyAtClose(trx, ballot.id);
  await sql`create temporary table sealed on commit drop as
    select ballot_id, receipt_hash, marks, channel, weight from votes where ballot_id = ${ballot.id}`.execute(
    trx,
  );
  await sql`delete from votes where ballot_id = ${ballot.id}`.execute(trx);
  await sql`insert into votes (id, ballot_id, receipt_hash, marks, channel, weight)
    select gen_random_uuid(), ballot_id, receipt_hash, marks, channel, weight from sealed order by random()`.execute(
    trx,
  );
  await trx
    .updateTable('ballots')
    .set({ state: 'closed', revote_key: null })
    .where('id', '=', ballot.id)
    .execute();
  return detail;
}

/** Counts a closed ballot with the engine and stores the result (not yet declared). */
export async function countIn(trx: Db, ballot: BallotRow): Promise<ElectionResult> {
  const seed = ballot.count_seed ?? randomBytes(8).toString('hex');
  const result = await countBallot(trx, ballot.id, seed);
  await trx
    .updateTable('ballots')
    .set({ result: JSON.stringify(result), count_seed: seed })
    .where('id', '=', ballot.id)
    .execute();
  return result;
}

export async function declareIn(trx: Db, ballot: BallotRow) {
  await trx
    .updateTable('ballots')
    .set({ state: 'declared', declared_at: new Date() })
    .where('id', '=', ballot.id)
    .execute();
}

/** Refuses a ballot step on an election's ballot: the election's own steps take it. */
function ownBallot(ballot: BallotRow) {
  if (ballot.election_id !== null)
    throw new Refusal('This ballot is an election’s: take the step on the election’s page.');
}

/** A step of a ballot of its own (src/org/ballots/question.ts), audited, in one transaction. */
export async function takeBallotStep(
  db: Db,
  ballotId: number,
  step: BallotStepName,
  actorId: number | null,
  options: OpenOptions = {},
) {
  return db.transaction().execute(async (trx) => {
    const ballot = await lockBallot(trx, ballotId);
    ownBallot(ballot);
    const refusal = ballotStepRefusal(step, {
      state: ballot.state,
      rollFrozen: ballot.roll_frozen_at !== null,
      counted: ballot.result !== null,
      options: (await ballotOptions(trx, ballot)).length,
    });
    if (refusal) throw new Refusal(refusal);
    let detail: Record<string, unknown> = {};
    if (step === 'open') detail = await openIn(trx, ballot, options);
    if (step === 'close') detail = await closeIn(trx, ballot);
    if (step === 'declare') await declareIn(trx, ballot);
    await audit(trx, {
      ballotId,
      actorId,
      action: ballotSteps[step].label.toLowerCase(),
      detail,
    });
  });
}

/** Counts a closed ballot of its own and records the result. */
export async function countVotes(db: Db, ballotId: number, actorId: number | null) {
  return db.transaction().execute(async (trx) => {
    const ballot = await lockBallot(trx, ballotId);
    ownBallot(ballot);
    if (ballot.state !== 'closed')
      throw new Refusal('Votes are counted once the ballot has closed.');
    const result = await countIn(trx, ballot);
    await audit(trx, {
      ballotId,
      actorId,
      action: 'counted',
      detail: { seed: result.count.seed, elected: result.count.elected },
    });
    return result;
  });
}
