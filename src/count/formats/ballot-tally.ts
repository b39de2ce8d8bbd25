import { Rational } from '../arithmetic/rational.ts';
import type { Ballot } from '../election.ts';
import { NumberTable } from './number-table.ts';

/** Whole papers summed in a double stay exact below 2^53; moved to a fraction at 2^52. */
const FLUSH_AT = 2 ** 52;

/** Small whole numbers of papers as shared fractions: most rankings are held by a few papers. */
const wholes: Rational[] = [];
function whole(papers: number): Rational {
  if (papers >= 1024) return Rational.of(BigInt(papers));
  wholes[papers] ??= Rational.of(papers);
  return wholes[papers];
}

/**
 * Identical ballots merged as they are read: a million papers over ten
 * candidates hold about 150,000 different rankings, and the count then moves
 * each ranking once. Rankings keep the order in which the file first gives them.
 *
 * A ranking of single preferences is keyed by a number, its preferences as the
 * digits of a base (candidates + 1) number; a ranking with an equal preference,
 * or too long for an exact double, by its text. A line whose preferences were
 * seen before adds its weight with one lookup (`addPlain`) and builds nothing.
 */
export class BallotTally {
  private readonly rankings: number[][][] = [];
  /** Whole papers per ranking not yet added to `exact`. */
  private papers = new Float64Array(1 << 10);
  private readonly exact: Rational[] = [];
  /** Rankings of single preferences by their number (see `addPlain`), the rest by their text. */
  private readonly byNumber = new NumberTable();
  private readonly byText = new Map<string, number>();
  private readonly base: number;
  /**
   * `[c]` for each candidate, frozen and shared by every ranking: the bench's
   * million papers otherwise held half a million one-element arrays (the
   * election took 100 MB of heap instead of 32).
   */
  private readonly singles: number[][] = [];

  constructor(candidates: number) {
    this.base = candidates + 1;
  }

  /**
   * Adds `weight` whole papers (below 10^15) whose ranking is single
   * preferences, no candidate twice, given as the digits of `key` in base
   * (candidates + 1), 1-based, highest preference first: `3 1 2` over 9
   * candidates is 312. One table lookup, nothing allocated, unless it is new.
   */
  addPlain(key: number, weight: number): void {
    let index = this.byNumber.get(key);
    if (index < 0) {
      let length = 0;
      for (let k = key; k > 0; k = Math.floor(k / this.base)) length++;
      const ranking = new Array<number[]>(length);
      for (let k = key; k > 0; k = Math.floor(k / this.base)) {
        const c = (k % this.base) - 1;
        ranking[--length] = this.singles[c] ??= Object.freeze([c]) as number[];
      }
      index = this.newRanking(ranking);
      this.byNumber.set(key, index);
    }
    const papers = this.papers[index]! + weight;
    if (papers < FLUSH_AT) this.papers[index] = papers;
    else {
      this.exact[index] = this.exact[index]!.add(whole(papers));
      this.papers[index] = 0;
    }
  }

  /** Adds papers of any weight (a decimal, a card vote) with a ranking already checked. */
  add(weight: Rational, ranking: number[][]): void {
    const index = this.indexOf(ranking);
    this.exact[index] = this.exact[index]!.add(weight);
  }

  /** The merged ballots, in the order the file first gave each ranking; weight 0 left out. */
  ballots(): Ballot[] {
    const out: Ballot[] = [];
    this.rankings.forEach((ranking, i) => {
      const papers = this.papers[i]!;
      const exact = this.exact[i]!;
      const weight = exact.isZero()
        ? whole(papers)
        : papers === 0
          ? exact
          : exact.add(whole(papers));
      if (!weight.isZero()) out.push({ weight, ranking });
    });
    return out;
  }

  private indexOf(ranking: number[][]): number {
    const key = this.keyOf(ranking);
    const known = typeof key === 'number' ? this.byNumber.get(key) : (this.byText.get(key) ?? -1);
    if (known >= 0) return known;
    const index = this.newRanking(ranking);
    if (typeof key === 'number') this.byNumber.set(key, index);
    else this.byText.set(key, index);
    return index;
  }

  private newRanking(ranking: number[][]): number {
    const index = this.rankings.length;
    this.rankings.push(ranking);
    this.exact.push(Rational.ZERO);
    if (index === this.papers.length) {
      const more = new Float64Array(index * 2);
      more.set(this.papers);
      this.papers = more;
    }
    return index;
  }

  /** A ranking of single preferences as a number when exact, else as text. */
  private keyOf(ranking: number[][]): number | string {
    let key = 0;
    for (const group of ranking) {
      if (group.length !== 1 || key * this.base >= FLUSH_AT) {
        return ranking.map((g) => g.join('=')).join(' ');
      }
      key = key * this.base + group[0]! + 1;
    }
    return key;
  }
}
