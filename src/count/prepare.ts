import { Rational } from './arithmetic/rational.ts';
import type { Ballot, Election } from './election.ts';
import { standing } from './election.ts';
import { CountInputError } from './errors.ts';
import type { CountOptions } from './report.ts';

/** Ballots as a rule counts them, after withdrawn candidates are struck out. */
export interface PreparedBallots {
  readonly ballots: Ballot[];
  /** Papers with no counting preference left (blank, or only withdrawn candidates). */
  readonly invalid: Rational;
  readonly seats: number;
}

/**
 * Strikes withdrawn candidates out of every ranking (the paper then reads as if
 * they had never stood) and sets aside papers left blank. With
 * `equalPreferences: 'stop'` a ranking ends before its first equal preference,
 * as a paper that repeats a preference counts only up to it (the Scottish order);
 * a paper whose first preference is shared is then invalid.
 */
export function prepareBallots(
  election: Election,
  options: CountOptions,
  equalPreferences: 'keep' | 'stop' = 'keep',
): PreparedBallots {
  const seats = checkSeats(election, options);
  const withdrawn = new Set(election.candidates.flatMap((c, i) => (c.withdrawn ? [i] : [])));
  const ballots: Ballot[] = [];
  let invalid = Rational.ZERO;
  const unchanged = (ranking: Ballot['ranking']): boolean =>
    ranking.length > 0 &&
    ranking.every((group) =>
      group.length === 1
        ? !withdrawn.has(group[0]!)
        : equalPreferences === 'keep' && withdrawn.size === 0,
    );
  for (const ballot of election.ballots) {
    // Most papers need nothing struck out: kept as they are, no copy made.
    if (unchanged(ballot.ranking)) {
      ballots.push(ballot);
      continue;
    }
    const ranking: number[][] = [];
    for (const group of ballot.ranking) {
      const kept = withdrawn.size === 0 ? group : group.filter((c) => !withdrawn.has(c));
      if (kept.length === 0) continue;
      if (equalPreferences === 'stop' && kept.length > 1) break;
      ranking.push(kept as number[]);
    }
    if (ranking.length === 0) invalid = invalid.add(ballot.weight);
    else
      ballots.push(
        ranking.length === ballot.ranking.length ? ballot : { weight: ballot.weight, ranking },
      );
  }
  return { ballots, invalid, seats };
}

/** Seats to fill: `--seats` or the file's header, never more than the candidates standing. */
export function checkSeats(election: Election, options: CountOptions): number {
  const seats = options.seats ?? election.seats;
  const candidates = standing(election).length;
  if (!Number.isInteger(seats) || seats < 1)
    throw new CountInputError(`seats must be a whole number of at least 1, got ${seats}`);
  if (seats > candidates) {
    // Line 1: the header, which says how many candidates there are.
    const standingText = `${candidates} candidate${candidates === 1 ? '' : 's'} standing`;
    throw new CountInputError(`${seats} seats to fill but only ${standingText}`, undefined, 1);
  }
  for (const { group, min } of options.minimums ?? []) {
    if (min > seats)
      throw new CountInputError(
        `--min ${group}:${min} asks for more seats than the ${seats} to fill`,
      );
    if (!election.candidates.some((c) => c.groups.includes(group))) {
      throw new CountInputError(
        `--min ${group}:${min}: no candidate is labelled ${JSON.stringify(group)}`,
      );
    }
  }
  return seats;
}
