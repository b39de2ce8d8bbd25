import type { RctabConfig } from './config.ts';
import type { CastVoteRecord } from './cvr.ts';
import { UWI } from './cvr.ts';
import { Decimal } from './decimal.ts';
import { JavaRandom } from './java-random.ts';
import { ballotChoice, type Inactive, type RctabRound, tieBreaker } from './tabulate.ts';

type Reason = Inactive | 'finalRoundSurplus';

/** One `tallyResults` entry; its transfers are filled as its papers move, the round after. */
interface Outcome {
  readonly kind: 'elected' | 'eliminated';
  readonly name: string;
  readonly transfers: Map<string, Decimal>;
  /** What rounding keeps back above the threshold; RCTab reports it once the next round is counted. */
  residual?: Decimal;
}

/** A set of identical papers and where they stand. */
interface Parcel {
  readonly record: CastVoteRecord;
  readonly count: number;
  /** Each paper's value: 1 until a surplus moves it on at a fraction. */
  value: Decimal;
  holder?: string;
  inactive: boolean;
}

/**
 * RCTab's multi-seat counts (config_file_documentation.txt, winnerElectionMode):
 *
 * - `multiWinnerAllowMultipleWinnersPerRound` and
 *   `multiWinnerAllowOnlyOneWinnerPerRound`: STV with fractional surplus
 *   transfer. Threshold from the first round's votes, floor(V/(S+1)) + 1, or
 *   V/(S+1) + 10^-d (`nonIntegerWinningThreshold`), S for S+1 with
 *   `hareQuota`. A winner's papers go on at surplus/votes (d places, rounded
 *   down), each paper's onward value rounded down too; what rounding keeps
 *   back above the threshold is the "residual surplus". Once the seats are
 *   full one more round shows the last surpluses moved ("finalRoundSurplus").
 * - `bottomsUp`: exclude the lowest until the seats equal the candidates left.
 * - `bottomsUpUsingPercentageThreshold`: exclude the lowest (or with
 *   `cutoffElimination` all below the threshold at once) until every
 *   candidate left has the percentage of the votes.
 */
