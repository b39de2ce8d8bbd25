import { rational } from '../arithmetic/arithmetic.ts';
import { Rational } from '../arithmetic/rational.ts';
import type { Election } from '../election.ts';
import { CountInputError } from '../errors.ts';
import { prepareBallots } from '../prepare.ts';
import type { CountOptions, CountReport, RoundReport } from '../report.ts';
import { TieBreaker } from '../tie-break.ts';

/**
 * Instant runoff (the alternative vote) for one post, such as a party leader:
 *
 * - Each round, every paper counts for its highest-ranked continuing candidate.
 * - A candidate with more than half of the votes of continuing papers wins.
 * - Otherwise the candidate with the fewest votes is excluded and their papers
 *   pass to the next continuing preference; papers with none are exhausted.
 * - Equal lowest: the candidate with fewer votes at the most recent earlier
 *   round at which they differed is excluded, then a seeded draw.
 * - A paper whose next preference is shared (`=`) is exhausted at that point:
 *   it cannot say which of the two it prefers.
 *
 * Each round is one exclusion, so the report reads like the count sheet.
 */
export function countIrv(election: Election, options: CountOptions): CountReport {
  const A = rational(6);
  const { ballots, invalid, seats } = prepareBallots(
    election,
    { ...options, seats: options.seats ?? 1 },
    'stop',
  );
  if (seats !== 1)
    throw new CountInputError(`irv fills one seat, not ${seats}: use an STV method for more`);
  const candidates = election.candidates;
  const ties = new TieBreaker(options.seed, options.tieOrder);
  const continuing = new Set(candidates.flatMap((c, i) => (c.withdrawn ? [] : [i])));
  const valid = ballots.reduce((s, b) => s.add(b.weight), Rational.ZERO);
  const history: Rational[][] = [];
  const rounds: RoundReport[] = [];
  let excludedLast: number[] = [];
  let previous: Rational[] | undefined;
  const elected: number[] = [];

  while (elected.length === 0) {
    const votes = candidates.map(() => Rational.ZERO);
    for (const b of ballots) {
      const top = b.ranking.find((g) => continuing.has(g[0]!));
      if (top) votes[top[0]!] = votes[top[0]!]!.add(b.weight);
    }
    history.push(votes);
    const live = [...continuing];
    const total = live.reduce((s, c) => s.add(votes[c]!), Rational.ZERO);
    const round = history.length;
    const notes: string[] = [];
    let excluded: number[] = [];
    const leader = live.reduce((b, c) => (votes[c]!.cmp(votes[b]!) > 0 ? c : b));
    if (votes[leader]!.mulInt(2n).cmp(total) > 0 || live.length === 1) {
      elected.push(leader);
      notes.push(`${candidates[leader]!.name} has more than half of the continuing votes`);
    } else {
      const lowest = live.reduce((b, c) => (votes[c]!.cmp(votes[b]!) < 0 ? c : b));
      const tied = live.filter((c) => votes[c]!.cmp(votes[lowest]!) === 0);
      const c = ties.pick(tied, history.slice(0, -1), (a, b) => a.cmp(b), {
        want: 'lowest',
        direction: 'backwards',
        round,
        purpose: 'exclusion',
      });
      excluded = [c];
    }
    rounds.push({
      round,
      action:
        round === 1
          ? { kind: 'first-preferences' }
          : { kind: 'exclusion', candidates: excludedLast },
      tallies: votes.map((v) => A.format(v)),
      ...(previous ? { transfers: votes.map((v, i) => A.format(v.sub(previous![i]!))) } : {}),
      exhausted: A.format(valid.sub(total)),
      elected: [...elected],
      excluded,
      quota: A.format(total.div(Rational.of(2))),
      notes,
    });
    for (const c of excluded) continuing.delete(c);
    excludedLast = excluded;
    previous = votes;
  }

  return {
    method: 'irv',
    title: election.title,
    seats: 1,
    candidates: candidates.map((c) => ({ name: c.name, groups: c.groups, withdrawn: c.withdrawn })),
    arithmetic: A.description,
    valid: A.format(valid),
    invalid: A.format(invalid),
    elected,
    rounds,
    seed: options.seed,
    tieBreaks: ties.records,
    notes: [
      'Instant runoff: more than half of the continuing votes wins; else the lowest is excluded',
    ],
  };
}
