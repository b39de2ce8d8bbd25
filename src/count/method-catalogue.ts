import type { Election } from './election.ts';
import type { CountOptions, CountReport } from './report.ts';

/** How a method counts: the election and options in, the report out. */
export type CountFunction = (election: Election, options: CountOptions) => CountReport;

/**
 * How a member fills in the ballot paper: numbers in order of preference
 * (`ranking`), or marks (X) against candidates (`marking`): one, up to as many
 * as there are seats, or any number.
 */
export type BallotPaper =
  | { readonly kind: 'ranking' }
  | { readonly kind: 'marking'; readonly marks: 'one' | 'seats' | 'any' };

/**
 * The one list of counting methods (issue 12): every fact about a method that
 * the engine, the election forms and pages, the organisation's rules
 * (src/org), the CLI and the docs need, by its `--method` name. The rule's
 * module is loaded only when asked for: `grassroots count` loads one rule, not
 * fifteen (start-up is part of every count's time). `methods.ts` holds the
 * same list with the counts loaded, for callers that count synchronously.
 *
 * Whether a method works with a verifiable ballot box follows from its paper:
 * a marking paper is a homomorphic question, a ranking paper is shuffled and
 * counted by the engine (src/org/ballots/verifiable-ballot.ts), so every
 * method does.
 */
export interface MethodEntry {
  /** The `--method` name, stored as an election's method. */
  readonly name: string;
  /** One line for `grassroots count --help`: the rule and its arithmetic. */
  readonly summary: string;
  readonly paper: BallotPaper;
  /** `one`: the method fills a single seat and refuses more. */
  readonly seats: 'one' | 'any';
  /**
   * Honours minimum representation (`--min`, an election's minimums): the
   * Gregory STV rules guard the count, the one-round methods substitute
   * (docs/counting.md). The others refuse a minimum rather than ignore it.
   */
  readonly minimums: boolean;
  /**
   * Offered when an election is created or changed, under the name members
   * read on the form and the election's page. Absent: only `grassroots count`
   * offers the method.
   */
  readonly election?: { readonly name: string };
  load(): Promise<CountFunction>;
}

const ranking: BallotPaper = { kind: 'ranking' };