export function tabulateRctabMulti(
  config: RctabConfig,
  groups: readonly { readonly record: CastVoteRecord; readonly count: number }[],
  candidates: readonly string[],
): { results: RctabRound[]; winners: string[]; undervotes: number; ballots: number } {
  const rules = config.rules as RctabConfig['rules'] & {
    hareQuota?: boolean;
    nonIntegerWinningThreshold?: boolean;
    multiSeatBottomsUpPercentageThreshold?: string | number;
    cutoffElimination?: boolean;
  };
  const mode = rules.winnerElectionMode;
  const bottomsUp = mode === 'bottomsUp';
  const percentage = mode === 'bottomsUpUsingPercentageThreshold';
  const surplusMode = !bottomsUp && !percentage;
  const onlyOne = mode === 'multiWinnerAllowOnlyOneWinnerPerRound';
  const seats = Number(rules.numberOfWinners ?? 0);
  const places = Number(rules.decimalPlacesForVoteArithmetic ?? 4);
  const share = percentage
    ? Decimal.parse(String(rules.multiSeatBottomsUpPercentageThreshold)).div(
        Decimal.of(100),
        Decimal.parse(String(rules.multiSeatBottomsUpPercentageThreshold)).scale + 2,
      )
    : Decimal.ZERO;

  const excluded = new Set(config.candidates.filter((c) => c.excluded).map((c) => c.name));
  const continuing = new Set(candidates.filter((c) => !excluded.has(c)));
  const random = new JavaRandom(
    BigInt(rules.randomSeed === undefined || rules.randomSeed === '' ? 0 : rules.randomSeed),
  );
  const history: Map<string, number>[] = [];
  const choice = ballotChoice(rules, continuing);
  const pick = tieBreaker(rules, candidates, random, history);

  const total = groups.reduce((s, g) => s + g.count, 0);
  const parcels: Parcel[] = groups
    .filter((g) => g.record.rankings.length > 0)
    .map((g) => ({ ...g, value: Decimal.of(1), inactive: false }));
  const undervotes = total - parcels.reduce((s, p) => s + p.count, 0);
  const counts: Record<Reason, Decimal> = {
    exhaustedChoices: Decimal.ZERO,
    overvotes: Decimal.ZERO,
    repeatedRankings: Decimal.ZERO,
    skippedRankings: Decimal.ZERO,
    finalRoundSurplus: Decimal.ZERO,
  };
  const winners: string[] = [];
  /** What each winner's papers keep once the surplus has gone on. */
  const kept = new Map<string, Decimal>();
  const rounds: { round: RctabRound; outcomes: Outcome[] }[] = [];
  let moving = new Map<string, Outcome>();
  let threshold = Decimal.ZERO;

  for (let round = 1; ; round++) {
    const finalRound = surplusMode && winners.length >= seats;
    const tally = new Map<string, Decimal>([...continuing].map((c) => [c, Decimal.ZERO]));
    for (const o of moving.values())
      if (o.residual) o.transfers.set('residual surplus', o.residual);
    for (const p of parcels) {
      if (p.inactive) continue;
      let to: string = p.holder ?? '';
      if (!continuing.has(to)) {
        const from = moving.get(to);
        // Once the seats are full the last surpluses go to no one (RCTab's finalRoundSurplus).
        const next = finalRound ? 'exhaustedChoices' : choice(p.record);
        const value = p.value.times(p.count);
        if (continuing.has(next)) {
          p.holder = next;
          to = next;
        } else {
          p.inactive = true;
          const reason: Reason = finalRound ? 'finalRoundSurplus' : (next as Inactive);
          counts[reason] = counts[reason].add(value);
        }
        // RCTab records no transfer of papers worth nothing (a surplus of 0 moves them at 0).
        if (from && value.signum() !== 0) {
          const key = p.inactive ? 'exhausted' : next;
          from.transfers.set(key, (from.transfers.get(key) ?? Decimal.ZERO).add(value));
        }
        if (p.inactive) continue;
      }
      tally.set(to, tally.get(to)!.add(p.value.times(p.count)));
    }
    const active = [...tally.values()].reduce((s, v) => s.add(v), Decimal.ZERO);
    if (round === 1 || (percentage && !rules.doesFirstRoundDetermineThreshold)) {
      threshold = thresholdFor(active);
    }
    // A winner keeps the threshold; rounding may leave a little more ("residual surplus").
    const shown = new Map(tally);
    for (const w of winners) {
      const k = kept.get(w)!;
      shown.set(w, k.cmp(threshold) > 0 ? threshold : k);
    }
    history.push(new Map([...shown].map(([c, v]) => [c, v.toNumber()])));
    const inactiveBallots = Object.fromEntries(
      Object.entries(counts)
        .filter(([k]) => k !== 'finalRoundSurplus')
        .map(([k, v]) => [k, v.toString()]),
    ) as Record<Inactive, string>;
    const result: RctabRound = {
      round,
      tally: Object.fromEntries([...shown].map(([c, v]) => [c, v.toString()])),
      tallyResults: [],
      inactiveBallots,
      threshold: threshold.toString(),
    };
    const outcomes: Outcome[] = [];
    rounds.push({ round: result, outcomes });
    moving = new Map();
    if (finalRound) break;

    const sorted = [...tally].sort((a, b) => b[1].cmp(a[1]));
    const uwiFirst = round === 1 && (tally.get(UWI)?.signum() ?? 0) > 0;
    const elected = uwiFirst ? [] : electedThisRound(sorted, round);
    if (elected.length > 0) {
      elected.sort();
      for (const w of elected) {
        const outcome: Outcome = { kind: 'elected', name: w, transfers: new Map() };
        outcomes.push(outcome);
        moving.set(w, outcome);
        continuing.delete(w);
        winners.push(w);
        const votes = tally.get(w)!;
        const extra = votes.sub(threshold);
        const fraction =
          surplusMode && extra.signum() === 1 ? extra.div(votes, places) : Decimal.ZERO;
        let keep = Decimal.ZERO;
        for (const p of parcels) {
          if (p.inactive || p.holder !== w) continue;
          const onward = p.value.mul(fraction).down(places);
          keep = keep.add(p.value.sub(onward).times(p.count));
          p.value = onward;
        }
        kept.set(w, keep);
        if (surplusMode && keep.cmp(threshold) > 0) outcome.residual = keep.sub(threshold);
      }
      if (!surplusMode || (winners.length < seats && continuing.size === 0)) break;
      continue;
    }

    const losers = eliminate(sorted, round, uwiFirst);
    losers.sort(); // RCTab lists a batch alphabetically
    for (const c of losers) {
      continuing.delete(c);
      const outcome: Outcome = { kind: 'eliminated', name: c, transfers: new Map() };
      outcomes.push(outcome);
      moving.set(c, outcome);
    }
    if (continuing.size === 0) break;
  }

  // A surplus count's last round reports what its last surpluses left with no one.
  const last = rounds.at(-1)?.round.inactiveBallots as Record<Reason, string> | undefined;
  if (surplusMode && last) last.finalRoundSurplus = counts.finalRoundSurplus.toString();
  const results = rounds.map(({ round, outcomes }) => ({
    ...round,
    tallyResults: outcomes.map((o) => ({
      [o.kind]: o.name,
      transfers: Object.fromEntries([...o.transfers].map(([k, v]) => [k, v.toString()])),
    })) as RctabRound['tallyResults'],
  }));
  return { results, winners, undervotes, ballots: total };

  function thresholdFor(votes: Decimal): Decimal {
    if (percentage) return votes.mul(share);
    const divisor = Decimal.of(rules.hareQuota ? seats : seats + 1);
    if (rules.nonIntegerWinningThreshold)
      return votes.div(divisor, places).add(Decimal.of(1, places));
    // The Hare quota is reached by V/S itself (RCTab's 2013_minneapolis_park_hare).
    if (rules.hareQuota) {
      const floor = votes.div(divisor, 0);
      return floor.mul(divisor).cmp(votes) === 0 ? floor : floor.add(Decimal.of(1));
    }
    return votes.div(divisor, 0).add(Decimal.of(1));
  }

  function electedThisRound(sorted: [string, Decimal][], round: number): string[] {
    const standing = sorted.filter(([c]) => c !== UWI);
    if (bottomsUp) return standing.length <= seats ? standing.map(([c]) => c) : [];
    if (percentage)
      return standing.every(([, v]) => v.cmp(threshold) >= 0) ? standing.map(([c]) => c) : [];
    const left = seats - winners.length;
    if (standing.length <= left) return standing.map(([c]) => c);
    const over = standing.filter(([, v]) => v.cmp(threshold) >= 0);
    if (over.length === 0) return [];
    if (onlyOne || over.length > left) {
      const chosen: string[] = [];
      const most = onlyOne ? 1 : left;
      let pool = over;
      while (chosen.length < most && pool.length > 0) {
        const top = pool[0]![1];
        const w = pick(
          pool.filter(([, v]) => v.cmp(top) === 0).map(([c]) => c),
          round,
          true,
        );
        chosen.push(w);
        pool = pool.filter(([c]) => c !== w);
      }
      return chosen;
    }
    return over.map(([c]) => c);
  }

  function eliminate(sorted: [string, Decimal][], round: number, uwiFirst: boolean): string[] {
    if (uwiFirst) return [UWI];
    const below = Decimal.parse(String(rules.minimumVoteThreshold || 0));
    if (round === 1 && below.signum() > 0 && sorted.some(([, v]) => v.cmp(below) < 0))
      return sorted.filter(([, v]) => v.cmp(below) < 0).map(([c]) => c);
    if (percentage && rules.cutoffElimination) {
      const under = sorted.filter(([, v]) => v.cmp(threshold) < 0).map(([c]) => c);
      if (under.length > 0) return under;
    }
    const low = sorted[sorted.length - 1]![1];
    return [
      pick(
        sorted.filter(([, v]) => v.cmp(low) === 0).map(([c]) => c),
        round,
      ),
    ];
  }
}
