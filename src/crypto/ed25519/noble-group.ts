import { pippenger } from '@noble/curves/abstract/curve.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { CryptoError, ensure, excerpt } from '../errors.ts';
import type { Group } from '../group.ts';
import { bytesToBigint, sha256Bytes } from '../hash.ts';
import { mod } from '../modular.ts';
import { ed25519Embedding } from './embedding.ts';

const Point = ed25519.Point;
type Point = InstanceType<typeof Point>;
const q = Point.Fn.ORDER;
const HEX64 = /^[0-9a-f]{64}$/;

/**
 * Belenios writes a point as compress(x, y) = y XOR (lsb(x) << 255) in
 * big-endian hexadecimal (spec 4.0 §"Ed25519"): the RFC 8032 encoding with
 * its bytes reversed.
 */
function toBelenios(point: Point): string {
  return bytesToHex(point.toBytes().reverse());
}

/** uncompress(z) for a 256-bit integer z, or undefined when z is no curve point. */
function uncompress(z: bigint): Point | undefined {
  const bytes = hexToBytes(z.toString(16).padStart(64, '0')).reverse();
  try {
    return Point.fromBytes(bytes, false);
  } catch {
    return undefined;
  }
}

function compressToBigint(point: Point): bigint {
  return bytesToBigint(point.toBytes().reverse());
}

/** Non-adjacent form of k ≥ 0, least significant digit first: digits in {-1, 0, 1}, a third non-zero. */
function naf(k: bigint): number[] {
  const digits: number[] = [];
  let e = k;
  while (e > 0n) {
    let z = 0;
    if (e & 1n) {
      z = (e & 3n) === 3n ? -1 : 1;
      e -= BigInt(z);
    }
    digits.push(z);
    e >>= 1n;
  }
  return digits;
}

const NAF_Q = naf(q);

/**
 * Doubling chains [P, 2P, 4P, …, 2^253·P] of the points parsed or raised lately.
 * Parsing builds one to check membership ([q]P = 0 costs ~43 additions on it), and
 * the proofs then raise the same points to their challenges (§4.12): with the
 * chain, each exponent costs ~84 additions instead of 252 doublings and ~50
 * additions. Kept for the last few points only: a chain holds 254 points.
 */
const chains = new Map<Point, Point[]>();
const CHAINS_KEPT = 64;

function chainOf(point: Point): Point[] {
  const cached = chains.get(point);
  if (cached) return cached;
  const chain: Point[] = [point];
  for (let i = 1; i <= NAF_Q.length; i++) chain.push(chain[i - 1]!.double());
  if (chains.size >= CHAINS_KEPT) chains.delete(chains.keys().next().value!);
  chains.set(point, chain);
  return chain;
}

/** Σ digits[i]·chain[i]: k·P from the doubling chain of P and the NAF of k (variable time). */
function fromChain(chain: readonly Point[], digits: readonly number[]): Point {
  let acc = Point.ZERO;
  for (let i = 0; i < digits.length; i++) {
    const z = digits[i]!;
    if (z === 1) acc = acc.add(chain[i]!);
    else if (z === -1) acc = acc.subtract(chain[i]!);
  }
  return acc;
}

/** [q]P = 0: P lies in the prime-order subgroup (spec 4.0 §"Ed25519"). */
const inGroup = (point: Point): boolean => fromChain(chainOf(point), NAF_Q).is0();

/** Encodings of parsed points, so that hashing them (§4.12) needs no inversion. */
const encodings = new WeakMap<Point, string>();

/** Precomputed copies of fixed bases (g, the election key), by the point given to fixedBase. */
const fixedCopies = new WeakMap<Point, Point>([[Point.BASE, Point.BASE]]);

/**
 * Comb tables of the fixed bases for public exponents: row i holds d·256^i·P for
 * d < 256, so k·P costs one addition per byte of k (32) where the constant-time
 * table of @noble/curves spends two per window. 8,160 points, built on first use.
 */
const combs = new WeakMap<Point, Point[][]>();

function combOf(point: Point): Point[][] {
  const cached = combs.get(point);
  if (cached) return cached;
  const rows: Point[][] = [];
  let base = point;
  for (let i = 0; i < 32; i++) {
    const row = [Point.ZERO, base];
    for (let d = 2; d < 256; d++) row.push(row[d - 1]!.add(base));
    rows.push(row);
    base = row[255]!.add(base);
  }
  combs.set(point, rows);
  return rows;
}

