import type { Election } from '../election.ts';
import { checkSeats } from '../prepare.ts';
import type { CountOptions, CountReport, RoundReport } from '../report.ts';
import { countIrv } from './irv.ts';

/**
 * Sequential instant runoff, for several seats: an instant-runoff count for
 * the first seat; then the winner is set aside (as if withdrawn) and the
 * ballots are counted again, from their first preferences, for the next
 * seat; and so on. The report's rounds run on across the counts, each count's
 * first round noting which seat it fills.
 */
export function countSequentialIrv(election: Election, options: CountOptions): CountReport {
  const seats = checkSeats(election, options);
  const elected: number[] = [];
  const rounds: RoundReport[] = [];
  const tieBreaks: CountReport['tieBreaks'][number][] = [];
  let last: CountReport | undefined;
  for (let seat = 1; seat <= seats; seat++) {
    const remaining: Election = {
      ...election,
      candidates: election.candidates.map((c, i) =>
        elected.includes(i) ? { ...c, withdrawn: true } : c,
      ),
    };
    const count = countIrv(remaining, { ...options, seats: 1, seed: `${options.seed}:${seat}` });
    const offset = rounds.length;
    count.rounds.forEach((r, k) => {
      const notes = k === 0 ? [`Count for seat ${seat}`, ...r.notes] : r.notes;
      rounds.push({ ...r, round: offset + r.round, notes });
    });
    tieBreaks.push(...count.tieBreaks.map((t) => ({ ...t, round: offset + t.round })));
    elected.push(...count.elected);
    last = count;
  }
  return {
    ...last!,
    method: 'sequential-irv',
    seats,
    candidates: election.candidates.map((c) => ({
      name: c.name,
      groups: c.groups,
      withdrawn: c.withdrawn,
    })),
    elected,
    rounds,
    seed: options.seed,
    tieBreaks,
    notes: [
      'Sequential instant runoff: one count per seat, each setting aside the winners before it',
    ],
  };
}
