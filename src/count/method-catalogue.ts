import type { Election } from './election.ts';
import type { CountOptions, CountReport } from './report.ts';

/** How a method counts: the election and options in, the report out. */
export type CountFunction = (election: Election, options: CountOptions) => CountReport;

/**
 * Every counting method by its `--method` name, with the rule's module loaded
 * only when asked for: `grassroots count` loads one rule, not fifteen
 * (start-up is part of every count's time). `methods.ts` holds the same list
 * with the counts loaded, for callers that count synchronously.
 */
export interface MethodEntry {
  readonly name: string;
  readonly summary: string;
  load(): Promise<CountFunction>;
}

export const catalogue: readonly MethodEntry[] = Object.freeze([
  {
    name: 'scottish-stv',
    summary: 'STV, Scottish Local Government Elections Order 2007 (WIGM, 5 d.p. truncated)',
    load: async () => (await import('./rules/scottish-stv.ts')).countScottishStv,
  },
  {
    name: 'fractional-droop',
    summary: 'STV, exact quota valid/(seats+1), exact inclusive Gregory transfers',
    load: async () => (await import('./rules/fractional-droop.ts')).countFractionalDroop,
  },
  {
    name: 'wigm',
    summary:
      'STV, weighted inclusive Gregory (Droop wigm): exact, elected above quota valid/(seats+1)',
    load: async () => {
      const { countWigm } = await import('./rules/wigm.ts');
      return (election, options) => countWigm(election, options);
    },
  },
  {
    name: 'meek',
    summary: 'STV, Meek keep factors (Droop/stv-rs meek: 9 d.p., omega 10^-6)',
    load: async () => (await import('./rules/meek.ts')).countMeek,
  },
  {
    name: 'meek-prf',
    summary: 'STV, PR Foundation reference Meek rule (9 d.p., omega 10^-6)',
    load: async () => (await import('./rules/meek.ts')).countMeekPrf,
  },
  {
    name: 'ers97',
    summary: 'STV, Electoral Reform Society 1997 rules (last parcel, 2 d.p., deferred surpluses)',
    load: async () => (await import('./rules/ers97.ts')).countErs97,
  },
  {
    name: 'rctab-multi',
    summary: "STV as RCTab's multi-winner mode: fractional surplus, 4 d.p. rounded down",
    load: async () => (await import('./rules/rctab-multi.ts')).countRctabMulti,
  },
  {
    name: 'irv',
    summary: 'instant runoff / alternative vote, one seat',
    load: async () => (await import('./rules/irv.ts')).countIrv,
  },
  {
    name: 'sequential-irv',
    summary: 'sequential instant runoff: one count per seat, setting earlier winners aside',
    load: async () => (await import('./rules/sequential-irv.ts')).countSequentialIrv,
  },
  {
    name: 'schulze',
    summary: 'Schulze method (Condorcet), with the pairwise matrix',
    load: async () => (await import('./rules/schulze.ts')).countSchulze,
  },
  {
    name: 'ranked-pairs',
    summary: 'ranked pairs (Condorcet, Tideman)',
    load: async () => (await import('./rules/ranked-pairs.ts')).countRankedPairs,
  },
  {
    name: 'block-vote',
    summary: 'block vote / MNTV: vote for up to N',
    load: async () => (await import('./rules/block-vote.ts')).countBlockVote,
  },
  {
    name: 'block-vote-ranked',
    summary: 'block vote read from rankings: each paper votes for its top N (stv-rs)',
    load: async () => (await import('./rules/block-vote-ranked.ts')).countBlockVoteRanked,
  },
  {
    name: 'fptp',
    summary: 'first past the post (SNTV with more seats)',
    load: async () => (await import('./rules/fptp.ts')).countFptp,
  },
  {
    name: 'approval',
    summary: 'approval voting',
    load: async () => (await import('./rules/approval.ts')).countApproval,
  },
]);

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

export function findEntry(name: string): MethodEntry | undefined {
  return catalogue.find((m) => m.name === name);
}
