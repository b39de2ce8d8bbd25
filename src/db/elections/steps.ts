import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { Refusal } from '../../core/refusal.ts';
import { Rational } from '../../count/arithmetic/rational.ts';
import { countBlockVote } from '../../count/rules/block-vote.ts';
import type { RandomBytes } from '../../crypto/random.ts';
import { meetsRule, type NominationRule } from '../../org/elections/nomination-rules.ts';
import { type StepName, stageNames, stepRefusal, steps } from '../../org/elections/stages.ts';
import { mayStand, mayVote } from '../../org/roll/index.ts';
import { countElection, setUpBallotBox, tallyAtClose } from '../ballots/index.ts';
import { audit } from '../core/audit.ts';
import type { Schema } from '../core/schema.ts';
import { findElection } from './elections.ts';
import { nominationsIn, nominationTallies } from './nomination-tallies.ts';

/**
 * The returning officer's steps, each one transaction: the election moves to
 * its next stage with everything the step implies, or nothing changes.
 */

async function lockElection(trx: Kysely<Schema>, electionId: number) {
  const election = await trx
    .selectFrom('elections')
    .selectAll()
    .where('id', '=', electionId)
    .forUpdate()
    .executeTakeFirst();
  if (!election) throw new Refusal('There is no such election.');
  return election;
}

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

/** Who makes a nomination: a branch, an affiliated organisation, or an elected representative. */
export type Nominator =
  | { branchId: number }
  | { affiliateId: number }
  | { representativeId: number };

/**
 * A branch nominates a member (DOMAIN.md: up to as many candidates as there are
 * seats, unless the election sets another limit). The candidate must be able to
 * stand; a branch cannot nominate the same candidate twice.
 */
export async function nominate(
  db: Kysely<Schema>,
  input: { electionId: number; branchId: number; membershipNumber: string },
  actorId: number | null,
) {
  const { branchId, ...rest } = input;
  return nominateAs(db, { ...rest, by: { branchId } }, actorId);
}

/**
 * A nomination by a branch or an affiliated organisation (each up to the
 * branch limit), or by an elected representative (one candidate each).
 */
export async function nominateAs(
  db: Kysely<Schema>,
  input: { electionId: number; by: Nominator; membershipNumber: string },
  actorId: number | null,
) {
  return db.transaction().execute((trx) => nominateIn(trx, input, actorId));
}

const nominatorColumn = (by: Nominator) =>
  'branchId' in by
    ? (['branch_id', by.branchId, 'Your branch'] as const)
    : 'affiliateId' in by
      ? (['affiliate_id', by.affiliateId, 'Your organisation'] as const)
      : (['representative_id', by.representativeId, 'You'] as const);

