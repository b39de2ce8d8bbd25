/** The elections domain's public entry: what other domains may use. */
export { ballotCounts, createElection, findElection, listElections } from './elections.ts';
export { count, freezeRoll, nominate, takeStep } from './steps.ts';
