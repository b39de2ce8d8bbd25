import type { Candidate } from '../election.ts';

/** "At least `min` of the seats to candidates labelled `group`." */
export interface Minimum {
  readonly group: string;
  readonly min: number;
}

/**
 * Minimum representation in an STV count (issue 4): the count is guarded so a
 * group's minimum can still be met.
 *
 * - When the seats left equal a group's shortfall, every continuing candidate
 *   outside the group is excluded.
 * - So a group at its maximum (the seats minus the other groups' minimums) has
 *   its remaining candidates excluded: the same rule seen from the other side.
 *
 * Worked example (docs/counting.md): 3 seats, at least 2 women. Bo (man) is
 * elected at stage 1. 2 seats left, 2 women short: the other men are excluded
 * together at the next stage and the count goes on among the women.
 */
export function guardedExclusions(
  candidates: readonly Candidate[],
  continuing: readonly number[],
  elected: readonly number[],
  seats: number,
  minimums: readonly Minimum[],
): { exclude: number[]; note: string } | undefined {
  const seatsLeft = seats - elected.length;
  for (const { group, min } of minimums) {
    const shortfall = min - elected.filter((c) => candidates[c]!.groups.includes(group)).length;
    if (shortfall <= 0 || seatsLeft > shortfall) continue;
    const outside = continuing.filter((c) => !candidates[c]!.groups.includes(group));
    if (outside.length === 0) continue;
    return {
      exclude: outside,
      note: `${seatsLeft} seat${seatsLeft === 1 ? '' : 's'} left and at least ${shortfall} more must go to ${group}: continuing candidates outside ${group} are excluded`,
    };
  }
  return undefined;
}

/** Whether electing `candidate` now would leave too few seats for some group's minimum. */
export function wouldBreakMinimum(
  candidates: readonly Candidate[],
  candidate: number,
  elected: readonly number[],
  seats: number,
  minimums: readonly Minimum[],
): string | undefined {
  const seatsLeftAfter = seats - elected.length - 1;
  for (const { group, min } of minimums) {
    if (candidates[candidate]!.groups.includes(group)) continue;
    const shortfall = min - elected.filter((c) => candidates[c]!.groups.includes(group)).length;
    if (shortfall > seatsLeftAfter) return group;
  }
  return undefined;
}
