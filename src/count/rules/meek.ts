import { fixedPoint } from '../arithmetic/arithmetic.ts';
import type { Election } from '../election.ts';
import { CountInputError } from '../errors.ts';
import { prepareBallots } from '../prepare.ts';
import type { CountOptions, CountReport, RoundReport } from '../report.ts';
import { TieBreaker } from '../tie-break.ts';

/**
 * Meek STV (B. L. Meek, 1969; I. D. Hill, B. A. Wichmann and D. R. Woodall,
 * "Algorithm 123", The Computer Journal 1987), as Droop's `meek` rule and
 * stv-rs count it: fixed-point arithmetic to 9 decimal places, omega 10^-6.
 *
 * Every candidate has a keep factor: 1 while hopeful, 0 once defeated, and for
 * an elected candidate the share of each vote reaching them that they keep.
 *
 * - Each paper starts with weight 1. Going down its preferences, each
 *   candidate keeps weight × keep factor (truncated) and passes the rest on;
 *   what passes beyond the last preference is the residual.
 * - Quota: the votes held by candidates ÷ (seats + 1), truncated, plus 10^-9.
 * - Iterate: count the papers; a hopeful candidate with votes ≥ quota is
 *   elected (the iteration stops so the next round starts from them); else
 *   stop when the total surplus of the elected falls below omega, or stops
 *   falling; else set each elected candidate's keep factor to
 *   keep factor × quota ÷ votes (each step rounded up) and count again.
 * - When the iteration stops without an election, the hopeful candidate with
 *   the fewest votes is defeated; candidates within the remaining surplus of
 *   the lowest count as equal with it, and equal candidates are settled by lot.
 * - When the hopeful candidates equal the seats left, they are elected; when
 *   the seats are filled, the rest are defeated.
 */
const f = fixedPoint(9);
const ONE = f.fromInt(1);
const OMEGA = 1000n; // 10^-6 in units of 10^-9
const EPSILON = 1n;
/** a × b rounded up, at 9 decimal places. */
const mulUp = (a: bigint, b: bigint) => (a * b + ONE - 1n) / ONE;
/** a ÷ b rounded up. */
const divUp = (a: bigint, b: bigint) => (a * ONE + b - 1n) / b;

/** One thing the count did, with the figures at that moment (as Droop and stv-rs log them). */
export interface MeekEvent {
  readonly action: 'begin' | 'elect' | 'defeat' | 'elect remaining' | 'defeat remaining';
  readonly candidate?: number;
  /** Why the iteration stopped before a defeat: `omega` or `stable`. */
  readonly reason?: string;
  readonly votes: readonly bigint[];
  readonly quota: bigint;
}

/** Where rule books differ: how a candidate's share of a paper, and a new keep factor, are rounded. */
export interface MeekRounding {
  /** `down`: Droop meek and stv-rs; `up`: the PR Foundation reference rule. */
  readonly share: 'down' | 'up';
  /** `stepwise`: round kf × quota up, then ÷ votes up (Droop); `once`: round the whole once. */
  readonly keepFactor: 'stepwise' | 'once';
}

export const droopMeek: MeekRounding = { share: 'down', keepFactor: 'stepwise' };
export const prfMeek: MeekRounding = { share: 'up', keepFactor: 'stepwise' };

