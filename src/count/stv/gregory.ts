import type { Arithmetic } from '../arithmetic/arithmetic.ts';
import type { Election } from '../election.ts';
import { prepareBallots } from '../prepare.ts';
import type { CountOptions, CountReport, RoundAction, RoundReport } from '../report.ts';
import { TieBreaker } from '../tie-break.ts';
import { guardedExclusions, wouldBreakMinimum } from './guard.ts';
import { END, Preferences } from './preferences.ts';

/**
 * What distinguishes one Gregory rule book from another. The shared count below
 * is the weighted inclusive Gregory method: a surplus moves every paper its
 * candidate holds, each at a value scaled by surplus / votes; an exclusion moves
 * every paper at the value it arrived with; one surplus or one exclusion per stage.
 */
export interface GregoryRule<T> {
  readonly method: string;
  readonly arithmetic: Arithmetic<T>;
  /** `stop`: a paper counts up to its first equal preference; `split`: shared equally. */
  readonly equalPreferences: 'stop' | 'split';
  quota(valid: T, seats: number): T;
  reachesQuota(votes: T, quota: T): boolean;
  /** New value of one paper worth `value` when `surplus` of `votes` transfers. */
  paperValue(surplus: T, value: T, votes: T): T;
  /** Which earlier stage settles equal votes: the most recent or the first that differs. */
  readonly tieBreak: 'backwards' | 'forwards' | 'none';
  readonly notes: readonly string[];
}

/** Papers that travel together: same preferences, same value each. */
interface Parcel<T> {
  /** Where, in `Preferences.marks`, the preferences after the one that put the parcel here start. */
  readonly next: number;
  readonly papers: T;
  readonly value: T;
}

type Status = 'continuing' | 'elected' | 'excluded' | 'withdrawn';

