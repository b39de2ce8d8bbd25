import { type Kysely, sql } from 'kysely';
import type { NominationTally } from '../../org/elections/nomination-rules.ts';
import type { Schema } from '../core/schema.ts';

/**
 * Each candidate's nominations as the threshold rules measure them
 * (src/org/elections/nomination-rules.ts): branches, affiliates with their kind and
 * affiliated membership, representatives, and the totals they are shares of.
 * The running tally on the election page and the close of nominations read the
 * same figures.
 */
export async function nominationTallies(
  db: Kysely<Schema>,
  electionId: number,
): Promise<Map<number, NominationTally>> {
  const totals = await db
    .selectNoFrom([
      sql<number>`(select count(*)::int from branches)`.as('branches'),
      sql<number>`(select coalesce(sum(affiliated_membership), 0)::int from affiliates)`.as(
        'affiliated',
      ),
      sql<number>`(select count(*)::int from members where representative)`.as('representatives'),
    ])
    .executeTakeFirstOrThrow();
  const candidates = await db
    .selectFrom('candidates')
    .select('id')
    .where('election_id', '=', electionId)
    .execute();
  const tallies = new Map<number, NominationTally>(
    candidates.map((c) => [
      c.id,
      {
        branches: 0,
        affiliates: [],
        representatives: 0,
        totalBranches: totals.branches,
        totalAffiliatedMembership: totals.affiliated,
        totalRepresentatives: totals.representatives,
      },
    ]),
  );
  const nominations = await db
    .selectFrom('nominations')
    .leftJoin('affiliates', 'affiliates.id', 'nominations.affiliate_id')
    .select([
      'nominations.candidate_id',
      'nominations.branch_id',
      'nominations.representative_id',
      'affiliates.kind',
      'affiliates.affiliated_membership',
    ])
    .where('nominations.election_id', '=', electionId)
    .execute();
  for (const n of nominations) {
    const tally = tallies.get(n.candidate_id);
    if (!tally) continue;
    if (n.branch_id !== null) tally.branches++;
    else if (n.representative_id !== null) tally.representatives++;
    else if (n.kind)
      tally.affiliates.push({ kind: n.kind, affiliatedMembership: n.affiliated_membership ?? 0 });
  }
  return tallies;
}

/** How many nominations a tally holds, of every kind. */
export const nominationsIn = (tally: NominationTally) =>
  tally.branches + tally.affiliates.length + tally.representatives;
