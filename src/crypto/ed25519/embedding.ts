import { CryptoError, ensure } from '../errors.ts';
import type { Embedding } from '../group.ts';

/**
 * The embedding of small integers in Ed25519 for non-homomorphic answers
 * (spec 4.0 §"Ed25519"): 8 bits per integer, shifted by 14 bits of padding,
 * then the smallest ε for which the 256-bit integer is the encoding of a point
 * of the prime-order subgroup. One definition for both implementations of the
 * group: `point(z)` is that point or undefined, `integer(P)` its encoding.
 */
export function ed25519Embedding<P>(
  point: (z: bigint) => P | undefined,
  integer: (p: P) => bigint,
): Embedding<P> {
  return {
    bitsPerInt: 8,
    padding: 14,
    encode(values) {
      let v = 0n;
      for (const value of values) {
        ensure(
          Number.isInteger(value) && value >= 0 && value < 256,
          'embedding.encode',
          `expected an integer in [0, 256), got ${value}`,
        );
        v = (v << 8n) | BigInt(value);
      }
      v <<= 14n;
      for (let e = 0n; e < 1n << 14n; e++) {
        const p = point(v + e);
        if (p !== undefined) return p;
      }
      throw new CryptoError('embedding.encode', `no group element encodes ${values.join(',')}`);
    },
    decode(element, count) {
      let v = integer(element) >> 14n;
      const out: number[] = new Array(count);
      for (let i = count - 1; i >= 0; i--) {
        out[i] = Number(v & 255n);
        v >>= 8n;
      }
      return out;
    },
  };
}