export function countGregory<T>(
  rule: GregoryRule<T>,
  election: Election,
  options: CountOptions,
): CountReport {
  const A = rule.arithmetic;
  const { ballots, invalid, seats } = prepareBallots(
    election,
    options,
    rule.equalPreferences === 'stop' ? 'stop' : 'keep',
  );
  const candidates = election.candidates;
  const minimums = options.minimums ?? [];
  const ties = new TieBreaker(options.seed, options.tieOrder);
  const status: Status[] = candidates.map((c) => (c.withdrawn ? 'withdrawn' : 'continuing'));
  const piles: Parcel<T>[][] = candidates.map(() => []);
  const votes: T[] = candidates.map(() => A.zero);
  const history: T[][] = [];
  const rounds: RoundReport[] = [];
  const elected: number[] = [];
  const pending: number[] = []; // elected, surplus not yet transferred
  const notes: string[] = [...rule.notes];
  const one = A.fromInt(1);
  const continuing = () => status.flatMap((s, c) => (s === 'continuing' ? [c] : []));

  /**
   * Votes arriving in one transfer: with exact products, the papers reaching
   * each candidate at each value (parcels moved together share one value
   * object) are summed and multiplied once in `settle`, which gives the same
   * total as a product per parcel; otherwise each parcel's product is added
   * as it arrives, rounded as the rule rounds it.
   */
  const arriving = new Map<T, T[]>();
  const arrive = (c: number, papers: T, value: T): void => {
    if (!A.exactProducts) {
      votes[c] = A.add(votes[c]!, A.mul(papers, value));
      return;
    }
    let sums = arriving.get(value);
    if (sums === undefined) {
      sums = candidates.map(() => A.zero);
      arriving.set(value, sums);
    }
    sums[c] = A.add(sums[c]!, papers);
  };
  const settle = (): void => {
    for (const [value, sums] of arriving) {
      sums.forEach((papers, c) => {
        if (!A.isZero(papers)) votes[c] = A.add(votes[c]!, A.mul(papers, value));
      });
    }
    arriving.clear();
  };

  const { marks, starts } = new Preferences(ballots);
  /** Puts a parcel with the next continuing preference at or after `marks[from]`, if any. */
  const place = (from: number, papers: T, value: T): void => {
    for (let at = from; marks[at] !== END; ) {
      const mark = marks[at]!;
      if (mark >= 0) {
        at++;
        if (status[mark] !== 'continuing') continue;
        piles[mark]!.push({ next: at, papers, value });
        arrive(mark, papers, value);
        return;
      }
      const group = marks.subarray(at + 1, at + 1 - mark);
      at += 1 - mark;
      const open = [...group].filter((c) => status[c] === 'continuing');
      if (open.length === 0) continue;
      // Equal preferences share the paper equally among those still continuing.
      const share = A.div(papers, A.fromInt(open.length));
      for (const c of open) {
        piles[c]!.push({ next: at, papers: share, value });
        arrive(c, share, value);
      }
      return;
    }
  };

  let valid = A.zero;
  ballots.forEach((b, i) => {
    const papers = A.fromRational(b.weight);
    valid = A.add(valid, papers);
    place(starts[i]!, papers, one);
  });
  settle();
  const quota = rule.quota(valid, seats);

  /** The tied candidate with the `want`est votes now, equal votes settled by earlier stages. */
  const extreme = (
    among: number[],
    want: 'highest' | 'lowest',
    key: (c: number) => T,
    purpose: string,
  ): number => {
    let best = among[0]!;
    for (const c of among) {
      const s = A.cmp(key(c), key(best));
      if (want === 'highest' ? s > 0 : s < 0) best = c;
    }
    const tied = among.filter((c) => A.cmp(key(c), key(best)) === 0);
    const round = history.length;
    return ties.pick(tied, history, A.cmp, { want, direction: rule.tieBreak, round, purpose });
  };
  const byVotes = (among: number[], purpose: string): number[] => {
    const left = [...among];
    const ordered: number[] = [];
    while (left.length > 0) {
      const c = extreme(left, 'highest', (x) => votes[x]!, purpose);
      ordered.push(c);
      left.splice(left.indexOf(c), 1);
    }
    return ordered;
  };

  let action: RoundAction = { kind: 'first-preferences' };
  let previous: T[] | undefined;
  for (;;) {
    history.push([...votes]);
    const roundNotes: string[] = [];
    const electedNow: number[] = [];
    const reached = continuing().filter((c) => rule.reachesQuota(votes[c]!, quota));
    for (const c of byVotes(reached, 'order of election')) {
      if (elected.length === seats) break; // more reached the quota than there are seats
      const group = wouldBreakMinimum(candidates, c, elected, seats, minimums);
      if (group !== undefined) {
        roundNotes.push(
          `${candidates[c]!.name} reached the quota but is not elected: the seats left are needed for ${group}`,
        );
        continue;
      }
      status[c] = 'elected';
      elected.push(c);
      electedNow.push(c);
      if (A.cmp(votes[c]!, quota) > 0) pending.push(c);
    }
    let excludedNow: number[] = [];
    let next: RoundAction | undefined;
    const open = continuing();
    if (elected.length < seats && open.length <= seats - elected.length) {
      // Rule: when the continuing candidates equal the vacancies, they are elected.
      for (const c of byVotes(open, 'order of election')) {
        status[c] = 'elected';
        elected.push(c);
        electedNow.push(c);
      }
      if (open.length > 0)
        roundNotes.push('continuing candidates equal the seats left: all declared elected');
    } else if (elected.length < seats) {
      const guard = guardedExclusions(candidates, open, elected, seats, minimums);
      if (guard) {
        excludedNow = guard.exclude;
        roundNotes.push(guard.note);
        next = { kind: 'exclusion', candidates: excludedNow };
      } else if (pending.length > 0) {
        const c = extreme(pending, 'highest', (x) => A.sub(votes[x]!, quota), 'surplus order');
        pending.splice(pending.indexOf(c), 1);
        next = { kind: 'surplus', candidate: c };
      } else {
        const c = extreme(open, 'lowest', (x) => votes[x]!, 'exclusion');
        excludedNow = [c];
        next = { kind: 'exclusion', candidates: excludedNow };
      }
    }
    rounds.push(
      roundReport(
        A,
        history.length,
        action,
        votes,
        previous,
        valid,
        quota,
        electedNow,
        excludedNow,
        roundNotes,
      ),
    );
    if (next === undefined) break;

    previous = [...votes];
    action = next;
    if (next.kind === 'surplus') {
      const c = next.candidate;
      const total = votes[c]!;
      const surplus = A.sub(total, quota);
      const parcels = piles[c]!;
      piles[c] = [];
      votes[c] = quota;
      // Parcels that arrived together share a value, and so share their new one.
      const newValues = new Map<T, T>();
      for (const p of parcels) {
        let value = newValues.get(p.value);
        if (value === undefined) {
          value = rule.paperValue(surplus, p.value, total);
          newValues.set(p.value, value);
        }
        if (!A.isZero(value)) place(p.next, p.papers, value);
      }
      settle();
      action = { kind: 'surplus', candidate: c, transferValue: A.format(A.div(surplus, total)) };
    } else if (next.kind === 'exclusion') {
      const moving: Parcel<T>[] = [];
      for (const c of next.candidates) {
        status[c] = 'excluded';
        for (const parcel of piles[c]!) moving.push(parcel); // no spread: a pile may hold a million parcels
        piles[c] = [];
        votes[c] = A.zero;
      }
      for (const p of moving) place(p.next, p.papers, p.value);
      settle();
    }
  }

  return {
    method: rule.method,
    title: election.title,
    seats,
    candidates: candidates.map((c) => ({ name: c.name, groups: c.groups, withdrawn: c.withdrawn })),
    arithmetic: A.description,
    valid: A.format(valid),
    invalid: A.format(A.fromRational(invalid)),
    quota: A.format(quota),
    elected,
    rounds,
    seed: options.seed,
    tieBreaks: ties.records,
    notes,
  };
}

function roundReport<T>(
  A: Arithmetic<T>,
  round: number,
  action: RoundAction,
  votes: readonly T[],
  previous: readonly T[] | undefined,
  valid: T,
  quota: T,
  elected: number[],
  excluded: number[],
  notes: string[],
): RoundReport {
  const total = votes.reduce((s, v) => A.add(s, v), A.zero);
  return {
    round,
    action,
    tallies: votes.map((v) => A.format(v)),
    ...(previous ? { transfers: votes.map((v, c) => A.format(A.sub(v, previous[c]!))) } : {}),
    exhausted: A.format(A.sub(valid, total)),
    elected,
    excluded,
    quota: A.format(quota),
    notes,
    ...(A.exact
      ? {
          exact: {
            tallies: votes.map(A.exact),
            exhausted: A.exact(A.sub(valid, total)),
            quota: A.exact(quota),
          },
        }
      : {}),
  };
}
