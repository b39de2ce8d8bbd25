import type { RctabConfig, RctabRules } from './config.ts';
import { type CastVoteRecord, OVERVOTE, UWI } from './cvr.ts';
import { JavaRandom } from './java-random.ts';

/** Why a ballot stopped counting, in RCTab's own words. */
export type Inactive = 'overvotes' | 'skippedRankings' | 'repeatedRankings' | 'exhaustedChoices';

/** One round of RCTab's detailed report (`results[i]`). */
export interface RctabRound {
  round: number;
  tally: Record<string, string>;
  tallyResults: ({ eliminated: string } | { elected: string })[] &
    { transfers?: Record<string, string> }[];
  inactiveBallots: Record<Inactive, string>;
  threshold: string;
}

/**
 * Single-winner instant runoff as RCTab tabulates it (winnerElectionMode
 * `singleWinnerMajority`), with its options: overvote rules, skipped and
 * repeated rankings, maximum rankings, batch elimination, minimum vote
 * threshold, continue until two candidates remain, and its tie-break modes
 * (java.util.Random for `random`, as RCTab does).
 */
export function tabulateRctab(
  config: RctabConfig,
  groups: readonly { readonly record: CastVoteRecord; readonly count: number }[],
  candidates: readonly string[],
): { results: RctabRound[]; winner: string; undervotes: number; ballots: number } {
  const rules = config.rules;
  const excluded = new Set(config.candidates.filter((c) => c.excluded).map((c) => c.name));
  const continuing = new Set(candidates.filter((c) => !excluded.has(c)));
  const random = new JavaRandom(
    BigInt(rules.randomSeed === undefined || rules.randomSeed === '' ? 0 : rules.randomSeed),
  );
  // Identical records travel together; a blank record is an undervote, never counted.
  const ballots = groups.filter((g) => g.record.rankings.length > 0);
  const total = groups.reduce((s, g) => s + g.count, 0);
  const undervotes = total - ballots.reduce((s, g) => s + g.count, 0);
  const inactive = new Map<CastVoteRecord, Inactive>();
  const counts = { exhaustedChoices: 0, overvotes: 0, repeatedRankings: 0, skippedRankings: 0 };
  /** Each active group's candidate this round; recomputed only when theirs goes. */
  const holder = new Map<(typeof groups)[number], string>();
  const results: RctabRound[] = [];
  const history: Map<string, number>[] = [];
  let winner: string | undefined;
  let threshold = 0;

  const choice = ballotChoice(rules, continuing);

  const pick = tieBreaker(rules, candidates, random, history);

  /** How many a batch may take: never the last two when counting on until two remain. */
  const room = () =>
    rules.continueUntilTwoCandidatesRemain ? continuing.size - 2 : continuing.size;

  for (let round = 1; ; round++) {
    const tally = new Map([...continuing].map((c) => [c, 0]));
    for (const g of ballots) {
      if (inactive.has(g.record)) continue;
      let c = holder.get(g);
      if (c === undefined || !continuing.has(c)) {
        c = choice(g.record);
        if (!continuing.has(c)) {
          inactive.set(g.record, c as Inactive);
          counts[c as Inactive] += g.count;
          holder.delete(g);
          continue;
        }
        holder.set(g, c);
      }
      tally.set(c, tally.get(c)! + g.count);
    }
    history.push(tally);
    const active = [...tally.values()].reduce((s, v) => s + v, 0);
    // The threshold is frozen once the winner is known (continue until two remain),
    // or at round 1 when the config says the first round determines it.
    if (winner === undefined && (round === 1 || !rules.doesFirstRoundDetermineThreshold)) {
      threshold = Math.floor(active / 2) + 1;
    }
    const result: RctabRound = {
      round,
      tally: Object.fromEntries([...tally].map(([c, v]) => [c, String(v)])),
      tallyResults: [],
      inactiveBallots: Object.fromEntries(
        Object.entries(counts).map(([k, v]) => [k, String(v)]),
      ) as Record<Inactive, string>,
      threshold: String(threshold),
    };
    results.push(result);

    const sorted = [...tally].sort((a, b) => b[1] - a[1]);
    // Undeclared write-ins cannot win; with two left the leader wins even below the threshold.
    const eligible = sorted.filter(([c]) => c !== UWI);
    const top = eligible[0]?.[1] ?? 0;
    if (winner === undefined && eligible.length > 0 && (top >= threshold || continuing.size <= 2)) {
      winner = pick(
        eligible.filter(([, v]) => v === top).map(([c]) => c),
        round,
        true,
      );
      result.tallyResults.push({ elected: winner, transfers: {} } as never);
      if (!rules.continueUntilTwoCandidatesRemain || continuing.size <= 2) break;
      continue; // recount, then go on eliminating until two remain
    }
    if (winner !== undefined && continuing.size <= 2) break;

    // Who goes this round.
    let losers: string[];
    const below = Number(rules.minimumVoteThreshold ?? 0);
    if (round === 1 && (tally.get(UWI) ?? 0) > 0) losers = [UWI];
    else if (round === 1 && below > 0 && sorted.some(([, v]) => v < below))
      losers = sorted.filter(([, v]) => v < below).map(([c]) => c);
    else if (rules.batchElimination && batch(sorted, room()).length > 1)
      losers = batch(sorted, room());
    else {
      const low = sorted[sorted.length - 1]![1];
      losers = [
        pick(
          sorted.filter(([, v]) => v === low).map(([c]) => c),
          round,
        ),
      ];
    }
    const stop =
      rules.stopTabulationEarlyAfterRound && round >= Number(rules.stopTabulationEarlyAfterRound);
    losers.sort(); // RCTab lists a batch alphabetically
    for (const c of losers) continuing.delete(c);
    for (const loser of losers) {
      const transfers: Record<string, number> = {};
      for (const [g, c] of holder) {
        if (c !== loser || stop) continue; // a count stopped early moves no papers
        const next = choice(g.record);
        const key = continuing.has(next) ? next : 'exhausted';
        transfers[key] = (transfers[key] ?? 0) + g.count;
      }
      result.tallyResults.push({
        eliminated: loser,
        transfers: Object.fromEntries(Object.entries(transfers).map(([k, v]) => [k, String(v)])),
      } as never);
    }
    if (continuing.size === 0 || stop) break;
  }
  return { results, winner: winner ?? '', undervotes, ballots: total };
}

