/**
 * Fixed-base comb exponentiation modulo an odd p in WebAssembly (module.ts):
 * the table lives in the instance's linear memory in Montgomery form, so that
 * an exponentiation converts the exponent's digits in and the result out and
 * does no other bigint work. Each table has its own instance and memory, which
 * the garbage collector frees with the table (linear memory cannot shrink).
 *
 * Compiled synchronously: where WebAssembly or its SIMD instructions are
 * missing, or a browser's main thread refuses a synchronous compile, there is
 * no comb here and the caller keeps its bigint one.
 */
import { LIMB_BITS, layout, montgomeryModule } from './module.ts';

interface CombExports {
  memory: WebAssembly.Memory;
  build(rows: number, size: number): void;
  comb(count: number, rowBytes: number, out: number): void;
}

/** Hex digits per limb: 28 bits are exactly 7. */
const HEX = LIMB_BITS / 4;

const modules = new Map<number, WebAssembly.Module | undefined>();

/** The module for n limbs, compiled once; undefined where it does not compile. */
function compiled(n: number): WebAssembly.Module | undefined {
  if (!modules.has(n)) {
    let module: WebAssembly.Module | undefined;
    try {
      module = new WebAssembly.Module(montgomeryModule(n) as BufferSource);
    } catch {
      module = undefined;
    }
    modules.set(n, module);
  }
  return modules.get(n);
}

/** An instance with memory for `bytes`, or undefined where there is none (no memory, say). */
function instantiate(module: WebAssembly.Module, bytes: number): CombExports | undefined {
  try {
    const x = new WebAssembly.Instance(module, {}).exports as unknown as CombExports;
    x.memory.grow(Math.max(0, Math.ceil((bytes - x.memory.buffer.byteLength) / 65536)));
    return x;
  } catch {
    return undefined;
  }
}

/** x (0 ≤ x < 2^(28n)) as n limbs at byte address `at`. */
function writeLimbs(words: Uint32Array, at: number, x: bigint, n: number): void {
  const hex = x.toString(16).padStart(n * HEX, '0');
  for (let j = 0; j < n; j++) {
    const end = hex.length - HEX * j;
    words[(at >> 2) + j] = Number.parseInt(hex.slice(end - HEX, end), 16);
  }
}

function readLimbs(words: Uint32Array, at: number, n: number): bigint {
  let hex = '0x';
  for (let j = n - 1; j >= 0; j--) hex += words[(at >> 2) + j]!.toString(16).padStart(HEX, '0');
  return BigInt(hex);
}

/** Nibble values of '0'–'9' and 'a'–'f' by character code. */
const NIBBLE = new Uint8Array(128);
for (let i = 0; i < 16; i++) NIBBLE[i.toString(16).charCodeAt(0)] = i;

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
  if (typeof WebAssembly === 'undefined' || p < 3n || p % 2n === 0n || w < 1 || w > 8) {
    return undefined;
  }
  // The smallest even n with R = 2^(28n) > 4p.
  let n = Math.ceil((p.toString(2).length + 2) / LIMB_BITS);
  n += n % 2;
  if (n > 128) return undefined;
  const module = compiled(n);
  if (!module) return undefined;
  const L = layout(n);
  const rows = Math.ceil(maxBits / w);
  // An exponent has at most rows + 1 digits (the last zero), one byte each.
  if (rows + 1 > L.TABLE - L.DIGITS) return undefined;
  const size = 1 << w;
  const rowBytes = (size - 1) * L.ENTRY;
  const x = instantiate(module, L.TABLE + rows * rowBytes);
  if (!x) return undefined;
  const words = new Uint32Array(x.memory.buffer);
  const bytes = new Uint8Array(x.memory.buffer);

  writeLimbs(words, L.P_EVEN, p, n);
  writeLimbs(words, L.P_ODD + 4, p, n);
  writeLimbs(words, L.ONE, 1n, n);
  // −p⁻¹ mod 2^28 by Newton's iteration from p, its own inverse modulo 8: each
  // step doubles the number of correct low bits.
  const r28 = 1n << BigInt(LIMB_BITS);
  let inv = p;
  for (let i = 0; i < 5; i++) inv = (inv * (2n - p * inv)) % r28;
  words[L.PINV >> 2] = Number((r28 - ((inv + r28) % r28)) % r28);
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
