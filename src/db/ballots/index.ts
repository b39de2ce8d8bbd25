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
export { restartKeySetup } from './key-setup.ts';
export { type BallotCounts, ballotCounts } from './participation.ts';
export { postalList } from './postal-papers.ts';
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
export { recordPartialDecryption, recordShuffle, tallyAtClose } from './tally.ts';
export { trusteeTask } from './trustee-tasks.ts';
export { appointTrustees, recordTrusteeKey, trusteesOf } from './trustees.ts';
export { castVerifiableBallot } from './verifiable-box.ts';
export { setUpBallotBox } from './verifiable-setup.ts';
export { castVote, receiptIsInBox, voterStatus } from './voting.ts';
