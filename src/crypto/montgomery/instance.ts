/**
 * What the comb and the multi-exponentiation share on the JavaScript side of
 * the Montgomery module (module.ts): compiling it once per limb count, an
 * instance with enough memory, the modulus's constants, and limbs in and out
 * of linear memory by way of hexadecimal (one string per number: far cheaper
 * than shifting a bigint 28 bits at a time).
 *
 * Compiled synchronously: where WebAssembly or its SIMD instructions are
 * missing, or a browser's main thread refuses a synchronous compile, there is
 * no module and the callers keep their bigint or native arithmetic.
 */
import { LIMB_BITS, layout, montgomeryModule } from './module.ts';

/** Hex digits per limb: 28 bits are exactly 7. */
const HEX = LIMB_BITS / 4;

const modules = new Map<number, WebAssembly.Module | undefined>();

/**
 * The limb count for an odd p (the smallest even n with R = 2^(28n) > 4p) and
 * its compiled module, or undefined where this arithmetic is not available or
 * does not fit p (even, or too large for 128 limbs).
 */
export function moduleFor(p: bigint): { n: number; module: WebAssembly.Module } | undefined {
  if (typeof WebAssembly === 'undefined' || p < 3n || p % 2n === 0n) return undefined;
  let n = Math.ceil((p.toString(2).length + 2) / LIMB_BITS);
  n += n % 2;
  if (n > 128) return undefined;
  if (!modules.has(n)) {
    let module: WebAssembly.Module | undefined;
    try {
      module = new WebAssembly.Module(montgomeryModule(n) as BufferSource);
    } catch {
      module = undefined;
    }
    modules.set(n, module);
  }
  const module = modules.get(n);
  return module && { n, module };
}

/** An instance with memory for `bytes`, or undefined where there is none (no memory, say). */
export function instantiate<T extends { memory: WebAssembly.Memory }>(
  module: WebAssembly.Module,
  bytes: number,
): T | undefined {
  try {
    const x = new WebAssembly.Instance(module, {}).exports as unknown as T;
    grow(x.memory, bytes);
    return x;
  } catch {
    return undefined;
  }
}

/** Grows memory to at least `bytes` (throws a RangeError where it cannot). */
export function grow(memory: WebAssembly.Memory, bytes: number): void {
  memory.grow(Math.max(0, Math.ceil((bytes - memory.buffer.byteLength) / 65536)));
}

/** x (0 ≤ x < 2^(28n)) as n limbs at byte address `at`. */
export function writeLimbs(words: Uint32Array, at: number, x: bigint, n: number): void {
  const hex = x.toString(16).padStart(n * HEX, '0');
  for (let j = 0; j < n; j++) {
    const end = hex.length - HEX * j;
    words[(at >> 2) + j] = Number.parseInt(hex.slice(end - HEX, end), 16);
  }
}

export function readLimbs(words: Uint32Array, at: number, n: number): bigint {
  let hex = '0x';
  for (let j = n - 1; j >= 0; j--) hex += words[(at >> 2) + j]!.toString(16).padStart(HEX, '0');
  return BigInt(hex);
}

/** Nibble values of '0'–'9' and 'a'–'f' by character code. */
export const NIBBLE = new Uint8Array(128);
for (let i = 0; i < 16; i++) NIBBLE[i.toString(16).charCodeAt(0)] = i;

/** p in both alignments, 1, and −p⁻¹ mod 2^28, where the module expects them. */
export function writeModulus(words: Uint32Array, p: bigint, n: number): void {
  const L = layout(n);
  writeLimbs(words, L.P_EVEN, p, n);
  writeLimbs(words, L.P_ODD + 4, p, n);
  writeLimbs(words, L.ONE, 1n, n);
  // −p⁻¹ mod 2^28 by Newton's iteration from p, its own inverse modulo 8: each
  // step doubles the number of correct low bits.
  const r28 = 1n << BigInt(LIMB_BITS);
  let inv = p;
  for (let i = 0; i < 5; i++) inv = (inv * (2n - p * inv)) % r28;
  words[L.PINV >> 2] = Number((r28 - ((inv + r28) % r28)) % r28);
}
