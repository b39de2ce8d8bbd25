import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { Refusal } from '../../core/refusal.ts';
import type { RandomBytes } from '../../crypto/random.ts';
import { meetsRule, type NominationRule } from '../../org/elections/nomination-rules.ts';
import { type StepName, stageNames, stepRefusal, steps } from '../../org/elections/stages.ts';
import { mayVote } from '../../org/roll/index.ts';
import { countElection, setUpBallotBox, tallyAtClose } from '../ballots/index.ts';
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
    const members = await trx
      .selectFrom('members')
      .select(['id', 'email', 'joined_on', 'dues_status', 'paid_up_to'])
      .execute();
    const dates = { joinedBy: election.joined_by, paidUpBy: election.paid_up_by };
    const entries = members
      .filter(
        (m) =>
          mayVote(
            { joinedOn: m.joined_on, duesStatus: m.dues_status, paidUpTo: m.paid_up_to },
            dates,
          ).eligible,
      )
      .map((m) => ({
        election_id: electionId,
        member_id: m.id,
        channel: election.online && m.email ? ('online' as const) : ('postal' as const),
      }));
    if (!election.online && !election.postal)
      throw new Refusal('The election has neither online nor postal voting.');
    for (let i = 0; i < entries.length; i += 1000) {
      await trx
        .insertInto('roll_entries')
        .values(entries.slice(i, i + 1000))
        .execute();
    }
    await trx
      .updateTable('elections')
      .set({ roll_frozen_at: new Date(), roll_size: entries.length })
      .where('id', '=', electionId)
      .execute();
    const postal = entries.filter((e) => e.channel === 'postal').length;
    await audit(trx, {
      electionId,
      actorId,
      action: 'roll frozen',
      detail: { size: entries.length, postal },
    });
    return { size: entries.length, postal };
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
    const changes: Partial<Record<string, unknown>> = { stage: steps[step].to };
    if (step === 'close-nominations')
      Object.assign(
        detail,
        await applyThreshold(trx, electionId, election.nomination_rule as NominationRule | null),
      );
    const verifiable = election.ballot_box === 'verifiable';
    if (step === 'open-ballot') {
      changes.revote_key = new Uint8Array(randomBytes(32));
      if (verifiable)
        Object.assign(
          detail,
          await setUpBallotBox(
            trx,
            electionId,
            options.baseUrl ?? 'http://127.0.0.1',
            options.random,
          ),
        );
    }
    if (step === 'close-ballot') {
      if (verifiable) detail.tallied = await tallyAtClose(trx, electionId);
      await sealBallotBox(trx, electionId);
      changes.revote_key = null;
    }
    if (step === 'declare') changes.declared_at = new Date();
    await trx.updateTable('elections').set(changes).where('id', '=', electionId).execute();
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

/**
 * At close: the links that let a member change their vote are destroyed with
 * the key that made them, and the ballots are rewritten in random order, so
 * neither a column nor the order of rows on disk ties a ballot to a voter.
 */
async function sealBallotBox(trx: Kysely<Schema>, electionId: number) {
  await sql`create temporary table sealed on commit drop as
    select id, election_id, receipt_hash, marks, channel from ballots where election_id = ${electionId}`.execute(
    trx,
  );
  await sql`delete from ballots where election_id = ${electionId}`.execute(trx);
  await sql`insert into ballots (id, election_id, receipt_hash, marks, channel)
    select gen_random_uuid(), election_id, receipt_hash, marks, channel from sealed order by random()`.execute(
    trx,
  );
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
    const seed = election.count_seed ?? randomBytes(8).toString('hex');
    const result = await countElection(trx, electionId, seed);
    await trx
      .updateTable('elections')
      .set({ result: JSON.stringify(result), count_seed: seed })
      .where('id', '=', electionId)
      .execute();
    await audit(trx, {
      electionId,
      actorId,
      action: 'counted',
      detail: { seed, elected: result.count.elected },
    });
    return result;
  });
}

export { findElection };