// Pure: a browser bundle that reaches this module without using the list
// (the booth, through src/org) leaves it and every rule it loads out.
export const catalogue: readonly MethodEntry[] = /* @__PURE__ */ Object.freeze([
  {
    name: 'scottish-stv',
    summary: 'STV, Scottish Local Government Elections Order 2007 (WIGM, 5 d.p. truncated)',
    paper: ranking,
    seats: 'any',
    minimums: true,
    election: { name: 'Single transferable vote (Scottish rules)' },
    load: async () => (await import('./rules/scottish-stv.ts')).countScottishStv,
  },
  {
    name: 'fractional-droop',
    summary: 'STV, exact quota valid/(seats+1), exact inclusive Gregory transfers',
    paper: ranking,
    seats: 'any',
    minimums: true,
    election: { name: 'Single transferable vote' },
    load: async () => (await import('./rules/fractional-droop.ts')).countFractionalDroop,
  },
  {
    name: 'wigm',
    summary:
      'STV, weighted inclusive Gregory (Droop wigm): exact, elected above quota valid/(seats+1)',
    paper: ranking,
    seats: 'any',
    minimums: true,
    election: { name: 'Single transferable vote' },
    load: async () => {
      const { countWigm } = await import('./rules/wigm.ts');
      return (election, options) => countWigm(election, options);
    },
  },
  {
    name: 'meek',
    summary: 'STV, Meek keep factors (Droop/stv-rs meek: 9 d.p., omega 10^-6)',
    paper: ranking,
    seats: 'any',
    minimums: false,
    election: { name: 'Single transferable vote (Meek)' },
    load: async () => (await import('./rules/meek.ts')).countMeek,
  },
  {
    name: 'meek-prf',
    summary: 'STV, PR Foundation reference Meek rule (9 d.p., omega 10^-6)',
    paper: ranking,
    seats: 'any',
    minimums: false,
    load: async () => (await import('./rules/meek.ts')).countMeekPrf,
  },
  {
    name: 'ers97',
    summary: 'STV, Electoral Reform Society 1997 rules (last parcel, 2 d.p., deferred surpluses)',
    paper: ranking,
    seats: 'any',
    minimums: false,
    load: async () => (await import('./rules/ers97.ts')).countErs97,
  },
  {
    name: 'rctab-multi',
    summary: "STV as RCTab's multi-winner mode: fractional surplus, 4 d.p. rounded down",
    paper: ranking,
    seats: 'any',
    minimums: false,
    load: async () => (await import('./rules/rctab-multi.ts')).countRctabMulti,
  },
  {
    name: 'irv',
    summary: 'instant runoff / alternative vote, one seat',
    paper: ranking,
    seats: 'one',
    minimums: false,
    election: { name: 'Preferential (instant runoff)' },
    load: async () => (await import('./rules/irv.ts')).countIrv,
  },
  {
    name: 'sequential-irv',
    summary: 'sequential instant runoff: one count per seat, setting earlier winners aside',
    paper: ranking,
    seats: 'any',
    minimums: false,
    load: async () => (await import('./rules/sequential-irv.ts')).countSequentialIrv,
  },
  {
    name: 'schulze',
    summary: 'Schulze method (Condorcet), with the pairwise matrix',
    paper: ranking,
    seats: 'any',
    minimums: false,
    election: { name: 'Ranked (Schulze)' },
    load: async () => (await import('./rules/schulze.ts')).countSchulze,
  },
  {
    name: 'ranked-pairs',
    summary: 'ranked pairs (Condorcet, Tideman)',
    paper: ranking,
    seats: 'any',
    minimums: false,
    election: { name: 'Ranked (ranked pairs)' },
    load: async () => (await import('./rules/ranked-pairs.ts')).countRankedPairs,
  },
  {
    name: 'block-vote',
    summary: 'block vote / MNTV: vote for up to N',
    paper: { kind: 'marking', marks: 'seats' },
    seats: 'any',
    minimums: true,
    election: { name: 'Block vote' },
    load: async () => (await import('./rules/block-vote.ts')).countBlockVote,
  },
  {
    name: 'block-vote-ranked',
    summary: 'block vote read from rankings: each paper votes for its top N (stv-rs)',
    paper: ranking,
    seats: 'any',
    minimums: false,
    load: async () => (await import('./rules/block-vote-ranked.ts')).countBlockVoteRanked,
  },
  {
    name: 'fptp',
    summary: 'first past the post (SNTV with more seats)',
    paper: { kind: 'marking', marks: 'one' },
    seats: 'any',
    minimums: true,
    election: { name: 'First past the post' },
    load: async () => (await import('./rules/fptp.ts')).countFptp,
  },
  {
    name: 'approval',
    summary: 'approval voting',
    paper: { kind: 'marking', marks: 'any' },
    seats: 'any',
    minimums: true,
    election: { name: 'Approval' },
    load: async () => (await import('./rules/approval.ts')).countApproval,
  },
]);

export function findEntry(name: string): MethodEntry | undefined {
  return catalogue.find((m) => m.name === name);
}

/** The methods an election may be counted by, in the catalogue's order. */
export function electionMethods(): MethodEntry[] {
  return catalogue.filter((m) => m.election);
}

/**
 * What the election forms and the election's page say of a method: its
 * member-facing name and how to fill in the paper, e.g. "Block vote: vote for
 * up to as many candidates as there are seats". The `--method` name for a
 * method not offered for elections.
 */
export function methodLabel(name: string): string {
  const entry = findEntry(name);
  if (!entry?.election) return name;
  const paper = entry.paper;
  const how =
    paper.kind === 'ranking'
      ? 'number the candidates in order of preference'
      : paper.marks === 'one'
        ? 'vote for one candidate'
        : paper.marks === 'seats'
          ? 'vote for up to as many candidates as there are seats'
          : 'vote for every candidate you approve of';
  return `${entry.election.name}: ${how}`;
}

/** Whether a member marks candidates (X) under `method`, rather than numbering them. */
export function isMarking(method: string): boolean {
  return findEntry(method)?.paper.kind === 'marking';
}

/** How many candidates a member may mark under a marking method. */
export function markLimit(method: string, seats: number, candidates: number): number {
  const paper = findEntry(method)?.paper;
  if (paper?.kind === 'marking' && paper.marks === 'one') return 1;
  if (paper?.kind === 'marking' && paper.marks === 'any') return candidates;
  return Math.min(seats, candidates);
}

/** Whether `method` can apply minimum representation. */
export function supportsMinimums(method: string): boolean {
  return findEntry(method)?.minimums === true;
}
