/** The ballots domain's public entry: what other domains may use. */
export { auditRoutes } from './audit.tsx';
export { BallotBoxFields, readBallotBox } from './ballot-box-fields.tsx';
export { downloadRoutes } from './downloads.tsx';
export { postalEntryRoutes } from './postal-entry.tsx';
export { postalVoterRoutes } from './postal-voters.tsx';
export { ResultCharts } from './result-charts.tsx';
export { resultRoutes } from './results.tsx';
export { verifiableRoutes } from './verifiable.tsx';
export { VerifiableStatus } from './verifiable-status.tsx';
export { voteRoutes } from './vote.tsx';
