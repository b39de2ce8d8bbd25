import { rational } from '../arithmetic/arithmetic.ts';
import { Rational } from '../arithmetic/rational.ts';
import type { Election } from '../election.ts';
import type { CountOptions, CountReport } from '../report.ts';
import { countGregory, type GregoryRule } from '../stv/gregory.ts';

/**
 * Generic weighted inclusive Gregory method (WIGM), as Droop's `wigm` rule
 * defines it with rational arithmetic:
 *
 * - Quota: the valid votes divided by one more than the seats, exactly.
 * - A candidate is elected on votes strictly above the quota (so no more
 *   candidates than seats can be elected).
 * - The largest surplus moves first, every paper of the candidate at
 *   (surplus ÷ votes) of its value; otherwise the lowest candidate is excluded
 *   and all their papers move at their values.
 * - Equal votes: settled by lot (Droop: by its tie order).
 */
export function wigmRule(displayPlaces = 6): GregoryRule<Rational> {
  return {
    method: 'wigm',
    arithmetic: rational(displayPlaces),
    equalPreferences: 'split',
    quota: (valid, seats) => valid.div(Rational.of(seats + 1)),
    reachesQuota: (votes, quota) => votes.cmp(quota) > 0,
    paperValue: (surplus, value, votes) => surplus.mul(value).div(votes),
    tieBreak: 'none',
    notes: ['Weighted inclusive Gregory method (Droop wigm), exact rational arithmetic'],
  };
}

/** Counts an election by WIGM. */
export function countWigm(
  election: Election,
  options: CountOptions,
  displayPlaces = 6,
): CountReport {
  return countGregory(wigmRule(displayPlaces), election, options);
}
