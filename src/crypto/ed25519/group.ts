/**
 * The Ed25519 group of later Belenios versions (spec 4.0 §"Ed25519") on the
 * generated WebAssembly of points.ts: the same group as noble-group.ts, with
 * field arithmetic some ten times faster. An element is a point in extended
 * coordinates, its 40 limbs copied out of WebAssembly memory; the doubling
 * chains and tables that make exponentiations fast stay in that memory.
 *
 * Exponents: pow, powG and fixedBase(…) may get secret ones (ballot
 * randomness, keys) and use the constant-time p_ctmul and p_ctcomb;
 * multiPow, powMany, membership checks and the verifier's exponentiations
 * work on public values and may branch on them.
 *
 * One piece: one Group over one WebAssembly instance; every operation shares
 * its memory slots and the caches of chains and combs, held in one closure.
 */
import { CryptoError, ensure, excerpt } from '../errors.ts';
import type { Group } from '../group.ts';
import { bytesToBigint, sha256Bytes } from '../hash.ts';
import { mod } from '../modular.ts';
import { ed25519Embedding } from './embedding.ts';
import { FE } from './field.ts';
import type { Ed25519Wasm } from './loader.ts';
import { LAYOUT, NIELS, PT } from './points.ts';

/** The prime order of the base point (RFC 8032 §5.1: L). */
export const q = 2n ** 252n + 27742317777372353535851937790883648493n;

/** Base point of RFC 8032 §5.1 in its encoding (little-endian y, sign of x in bit 255). */
const BASE_HEX = '5866666666666666666666666666666666666666666666666666666666666666';

/** A point: X, Y, Z, T of extended coordinates, ten limbs each (see field.ts). */
export class EdPoint {
  constructor(readonly limbs: Int32Array) {}
  /**
   * `<Point HEX>` with HEX the RFC 8032 encoding, or `<Point ZERO>`, as
   * @noble/curves writes its points: tally.ts lists the non-homomorphic
   * answers sorted by this text, and archives made on either group must agree.
   */
  toString(): string {
    return describePoint ? describePoint(this) : '<Point>';
  }
}

/** Set by the group: EdPoint.toString needs its encoder. */
let describePoint: ((p: EdPoint) => string) | undefined;

const HEX64 = /^[0-9a-f]{64}$/;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * Entries in a chain: P, 2P, …, 2^253·P, enough for the signed binary digits
 * of any k < 2^253 (the non-adjacent form of k has at most one digit more than
 * k has bits), so for every exponent reduced modulo q < 2^253, and q itself.
 */
const CHAIN_LENGTH = 254;

/** Value of the hexadecimal digit with this character code. */
const NIBBLE = new Uint8Array(128);
for (let i = 0; i < 16; i++) NIBBLE[i.toString(16).charCodeAt(0)] = i;

/** Little-endian bytes of 0 ≤ e < 2^256 (through the engine's fast hexadecimal conversion). */
function scalarBytes(e: bigint): Uint8Array {
  const hex = e.toString(16).padStart(64, '0');
  if (hex.length > 64 || e < 0n) throw new RangeError('scalar outside [0, 2^256)');
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++)
    out[i] = (NIBBLE[hex.charCodeAt(62 - 2 * i)]! << 4) | NIBBLE[hex.charCodeAt(63 - 2 * i)]!;
  return out;
}

/**
 * Non-adjacent form of e (digits in {−1, 0, 1}, no two adjacent non-zero, a
 * third non-zero on average), least significant first, written as i8 into
 * `out`; returns the number of digits. From the bits with a carry: at an odd
 * value v ≡ 3 (mod 4) the digit is −1 and the carry 1.
 */
