/** The elections domain's public entry: what other domains may use. */
export {
  ballotCounts,
  candidatesOf,
  createElection,
  electionsUnderWay,
  findElection,
  listElections,
} from './elections.ts';
export { nominate } from './nominations.ts';
export { count, freezeRoll, takeStep } from './steps.ts';
