import type { Election } from '../election.ts';
import { CountInputError } from '../errors.ts';
import { checkSeats } from '../prepare.ts';
import type { RctabConfig } from '../rctab/config.ts';
import type { CastVoteRecord } from '../rctab/cvr.ts';
import { Decimal } from '../rctab/decimal.ts';
import { tabulateRctabMulti } from '../rctab/multi-winner.ts';
import type { CountOptions, CountReport, RoundReport } from '../report.ts';

/**
 * RCTab's multi-seat STV (winnerElectionMode
 * `multiWinnerAllowMultipleWinnersPerRound`), as it counts its regression
 * cases (`rctab/multi-winner.ts`):
 *
 * - Threshold floor(V/(S+1)) + 1 from the first round's votes.
 * - Everyone at or above it is elected; their papers go on at
 *   surplus/votes, 4 decimal places rounded down, each paper's onward value
 *   rounded down too; what rounding keeps back stays with the winner.
 * - Otherwise the lowest is excluded (a tie: a draw by java.util.Random, as
 *   RCTab's `random` mode, seeded from the count's seed).
 * - An equal preference (`=`) exhausts the paper if it names two or more
 *   continuing candidates (RCTab's `exhaustIfMultipleContinuing`).
 * - Once the seats are full, one more round moves the last surpluses.
 *
 * A ballot's weight is how many identical papers it stands for: it must be
 * a whole number, since RCTab rounds paper by paper.
 */
export function countRctabMulti(election: Election, options: CountOptions): CountReport {
  const seats = checkSeats(election, options);
  const names = election.candidates.map((c) => c.name);
  const groups: { record: CastVoteRecord; count: number }[] = [];
  let invalid = 0;
  election.ballots.forEach((b, k) => {
    if (b.weight.d !== 1n || b.weight.n < 0n)
      throw new CountInputError(
        `rctab-multi counts whole papers, but ballot ${k + 1} has weight ${b.weight.toString()}: use fractional-droop for fractional weights`,
      );
    const record = {
      rankings: b.ranking.map((g, i) => ({ rank: i + 1, choices: g.map((c) => names[c]!) })),
    };
    if (b.ranking.length === 0) invalid += Number(b.weight.n);
    groups.push({ record, count: Number(b.weight.n) });
  });
  const seed = fnv1a(options.seed);
  const config: RctabConfig = {
    cvrFileSources: [],
    candidates: election.candidates.map((c) => ({ name: c.name, excluded: c.withdrawn })),
    rules: {
      winnerElectionMode: 'multiWinnerAllowMultipleWinnersPerRound',
      tiebreakMode: 'random',
      randomSeed: String(seed),
      overvoteRule: 'exhaustIfMultipleContinuing',
      numberOfWinners: String(seats),
      decimalPlacesForVoteArithmetic: '4',
      maxSkippedRanksAllowed: 'unlimited',
      maxRankingsAllowed: 'max',
    },
  };
  const { results, winners } = tabulateRctabMulti(config, groups, names);
  const valid = Decimal.of(groups.reduce((s, g) => s + g.count, 0) - invalid);
  const index = (name: string) => names.indexOf(name);
  const rounds: RoundReport[] = results.map((r, k) => {
    const tallies = names.map((n) => Decimal.parse(r.tally[n] ?? '0'));
    const before = k > 0 ? results[k - 1]! : undefined;
    const moved = before?.tallyResults ?? [];
    const electedBefore = moved.flatMap((t) => ('elected' in t ? [index(t.elected)] : []));
    const excludedBefore = moved.flatMap((t) => ('eliminated' in t ? [index(t.eliminated)] : []));
    return {
      round: r.round,
      action:
        k === 0
          ? { kind: 'first-preferences' }
          : electedBefore.length > 0
            ? { kind: 'surplus', candidate: electedBefore[0]! }
            : { kind: 'exclusion', candidates: excludedBefore },
      tallies: tallies.map((t) => t.toString()),
      ...(before
        ? {
            transfers: names.map((n, i) =>
              tallies[i]!.sub(Decimal.parse(before.tally[n] ?? '0')).toString(),
            ),
          }
        : {}),
      exhausted: valid.sub(tallies.reduce((s, t) => s.add(t), Decimal.ZERO)).toString(),
      elected: r.tallyResults.flatMap((t) => ('elected' in t ? [index(t.elected)] : [])),
      excluded: r.tallyResults.flatMap((t) => ('eliminated' in t ? [index(t.eliminated)] : [])),
      quota: r.threshold,
      notes: [],
    };
  });
  return {
    method: 'rctab-multi',
    title: election.title,
    seats,
    candidates: election.candidates.map((c) => ({
      name: c.name,
      groups: c.groups,
      withdrawn: c.withdrawn,
    })),
    arithmetic: 'fixed point, 4 decimal places, rounded down (RCTab)',
    valid: valid.toString(),
    invalid: String(invalid),
    quota: results[0]?.threshold ?? '0',
    elected: winners.map(index),
    rounds,
    seed: options.seed,
    tieBreaks: [],
    notes: [
      `RCTab multi-winner STV; ties drawn by java.util.Random seeded ${seed} (FNV-1a of the seed)`,
    ],
  };
}

/** The 64-bit FNV-1a hash of the seed's UTF-8 bytes, as a signed Java long. */
function fnv1a(seed: string): bigint {
  let h = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(seed)) {
    h = ((h ^ BigInt(byte)) * 0x100000001b3n) & ((1n << 64n) - 1n);
  }
  return BigInt.asIntN(64, h);
}
