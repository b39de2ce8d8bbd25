import type { Rational } from '../arithmetic/rational.ts';
import { condorcetReport, pairwise } from '../condorcet.ts';
import type { Election } from '../election.ts';
import type { CountOptions, CountReport } from '../report.ts';

/**
 * The Schulze method (M. Schulze, "A new monotonic, clone-independent,
 * reversal symmetric, and Condorcet-consistent single-winner election method",
 * Social Choice and Welfare 36 (2011), section 2):
 *
 * - d[a][b]: papers ranking a above b (the pairwise matrix in the report).
 * - A path's strength is its weakest link, a link a→b existing when
 *   d[a][b] > d[b][a] with strength d[a][b] (winning votes).
 * - p[a][b] is the strongest path from a to b (Floyd–Warshall widest path).
 * - a beats b when p[a][b] > p[b][a]. This order is transitive; the winner is
 *   beaten by no one, and further seats go down the order.
 */
export function countSchulze(election: Election, options: CountOptions): CountReport {
  const m = pairwise(election, options);
  const n = election.candidates.length;
  const zero = m.d[0]![0]!;
  const p: Rational[][] = m.d.map((row, a) =>
    row.map((v, b) => (a !== b && v.cmp(m.d[b]![a]!) > 0 ? v : zero)),
  );
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      for (let k = 0; k < n; k++) {
        if (i === k || j === k) continue;
        const via = p[j]![i]!.cmp(p[i]![k]!) < 0 ? p[j]![i]! : p[i]![k]!;
        if (via.cmp(p[j]![k]!) > 0) p[j]![k] = via;
      }
    }
  }
  return condorcetReport('schulze', election, options, m, (a, b) => p[a]![b]!.cmp(p[b]![a]!) > 0, [
    'Schulze method, winning votes (Schulze 2011)',
  ]);
}
