import type { Rational } from '../arithmetic/rational.ts';
import { condorcetReport, pairwise } from '../condorcet.ts';
import type { Election } from '../election.ts';
import type { CountOptions, CountReport } from '../report.ts';
import { TieBreaker } from '../tie-break.ts';

/**
 * Ranked pairs (T. N. Tideman, "Independence of clones as a criterion for
 * voting rules", Social Choice and Welfare 4 (1987)):
 *
 * - Every pair a > b where more papers rank a above b is a majority, of
 *   strength d[a][b] (winning votes); stronger majorities first, and of equal
 *   ones, the one with fewer opposing votes first; pairs still equal are
 *   ordered by a seeded draw (the tie-break list the rule asks for).
 * - Majorities are locked in that order unless they would close a cycle with
 *   those already locked.
 * - a beats b when a locked path leads from a to b; the winner is the source.
 */
export function countRankedPairs(election: Election, options: CountOptions): CountReport {
  const m = pairwise(election, options);
  const n = election.candidates.length;
  const ties = new TieBreaker(options.seed, options.tieOrder);
  // Pairs of equal strength follow an order of candidates drawn by lot, drawn only if needed.
  let place: number[] | undefined;
  const placeOf = (c: number): number => {
    if (!place) {
      const order: number[] = [];
      const pool = election.candidates.map((_, i) => i);
      while (pool.length > 0) {
        const x = pool.length === 1 ? pool[0]! : ties.draw(pool, 1, 'order of equal majorities');
        order.push(x);
        pool.splice(pool.indexOf(x), 1);
      }
      place = election.candidates.map((_, i) => order.indexOf(i));
    }
    return place[c]!;
  };
  const pairs: { a: number; b: number; win: Rational; lose: Rational }[] = [];
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      if (a !== b && m.d[a]![b]!.cmp(m.d[b]![a]!) > 0)
        pairs.push({ a, b, win: m.d[a]![b]!, lose: m.d[b]![a]! });
    }
  }
  pairs.sort(
    (x, y) =>
      y.win.cmp(x.win) ||
      x.lose.cmp(y.lose) ||
      placeOf(x.a) - placeOf(y.a) ||
      placeOf(x.b) - placeOf(y.b),
  );
  const locked = Array.from({ length: n }, () => new Array<boolean>(n).fill(false));
  const reaches = (from: number, to: number): boolean => {
    const seen = new Set([from]);
    const stack = [from];
    while (stack.length > 0) {
      const x = stack.pop()!;
      if (x === to) return true;
      for (let y = 0; y < n; y++) {
        if (locked[x]![y] && !seen.has(y)) {
          seen.add(y);
          stack.push(y);
        }
      }
    }
    return false;
  };
  for (const { a, b } of pairs) if (!reaches(b, a)) locked[a]![b] = true;
  return condorcetReport(
    'ranked-pairs',
    election,
    options,
    m,
    (a, b) => reaches(a, b) && a !== b,
    ['Ranked pairs, winning votes (Tideman 1987)'],
    ties,
  );
}
