import { rational } from '../arithmetic/arithmetic.ts';
import { Rational } from '../arithmetic/rational.ts';
import type { Election } from '../election.ts';
import type { CountOptions, CountReport } from '../report.ts';
import { countGregory, type GregoryRule } from '../stv/gregory.ts';

/**
 * Fractional Droop STV, as a member organisation's rule book states it (the
 * NEC elections of DOMAIN.md since 2020):
 *
 * - The quota is the valid votes divided by one more than the seats, kept as
 *   an exact fraction (e.g. 12,954.9), never rounded.
 * - A candidate whose votes reach the quota is elected.
 * - Each round either transfers one surplus (the largest first) or excludes the
 *   lowest candidate. A surplus moves every paper the elected candidate holds,
 *   each at (surplus ÷ the candidate's votes) of its value: the weighted
 *   inclusive Gregory method, computed exactly with fractions so no vote is
 *   lost to rounding; only papers with no further preference are exhausted.
 * - An equal preference shares a paper equally among the candidates marked.
 * - Equal votes are settled by the most recent earlier round at which the
 *   candidates differed, then by a seeded draw.
 */
const exact = rational(6);

export const fractionalDroop: GregoryRule<Rational> = {
  method: 'fractional-droop',
  arithmetic: exact,
  equalPreferences: 'split',
  quota: (valid, seats) => valid.div(Rational.of(seats + 1)),
  reachesQuota: (votes, quota) => votes.cmp(quota) >= 0,
  paperValue: (surplus, value, votes) => surplus.mul(value).div(votes),
  tieBreak: 'backwards',
  notes: [
    'Fractional Droop quota valid / (seats + 1); weighted inclusive Gregory transfers in exact fractions',
  ],
};

/** Counts an election by fractional Droop STV. */
export function countFractionalDroop(election: Election, options: CountOptions): CountReport {
  return countGregory(fractionalDroop, election, options);
}
