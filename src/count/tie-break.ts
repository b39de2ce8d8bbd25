/**
 * Ties: the rule book's own tie-break first (the candidates' votes at earlier
 * stages), then a draw by lot. The lot is a seeded pseudo-random draw so that
 * anyone holding the seed printed in the report can repeat it exactly:
 *
 *   state = FNV-1a-64(UTF-8 bytes of the seed); each draw advances SplitMix64
 *   once and takes (output mod n) for n tied candidates sorted by ballot
 *   position, redrawing when the output falls in the biased top remainder.
 */

/** How one tie was settled, for the report. */
export interface TieBreakRecord {
  readonly round: number;
  /** What was being decided: `exclusion`, `surplus order`, `election`... */
  readonly purpose: string;
  readonly tied: readonly number[];
  readonly chosen: number;
  /** `stage 3` (settled by votes at an earlier stage) or `lot`. */
  readonly by: string;
}

const MASK64 = (1n << 64n) - 1n;

export class TieBreaker {
  readonly records: TieBreakRecord[] = [];
  private state: bigint;

  /**
   * `order`, when given, replaces the draw: the tied candidate earliest in it is
   * chosen, as a lot drawn before the count (Droop's `[tie ...]` option).
   */
  constructor(
    readonly seed: string,
    private readonly order?: readonly number[],
  ) {
    let h = 0xcbf29ce484222325n;
    for (const byte of new TextEncoder().encode(seed)) {
      h = ((h ^ BigInt(byte)) * 0x100000001b3n) & MASK64;
    }
    this.state = h;
  }

  /** The next 64-bit output of SplitMix64. */
  private next(): bigint {
    this.state = (this.state + 0x9e3779b97f4a7c15n) & MASK64;
    let z = this.state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
    return z ^ (z >> 31n);
  }

  /** Draws one of `tied` by lot and records it. */
  draw(tied: readonly number[], round: number, purpose: string): number {
    const sorted = [...tied].sort((a, b) => a - b);
    if (this.order) {
      const rank = (c: number) =>
        this.order!.includes(c) ? this.order!.indexOf(c) : this.order!.length + c;
      const chosen = sorted.reduce((best, c) => (rank(c) < rank(best) ? c : best));
      this.records.push({ round, purpose, tied: sorted, chosen, by: 'tie order' });
      return chosen;
    }
    const n = BigInt(sorted.length);
    const limit = (1n << 64n) - ((1n << 64n) % n);
    let r = this.next();
    while (r >= limit) r = this.next();
    const chosen = sorted[Number(r % n)]!;
    this.records.push({ round, purpose, tied: sorted, chosen, by: 'lot' });
    return chosen;
  }

  /**
   * Picks the candidate with the `want`est votes among `tied`, settling equal
   * votes by the votes at earlier stages (`history[k][c]` = candidate c's votes
   * at stage k + 1), looking `backwards` from the most recent stage (Scottish
   * order) or `forwards` from the first (ERS97), then by lot.
   */
  pick<T>(
    tied: readonly number[],
    history: readonly (readonly T[])[],
    cmp: (a: T, b: T) => number,
    options: {
      want: 'highest' | 'lowest';
      direction: 'backwards' | 'forwards' | 'none';
      round: number;
      purpose: string;
    },
  ): number {
    if (tied.length === 1) return tied[0]!;
    let left = [...tied];
    const stages = history.map((_, k) => k);
    if (options.direction === 'backwards') stages.reverse();
    if (options.direction !== 'none') {
      for (const k of stages) {
        const votes = history[k]!;
        let best = left[0]!;
        for (const c of left) {
          const s = cmp(votes[c]!, votes[best]!);
          if (options.want === 'highest' ? s > 0 : s < 0) best = c;
        }
        const narrowed = left.filter((c) => cmp(votes[c]!, votes[best]!) === 0);
        if (narrowed.length < left.length) {
          left = narrowed;
          if (left.length === 1) {
            this.records.push({
              round: options.round,
              purpose: options.purpose,
              tied: [...tied],
              chosen: left[0]!,
              by: `stage ${k + 1}`,
            });
            return left[0]!;
          }
        }
      }
    }
    return this.draw(left, options.round, options.purpose);
  }
}

/** A fresh seed for a count run without `--seed`: printed so the draw can be repeated. */
export function freshSeed(): string {
  return String(Math.floor(Math.random() * 1e9)).padStart(9, '0');
}
