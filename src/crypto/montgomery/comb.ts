/**
 * Fixed-base comb exponentiation modulo an odd p in WebAssembly (module.ts):
 * the table lives in the instance's linear memory in Montgomery form, so that
 * an exponentiation converts the exponent's digits in and the result out and
 * does no other bigint work. Each table has its own instance and memory, which
 * the garbage collector frees with the table (linear memory cannot shrink).
 */
import { instantiate, moduleFor, NIBBLE, readLimbs, writeLimbs, writeModulus } from './instance.ts';
import { LIMB_BITS, layout } from './module.ts';

interface CombExports {
  memory: WebAssembly.Memory;
  build(rows: number, size: number): void;
  comb(count: number, rowBytes: number, out: number): void;
}

/**
 * A comb for base^k mod p with w-bit digits (w ≤ 8) and exponents below
 * 2^(w·⌈maxBits/w⌉), or undefined where this arithmetic is not available or
 * does not fit p (even, or too large for 128 limbs). The table takes
 * ⌈maxBits/w⌉ · (2^w − 1) · 4n bytes: 19 MB for a 2047-bit exponent with
 * w = 8, 6.4 MB with w = 6 (n = 74 for p of 2,048 bits).
 */
export function montgomeryComb(
  base: bigint,
  maxBits: number,
  p: bigint,
  w: number,
): ((k: bigint) => bigint) | undefined {
  if (w < 1 || w > 8) return undefined;
  const compiled = moduleFor(p);
  if (!compiled) return undefined;
  const { n, module } = compiled;
  const L = layout(n);
  const rows = Math.ceil(maxBits / w);
  // An exponent has at most rows + 1 digits (the last zero), one byte each.
  if (rows + 1 > L.TABLE - L.DIGITS) return undefined;
  const size = 1 << w;
  const rowBytes = (size - 1) * L.ENTRY;
  const x = instantiate<CombExports>(module, L.TABLE + rows * rowBytes);
  if (!x) return undefined;
  const words = new Uint32Array(x.memory.buffer);
  const bytes = new Uint8Array(x.memory.buffer);

  writeModulus(words, p, n);
  const R = 1n << BigInt(LIMB_BITS * n);
  writeLimbs(words, L.TABLE, ((((base % p) + p) % p) * R) % p, n);
  x.build(rows, size);

  const mask = size - 1;
  const bits = BigInt(w * rows);
  return (k) => {
    if (k < 0n || k >> bits !== 0n) throw new RangeError('montgomeryComb: exponent out of range');
    if (k === 0n) return 1n % p;
    const hex = k.toString(16);
    let acc = 0;
    let accBits = 0;
    let count = 0;
    for (let h = hex.length - 1; h >= 0; h--) {
      acc |= NIBBLE[hex.charCodeAt(h)]! << accBits;
      accBits += 4;
      while (accBits >= w) {
        bytes[L.DIGITS + count++] = acc & mask;
        acc >>>= w;
        accBits -= w;
      }
    }
    if (accBits > 0) bytes[L.DIGITS + count++] = acc;
    x.comb(count, rowBytes, L.SCRATCH);
    // At most p, and p only for a multiple of p: a composite p and a base sharing a factor.
    const result = readLimbs(words, L.SCRATCH, n);
    return result === p ? 0n : result;
  };
}
