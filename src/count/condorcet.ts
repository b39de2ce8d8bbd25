import { rational } from './arithmetic/arithmetic.ts';
import { Rational } from './arithmetic/rational.ts';
import type { Election } from './election.ts';
import { prepareBallots } from './prepare.ts';
import type { CountOptions, CountReport } from './report.ts';
import { TieBreaker } from './tie-break.ts';

/**
 * The pairwise matrix of Condorcet methods: `d[a][b]` is the weight of papers
 * ranking a above b. A ranked candidate is above every unranked one; equal
 * preferences (`=`) and two unranked candidates express no preference.
 */
export function pairwise(
  election: Election,
  options: CountOptions,
): { d: Rational[][]; valid: Rational; invalid: Rational; seats: number } {
  const { ballots, invalid, seats } = prepareBallots(election, options);
  const n = election.candidates.length;
  const d = Array.from({ length: n }, () => Array.from({ length: n }, () => Rational.ZERO));
  let valid = Rational.ZERO;
  for (const b of ballots) {
    valid = valid.add(b.weight);
    const above: number[] = [];
    for (const group of b.ranking) {
      for (const c of group) for (const a of above) d[a]![c] = d[a]![c]!.add(b.weight);
      above.push(...group);
    }
    const ranked = new Set(above);
    for (let c = 0; c < n; c++) {
      if (ranked.has(c) || election.candidates[c]!.withdrawn) continue;
      for (const a of above) d[a]![c] = d[a]![c]!.add(b.weight);
    }
  }
  return { d, valid, invalid, seats };
}

/**
 * The report of a Condorcet method from its `beats` relation (a strict order,
 * possibly partial): candidates are placed by how many others they beat, the
 * seats go to the top, and candidates the relation leaves level are ordered
 * by a seeded draw.
 */
export function condorcetReport(
  method: string,
  election: Election,
  options: CountOptions,
  m: ReturnType<typeof pairwise>,
  beats: (a: number, b: number) => boolean,
  notes: string[],
  ties = new TieBreaker(options.seed, options.tieOrder),
): CountReport {
  const A = rational(6);
  const standing = election.candidates.flatMap((c, i) => (c.withdrawn ? [] : [i]));
  const wins = election.candidates.map(
    (_, a) => standing.filter((b) => b !== a && beats(a, b)).length,
  );
  const left = [...standing];
  const order: number[] = [];
  while (left.length > 0) {
    // Unbeaten among those left: the next place(s) in the order.
    const top = left.filter((a) => !left.some((b) => b !== a && beats(b, a)));
    const pool = top.length > 0 ? top : left;
    const chosen =
      pool.length === 1 || order.length >= m.seats
        ? Math.min(...pool)
        : ties.draw(pool, 1, 'order of finish');
    order.push(chosen);
    left.splice(left.indexOf(chosen), 1);
  }
  const elected = order.slice(0, m.seats);
  return {
    method,
    title: election.title,
    seats: m.seats,
    candidates: election.candidates.map((c) => ({
      name: c.name,
      groups: c.groups,
      withdrawn: c.withdrawn,
    })),
    arithmetic: A.description,
    valid: A.format(m.valid),
    invalid: A.format(m.invalid),
    elected,
    rounds: [
      {
        round: 1,
        action: { kind: 'votes' },
        tallies: wins.map(String),
        exhausted: '0',
        elected: [...elected],
        excluded: [],
        notes: ['tallies: the number of other candidates each one beats'],
      },
    ],
    seed: options.seed,
    tieBreaks: ties.records,
    notes,
    pairwise: m.d.map((row) => row.map((v) => A.format(v))),
  };
}