/**
 * Batch elimination: the largest group of lowest candidates whose combined
 * votes are fewer than the votes of the next candidate up (none of them could
 * overtake anyone by receiving the others' votes).
 */
function batch(sorted: [string, number][], most: number): string[] {
  let best: string[] = [];
  let sum = 0;
  const ascending = [...sorted].reverse();
  for (let k = 0; k < Math.min(ascending.length - 1, most); k++) {
    sum += ascending[k]![1];
    if (sum < ascending[k + 1]![1]) best = ascending.slice(0, k + 1).map(([c]) => c);
  }
  return best;
}

/** The ballot's choice given who is continuing, or why it is inactive. */
export function ballotChoice(
  rules: RctabRules,
  continuing: ReadonlySet<string>,
): (b: CastVoteRecord) => string | Inactive {
  const maxRanks =
    rules.maxRankingsAllowed === 'max'
      ? Number.POSITIVE_INFINITY
      : Number(rules.maxRankingsAllowed);
  const maxSkips =
    rules.maxSkippedRanksAllowed === 'unlimited'
      ? Number.POSITIVE_INFINITY
      : Number(rules.maxSkippedRanksAllowed);
  return (b) => {
    let last = 0;
    const seen = new Set<string>();
    for (const { rank, choices } of b.rankings) {
      if (rank > maxRanks) break;
      if (rank - last - 1 > maxSkips) return 'skippedRankings';
      last = rank;
      if (choices.length > 1 || choices[0] === OVERVOTE) {
        if (rules.overvoteRule === 'exhaustImmediately') return 'overvotes';
        if (rules.overvoteRule === 'alwaysSkipToNextRank') continue;
        const open = choices.filter((c) => continuing.has(c));
        if (open.length > 1) return 'overvotes';
        if (open.length === 1) return open[0]!;
        continue;
      }
      const c = choices[0]!;
      if (seen.has(c)) {
        if (rules.exhaustOnDuplicateCandidate) return 'repeatedRankings';
        continue;
      }
      seen.add(c);
      if (continuing.has(c)) return c;
    }
    return 'exhaustedChoices';
  };
}

/** Settles a tie by the config's tiebreakMode: the loser, or the winner if `winning`. */
export function tieBreaker(
  rules: RctabRules,
  candidates: readonly string[],
  random: JavaRandom,
  history: readonly ReadonlyMap<string, number>[],
): (tied: string[], round: number, winning?: boolean) => string {
  let permutation: string[] | undefined;
  return (tied, round, winning = false) => {
    if (tied.length === 1) return tied[0]!;
    const mode = rules.tiebreakMode;
    // In a list order, a winner is the earliest of the tied and a loser the latest.
    const byOrder = (order: string[]) =>
      tied.reduce((a, b) => (order.indexOf(b) > order.indexOf(a) !== winning ? b : a));
    if (mode === 'useCandidateOrder') return byOrder([...candidates]);
    if (mode === 'generatePermutation') {
      if (!permutation) {
        permutation = [...candidates].sort();
        random.shuffle(permutation);
      }
      return byOrder(permutation);
    }
    let pool = tied;
    if (mode === 'previousRoundCountsThenRandom') {
      // Back through the earlier rounds until one separates them.
      for (let r = round - 1; r >= 1 && pool.length > 1; r--) {
        const previous = history[r - 1]!;
        const votes = pool.map((c) => previous.get(c) ?? 0);
        const best = winning ? Math.max(...votes) : Math.min(...votes);
        pool = pool.filter((c) => (previous.get(c) ?? 0) === best);
      }
      if (pool.length === 1) return pool[0]!;
      // RCTab draws among those still in contention as a java.util.HashSet holds
      // them, unsorted (tiebreak_previous_round_counts_then_random_test).
      const held = javaHashSetOrder(pool);
      return held[Math.floor(random.nextDouble() * held.length)]!;
    }
    if (mode !== 'random') throw new Error(`tiebreakMode ${mode} needs a person to decide`);
    const sorted = [...pool].sort();
    return sorted[Math.floor(random.nextDouble() * sorted.length)]!;
  };
}

/**
 * The order in which `new java.util.HashSet<>(names)` iterates: by bucket,
 * (h ^ h >>> 16) & (capacity - 1) of String.hashCode, then insertion order.
 */
export function javaHashSetOrder(names: readonly string[]): string[] {
  let capacity = 16;
  while (capacity < Math.floor(names.length / 0.75) + 1) capacity *= 2;
  const bucket = (name: string) => {
    let h = 0;
    for (let i = 0; i < name.length; i++) h = (Math.imul(31, h) + name.charCodeAt(i)) | 0;
    return (h ^ (h >>> 16)) & (capacity - 1);
  };
  return names
    .map((name, i) => ({ name, i, b: bucket(name) }))
    .sort((x, y) => x.b - y.b || x.i - y.i)
    .map((x) => x.name);
}
