import { fixedPoint } from '../arithmetic/arithmetic.ts';
import type { Election } from '../election.ts';
import { prepareBallots } from '../prepare.ts';
import type { CountOptions, CountReport, RoundAction, RoundReport } from '../report.ts';
import { TieBreaker } from '../tie-break.ts';

/**
 * STV by the Electoral Reform Society's 1997 rules ("How to conduct an
 * election by the Single Transferable Vote", 3rd edition, section 5), the
 * rules of many societies, unions and professional bodies. Cited by the
 * parts of section 5 (5.1 first stage, 5.2 surpluses, 5.3 exclusions, 5.4
 * filling the last seats), not by the numbered paragraphs within them:
 * the printed text was not at hand to check those (docs/counting.md).
 *
 * - 5.1: first preferences; the quota is the total valid vote divided by one
 *   more than the seats, to 2 decimal places rounded up; a candidate whose
 *   votes equal or exceed it is elected.
 * - 5.2: the largest surplus is transferred first. A candidate elected at
 *   the first stage passes on all their papers; one elected later only the
 *   last parcel received, the parcel that took them over the quota. Each
 *   transferable paper goes at surplus ÷ transferable papers (never more
 *   than it was worth), to 2 decimal places ignoring the remainder.
 *   Surpluses are deferred while, all together, they could not change who
 *   is excluded: while the lowest candidates' votes plus every surplus not
 *   yet transferred are less than the next candidate's votes.
 * - 5.3: otherwise the lowest candidate is excluded; their papers move one
 *   parcel of equal value at a time, highest value first, each a stage, at
 *   the value they arrived with. A candidate reaching the quota meanwhile is
 *   elected and receives no more papers. Candidates are excluded together
 *   (multiple exclusion) when their votes together, plus every surplus not
 *   yet transferred, are less than the next candidate's votes, so that no
 *   transfer could save any of them; enough candidates are always left to
 *   fill the seats. Their papers then move together, parcel by value.
 * - 5.4: when the continuing candidates are as many as the seats left, they
 *   are elected.
 * - Ties (equal surpluses, equal lowest): the candidate with more (fewer)
 *   votes at the earliest stage at which they had unequal votes; then lot.
 *
 * All values are to 2 decimal places; value lost to rounding is shown as
 * non-transferable. No independent ERS97 count was at hand to compare with:
 * the tests are worked by hand (rules/ers97.test.ts).
 */
const A = fixedPoint(2);
const HUNDREDTH = 100n;

/** Papers that arrived together at one value. */
interface Parcel {
  readonly value: bigint;
  readonly papers: Paper[];
}

/** Papers with the same preferences: `pos` is the preference they now count for. */
interface Paper {
  readonly ranking: readonly (readonly number[])[];
  pos: number;
  weight: bigint;
}

/** Papers of a candidate being excluded, with that candidate. */
interface Leaving {
  readonly from: number;
  readonly paper: Paper;
}

type Status = 'continuing' | 'elected' | 'excluded' | 'withdrawn';

