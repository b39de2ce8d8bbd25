/** The roll domain's public entry: what other domains may use. */
export { mayStand, mayVote } from './eligibility.ts';
