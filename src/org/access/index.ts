/** The access domain's public entry: what other domains may use. */

export type { Action, Actor, Target } from './permissions.ts';
export { can } from './permissions.ts';
