/** The ballots domain's public entry: what other domains may use. */

export type { ElectionResult } from './count.ts';
export { countElection, countReport, electionForCount } from './count.ts';
export type { Countback } from './countback.ts';
export { fillVacancy } from './countback.ts';
export { deliverQueued, PermanentDeliveryFailure, queueInvitations } from './invitations.ts';
export { restartKeySetup } from './key-setup.ts';
export { postalList } from './postal-papers.ts';
export { recordPartialDecryption, recordShuffle, tallyAtClose } from './tally.ts';
export { trusteeTask } from './trustee-tasks.ts';
export { appointTrustees, recordTrusteeKey, trusteesOf } from './trustees.ts';
export { castVerifiableBallot } from './verifiable-box.ts';
export { setUpBallotBox } from './verifiable-setup.ts';
export { castBallot, receiptIsInBox, voterStatus } from './voting.ts';
