/** The ballots domain's public entry: what other domains may use. */
export { plaintextFor } from './verifiable-ballot.ts';
