import { fixedPoint } from '../arithmetic/arithmetic.ts';
import type { Election } from '../election.ts';
import type { CountOptions, CountReport } from '../report.ts';
import { countGregory, type GregoryRule } from '../stv/gregory.ts';

/**
 * Scottish STV: the Scottish Local Government Elections Order 2007 (SSI 2007/42),
 * Schedule 1, rules 45 to 52, as used for every Scottish council election since.
 * The weighted inclusive Gregory method with all values to 5 decimal places.
 */
const f = fixedPoint(5);

export const scottishStv: GregoryRule<bigint> = {
  method: 'scottish-stv',
  arithmetic: f,
  // A paper repeating a preference counts only up to the repetition.
  equalPreferences: 'stop',
  // Rule 46: the quota is the number of valid papers divided by one more than
  // the number of seats, ignoring any fraction, plus one.
  quota: (valid, seats) => f.fromInt(valid / f.fromInt(1) / BigInt(seats + 1) + 1n),
  // Rule 47: a candidate whose votes equal or exceed the quota is elected.
  reachesQuota: (votes, quota) => votes >= quota,
  // Rule 48: each paper of the elected candidate is transferred at the value
  // (surplus × value of the paper when received) ÷ total value of the
  // candidate's papers, calculated to 5 decimal places, any remainder ignored.
  paperValue: (surplus, value, votes) => f.mulDiv(surplus, value, votes),
  // Rules 49 and 51: equal surpluses, and candidates equal lowest, are settled
  // by the votes at the most recent preceding stage at which they differed,
  // then by lot.
  tieBreak: 'backwards',
  notes: ['Scottish Local Government Elections Order 2007 (SSI 2007/42), Schedule 1, rules 45-52'],
};

/** Counts an election under the Scottish rules. */
export function countScottishStv(election: Election, options: CountOptions): CountReport {
  return countGregory(scottishStv, election, options);
}
