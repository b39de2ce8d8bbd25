import type { Rational } from './arithmetic/rational.ts';

/** A person standing. `groups` are labels such as `women`, used by `--min`. */
export interface Candidate {
  readonly name: string;
  readonly groups: readonly string[];
  /** Withdrawn before the count: on the ballot paper but never counted. */
  readonly withdrawn: boolean;
}

/**
 * One ballot paper, or many identical ones. `ranking[i]` is the set of
 * candidates (indices into `Election.candidates`) marked at preference i + 1;
 * a set of two or more is an equal preference (`=` in BLT). Unranked methods
 * (block vote, approval) read every candidate marked as one mark each.
 * `weight` is how many papers this line stands for, or the card vote a
 * delegate casts for the members they represent.
 */
export interface Ballot {
  readonly weight: Rational;
  readonly ranking: readonly (readonly number[])[];
}

/** Everything a count needs: who stands, for how many seats, and the ballots. */
export interface Election {
  readonly title: string;
  readonly seats: number;
  readonly candidates: readonly Candidate[];
  readonly ballots: readonly Ballot[];
  /** A tie-break order given with the ballots (Droop's `[tie ...]`), if any. */
  readonly tieOrder?: readonly number[];
}

/** Candidates who are on the paper and not withdrawn, as indices. */
export function standing(election: Election): number[] {
  const out: number[] = [];
  election.candidates.forEach((c, i) => {
    if (!c.withdrawn) out.push(i);
  });
  return out;
}

/**
 * Merges ballots with the same ranking into one, adding their weights: a
 * million papers usually hold a few thousand distinct rankings, and the count
 * then moves each ranking once.
 */
export function mergeBallots(ballots: readonly Ballot[]): Ballot[] {
  const merged = new Map<string, { weight: Rational; ranking: readonly (readonly number[])[] }>();
  for (const b of ballots) {
    const key = b.ranking.map((g) => g.join('=')).join(' ');
    const seen = merged.get(key);
    if (seen) seen.weight = seen.weight.add(b.weight);
    else merged.set(key, { weight: b.weight, ranking: b.ranking });
  }
  return [...merged.values()];
}
