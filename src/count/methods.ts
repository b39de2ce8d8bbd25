import type { Election } from './election.ts';
import type { CountOptions, CountReport } from './report.ts';
import { countApproval } from './rules/approval.ts';
import { countBlockVote } from './rules/block-vote.ts';
import { countBlockVoteRanked } from './rules/block-vote-ranked.ts';
import { countErs97 } from './rules/ers97.ts';
import { countFptp } from './rules/fptp.ts';
import { countFractionalDroop } from './rules/fractional-droop.ts';
import { countIrv } from './rules/irv.ts';
import { countMeek, countMeekPrf } from './rules/meek.ts';
import { countRankedPairs } from './rules/ranked-pairs.ts';
import { countRctabMulti } from './rules/rctab-multi.ts';
import { countSchulze } from './rules/schulze.ts';
import { countScottishStv } from './rules/scottish-stv.ts';
import { countSequentialIrv } from './rules/sequential-irv.ts';
import { countWigm } from './rules/wigm.ts';

/** A counting method as the command line and other callers name it. */
export interface Method {
  readonly name: string;
  readonly summary: string;
  count(election: Election, options: CountOptions): CountReport;
}

/**
 * Methods that honour `minimums` (`--min`): the Gregory STV rules guard the
 * count, the one-round methods substitute. Others must refuse a minimum
 * rather than ignore it.
 */
const withMinimums = new Set([
  'scottish-stv',
  'fractional-droop',
  'wigm',
  'block-vote',
  'fptp',
  'approval',
]);

/** Whether `method` can apply minimum representation. */
export function supportsMinimums(method: string): boolean {
  return withMinimums.has(method);
}

/** Every method the engine counts, by its `--method` name. */
export const methods: readonly Method[] = Object.freeze([
  {
    name: 'scottish-stv',
    summary: 'STV, Scottish Local Government Elections Order 2007 (WIGM, 5 d.p. truncated)',
    count: countScottishStv,
  },
  {
    name: 'fractional-droop',
    summary: 'STV, exact quota valid/(seats+1), exact inclusive Gregory transfers',
    count: countFractionalDroop,
  },
  {
    name: 'wigm',
    summary:
      'STV, weighted inclusive Gregory (Droop wigm): exact, elected above quota valid/(seats+1)',
    count: (election, options) => countWigm(election, options),
  },
  {
    name: 'meek',
    summary: 'STV, Meek keep factors (Droop/stv-rs meek: 9 d.p., omega 10^-6)',
    count: countMeek,
  },
  {
    name: 'meek-prf',
    summary: 'STV, PR Foundation reference Meek rule (9 d.p., omega 10^-6)',
    count: countMeekPrf,
  },
  {
    name: 'ers97',
    summary: 'STV, Electoral Reform Society 1997 rules (last parcel, 2 d.p., deferred surpluses)',
    count: countErs97,
  },
  {
    name: 'rctab-multi',
    summary: "STV as RCTab's multi-winner mode: fractional surplus, 4 d.p. rounded down",
    count: countRctabMulti,
  },
  { name: 'irv', summary: 'instant runoff / alternative vote, one seat', count: countIrv },
  {
    name: 'sequential-irv',
    summary: 'sequential instant runoff: one count per seat, setting earlier winners aside',
    count: countSequentialIrv,
  },
  {
    name: 'schulze',
    summary: 'Schulze method (Condorcet), with the pairwise matrix',
    count: countSchulze,
  },
  { name: 'ranked-pairs', summary: 'ranked pairs (Condorcet, Tideman)', count: countRankedPairs },
  { name: 'block-vote', summary: 'block vote / MNTV: vote for up to N', count: countBlockVote },
  {
    name: 'block-vote-ranked',
    summary: 'block vote read from rankings: each paper votes for its top N (stv-rs)',
    count: countBlockVoteRanked,
  },
  { name: 'fptp', summary: 'first past the post (SNTV with more seats)', count: countFptp },
  { name: 'approval', summary: 'approval voting', count: countApproval },
]);

export function findMethod(name: string): Method | undefined {
  return methods.find((m) => m.name === name);
}