function writeNaf(bytes: Uint8Array, out: Uint8Array, at: number): number {
  let carry = 0;
  let n = 0;
  for (let i = 0; i < 256; i++) {
    const bit = (bytes[i >> 3]! >> (i & 7)) & 1;
    const v = bit + carry;
    let digit = 0;
    if (v === 1) {
      const next = i < 255 ? (bytes[(i + 1) >> 3]! >> ((i + 1) & 7)) & 1 : 0;
      digit = next ? -1 : 1;
      carry = next;
    } else carry = v >> 1;
    out[at + i] = digit & 0xff;
    if (digit !== 0) n = i + 1;
  }
  return n;
}

/**
 * Slots of equal size in WebAssembly memory for tables kept per point, the
 * least recently used one reused once `max` are taken: memory stays bounded
 * however many points a long-running server meets.
 */
class Slots<K> {
  private readonly used = new Map<K, number>();
  constructor(
    private readonly wasm: Ed25519Wasm,
    private readonly size: number,
    private readonly max: number,
  ) {}
  get(key: K): number | undefined {
    const at = this.used.get(key);
    if (at !== undefined) {
      this.used.delete(key);
      this.used.set(key, at);
    }
    return at;
  }
  /** A slot for key, to be filled by the caller. */
  take(key: K): number {
    let at: number;
    if (this.used.size < this.max) at = this.wasm.allocate(this.size);
    else {
      const [oldest, slot] = this.used.entries().next().value!;
      this.used.delete(oldest);
      at = slot;
    }
    this.used.set(key, at);
    return at;
  }
}

