/** The ballots domain's public entry: what other domains may use. */
export { checkMarks, type MarkedQuestion, markLimitOf } from './marks.ts';
export {
  type BallotSettings,
  type BallotState,
  type BallotStepName,
  ballotStateNames,
  ballotStates,
  ballotStepRefusal,
  ballotSteps,
  countingMethod,
  type QuestionKind,
  questionKinds,
  yesNoOptions,
  yesNoOutcome,
} from './question.ts';
export { summarise, summariseYesNo } from './result-summary.ts';
export { plaintextFor } from './verifiable-ballot.ts';
