import type { Election } from './election.ts';
import { type CountFunction, catalogue } from './method-catalogue.ts';
import type { CountOptions, CountReport } from './report.ts';
import { countApproval } from './rules/approval.ts';
import { countBlockVote } from './rules/block-vote.ts';
import { countBlockVoteRanked } from './rules/block-vote-ranked.ts';
import { countErs97 } from './rules/ers97.ts';
import { countFptp } from './rules/fptp.ts';
import { countFractionalDroop } from './rules/fractional-droop.ts';
import { countIrv } from './rules/irv.ts';
import { countMeek, countMeekPrf } from './rules/meek.ts';
import { countRankedPairs } from './rules/ranked-pairs.ts';
import { countRctabMulti } from './rules/rctab-multi.ts';
import { countSchulze } from './rules/schulze.ts';
import { countScottishStv } from './rules/scottish-stv.ts';
import { countSequentialIrv } from './rules/sequential-irv.ts';
import { countWigm } from './rules/wigm.ts';

export { supportsMinimums } from './method-catalogue.ts';

/** A counting method as the command line and other callers name it. */
export interface Method {
  readonly name: string;
  readonly summary: string;
  count(election: Election, options: CountOptions): CountReport;
}

/** Each method's count, loaded; names and summaries come from the catalogue. */
const counts: Record<string, CountFunction> = {
  'scottish-stv': countScottishStv,
  'fractional-droop': countFractionalDroop,
  wigm: (election, options) => countWigm(election, options),
  meek: countMeek,
  'meek-prf': countMeekPrf,
  ers97: countErs97,
  'rctab-multi': countRctabMulti,
  irv: countIrv,
  'sequential-irv': countSequentialIrv,
  schulze: countSchulze,
  'ranked-pairs': countRankedPairs,
  'block-vote': countBlockVote,
  'block-vote-ranked': countBlockVoteRanked,
  fptp: countFptp,
  approval: countApproval,
};

/** Every method the engine counts, by its `--method` name. */
export const methods: readonly Method[] = Object.freeze(
  catalogue.map(({ name, summary }) => ({ name, summary, count: counts[name]! })),
);

export function findMethod(name: string): Method | undefined {
  return methods.find((m) => m.name === name);
}