function combMul(rows: Point[][], e: bigint): Point {
  const hex = e.toString(16).padStart(64, '0');
  let acc = Point.ZERO;
  for (let i = 0; i < 32; i++) {
    const d = Number.parseInt(hex.slice(62 - 2 * i, 64 - 2 * i), 16);
    if (d !== 0) acc = acc.add(rows[i]![d]!);
  }
  return acc;
}

/** k·P for public k, with the fixed-base table of P when it has one. */
function mulPublic(point: Point, k: bigint): Point {
  const e = mod(k, q);
  if (e === 0n) return Point.ZERO;
  const copy = fixedCopies.get(point);
  if (copy) return combMul(combOf(copy), e);
  const chain = chains.get(point);
  return chain ? fromChain(chain, naf(e)) : point.multiplyUnsafe(e);
}

const generators = new Map<number, Point>();

const embedding = ed25519Embedding<Point>((z) => {
  const point = uncompress(z);
  return point && inGroup(point) ? point : undefined;
}, compressToBigint);

/**
 * The Ed25519 group of later Belenios versions (spec 4.0 §"Ed25519"), on
 * @noble/curves: the fallback where WebAssembly cannot be compiled synchronously
 * (a page's main thread in Chromium), and the reference the tests compare with.
 */
export const nobleEd25519Group: Group<Point> = Object.freeze({
  name: 'Ed25519',
  q,
  g: Point.BASE,
  one: Point.ZERO,
  mul: (a: Point, b: Point) => a.add(b),
  div: (a: Point, b: Point) => a.subtract(b),
  pow(a: Point, k: bigint) {
    const e = mod(k, q);
    // Constant time (exponents may be secret), with the base's table when it has one.
    return e === 0n ? Point.ZERO : (fixedCopies.get(a) ?? a).multiply(e);
  },
  powG(k: bigint) {
    const e = mod(k, q);
    return e === 0n ? Point.ZERO : Point.BASE.multiply(e);
  },
  fixedBase(base: Point) {
    let copy = fixedCopies.get(base);
    if (!copy) {
      copy = Point.fromBytes(base.toBytes());
      if (!copy.is0()) copy.precompute(8, false);
      fixedCopies.set(base, copy);
    }
    const table = copy;
    return (k: bigint) => {
      const e = mod(k, q);
      return e === 0n || table.is0() ? Point.ZERO : table.multiply(e);
    };
  },
  multiPow(bases: readonly Point[], exps: readonly bigint[]) {
    ensure(bases.length === exps.length, 'multiPow', 'bases and exponents differ in length');
    // Verification multiplies public values only, so variable-time is safe here;
    // Pippenger pays only for many bases.
    if (bases.length > 8)
      return pippenger(
        Point,
        [...bases],
        exps.map((e) => mod(e, q)),
      );
    return bases.reduce((acc, b, i) => acc.add(mulPublic(b, exps[i]!)), Point.ZERO);
  },
  powMany(base: Point, exps: readonly bigint[]) {
    if (fixedCopies.has(base)) return exps.map((k) => mulPublic(base, k));
    const chain = chainOf(base);
    return exps.map((k) => fromChain(chain, naf(mod(k, q))));
  },
  equals: (a: Point, b: Point) => a.equals(b),
  toString: (point: Point) => encodings.get(point) ?? toBelenios(point),
  parse(text: string, what: string) {
    ensure(
      typeof text === 'string' && HEX64.test(text),
      what,
      `expected an Ed25519 point in 64 hexadecimal digits, got ${excerpt(text)}`,
    );
    const point = uncompress(BigInt(`0x${text}`));
    ensure(point !== undefined, what, `${excerpt(text)} is not a point of Ed25519`);
    ensure(inGroup(point), what, `${excerpt(text)} is not in the prime-order subgroup of Ed25519`);
    ensure(toBelenios(point) === text, what, `${excerpt(text)} is not a canonical encoding`);
    encodings.set(point, text);
    return point;
  },
  decode(text: string) {
    const point = uncompress(BigInt(`0x${text}`));
    if (!point) throw new CryptoError('decode', `${excerpt(text)} is not a point of Ed25519`);
    encodings.set(point, text);
    return point;
  },
  generator(i: number) {
    // spec 4.0 table "GetGenerator (for Ed25519)": hash, find a point, clear the cofactor.
    const cached = generators.get(i);
    if (cached) return cached;
    const x = bytesToBigint(sha256Bytes(`ggen|${i}`)) >> 2n;
    for (let e = 0n; ; e++) {
      const b = uncompress(x + e);
      if (!b) continue;
      const h = b.multiplyUnsafe(8n);
      if (h.is0() || h.equals(Point.BASE))
        throw new CryptoError('generator', `degenerate generator ${i}`);
      generators.set(i, h);
      return h;
    }
  },
  embedding,
});
