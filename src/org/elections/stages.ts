/**
 * The stages of an election and the steps between them. Each step is taken by
 * the returning officer (permission `election.run`), audited, and only from the
 * stage named here: no step can be skipped or taken twice.
 *
 *   draft → nominations → candidates_published → ballot → closed → declared
 */
export const stages = [
  'draft',
  'nominations',
  'candidates_published',
  'ballot',
  'closed',
  'declared',
] as const;
export type Stage = (typeof stages)[number];

export const stageNames: Record<Stage, string> = {
  draft: 'Draft',
  nominations: 'Nominations open',
  candidates_published: 'Candidates published',
  ballot: 'Voting open',
  closed: 'Voting closed',
  declared: 'Result declared',
};

export interface Step {
  from: Stage;
  to: Stage;
  /** The button a returning officer presses. */
  label: string;
}

export const steps = {
  'open-nominations': { from: 'draft', to: 'nominations', label: 'Open nominations' },
  'close-nominations': {
    from: 'nominations',
    to: 'candidates_published',
    label: 'Close nominations and publish the candidates',
  },
  'open-ballot': { from: 'candidates_published', to: 'ballot', label: 'Open the ballot' },
  'close-ballot': { from: 'ballot', to: 'closed', label: 'Close the ballot' },
  declare: { from: 'closed', to: 'declared', label: 'Declare the result' },
} as const satisfies Record<string, Step>;

export type StepName = keyof typeof steps;

/** Why a step cannot be taken now, in words for the returning officer; undefined if it can. */
export function stepRefusal(
  step: StepName,
  election: {
    stage: Stage;
    rollFrozen: boolean;
    counted: boolean;
    validCandidates: number;
    seats: number;
  },
): string | undefined {
  const { from } = steps[step];
  if (election.stage !== from) {
    return `This election is at the stage “${stageNames[election.stage]}”; “${steps[step].label}” is taken at “${stageNames[from]}”.`;
  }
  if (step === 'open-ballot') {
    if (!election.rollFrozen) return 'Freeze the roll before opening the ballot.';
    if (election.validCandidates === 0) return 'There are no valid candidates to vote for.';
  }
  if (step === 'declare' && !election.counted)
    return 'Count the votes before declaring the result.';
  return undefined;
}
