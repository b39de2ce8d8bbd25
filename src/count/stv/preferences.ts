import type { Ballot } from '../election.ts';

/** Ends a ballot's preferences in `Preferences.marks`. */
export const END = -1;

/**
 * Every ballot's preferences in one typed array, so a count that moves
 * parcels of papers a million times reads them from a few megabytes in order,
 * not by following arrays of arrays around the heap.
 *
 * A single preference is the candidate's index; an equal preference among k
 * candidates is -k followed by the k candidates; `END` closes each ballot.
 * `starts[b]` is where ballot b's first preference is.
 *
 * @example
 * // ballots [[0], [2]] and [[1, 2], [0]]
 * new Preferences(ballots).marks; // [0, 2, -1, -2, 1, 2, 0, -1]
 */
export class Preferences {
  readonly marks: Int32Array;
  readonly starts: Int32Array;

  constructor(ballots: readonly Ballot[]) {
    let length = 0;
    for (const { ranking } of ballots) {
      length += 1;
      for (const group of ranking) length += group.length === 1 ? 1 : group.length + 1;
    }
    this.marks = new Int32Array(length);
    this.starts = new Int32Array(ballots.length);
    const { marks, starts } = this;
    let at = 0;
    for (let b = 0; b < ballots.length; b++) {
      starts[b] = at;
      for (const group of ballots[b]!.ranking) {
        if (group.length !== 1) marks[at++] = -group.length;
        for (let k = 0; k < group.length; k++) marks[at++] = group[k]!;
      }
      marks[at++] = END;
    }
  }
}
