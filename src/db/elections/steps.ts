import { type Kysely, sql } from 'kysely';
import { Refusal } from '../../core/refusal.ts';
import type { RandomBytes } from '../../crypto/random.ts';
import { meetsRule, type NominationRule } from '../../org/elections/nomination-rules.ts';
import { type StepName, stageNames, stepRefusal, steps } from '../../org/elections/stages.ts';
import { closeIn, countIn, declareIn, freezeRollIn, lockBallot, openIn } from '../ballots/index.ts';
import { audit } from '../core/audit.ts';
import type { Schema } from '../core/schema.ts';
import { findElection, lockElection } from './elections.ts';
import { nominationsIn, nominationTallies } from './nomination-tallies.ts';

/**
 * The returning officer's steps, each one transaction: the election moves to
 * its next stage with everything the step implies, or nothing changes.
 */

/**
 * Freezes the roll: a snapshot of every member eligible at the election's dates
 * (src/org/roll/eligibility.ts), each on the online list if they have an email and
 * the election is online, else on the postal list. Its size is published.
 */
export async function freezeRoll(db: Kysely<Schema>, electionId: number, actorId: number | null) {
  return db.transaction().execute(async (trx) => {
    const election = await lockElection(trx, electionId);
    if (election.roll_frozen_at) throw new Refusal('The roll is already frozen.');
    if (!['draft', 'nominations', 'candidates_published'].includes(election.stage)) {
      throw new Refusal(`The roll cannot be frozen at the stage “${stageNames[election.stage]}”.`);
    }
    if (!election.online && !election.postal)
      throw new Refusal('The election has neither online nor postal voting.');
    const { size, postal } = await freezeRollIn(trx, await lockBallot(trx, election.ballot_id));
    await audit(trx, {
      electionId,
      actorId,
      action: 'roll frozen',
      detail: { size, postal },
    });
    return { size, postal };
  });
}

/** Takes a returning officer's step (src/org/elections/stages.ts) with what it implies. */
export async function takeStep(
  db: Kysely<Schema>,
  electionId: number,
  step: StepName,
  actorId: number | null,
  /**
   * The site's address, for the credentials a verifiable ballot mails out, and
   * (demonstrations only) a seeded source for its credentials.
   */
  options: { baseUrl?: string; random?: RandomBytes } = {},
) {
  return db.transaction().execute(async (trx) => {
    const election = await lockElection(trx, electionId);
    const valid = await trx
      .selectFrom('candidates')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('election_id', '=', electionId)
      .where('status', '=', 'valid')
      .executeTakeFirstOrThrow();
    const refusal = stepRefusal(step, {
      stage: election.stage,
      rollFrozen: election.roll_frozen_at !== null,
      counted: election.result !== null,
      validCandidates: valid.n,
      seats: election.seats,
    });
    if (refusal) throw new Refusal(refusal);

    const detail: Record<string, unknown> = {};
    if (step === 'close-nominations')
      Object.assign(
        detail,
        await applyThreshold(trx, electionId, election.nomination_rule as NominationRule | null),
      );
    // The ballot moves with the election, in this transaction (src/org/ballots/question.ts).
    const ballot = await lockBallot(trx, election.ballot_id);
    if (step === 'open-ballot') Object.assign(detail, await openIn(trx, ballot, options));
    if (step === 'close-ballot') Object.assign(detail, await closeIn(trx, ballot));
    if (step === 'declare') await declareIn(trx, ballot);
    await trx
      .updateTable('elections')
      .set({ stage: steps[step].to })
      .where('id', '=', electionId)
      .execute();
    await audit(trx, { electionId, actorId, action: steps[step].label.toLowerCase(), detail });
  });
}

/** Closing nominations: candidates who consented and meet the threshold are valid; the rest are not. */
async function applyThreshold(
  trx: Kysely<Schema>,
  electionId: number,
  rule: NominationRule | null,
) {
  const candidates = await trx
    .selectFrom('candidates')
    .select(['id', 'name', 'consented_at'])
    .where('election_id', '=', electionId)
    .execute();
  const tallies = await nominationTallies(trx, electionId);
  const valid: string[] = [];
  const notValid: string[] = [];
  for (const candidate of candidates) {
    const tally = tallies.get(candidate.id)!;
    const nominated = rule === null ? nominationsIn(tally) > 0 : meetsRule(rule, tally);
    const ok = nominated && candidate.consented_at !== null;
    (ok ? valid : notValid).push(candidate.name);
    await trx
      .updateTable('candidates')
      .set({ status: ok ? 'valid' : 'not_valid' })
      .where('id', '=', candidate.id)
      .where('status', '!=', 'withdrawn')
      .execute();
  }
  return { valid, notValid };
}

/** Counts a closed election with the engine and stores the result (not yet declared). */
export async function count(db: Kysely<Schema>, electionId: number, actorId: number | null) {
  return db.transaction().execute(async (trx) => {
    const election = await lockElection(trx, electionId);
    if (election.stage !== 'closed') {
      throw new Refusal(
        `Votes are counted once the ballot has closed; this election is at “${stageNames[election.stage]}”.`,
      );
    }
    const result = await countIn(trx, await lockBallot(trx, election.ballot_id));
    await audit(trx, {
      electionId,
      actorId,
      action: 'counted',
      detail: { seed: result.count.seed, elected: result.count.elected },
    });
    return result;
  });
}

export { findElection };
