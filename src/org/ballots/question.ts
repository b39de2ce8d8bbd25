/**
 * What a ballot asks and the states it passes through. One ballot core serves
 * every decision members make: an election's candidates for N seats, a motion's
 * yes / no / abstain, a priorities ballot's "choose up to K", a ranking of
 * options. The state machine is data, like an election's stages
 * (src/org/elections/stages.ts): a step is taken only from the state named here.
 *
 *   draft → open → closed → declared
 *
 * An election's ballot moves with the election's stages (its returning
 * officer's "Open the ballot" opens both, in one transaction); a ballot with no
 * election (a consultation) takes these steps itself.
 */

export const questionKinds = ['candidates', 'yes_no', 'choose', 'rank'] as const;
export type QuestionKind = (typeof questionKinds)[number];

export const ballotStates = ['draft', 'open', 'closed', 'declared'] as const;
export type BallotState = (typeof ballotStates)[number];

export const ballotStateNames: Record<BallotState, string> = {
  draft: 'Not yet open',
  open: 'Voting open',
  closed: 'Voting closed',
  declared: 'Result declared',
};

export const ballotSteps = {
  open: { from: 'draft', to: 'open', label: 'Open the ballot' },
  close: { from: 'open', to: 'closed', label: 'Close the ballot' },
  declare: { from: 'closed', to: 'declared', label: 'Declare the result' },
} as const satisfies Record<string, { from: BallotState; to: BallotState; label: string }>;

export type BallotStepName = keyof typeof ballotSteps;

/** Why a ballot's step cannot be taken now, in words for its returning officer; undefined if it can. */
export function ballotStepRefusal(
  step: BallotStepName,
  ballot: { state: BallotState; rollFrozen: boolean; counted: boolean; options: number },
): string | undefined {
  const { from, label } = ballotSteps[step];
  if (ballot.state !== from)
    return `This ballot is at “${ballotStateNames[ballot.state]}”; “${label}” is taken at “${ballotStateNames[from]}”.`;
  if (step === 'open') {
    if (!ballot.rollFrozen) return 'Freeze the roll before opening the ballot.';
    if (ballot.options === 0) return 'There is nothing on this ballot to vote for.';
  }
  if (step === 'declare' && !ballot.counted) return 'Count the votes before declaring the result.';
  return undefined;
}

/** The options of a yes/no question, in ballot-paper order. */
export const yesNoOptions = ['Yes', 'No', 'Abstain'] as const;

/**
 * How a question is counted by src/count: yes / no / abstain by first past the
 * post over its three options (the totals are what matter; the outcome is
 * `yesNoOutcome`), "choose up to K" by block vote; candidates and rank by the
 * method the ballot names.
 */
export function countingMethod(question: QuestionKind, method: string): string {
  if (question === 'yes_no') return 'fptp';
  if (question === 'choose') return 'block-vote';
  return method;
}

/**
 * A yes/no question is carried when more (weighted) votes say yes than no;
 * abstentions are counted and published but decide nothing.
 */
export function yesNoOutcome(totals: { yes: number; no: number }): 'carried' | 'lost' | 'tied' {
  if (totals.yes > totals.no) return 'carried';
  if (totals.yes < totals.no) return 'lost';
  return 'tied';
}

/** A ballot's settings as its returning officer sets them. */
export interface BallotSettings {
  title: string;
  question: QuestionKind;
  /**
   * The counting method (src/count) of a candidates or rank question; yes/no
   * and choose questions are counted as `countingMethod` says.
   */
  method: string;
  /** Seats for candidates; how many options the count picks for rank and choose; 1 for yes/no. */
  seats: number;
  /** How many options a member may mark (choose: K); null for the method's own limit. */
  maxMarks?: number | null;
  minimums?: { group: string; min: number }[];
  /** The options of a choose or rank question, in ballot-paper order (yes/no has its own). */
  options?: string[];
  joinedBy: string | null;
  paidUpBy: string | null;
  online: boolean;
  postal: boolean;
  inRoom?: boolean;
  postalWins: boolean;
  allowRevoting: boolean;
  box?: 'plain' | 'verifiable';
  cryptoGroup?: string | null;
  trusteeThreshold?: number | null;
  opensAt: Date | null;
  closesAt: Date | null;
}
