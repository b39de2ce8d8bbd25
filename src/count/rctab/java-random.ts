/**
 * `java.util.Random`, bit for bit: RCTab breaks ties with it (config
 * documentation, tiebreakMode "random" and "generatePermutation"), so a count
 * that is to match RCTab must draw the same numbers from the same seed.
 */
const MULTIPLIER = 0x5deece66dn;
const MASK = (1n << 48n) - 1n;

export class JavaRandom {
  private seed: bigint;

  constructor(seed: bigint) {
    this.seed = (BigInt.asIntN(64, seed) ^ MULTIPLIER) & MASK;
  }

  /** `next(bits)`: the top `bits` bits of the next state, as a signed 32-bit int. */
  private next(bits: number): number {
    this.seed = (this.seed * MULTIPLIER + 0xbn) & MASK;
    return Number(BigInt.asIntN(32, this.seed >> BigInt(48 - bits)));
  }

  nextDouble(): number {
    const high = BigInt(this.next(26));
    const low = BigInt(this.next(27));
    return Number((high << 27n) + low) / 2 ** 53;
  }

  nextInt(bound: number): number {
    if ((bound & -bound) === bound) return Number((BigInt(bound) * BigInt(this.next(31))) >> 31n);
    for (;;) {
      const bits = this.next(31);
      const value = bits % bound;
      if (bits - value + (bound - 1) < 2 ** 31) return value;
    }
  }

  /** `Collections.shuffle(list, random)`. */
  shuffle<T>(list: T[]): void {
    for (let i = list.length; i > 1; i--) {
      const j = this.nextInt(i);
      [list[i - 1], list[j]] = [list[j]!, list[i - 1]!];
    }
  }
}
