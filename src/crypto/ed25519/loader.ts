/**
 * Compiles the generated module and gives JavaScript access to its memory:
 * field elements to and from bigints and bytes, a bump allocator for the
 * chains and tables. Compiled synchronously: Chromium refuses that on a
 * page's main thread for modules over 4 KB, so `loadEd25519` returns
 * undefined there and the caller falls back to @noble/curves.
 */
import { type Ed25519Exports, ed25519Module, LAYOUT } from './points.ts';

const P = 2n ** 255n - 19n;
const D = (-121665n * modInverse(121666n)) % P;
/** √−1 = 2^((p−1)/4) (RFC 8032 §5.1.1). */
const SQRTM1 = modPow(2n, (P - 1n) / 4n);

function modPow(b: bigint, e: bigint): bigint {
  let r = 1n;
  let x = b % P;
  for (let k = e; k > 0n; k >>= 1n) {
    if (k & 1n) r = (r * x) % P;
    x = (x * x) % P;
  }
  return r;
}

function modInverse(a: bigint): bigint {
  return modPow(((a % P) + P) % P, P - 2n);
}

/** Limb i starts at bit ⌈25.5·i⌉. */
export const LIMB_SHIFT = [0, 26, 51, 77, 102, 128, 153, 179, 204, 230];
const LIMB_BITS = [26, 25, 26, 25, 26, 25, 26, 25, 26, 25];

export class Ed25519Wasm {
  readonly x: Ed25519Exports;
  private i32: Int32Array;
  private u8: Uint8Array;
  private top: number = LAYOUT.HEAP;

  constructor(instance: WebAssembly.Instance) {
    this.x = { ...instance.exports } as unknown as Ed25519Exports;
    this.i32 = new Int32Array(this.x.memory.buffer);
    this.u8 = new Uint8Array(this.x.memory.buffer);
    this.writeField(LAYOUT.D2, (2n * D) % P);
    this.writeField(LAYOUT.D, D);
    this.writeField(LAYOUT.SQRTM1, SQRTM1);
    this.writeField(LAYOUT.ZERO, 0n);
    this.writeField(LAYOUT.ONE, 1n);
  }

  /** The views over memory, renewed when memory has grown (which detaches the old buffer). */
  get words(): Int32Array {
    if (this.i32.buffer !== this.x.memory.buffer) this.refresh();
    return this.i32;
  }
  get bytes(): Uint8Array {
    if (this.u8.buffer !== this.x.memory.buffer) this.refresh();
    return this.u8;
  }
  private refresh(): void {
    this.i32 = new Int32Array(this.x.memory.buffer);
    this.u8 = new Uint8Array(this.x.memory.buffer);
  }

  /** `size` bytes of memory that stay allocated, growing the memory as needed. */
  allocate(size: number): number {
    const at = this.top;
    this.top += (size + 15) & ~15;
    const missing = this.top - this.x.memory.buffer.byteLength;
    if (missing > 0) this.x.memory.grow(Math.ceil(missing / 65536));
    return at;
  }

  writeField(at: number, v: bigint): void {
    const w = this.words;
    const x = ((v % P) + P) % P;
    for (let i = 0; i < 10; i++)
      w[(at >> 2) + i] = Number(
        (x >> BigInt(LIMB_SHIFT[i]!)) & ((1n << BigInt(LIMB_BITS[i]!)) - 1n),
      );
  }

  readField(at: number): bigint {
    const w = this.words;
    let v = 0n;
    for (let i = 0; i < 10; i++) v += BigInt(w[(at >> 2) + i]!) << BigInt(LIMB_SHIFT[i]!);
    return ((v % P) + P) % P;
  }

  /**
   * The 255-bit little-endian y of an encoding (RFC 8032 §5.1.3 step 1) into
   * limbs at `at`; false if y ≥ p, which strict decoding refuses.
   */
  writeY(at: number, enc: Uint8Array): boolean {
    let nonCanonical = (enc[31]! & 0x7f) === 0x7f && enc[0]! >= 0xed;
    for (let i = 1; i < 31 && nonCanonical; i++) nonCanonical = enc[i] === 0xff;
    if (nonCanonical) return false;
    const w = this.words;
    const base = at >> 2;
    for (let i = 0; i < 10; i++) {
      const shift = LIMB_SHIFT[i]!;
      const byte = shift >> 3;
      // Up to 26 bits from 5 bytes starting at `byte`, shifted by shift mod 8.
      let v = 0;
      for (let k = 4; k >= 0; k--) v = v * 256 + (enc[byte + k] ?? 0);
      w[base + i] = Math.floor(v / 2 ** (shift & 7)) % 2 ** LIMB_BITS[i]!;
    }
    return true;
  }

  /** Canonical limbs (each in [0, 2^bits)) at `at` into 32 little-endian bytes at out[offset…]. */
  readCanonical(at: number, out: Uint8Array, offset: number): void {
    const w = this.words;
    const base = at >> 2;
    let acc = 0;
    let accBits = 0;
    let o = offset;
    for (let i = 0; i < 10; i++) {
      acc += w[base + i]! * 2 ** accBits;
      accBits += LIMB_BITS[i]!;
      while (accBits >= 8) {
        out[o++] = acc % 256;
        acc = Math.floor(acc / 256);
        accBits -= 8;
      }
    }
    if (o < offset + 32) out[o] = acc;
  }
}

/** The module, instantiated; undefined where WebAssembly is missing or refuses a synchronous compile. */
export function loadEd25519(): Ed25519Wasm | undefined {
  try {
    const module = new WebAssembly.Module(ed25519Module() as BufferSource);
    return new Ed25519Wasm(new WebAssembly.Instance(module, {}));
  } catch {
    return undefined;
  }
}
