/** The ballots domain's public entry: what other domains may use. */

export {
  type BallotOption,
  type BallotRow,
  ballotOptions,
  createBallot,
  findBallot,
  insertBallot,
  lockBallot,
} from './ballots.ts';
export type { ElectionResult } from './count.ts';
export { ballotForCount, countBallot, countReport } from './count.ts';
export type { Countback } from './countback.ts';
export { fillVacancy } from './countback.ts';
export { deliverQueued, PermanentDeliveryFailure, queueInvitations } from './invitations.ts';
export { type BallotCounts, ballotCounts } from './participation.ts';
export { freezeBallotRoll, freezeRollIn, type RollWeights } from './roll.ts';
export {
  closeIn,
  countIn,
  countVotes,
  declareIn,
  type OpenOptions,
  openIn,
  takeBallotStep,
} from './steps.ts';
export {
  appointTrustees,
  castVerifiableBallot,
  recordPartialDecryption,
  recordShuffle,
  recordTrusteeKey,
  restartKeySetup,
  setUpBallotBox,
  tallyAtClose,
  trusteesOf,
  trusteeTask,
} from './verifiable.ts';
export { castVote, markingMethods, receiptIsInBox } from './voting.ts';
