import { type Kysely, sql } from 'kysely';
import { Refusal } from '../../core/refusal.ts';
import { Rational } from '../../count/arithmetic/rational.ts';
import { countBlockVote } from '../../count/rules/block-vote.ts';
import { mayStand } from '../../org/roll/index.ts';
import { audit } from '../core/audit.ts';
import type { Schema } from '../core/schema.ts';
import { lockElection } from './elections.ts';

/**
 * Nominations, each in one transaction with the election locked: by a branch,
 * an affiliated organisation or an elected representative, one at a time or
 * all of a branch meeting's at once.
 */

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
