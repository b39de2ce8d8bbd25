/** The ballots domain's public entry: what other domains may use. */

export type { ElectionResult } from './count.ts';
export { countElection, countReport, electionForCount } from './count.ts';
export type { Countback } from './countback.ts';
export { fillVacancy } from './countback.ts';
export { deliverQueued, PermanentDeliveryFailure, queueInvitations } from './invitations.ts';
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
export { castBallot, receiptIsInBox } from './voting.ts';
