/**
 * Products of powers Π base_j^k_j modulo an odd prime p in WebAssembly (the
 * bucket method of module.ts's multiPow): the bases (and for long exponents
 * their inverses) go into linear memory once, the exponents as c-bit digits,
 * and the bigint work left is those conversions, the inverses (Montgomery's
 * trick: three products per base and one inversion) and the result. One
 * instance per modulus, its memory grown to the longest product so far and
 * reused.
 */
import { modInverseMany } from '../modular.ts';
import {
  grow,
  instantiate,
  moduleFor,
  NIBBLE,
  readLimbs,
  writeLimbs,
  writeModulus,
} from './instance.ts';
import { layout, multiPowLayout } from './module.ts';

interface MultiPowExports {
  memory: WebAssembly.Memory;
  multiPow(
    bases: number,
    count: number,
    stride: number,
    buckets: number,
    top: number,
    c: number,
    windows: number,
    digits: number,
    secret: number,
    out: number,
  ): void;
}

/**
 * Π bases[j]^exps[j] mod p for exponents in [0, 2^bits) and bases that are not
 * multiples of p (a RangeError otherwise). With `secret`, the WebAssembly does
 * the same operations whatever the exponents (module.ts), so `bits` must then
 * not depend on them either (the bit length of the group order, say).
 */
export type MontgomeryMultiPow = (
  bases: readonly bigint[],
  exps: readonly bigint[],
  bits: number,
  secret: boolean,
) => bigint;

/**
 * Per-base work besides the buckets, in Montgomery products (~3.1 µs each, on
 * 2,048-bit p), measured: the conversion into Montgomery form and the limbs
 * and digits written from JavaScript; with signed digits, the inverse's as
 * well and its three bigint products.
 */
const PER_BASE = 4;
const PER_BASE_SIGNED = 15;
/** The one inversion of Montgomery's trick, ~1.2 ms in bigint. */
const INVERSION = 400;

/**
 * The window width c and digits (signed or not) for `count` bases and
 * `bits`-bit exponents, and the number of Montgomery products that costs: per
 * window, c squarings, one product per base and 2·top to combine the buckets
 * (top = 2^c − 1, or 2^(c−1) signed, with one more window for the carry), plus
 * the per-base work and, signed, one inversion. Signed digits pay for long
 * exponents: at 2047 bits c is 6 for 250 bases, 7 for 500 and 8 for 1,000, all
 * signed; at 64 and 256 bits unsigned.
 */
export function multiPowWindow(
  count: number,
  bits: number,
): { c: number; signed: boolean; products: number } {
  let best = { c: 1, signed: false, products: Number.POSITIVE_INFINITY };
  for (let c = 1; c <= 13; c++) {
    for (const signed of [false, true]) {
      const windows = Math.ceil((signed ? bits + 1 : bits) / c);
      const top = signed ? 2 ** (c - 1) : 2 ** c - 1;
      const products =
        windows * (c + count + 2 * top) +
        (signed ? INVERSION + count * PER_BASE_SIGNED : count * PER_BASE);
      if (products < best.products) best = { c, signed, products };
    }
  }
  return best;
}

/** The multi-exponentiation modulo p, or undefined where WebAssembly with SIMD is missing. */
export function montgomeryMultiPow(p: bigint): MontgomeryMultiPow | undefined {
  const compiled = moduleFor(p);
  if (!compiled) return undefined;
  const { n, module } = compiled;
  const L = layout(n);
  const M = multiPowLayout(n);
  const x = instantiate<MultiPowExports>(module, M.FREE);
  if (!x) return undefined;
  writeModulus(new Uint32Array(x.memory.buffer), p, n);
  const R = 1n << BigInt(28 * n);
  writeLimbs(new Uint32Array(x.memory.buffer), M.R2, (R * R) % p, n);
  writeLimbs(new Uint32Array(x.memory.buffer), M.R1, R % p, n);

  return (bases, exps, bits, secret) => {
    if (bases.length !== exps.length) throw new RangeError('multiPow: length mismatch');
    const count = bases.length;
    if (count === 0 || bits === 0) return 1n % p;
    const { c, signed } = multiPowWindow(count, bits);
    const windows = Math.ceil((signed ? bits + 1 : bits) / c);
    const top = signed ? 1 << (c - 1) : (1 << c) - 1;
    const stride = signed ? 2 * L.ENTRY : L.ENTRY;
    const buckets = M.FREE + count * stride;
    const digits = buckets + (top + 1) * L.ENTRY;
    grow(x.memory, digits + 2 * windows * count);
    const words = new Uint32Array(x.memory.buffer);
    const rows = new Uint16Array(x.memory.buffer, digits, windows * count);
    const reduced = bases.map((b) => ((b % p) + p) % p);
    if (signed) {
      // Each base and its inverse, all inverted at once (modInverseMany refuses
      // a multiple of p).
      const inverses = modInverseMany(reduced, p);
      for (let j = 0; j < count; j++)
        writeLimbs(words, M.FREE + j * stride + L.ENTRY, inverses[j]!, n);
    } else if (reduced.includes(0n)) throw new RangeError('multiPow: a base is a multiple of p');
    for (let j = 0; j < count; j++) writeLimbs(words, M.FREE + j * stride, reduced[j]!, n);

    const mask = (1 << c) - 1;
    // Digits up to top are kept, larger ones less 2^c carry 1 into the next
    // window: signed digits are in (−2^(c−1), 2^(c−1)], and the top window's
    // stays below 2^(c−1) (windows·c > bits), so nothing is left over. Without
    // a sign (top = 2^c − 1) nothing carries.
    // Exactly `windows` digits per exponent (4·width ≥ windows·c), from as many
    // hex digits whatever its value, and no branch on their values.
    const width = Math.ceil((windows * c) / 4);
    for (let j = 0; j < count; j++) {
      const k = exps[j]!;
      if (k < 0n || k >> BigInt(bits) !== 0n)
        throw new RangeError('multiPow: exponent out of range');
      const hex = k.toString(16).padStart(width, '0');
      let acc = 0;
      let accBits = 0;
      let carry = 0;
      let w = 0;
      for (let h = hex.length - 1; h >= 0; h--) {
        acc |= NIBBLE[hex.charCodeAt(h)]! << accBits;
        accBits += 4;
        while (accBits >= c && w < windows) {
          const digit = (acc & mask) + carry;
          carry = (digit + mask - top) >>> c;
          const value = digit - (carry << c);
          const negative = value >>> 31;
          rows[w++ * count + j] = (((value ^ -negative) + negative) << 1) | negative;
          acc >>>= c;
          accBits -= c;
        }
      }
    }
    x.multiPow(M.FREE, count, stride, buckets, top, c, windows, digits, secret ? 1 : 0, L.SCRATCH);
    // Below p + 1 (module.ts), and not p: the bases are invertible.
    return readLimbs(words, L.SCRATCH, n);
  };
}