export function meekCount(
  election: Election,
  options: CountOptions,
  rounding: MeekRounding = droopMeek,
): { report: CountReport; events: MeekEvent[] } {
  const { ballots, invalid, seats } = prepareBallots(election, options, 'stop');
  for (const b of ballots) {
    if (b.weight.d !== 1n)
      throw new CountInputError('meek counts whole-number ballot weights only');
  }
  const n = election.candidates.length;
  const ties = new TieBreaker(options.seed, options.tieOrder);
  const state: ('hopeful' | 'elected' | 'defeated' | 'withdrawn')[] = election.candidates.map(
    (c) => (c.withdrawn ? 'withdrawn' : 'hopeful'),
  );
  const keep = state.map((s) => (s === 'hopeful' ? ONE : 0n));
  const papers = ballots.map((b) => ({ count: b.weight.n, ranking: b.ranking.map((g) => g[0]!) }));
  const total = papers.reduce((s, p) => s + p.count * ONE, 0n);
  let votes: bigint[] = new Array<bigint>(n).fill(0n);
  let quota = 0n;
  const events: MeekEvent[] = [];
  const rounds: RoundReport[] = [];
  const elected: number[] = [];
  const history: bigint[][] = [];
  const seen = () => [...votes];
  const hopeful = () => state.flatMap((s, c) => (s === 'hopeful' ? [c] : []));

  const distribute = () => {
    votes = new Array<bigint>(n).fill(0n);
    for (const p of papers) {
      let weight = ONE;
      for (const c of p.ranking) {
        const k = keep[c]!;
        if (k === 0n) continue;
        const kept =
          k === ONE ? weight : rounding.share === 'down' ? (weight * k) / ONE : mulUp(weight, k);
        votes[c]! += kept * p.count;
        weight -= kept;
        if (weight <= 0n) break;
      }
    }
    const held = votes.reduce((s, v) => s + v, 0n);
    quota = held / BigInt(seats + 1) + EPSILON;
  };
  const surplus = () =>
    elected.reduce((s, c) => (votes[c]! > quota ? s + votes[c]! - quota : s), 0n);
  const elect = (c: number, action: MeekEvent['action']) => {
    state[c] = 'elected';
    elected.push(c);
    events.push({ action, candidate: c, votes: seen(), quota });
  };

  /** One round's iteration; says why it stopped. */
  const iterate = (): 'elected' | 'omega' | 'stable' => {
    let last = total;
    for (;;) {
      distribute();
      const reached = hopeful().filter((c) => votes[c]! >= quota);
      if (reached.length > 0) {
        for (const c of byVotes(reached)) elect(c, 'elect');
        return 'elected';
      }
      const s = surplus();
      if (s < OMEGA) return 'omega';
      if (s >= last) return 'stable';
      last = s;
      for (const c of elected) {
        const [k, v] = [keep[c]!, votes[c]!];
        keep[c] =
          rounding.keepFactor === 'stepwise' ? divUp(mulUp(k, quota), v) : (k * quota + v - 1n) / v;
      }
    }
  };
  const byVotes = (among: number[]) => {
    const left = [...among];
    const out: number[] = [];
    while (left.length > 0) {
      const top = left.reduce((b, c) => (votes[c]! > votes[b]! ? c : b));
      const tied = left.filter((c) => votes[c] === votes[top]);
      const c = tied.length === 1 ? top : ties.draw(tied, rounds.length + 1, 'order of election');
      out.push(c);
      left.splice(left.indexOf(c), 1);
    }
    return out;
  };
  const report = (round: number, electedNow: number[], excluded: number[], notes: string[]) => {
    history.push(seen());
    const held = votes.reduce((s, v) => s + v, 0n);
    rounds.push({
      round,
      action: round === 1 ? { kind: 'first-preferences' } : { kind: 'votes' },
      tallies: votes.map(f.format),
      exhausted: f.format(total - held),
      elected: electedNow,
      excluded,
      quota: f.format(quota),
      notes,
    });
  };

  distribute();
  events.push({ action: 'begin', votes: seen(), quota });
  for (;;) {
    const before = elected.length;
    if (elected.length === seats) {
      for (const c of hopeful()) {
        state[c] = 'defeated';
        events.push({ action: 'defeat remaining', candidate: c, votes: seen(), quota });
      }
      break;
    }
    if (hopeful().length <= seats - elected.length) {
      const rest = byVotes(hopeful());
      for (const c of rest) elect(c, 'elect remaining');
      report(rounds.length + 1, rest, [], ['hopeful candidates equal the seats left: all elected']);
      break;
    }
    const why = iterate();
    if (why === 'elected') {
      report(rounds.length + 1, elected.slice(before), [], []);
      continue;
    }
    // Lowest, counting as equal any candidate within the undistributed surplus of
    // it, which could still reorder them (Droop).
    const low = hopeful();
    const min = low.reduce((b, c) => (votes[c]! < votes[b]! ? c : b));
    const margin = surplus();
    const tied = low.filter((c) => votes[c]! - margin <= votes[min]!);
    const c = tied.length === 1 ? min : ties.draw(tied, rounds.length + 1, 'defeat');
    state[c] = 'defeated';
    keep[c] = 0n;
    events.push({ action: 'defeat', candidate: c, reason: why, votes: seen(), quota });
    report(rounds.length + 1, [], [c], [`iteration stopped (${why}): lowest defeated`]);
  }

  return {
    events,
    report: {
      method: 'meek',
      title: election.title,
      seats,
      candidates: election.candidates.map((c) => ({
        name: c.name,
        groups: c.groups,
        withdrawn: c.withdrawn,
      })),
      arithmetic: f.description,
      valid: f.format(total),
      invalid: f.format(f.fromRational(invalid)),
      quota: f.format(quota),
      elected,
      rounds,
      seed: options.seed,
      tieBreaks: ties.records,
      notes: [
        'Meek STV (Hill, Wichmann and Woodall 1987) as Droop and stv-rs count it: 9 decimal places, omega 10^-6',
      ],
    },
  };
}

/** Counts an election by Meek STV (Droop's `meek` rounding). */
export function countMeek(election: Election, options: CountOptions): CountReport {
  return meekCount(election, options).report;
}

/**
 * Counts by the Proportional Representation Foundation's reference Meek rule:
 * the same count, with each candidate's share of a paper rounded up.
 */
export function countMeekPrf(election: Election, options: CountOptions): CountReport {
  return { ...meekCount(election, options, prfMeek).report, method: 'meek-prf' };
}