export function countErs97(election: Election, options: CountOptions): CountReport {
  const { ballots, invalid, seats } = prepareBallots(election, options, 'stop');
  const candidates = election.candidates;
  const ties = new TieBreaker(options.seed, options.tieOrder);
  const status: Status[] = candidates.map((c) => (c.withdrawn ? 'withdrawn' : 'continuing'));
  const piles: Parcel[][] = candidates.map(() => []);
  const votes: bigint[] = candidates.map(() => 0n);
  /** Stage at which each candidate was elected (1: first preferences). */
  const electedAt: number[] = candidates.map(() => 0);
  const history: bigint[][] = [];
  const rounds: RoundReport[] = [];
  const elected: number[] = [];
  const pending: number[] = [];
  const continuing = () => status.flatMap((s, c) => (s === 'continuing' ? [c] : []));
  const value = (p: Parcel) => p.papers.reduce((s, x) => s + A.mul(x.weight, p.value), 0n);

  /** The paper's next continuing preference after its current one, if any. */
  const next = (paper: Paper): number | undefined => {
    for (let pos = paper.pos + 1; pos < paper.ranking.length; pos++) {
      const c = paper.ranking[pos]![0]!;
      if (status[c] === 'continuing') {
        paper.pos = pos;
        return c;
      }
    }
    return undefined;
  };
  /** Gives each recipient its papers as one new parcel at `at` each. */
  const deliver = (moving: Map<number, Paper[]>, at: bigint) => {
    for (const [c, papers] of moving) {
      const parcel = { value: at, papers };
      piles[c]!.push(parcel);
      votes[c] = votes[c]! + value(parcel);
    }
  };

  // 5.1: first preferences, every paper worth 1.00.
  const first = new Map<number, Paper[]>();
  let valid = 0n;
  for (const b of ballots) {
    const weight = A.fromRational(b.weight);
    valid += weight;
    const c = b.ranking[0]![0]!;
    if (status[c] !== 'continuing') continue;
    addTo(first, c, { ranking: b.ranking, pos: 0, weight });
  }
  deliver(first, HUNDREDTH);
  // 5.1: total ÷ (seats + 1), to 2 places rounded up.
  const divisor = BigInt(seats + 1);
  const quota = (valid + divisor - 1n) / divisor;

  const extreme = (among: number[], want: 'highest' | 'lowest', purpose: string): number => {
    const key = (c: number) => votes[c]!;
    let best = among[0]!;
    for (const c of among)
      if (want === 'highest' ? key(c) > key(best) : key(c) < key(best)) best = c;
    const tied = among.filter((c) => key(c) === key(best));
    const cmp = (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0);
    // Equal votes: the earliest stage at which they were unequal decides, then lot.
    return ties.pick(tied, history, cmp, {
      want,
      direction: 'forwards',
      round: history.length,
      purpose,
    });
  };

  let action: RoundAction = { kind: 'first-preferences' };
  let previous: bigint[] | undefined;
  /** An exclusion under way: its candidates, and their parcels still to move (highest value first). */
  let excluding: { value: bigint; papers: Leaving[] }[] = [];
  let excludingNow: number[] = [];

  /**
   * 5.2, 5.3: the lowest candidates whom no transfer could save: the most of
   * them whose votes together, plus the surpluses not yet transferred, are
   * less than the votes of the next candidate up, leaving at least as many
   * continuing candidates as seats to fill. Empty when not even the lowest
   * alone is so far behind.
   */
  const beyondSaving = (open: number[], surpluses: bigint, vacancies: number): number[] => {
    const ascending = [...open].sort((a, b) =>
      votes[a]! < votes[b]! ? -1 : votes[a]! > votes[b]! ? 1 : 0,
    );
    let behind = 0;
    let total = surpluses;
    for (let k = 1; k < ascending.length && ascending.length - k >= vacancies; k++) {
      total += votes[ascending[k - 1]!]!;
      if (total < votes[ascending[k]!]!) behind = k;
    }
    return ascending.slice(0, behind);
  };
  for (;;) {
    history.push([...votes]);
    const stage = history.length;
    const notes: string[] = [];
    const electedNow: number[] = [];
    // 5.1, 5.2, 5.3: whoever has reached the quota is elected, highest first.
    let reached = continuing().filter((c) => votes[c]! >= quota);
    while (reached.length > 0 && elected.length < seats) {
      const c = extreme(reached, 'highest', 'order of election');
      reached = reached.filter((x) => x !== c);
      status[c] = 'elected';
      electedAt[c] = stage;
      elected.push(c);
      electedNow.push(c);
      if (votes[c]! > quota) pending.push(c);
    }
    const open = continuing();
    let excludedNow: number[] = [];
    let step: (() => RoundAction) | undefined;
    if (elected.length < seats && open.length <= seats - elected.length) {
      // 5.4: as many continuing candidates as seats left.
      const byVotes = (a: number, b: number) =>
        votes[b]! > votes[a]! ? 1 : votes[b]! < votes[a]! ? -1 : 0;
      for (const c of [...open].sort(byVotes)) {
        status[c] = 'elected';
        elected.push(c);
        electedNow.push(c);
      }
      if (open.length > 0) notes.push('continuing candidates equal the seats left: all elected');
    } else if (elected.length < seats && excluding.length > 0) {
      step = () => moveExcluded();
    } else if (elected.length < seats) {
      const surpluses = pending.reduce((s, c) => s + votes[c]! - quota, 0n);
      const hopeless = beyondSaving(open, surpluses, seats - elected.length);
      if (pending.length > 0 && hopeless.length === 0) {
        const c = extreme(pending, 'highest', 'surplus order');
        pending.splice(pending.indexOf(c), 1);
        step = () => transferSurplus(c);
      } else {
        if (pending.length > 0) {
          const behind = hopeless.reduce((s, c) => s + votes[c]!, 0n);
          notes.push(
            `surpluses of ${A.format(surpluses)} deferred: with the lowest's ${A.format(behind)} they are less than the next candidate's votes (5.2)`,
          );
        }
        // 5.3: several candidates together when no transfer could save them, else the lowest.
        excludedNow = hopeless.length > 1 ? hopeless : [extreme(open, 'lowest', 'exclusion')];
        if (excludedNow.length > 1)
          notes.push(
            `${excludedNow.length} candidates excluded together: their votes with the surpluses are less than the next candidate's (5.3)`,
          );
        excludingNow = excludedNow;
        // Parcels of equal value move together, the highest value first.
        const byValue = new Map<bigint, Leaving[]>();
        for (const c of excludedNow) {
          status[c] = 'excluded';
          for (const parcel of piles[c]!)
            for (const paper of parcel.papers) addTo(byValue, parcel.value, { from: c, paper });
          piles[c] = [];
        }
        excluding = [...byValue]
          .sort((a, b) => (b[0] > a[0] ? 1 : b[0] < a[0] ? -1 : 0))
          .map(([v, papers]) => ({ value: v, papers }));
        step = () => moveExcluded();
      }
    }
    rounds.push(report(stage, action, previous, electedNow, excludedNow, notes));
    if (step === undefined) break;
    previous = [...votes];
    action = step();
  }

  /** 5.2: the surplus from all papers (elected at stage 1) or from the last parcel received. */
  function transferSurplus(c: number): RoundAction {
    const surplus = votes[c]! - quota;
    const pile = piles[c]!;
    const examined = electedAt[c] === 1 ? pile : pile.slice(-1);
    const moving = new Map<number, Paper[]>();
    let transferable = 0n;
    let worth = 0n;
    for (const parcel of examined) {
      for (const paper of parcel.papers) {
        const moved = { ...paper };
        const to = next(moved);
        if (to === undefined) continue;
        addTo(moving, to, moved);
        transferable += paper.weight;
        worth += A.mul(paper.weight, parcel.value);
      }
    }
    // Each paper at surplus ÷ transferable papers, never more than it was worth (one value per parcel).
    const current = examined.at(-1)?.value ?? HUNDREDTH;
    const at = transferable === 0n ? 0n : worth <= surplus ? current : A.div(surplus, transferable);
    votes[c] = quota;
    if (at > 0n) deliver(moving, at);
    return { kind: 'surplus', candidate: c, transferValue: A.format(at) };
  }

  /** 5.3: the next parcel (highest value first) of the candidates being excluded. */
  function moveExcluded(): RoundAction {
    // A candidate with no papers is excluded in a stage that moves nothing.
    const parcel = excluding.shift() ?? { value: 0n, papers: [] };
    const moving = new Map<number, Paper[]>();
    for (const { from, paper } of parcel.papers) {
      votes[from] = votes[from]! - A.mul(paper.weight, parcel.value);
      const moved = { ...paper };
      const to = next(moved);
      if (to !== undefined) addTo(moving, to, moved);
    }
    deliver(moving, parcel.value);
    return { kind: 'exclusion', candidates: excludingNow };
  }

  function report(
    round: number,
    act: RoundAction,
    before: readonly bigint[] | undefined,
    electedNow: number[],
    excludedNow: number[],
    notes: string[],
  ): RoundReport {
    const total = votes.reduce((s, v) => s + v, 0n);
    return {
      round,
      action: act,
      tallies: votes.map((v) => A.format(v)),
      ...(before ? { transfers: votes.map((v, c) => A.format(v - before[c]!)) } : {}),
      exhausted: A.format(valid - total),
      elected: electedNow,
      excluded: excludedNow,
      quota: A.format(quota),
      notes,
    };
  }

  return {
    method: 'ers97',
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
    notes: ['Electoral Reform Society STV rules, 1997 (3rd edition), section 5'],
  };
}

function addTo<K, V>(map: Map<K, V[]>, key: K, item: V): void {
  const list = map.get(key);
  if (list) list.push(item);
  else map.set(key, [item]);
}
