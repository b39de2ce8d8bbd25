import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { ensure } from './errors.ts';
import { bytesToBigint } from './hash.ts';

/** A source of random bytes. */
export type RandomBytes = (length: number) => Uint8Array;

/** The operating system's cryptographically secure generator. */
export const systemRandom: RandomBytes = (length) => {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i += 65536) crypto.getRandomValues(out.subarray(i, i + 65536));
  return out;
};

/**
 * A deterministic generator for reproducible demonstrations (`--seed`): SHA-256
 * in counter mode over the seed. Never use it for a real election: anyone who
 * knows the seed knows every secret.
 */
export function seededRandom(seed: string): RandomBytes {
  const key = sha256(utf8ToBytes(`grassroots seeded random|${seed}`));
  let counter = 0n;
  let pool = new Uint8Array(0);
  return (length) => {
    while (pool.length < length) {
      const block = new Uint8Array(8);
      new DataView(block.buffer).setBigUint64(0, counter++);
      pool = concatBytes(pool, sha256(concatBytes(key, block)));
    }
    const out = pool.slice(0, length);
    pool = pool.slice(length);
    return out;
  };
}

/**
 * A uniform integer in [0, bound) by rejection sampling: draw as many bits as
 * the bound has and retry when the draw is too large, so no value is favoured
 * (reducing a wider draw modulo the bound would bias small values).
 */
export function randomBelow(bound: bigint, random: RandomBytes): bigint {
  ensure(bound > 0n, 'randomBelow', `expected a positive bound, got ${bound}`);
  const bits = bound.toString(2).length;
  const bytes = Math.ceil(bits / 8);
  const mask = (1n << BigInt(bits)) - 1n;
  for (;;) {
    const x = bytesToBigint(random(bytes)) & mask;
    if (x < bound) return x;
  }
}

/** A uniform non-zero integer in [1, bound). */
export function randomNonZeroBelow(bound: bigint, random: RandomBytes): bigint {
  for (;;) {
    const x = randomBelow(bound, random);
    if (x !== 0n) return x;
  }
}

/** A uniform index in [0, n). */
export function randomIndex(n: number, random: RandomBytes): number {
  return Number(randomBelow(BigInt(n), random));
}