/** The group, on a compiled instance of the module. */
export function wasmEd25519Group(wasm: Ed25519Wasm): Group<EdPoint> {
  const x = wasm.x;
  const IO = LAYOUT.IO;
  /**
   * The eight IO points: 0 and 1 operands, 2 results, 3 scratch of the tables
   * and inversions, 4 multiPow's sum, 5 and 6 the public comb's build, 7 a
   * decoded y.
   */
  const slot = (i: number) => IO + i * PT;

  const put = (p: EdPoint, i: number): number => {
    wasm.words.set(p.limbs, slot(i) >> 2);
    return slot(i);
  };
  const take = (at: number): EdPoint => {
    const w = wasm.words;
    return new EdPoint(w.slice(at >> 2, (at >> 2) + 40));
  };

  const ZERO = (() => {
    x.p_zero(slot(0));
    return take(slot(0));
  })();

  /** Encodings of parsed points, so that hashing them (§4.12) needs no inversion. */
  const encodings = new WeakMap<EdPoint, string>();

  /**
   * Belenios writes a point as compress(x, y) = y XOR (lsb(x) << 255) in
   * big-endian hexadecimal (spec 4.0 §"Ed25519"): the RFC 8032 §5.1.2 encoding
   * with its bytes reversed.
   */
  const encodeBytes = new Uint8Array(32);
  /** The Belenios text of canonical x and y at `at` (two elements). */
  const encodingOf = (at: number): string => {
    wasm.readCanonical(at + FE, encodeBytes, 0);
    encodeBytes[31] = encodeBytes[31]! | ((wasm.words[at >> 2]! & 1) << 7);
    let hex = '';
    for (let i = 31; i >= 0; i--) hex += HEX[encodeBytes[i]!];
    return hex;
  };
  const toBelenios = (p: EdPoint): string => {
    x.p_affine(slot(1), put(p, 0));
    return encodingOf(slot(1));
  };

  /**
   * Encodings of many points with one inversion (Montgomery's trick: invert
   * the product of the Z, then peel off each 1/Z with two products), for the
   * commitments a verifier hashes (§4.12). Z is never 0 on edwards25519.
   */
  let batchArea = 0;
  let batchSize = 0;
  const toBeleniosMany = (points: readonly EdPoint[]): string[] => {
    const n = points.length;
    if (n < 2) return points.map(toBelenios);
    const size = n * (PT + 2 * FE);
    if (size > batchSize) {
      batchArea = wasm.allocate(size);
      batchSize = size;
    }
    const pointAt = (i: number) => batchArea + i * PT;
    const prefixAt = (i: number) => batchArea + n * PT + i * FE; // Z_0·…·Z_i
    const zInvAt = (i: number) => batchArea + n * PT + n * FE + i * FE;
    const w = wasm.words;
    points.forEach((p, i) => {
      w.set(p.limbs, pointAt(i) >> 2);
    });
    invertZs(n, pointAt, prefixAt, zInvAt);
    const out = slot(1);
    return points.map((_, i) => {
      x.fe_mul(out + 2 * FE, pointAt(i), zInvAt(i));
      x.fe_canon(out, out + 2 * FE);
      x.fe_mul(out + 2 * FE, pointAt(i) + FE, zInvAt(i));
      x.fe_canon(out + FE, out + 2 * FE);
      return encodingOf(out);
    });
  };

  /** The point of an RFC 8032 encoding (little-endian bytes), decoded strictly, or undefined. */
  const Y_AT = slot(7);
  const fromBytes = (enc: Uint8Array): EdPoint | undefined => {
    if (!wasm.writeY(Y_AT, enc)) return undefined;
    return x.p_decompress(slot(0), Y_AT, enc[31]! >> 7) ? take(slot(0)) : undefined;
  };
  /** uncompress(z) of spec 4.0 for a 256-bit integer z, or undefined when z encodes no point. */
  const uncompress = (z: bigint): EdPoint | undefined => fromBytes(scalarBytes(z));
  const fromHex = (text: string): EdPoint | undefined => {
    const enc = new Uint8Array(32);
    for (let i = 0; i < 32; i++)
      enc[31 - i] = (NIBBLE[text.charCodeAt(2 * i)]! << 4) | NIBBLE[text.charCodeAt(2 * i + 1)]!;
    return fromBytes(enc);
  };

  /**
   * Doubling chains of the points parsed or raised lately: parsing builds one
   * to check membership, and the proofs then raise the same points to their
   * challenges (§4.12), each exponent costing ~85 additions on the chain.
   */
  const chains = new Slots<EdPoint>(wasm, CHAIN_LENGTH * PT, 64);
  let scratchChain = 0;
  const buildChain = (p: EdPoint, at: number): number => {
    wasm.words.set(p.limbs, at >> 2);
    x.p_chain(at, CHAIN_LENGTH - 1);
    return at;
  };
  const chainOf = (p: EdPoint): number => chains.get(p) ?? buildChain(p, chains.take(p));

  /** Σ naf(e)[i]·chain[i] into slot 2. */
  const fromChain = (chain: number, e: bigint): number => {
    const n = writeNaf(scalarBytes(e), wasm.bytes, LAYOUT.DIGITS);
    if (n > CHAIN_LENGTH) throw new RangeError('exponent not reduced modulo q');
    x.p_sum(slot(2), chain, LAYOUT.DIGITS, n);
    return slot(2);
  };

  const nafQ = writeNaf(scalarBytes(q), wasm.bytes, LAYOUT.DIGITS_Q);
  /** [q]P = 0: P lies in the prime-order subgroup (spec 4.0 §"Ed25519"). */
  const inGroup = (p: EdPoint): boolean => {
    x.p_sum(slot(2), chainOf(p), LAYOUT.DIGITS_Q, nafQ);
    return x.p_iszero(slot(2)) === 1;
  };

  /**
   * Inverts the Z of n points at once (Montgomery's trick: invert the product
   * of the Z, then peel off each 1/Z with two products) into zInvAt(i); Z is
   * never 0 on edwards25519. `prefixAt` is scratch for n elements.
   */
  const invertZs = (
    n: number,
    pointAt: (i: number) => number,
    prefixAt: (i: number) => number,
    zInvAt: (i: number) => number,
  ): void => {
    x.fe_copy(prefixAt(0), pointAt(0) + 2 * FE);
    for (let i = 1; i < n; i++) x.fe_mul(prefixAt(i), prefixAt(i - 1), pointAt(i) + 2 * FE);
    const inv = slot(3);
    x.fe_invert(inv, prefixAt(n - 1)); // 1/(Z_0·…·Z_{n−1})
    for (let i = n - 1; i > 0; i--) {
      x.fe_mul(zInvAt(i), inv, prefixAt(i - 1));
      x.fe_mul(inv, inv, pointAt(i) + 2 * FE);
    }
    x.fe_copy(zInvAt(0), inv);
  };

  /**
   * Fixed bases (given to fixedBase, and g) by their encoding: their tables
   * are kept by value, so that a worker handed the same trustee key in every
   * request (a new object each time) builds its tables once.
   */
  const fixedKeys = new WeakMap<EdPoint, string>();

  /**
   * Comb tables of fixed bases for public exponents: row i holds d·256^i·P for
   * d < 256 in Niels form, so k·P costs one p_madd per non-zero byte of k (32).
   * Built a row at a time, with one inversion per row.
   */
  const combs = new Slots<string>(wasm, 32 * 256 * NIELS, 8);
  let rowArea = 0;
  const combOf = (p: EdPoint, key: string): number => {
    const cached = combs.get(key);
    if (cached !== undefined) return cached;
    const table = combs.take(key);
    rowArea ||= wasm.allocate(255 * (PT + 2 * FE));
    const pointAt = (d: number) => rowArea + (d - 1) * PT;
    const prefixAt = (d: number) => rowArea + 255 * PT + (d - 1) * FE;
    const zInvAt = (d: number) => rowArea + 255 * (PT + FE) + (d - 1) * FE;
    put(p, 5); // 256^i·P
    for (let i = 0; i < 32; i++) {
      const row = table + i * 256 * NIELS;
      x.p_copy(pointAt(1), slot(5));
      for (let d = 2; d < 256; d++) x.p_add(pointAt(d), pointAt(d - 1), slot(5));
      x.p_add(slot(5), pointAt(255), slot(5));
      invertZs(
        255,
        (j) => pointAt(j + 1),
        (j) => prefixAt(j + 1),
        (j) => zInvAt(j + 1),
      );
      for (let d = 1; d < 256; d++) x.p_niels(row + d * NIELS, pointAt(d), zInvAt(d));
    }
    return table;
  };

  /**
   * Constant-time comb tables of fixed bases for secret exponents: row i holds
   * d·16^i·P for d < 16, read whole by p_select, one addition per 4-bit digit.
   */
  const ctCombs = new Slots<string>(wasm, 64 * 16 * PT, 16);
  const ctCombOf = (p: EdPoint, key: string): number => {
    const cached = ctCombs.get(key);
    if (cached !== undefined) return cached;
    const table = ctCombs.take(key);
    put(p, 3);
    for (let i = 0; i < 64; i++) {
      const row = table + i * 16 * PT;
      x.p_zero(row);
      x.p_copy(row + PT, slot(3));
      for (let d = 2; d < 16; d++) x.p_add(row + d * PT, row + (d - 1) * PT, slot(3));
      x.p_add(slot(3), row + 15 * PT, slot(3));
    }
    return table;
  };

  /** 4-bit digits of e at LAYOUT.SCALAR, least significant first (or most, for p_ctmul). */
  const writeNibbles = (e: bigint, mostFirst: boolean): void => {
    const bytes = scalarBytes(e);
    const out = wasm.bytes;
    for (let i = 0; i < 64; i++) {
      const nibble = (bytes[i >> 1]! >> (4 * (i & 1))) & 15;
      out[LAYOUT.SCALAR + (mostFirst ? 63 - i : i)] = nibble;
    }
  };

  /** k·P in constant time, by the comb of P when P is a fixed base. */
  const mulSecret = (p: EdPoint, k: bigint): EdPoint => {
    const e = mod(k, q);
    if (e === 0n) return ZERO;
    const key = fixedKeys.get(p);
    if (key !== undefined) {
      const table = ctCombOf(p, key);
      writeNibbles(e, false);
      x.p_ctcomb(slot(2), table, LAYOUT.SCALAR);
    } else {
      writeNibbles(e, true);
      x.p_ctmul(slot(2), put(p, 0), LAYOUT.SCALAR);
    }
    return take(slot(2));
  };

  /** k·P for public k into slot 2, with the comb of a fixed base, a chain, or a scratch chain. */
  const mulPublicAt = (p: EdPoint, k: bigint): number => {
    const e = mod(k, q);
    if (e === 0n) {
      x.p_zero(slot(2));
      return slot(2);
    }
    const key = fixedKeys.get(p);
    if (key !== undefined) {
      const table = combOf(p, key);
      wasm.bytes.set(scalarBytes(e), LAYOUT.SCALAR);
      x.p_comb(slot(2), table, LAYOUT.SCALAR);
      return slot(2);
    }
    let chain = chains.get(p);
    if (chain === undefined) {
      scratchChain ||= wasm.allocate(CHAIN_LENGTH * PT);
      chain = buildChain(p, scratchChain);
    }
    return fromChain(chain, e);
  };

  /**
   * Σ exps[i]·bases[i] by Pippenger's bucket method (variable time: public
   * values only): per window of c bits, each base is added to the bucket of
   * its digit, and Σ d·bucket[d] costs two additions per bucket.
   */
  let pippengerArea = 0;
  let pippengerSize = 0;
  const pippenger = (bases: readonly EdPoint[], exps: readonly bigint[]): EdPoint => {
    const n = bases.length;
    const c = n < 32 ? 3 : Math.min(16, Math.max(4, Math.round(Math.log2(n)) - 2));
    const buckets = 1 << c;
    const size = (n + buckets + 2) * PT;
    if (size > pippengerSize) {
      pippengerArea = wasm.allocate(size);
      pippengerSize = size;
    }
    const baseAt = (i: number) => pippengerArea + i * PT;
    const bucketAt = (d: number) => pippengerArea + (n + d) * PT;
    const acc = pippengerArea + (n + buckets) * PT;
    const sum = acc + PT;
    const scalars = exps.map((e) => scalarBytes(mod(e, q)));
    bases.forEach((b, i) => {
      wasm.words.set(b.limbs, baseAt(i) >> 2);
    });
    const digit = (s: Uint8Array, w: number) => {
      const bit = w * c;
      const at = bit >> 3;
      const word = s[at]! | ((s[at + 1] ?? 0) << 8) | ((s[at + 2] ?? 0) << 16);
      return (word >> (bit & 7)) & (buckets - 1);
    };
    x.p_zero(acc);
    for (let w = Math.ceil(256 / c) - 1; w >= 0; w--) {
      for (let k = 0; k < c; k++) x.p_dbl(acc, acc);
      for (let d = 1; d < buckets; d++) x.p_zero(bucketAt(d));
      const used = new Uint8Array(buckets);
      for (let i = 0; i < n; i++) {
        const d = digit(scalars[i]!, w);
        if (d === 0) continue;
        if (used[d]) x.p_add(bucketAt(d), bucketAt(d), baseAt(i));
        else x.p_copy(bucketAt(d), baseAt(i));
        used[d] = 1;
      }
      x.p_zero(sum);
      for (let d = buckets - 1; d >= 1; d--) {
        if (used[d]) x.p_add(sum, sum, bucketAt(d));
        x.p_add(acc, acc, sum);
      }
    }
    return take(acc);
  };

  const generators = new Map<number, EdPoint>();
  const G = fromHex(BASE_HEX.match(/../g)!.reverse().join(''))!;
  fixedKeys.set(G, BASE_HEX.match(/../g)!.reverse().join(''));

  const embedding = ed25519Embedding<EdPoint>(
    (z) => {
      const point = uncompress(z);
      return point && inGroup(point) ? point : undefined;
    },
    (p) => BigInt(`0x${toBelenios(p)}`),
  );

  describePoint = (p: EdPoint) => {
    if (x.p_iszero(put(p, 0))) return '<Point ZERO>';
    const text = encodings.get(p) ?? toBelenios(p);
    return `<Point ${text.match(/../g)!.reverse().join('')}>`;
  };

  const equals = (a: EdPoint, b: EdPoint) => a === b || x.p_eq(put(a, 0), put(b, 1)) === 1;

  return Object.freeze({
    name: 'Ed25519',
    q,
    g: G,
    one: ZERO,
    mul(a: EdPoint, b: EdPoint) {
      x.p_add(slot(2), put(a, 0), put(b, 1));
      return take(slot(2));
    },
    div(a: EdPoint, b: EdPoint) {
      x.p_sub(slot(2), put(a, 0), put(b, 1));
      return take(slot(2));
    },
    pow: mulSecret,
    powG: (k: bigint) => mulSecret(G, k),
    fixedBase(base: EdPoint) {
      if (!fixedKeys.has(base)) fixedKeys.set(base, encodings.get(base) ?? toBelenios(base));
      return (k: bigint) => mulSecret(base, k);
    },
    multiPow(bases: readonly EdPoint[], exps: readonly bigint[]) {
      ensure(bases.length === exps.length, 'multiPow', 'bases and exponents differ in length');
      if (bases.length > 8) return pippenger(bases, exps);
      x.p_zero(slot(4));
      bases.forEach((b, i) => {
        x.p_add(slot(4), slot(4), mulPublicAt(b, exps[i]!));
      });
      return take(slot(4));
    },
    powMany(base: EdPoint, exps: readonly bigint[]) {
      if (fixedKeys.has(base)) return exps.map((k) => take(mulPublicAt(base, k)));
      const chain = chainOf(base);
      return exps.map((k) => {
        const e = mod(k, q);
        if (e === 0n) return ZERO;
        return take(fromChain(chain, e));
      });
    },
    equals,
    toString: (p: EdPoint) => encodings.get(p) ?? toBelenios(p),
    toStrings(points: readonly EdPoint[]) {
      const missing = points.filter((p) => !encodings.has(p));
      const texts = toBeleniosMany(missing);
      missing.forEach((p, i) => {
        encodings.set(p, texts[i]!);
      });
      return points.map((p) => encodings.get(p)!);
    },
    parse(text: string, what: string) {
      if (typeof text !== 'string' || !HEX64.test(text))
        throw new CryptoError(
          what,
          `expected an Ed25519 point in 64 hexadecimal digits, got ${excerpt(text)}`,
        );
      // Conditions tested before the messages are built: parse is on the hot path.
      const point = fromHex(text);
      if (point === undefined)
        throw new CryptoError(what, `${excerpt(text)} is not a point of Ed25519`);
      if (!inGroup(point))
        throw new CryptoError(
          what,
          `${excerpt(text)} is not in the prime-order subgroup of Ed25519`,
        );
      // Strict decoding refuses y ≥ p and x = 0 with the sign bit set (RFC 8032
      // §5.1.3), the only other encodings of a point, so `text` is canonical.
      encodings.set(point, text);
      return point;
    },
    decode(text: string) {
      const point = HEX64.test(text) ? fromHex(text) : undefined;
      if (!point) throw new CryptoError('decode', `${excerpt(text)} is not a point of Ed25519`);
      encodings.set(point, text);
      return point;
    },
    generator(i: number) {
      // spec 4.0 table "GetGenerator (for Ed25519)": hash, find a point, clear the cofactor.
      const cached = generators.get(i);
      if (cached) return cached;
      const v = bytesToBigint(sha256Bytes(`ggen|${i}`)) >> 2n;
      for (let e = 0n; ; e++) {
        const b = uncompress(v + e);
        if (!b) continue;
        put(b, 2);
        for (let k = 0; k < 3; k++) x.p_dbl(slot(2), slot(2));
        const h = take(slot(2));
        if (x.p_iszero(slot(2)) || equals(h, G))
          throw new CryptoError('generator', `degenerate generator ${i}`);
        generators.set(i, h);
        return h;
      }
    },
    embedding,
  });
}