/** `nominateAs` inside a transaction the caller holds. */
async function nominateIn(
  trx: Kysely<Schema>,
  input: { electionId: number; by: Nominator; membershipNumber: string },
  actorId: number | null,
) {
  const election = await lockElection(trx, input.electionId);
  if (election.stage !== 'nominations') throw new Refusal('Nominations are closed.');
  const [column, nominatorId, who] = nominatorColumn(input.by);
  if (column === 'representative_id') {
    const rep = await trx
      .selectFrom('members')
      .select('representative')
      .where('id', '=', nominatorId)
      .executeTakeFirst();
    if (!rep?.representative)
      throw new Refusal('Only elected representatives make this nomination.');
  }
  const member = await trx
    .selectFrom('members')
    .select(['id', 'first_name', 'last_name', 'gender', 'joined_on', 'dues_status', 'paid_up_to'])
    .where('membership_number', '=', input.membershipNumber.trim().toUpperCase())
    .executeTakeFirst();
  if (!member)
    throw new Refusal('There is no member with that membership number.', 'membershipNumber');
  const closes = (election.nominations_close_at ?? new Date()).toISOString().slice(0, 10);
  const standing = mayStand(
    { joinedOn: member.joined_on, duesStatus: member.dues_status, paidUpTo: member.paid_up_to },
    election.candidate_min_membership_days,
    closes,
  );
  if (!standing.eligible) {
    throw new Refusal(
      `${member.first_name} ${member.last_name} cannot stand: ${standing.reasons.join('; ')}.`,
      'membershipNumber',
    );
  }
  // A representative nominates one candidate; a branch or affiliate up to the limit.
  const limit =
    column === 'representative_id' ? 1 : (election.branch_nomination_limit ?? election.seats);
  const made = await trx
    .selectFrom('nominations')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('election_id', '=', input.electionId)
    .where(column, '=', nominatorId)
    .executeTakeFirstOrThrow();
  if (made.n >= limit) {
    throw new Refusal(
      column === 'representative_id'
        ? 'You have already made your nomination in this election.'
        : `${who} has made all ${limit} of its nominations.`,
      'membershipNumber',
    );
  }
  let candidate = await trx
    .selectFrom('candidates')
    .select('id')
    .where('election_id', '=', input.electionId)
    .where('member_id', '=', member.id)
    .executeTakeFirst();
  candidate ??= await trx
    .insertInto('candidates')
    .values({
      election_id: input.electionId,
      member_id: member.id,
      name: `${member.first_name} ${member.last_name}`,
      groups: JSON.stringify(member.gender === 'woman' ? ['women'] : []),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const already = await trx
    .selectFrom('nominations')
    .select('id')
    .where('candidate_id', '=', candidate.id)
    .where(column, '=', nominatorId)
    .executeTakeFirst();
  if (already)
    throw new Refusal(
      `${who} ${who === 'You' ? 'have' : 'has'} already nominated this member.`,
      'membershipNumber',
    );
  await trx
    .insertInto('nominations')
    .values({
      election_id: input.electionId,
      candidate_id: candidate.id,
      branch_id: column === 'branch_id' ? nominatorId : null,
      affiliate_id: column === 'affiliate_id' ? nominatorId : null,
      representative_id: column === 'representative_id' ? nominatorId : null,
      recorded_by: actorId,
    })
    .execute();
  await audit(trx, {
    electionId: input.electionId,
    actorId,
    action: 'nomination recorded',
    detail: { ...input.by, candidateId: candidate.id },
  });
  return { candidateId: candidate.id, name: `${member.first_name} ${member.last_name}` };
}

/**
 * A branch meeting's nominations: the meeting voted by multiple non-transferable
 * vote (each member for up to as many as the branch may nominate, write-ins
 * allowed), and the counting engine's block vote decides who the branch
 * nominates, ties by a seeded draw. All the nominations are made, or none.
 */
export async function nominateFromMeeting(
  db: Kysely<Schema>,
  input: {
    electionId: number;
    branchId: number;
    votes: { membershipNumber: string; votes: number }[];
    seed: string;
  },
  actorId: number | null,
) {
  return db.transaction().execute(async (trx) => {
    const election = await lockElection(trx, input.electionId);
    const limit = election.branch_nomination_limit ?? election.seats;
    const made = await trx
      .selectFrom('nominations')
      .select(sql<number>`count(*)::int`.as('n'))
      .where('election_id', '=', input.electionId)
      .where('branch_id', '=', input.branchId)
      .executeTakeFirstOrThrow();
    const places = limit - made.n;
    if (places <= 0)
      throw new Refusal(`Your branch has made all ${limit} of its nominations.`, 'votes');
    const standing = input.votes.filter((v) => v.votes > 0);
    if (standing.length === 0) throw new Refusal('Enter at least one member with votes.', 'votes');
    const report = countBlockVote(
      {
        title: 'Branch meeting',
        seats: Math.min(places, standing.length),
        candidates: standing.map((v) => ({
          name: v.membershipNumber,
          groups: [],
          withdrawn: false,
        })),
        ballots: standing.map((v, i) => ({ weight: Rational.of(v.votes), ranking: [[i]] })),
      },
      { seed: input.seed },
    );
    const chosen = report.elected.map((i) => standing[i]!.membershipNumber);
    const nominated = [];
    for (const membershipNumber of chosen) {
      nominated.push(
        await nominateIn(
          trx,
          { electionId: input.electionId, by: { branchId: input.branchId }, membershipNumber },
          actorId,
        ),
      );
    }
    await audit(trx, {
      electionId: input.electionId,
      actorId,
      action: 'branch meeting counted',
      detail: { branchId: input.branchId, votes: input.votes, seed: input.seed, nominated: chosen },
    });
    return { nominated, seed: input.seed, tieBreaks: report.tieBreaks.length };
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
