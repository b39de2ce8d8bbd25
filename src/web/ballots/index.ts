/** The ballots domain's public entry: what other domains may use. */
export { BallotBoxFields, readBallotBox } from './ballot-box-fields.tsx';
export { postalVoterRoutes } from './postal-voters.tsx';
export { ResultCharts } from './result-charts.tsx';
export { verifiableRoutes } from './verifiable.tsx';
export { VerifiableStatus } from './verifiable-status.tsx';
