import { pippenger } from '@noble/curves/abstract/curve.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { CryptoError, ensure, excerpt } from './errors.ts';
import type { Embedding, Group } from './group.ts';
import { bytesToBigint, sha256Bytes } from './hash.ts';
import { mod } from './modular.ts';

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

const inGroup = (point: Point): boolean => point.isTorsionFree();

const generators = new Map<number, Point>();

const embedding: Embedding<Point> = {
  bitsPerInt: 8,
  padding: 14,
  encode(values) {
    let x = 0n;
    for (const v of values) {
      ensure(
        Number.isInteger(v) && v >= 0 && v < 256,
        'embedding.encode',
        `expected an integer in [0, 256), got ${v}`,
      );
      x = (x << 8n) | BigInt(v);
    }
    x <<= 14n;
    for (let e = 0n; e < 1n << 14n; e++) {
      const point = uncompress(x + e);
      if (point && inGroup(point)) return point;
    }
    throw new CryptoError('embedding.encode', `no group element encodes ${values.join(',')}`);
  },
  decode(element, count) {
    let x = compressToBigint(element) >> 14n;
    const out: number[] = new Array(count);
    for (let i = count - 1; i >= 0; i--) {
      out[i] = Number(x & 255n);
      x >>= 8n;
    }
    return out;
  },
};

/** The Ed25519 group of later Belenios versions (spec 4.0 §"Ed25519"), on @noble/curves. */
export const ed25519Group: Group<Point> = Object.freeze({
  name: 'Ed25519',
  q,
  g: Point.BASE,
  one: Point.ZERO,
  mul: (a: Point, b: Point) => a.add(b),
  div: (a: Point, b: Point) => a.subtract(b),
  pow(a: Point, k: bigint) {
    const e = mod(k, q);
    return e === 0n ? Point.ZERO : a.multiply(e);
  },
  powG(k: bigint) {
    const e = mod(k, q);
    return e === 0n ? Point.ZERO : Point.BASE.multiply(e);
  },
  fixedBase(base: Point) {
    const copy = Point.fromBytes(base.toBytes());
    if (!copy.is0()) copy.precompute(8, false);
    return (k: bigint) => {
      const e = mod(k, q);
      return e === 0n || copy.is0() ? Point.ZERO : copy.multiply(e);
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
    return bases.reduce((acc, b, i) => acc.add(b.multiplyUnsafe(mod(exps[i]!, q))), Point.ZERO);
  },
  equals: (a: Point, b: Point) => a.equals(b),
  toString: toBelenios,
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
