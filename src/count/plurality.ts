import { rational } from './arithmetic/arithmetic.ts';
import { Rational } from './arithmetic/rational.ts';
import type { Ballot, Election } from './election.ts';
import { prepareBallots } from './prepare.ts';
import type { CountOptions, CountReport, RoundReport } from './report.ts';
import type { Minimum } from './stv/guard.ts';
import { TieBreaker } from './tie-break.ts';

/**
 * The one-round methods (block vote, first past the post, approval): every
 * valid paper gives its weight to each candidate it counts for, and the
 * candidates with the most votes fill the seats. `marks` says which candidates
 * a paper counts for, or undefined when the paper is spoilt.
 */
export function countMarks(
  method: string,
  election: Election,
  options: CountOptions,
  marks: (ballot: Ballot, seats: number) => readonly number[] | undefined,
  notes: readonly string[],
): CountReport {
  const A = rational(6);
  const prepared = prepareBallots(election, options);
  const { seats } = prepared;
  const candidates = election.candidates;
  const votes: Rational[] = candidates.map(() => Rational.ZERO);
  let invalid = prepared.invalid;
  let valid = Rational.ZERO;
  for (const ballot of prepared.ballots) {
    const counted = marks(ballot, seats);
    if (counted === undefined) {
      invalid = invalid.add(ballot.weight);
      continue;
    }
    valid = valid.add(ballot.weight);
    for (const c of counted) votes[c] = votes[c]!.add(ballot.weight);
  }
  const ties = new TieBreaker(options.seed, options.tieOrder);
  // Highest votes first; equal votes by lot (one round: no earlier stage to look at).
  const order: number[] = [];
  const left = candidates.flatMap((c, i) => (c.withdrawn ? [] : [i]));
  while (left.length > 0) {
    const top = left.reduce((b, c) => (votes[c]!.cmp(votes[b]!) > 0 ? c : b));
    const tied = left.filter((c) => votes[c]!.cmp(votes[top]!) === 0);
    // Below the seats the order of equal candidates decides nothing: ballot order.
    const pick =
      tied.length > 1 && order.length < seats
        ? ties.draw(tied, 1, 'order of votes')
        : Math.min(...tied);
    order.push(pick);
    left.splice(left.indexOf(pick), 1);
  }
  const tallies = votes.map((v) => A.format(v));
  const exhausted = A.format(Rational.ZERO);
  const elected = order.slice(0, seats);
  const rounds: RoundReport[] = [
    {
      round: 1,
      action: { kind: 'votes' },
      tallies,
      exhausted,
      elected: [...elected],
      excluded: [],
      notes: [],
    },
  ];
  for (const s of substitute(election, order, elected, options.minimums ?? [])) {
    rounds.push({
      round: rounds.length + 1,
      action: { kind: 'substitution', removed: s.removed, added: s.added, group: s.group },
      tallies,
      exhausted,
      elected: [s.added],
      excluded: [s.removed],
      notes: [s.note],
    });
  }
  // The declared order is by votes, whatever the substitutions did.
  elected.sort((a, b) => order.indexOf(a) - order.indexOf(b));
  // DOMAIN.md: a seat falling vacant goes to the next-highest candidate.
  const next = order.find((c) => !elected.includes(c));
  const countback =
    next === undefined
      ? []
      : [`Next highest, for a vacancy by countback: ${candidates[next]!.name}`];
  return {
    method,
    title: election.title,
    seats,
    candidates: candidates.map((c) => ({ name: c.name, groups: c.groups, withdrawn: c.withdrawn })),
    arithmetic: A.description,
    valid: A.format(valid),
    invalid: A.format(invalid),
    elected,
    rounds,
    seed: options.seed,
    tieBreaks: ties.records,
    notes: [...notes, ...countback],
  };
}

/**
 * Minimum representation for one-round methods, as parties apply it: while a
 * group has fewer than its minimum, the lowest-placed elected candidate outside
 * the group gives way to the highest-placed unelected candidate inside it. A
 * candidate whose removal would take another group below its own minimum is
 * passed over. Mutates `elected`.
 *
 * Worked example: 3 seats, at least 1 woman. Votes: Dar 68, Lansman 65,
 * Garnham 62, Izzard (woman) 39. Elected by votes: Dar, Lansman, Garnham; no
 * woman. Garnham, lowest elected outside the group, gives way to Izzard:
 * elected Dar, Lansman, Izzard.
 */
function substitute(
  election: Election,
  order: readonly number[],
  elected: number[],
  minimums: readonly Minimum[],
): { removed: number; added: number; group: string; note: string }[] {
  const inGroup = (c: number, g: string) => election.candidates[c]!.groups.includes(g);
  const count = (g: string) => elected.filter((c) => inGroup(c, g)).length;
  const done: { removed: number; added: number; group: string; note: string }[] = [];
  for (const { group, min } of minimums) {
    while (count(group) < min) {
      const added = order.find((c) => !elected.includes(c) && inGroup(c, group));
      const removed = [...elected]
        .sort((a, b) => order.indexOf(b) - order.indexOf(a))
        .find(
          (c) =>
            !inGroup(c, group) &&
            minimums.every((m) => !inGroup(c, m.group) || count(m.group) > m.min),
        );
      if (added === undefined || removed === undefined) break;
      elected[elected.indexOf(removed)] = added;
      const name = (c: number) => election.candidates[c]!.name;
      done.push({
        removed,
        added,
        group,
        note: `at least ${min} of the seats must go to ${group}: ${name(removed)} gives way to ${name(added)}`,
      });
    }
  }
  return done;
}
