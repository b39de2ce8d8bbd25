import type { TieBreakRecord } from './tie-break.ts';

/**
 * What a count produces, independent of how it is printed (text, JSON, CSV,
 * HTML). Votes are decimal strings exact to the rule's own precision, so the
 * report never rounds what the count did not.
 */

/** What moved at this round. */
export type RoundAction =
  | { readonly kind: 'first-preferences' }
  | { readonly kind: 'surplus'; readonly candidate: number; readonly transferValue?: string }
  | { readonly kind: 'exclusion'; readonly candidates: readonly number[] }
  | { readonly kind: 'votes' }
  | {
      readonly kind: 'substitution';
      readonly removed: number;
      readonly added: number;
      readonly group: string;
    };

export interface RoundReport {
  /** 1-based: round (stage) 1 is the first preferences. */
  readonly round: number;
  readonly action: RoundAction;
  /** `tallies[c]`: candidate c's votes after this round's transfer. */
  readonly tallies: readonly string[];
  /** `transfers[c]`: the change since the last round (absent at round 1). */
  readonly transfers?: readonly string[];
  /** Value not with any candidate: exhausted papers plus value lost to rounding. */
  readonly exhausted: string;
  /** Reached the quota (or declared) on this round's tallies, in order of election. */
  readonly elected: readonly number[];
  /** Chosen for exclusion on this round's tallies; their papers move next round. */
  readonly excluded: readonly number[];
  readonly quota?: string;
  readonly notes: readonly string[];
  /** Exact values (`n/d`) behind `tallies` and `exhausted`, for rules counting in fractions. */
  readonly exact?: {
    readonly tallies: readonly string[];
    readonly exhausted: string;
    readonly quota?: string;
  };
}

export interface CountReport {
  readonly method: string;
  readonly title: string;
  readonly seats: number;
  readonly candidates: readonly {
    readonly name: string;
    readonly groups: readonly string[];
    readonly withdrawn: boolean;
  }[];
  /** e.g. `fixed-point, 5 decimal places (truncated)`. */
  readonly arithmetic: string;
  /** Total value of valid ballots. */
  readonly valid: string;
  /** Ballots set aside: blank, or marking more candidates than allowed. */
  readonly invalid: string;
  readonly quota?: string;
  /** Candidate indices, in order of election. */
  readonly elected: readonly number[];
  readonly rounds: readonly RoundReport[];
  /** The seed of any draw by lot: repeat the count with `--seed` to repeat it. */
  readonly seed: string;
  readonly tieBreaks: readonly TieBreakRecord[];
  readonly notes: readonly string[];
  /** Condorcet methods: `pairwise[a][b]` = votes preferring a to b. */
  readonly pairwise?: readonly (readonly string[])[];
}

/** What every counting method is called with. */
export interface CountOptions {
  /** Seats to fill; defaults to the ballot file's header. */
  readonly seats?: number;
  /** Seed for draws by lot. */
  readonly seed: string;
  /** Minimum representation: at least `min` of the seats to candidates labelled `group`. */
  readonly minimums?: readonly { readonly group: string; readonly min: number }[];
  /** A lot drawn before the count: ties left by the rules go to the candidate earliest here. */
  readonly tieOrder?: readonly number[];
}
