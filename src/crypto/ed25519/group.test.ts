/**
 * The WebAssembly Ed25519 group against @noble/curves, on random inputs
 * (fast-check): field arithmetic, point addition, doubling, exponentiation,
 * encoding and decoding, and membership, including points with a torsion
 * component and encodings that strict RFC 8032 §5.1.3 decoding refuses.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ed25519 } from '@noble/curves/ed25519.js';
import fc from 'fast-check';
import { CryptoError } from '../errors.ts';
import { powMany } from '../group.ts';
import { type EdPoint, q, wasmEd25519Group } from './group.ts';
import { loadEd25519 } from './loader.ts';
import { nobleEd25519Group } from './noble-group.ts';
import { LAYOUT } from './points.ts';

const wasm = loadEd25519();
assert.ok(wasm, 'WebAssembly compiles under Node');
const group = wasmEd25519Group(wasm);
const Point = ed25519.Point;
type NoblePoint = InstanceType<typeof Point>;
const P = 2n ** 255n - 19n;

/** Belenios text of a noble point: RFC 8032 bytes reversed, in hexadecimal. */
const text = (p: NoblePoint) => p.toHex().match(/../g)!.reverse().join('');
const toWasm = (p: NoblePoint) => group.parse(text(p), 'test');
const same = (a: EdPoint, b: NoblePoint) => assert.equal(group.toString(a), text(b));

/** The eight points of order dividing 8 (the torsion subgroup). */
const TORSION: NoblePoint[] = (() => {
  // An order-8 point (RFC 8032 test vectors' small-order list), and its multiples.
  const t8 = Point.fromHex('c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa');
  const out = [Point.ZERO];
  for (let i = 1; i < 8; i++) out.push(out[i - 1]!.add(t8));
  return out;
})();

const scalar = fc.bigInt({ min: 0n, max: q - 1n });
const anyScalar = fc.bigInt({ min: -(2n ** 300n), max: 2n ** 300n });
const point = fc.bigInt({ min: 1n, max: q - 1n }).map((k) => Point.BASE.multiply(k));
const runs = { numRuns: 60 };

describe('field arithmetic modulo 2^255 − 19', () => {
  const [A, B, C] = [LAYOUT.HEAP - 3 * 40, LAYOUT.HEAP - 2 * 40, LAYOUT.HEAP - 40];
  const element = fc.bigInt({ min: 0n, max: P - 1n });
  test('multiplies, squares, adds, subtracts and inverts as bigints do', () => {
    fc.assert(
      fc.property(element, element, (a, b) => {
        wasm.writeField(A, a);
        wasm.writeField(B, b);
        wasm.x.fe_mul(C, A, B);
        assert.equal(wasm.readField(C), (a * b) % P);
        wasm.x.fe_sq(C, A);
        assert.equal(wasm.readField(C), (a * a) % P);
        wasm.x.fe_add(C, A, B);
        assert.equal(wasm.readField(C), (a + b) % P);
        wasm.x.fe_sub(C, A, B);
        assert.equal(wasm.readField(C), (((a - b) % P) + P) % P);
        if (a !== 0n) {
          wasm.x.fe_invert(C, A);
          assert.equal((wasm.readField(C) * a) % P, 1n);
        }
      }),
      { numRuns: 300 },
    );
  });
  test('keeps limbs bounded through long chains of operations', () => {
    // Extremes: p − 1 everywhere, so that every limb starts at its maximum.
    wasm.writeField(A, P - 1n);
    wasm.writeField(B, P - 1n);
    let expected = P - 1n;
    for (let i = 0; i < 2000; i++) {
      wasm.x.fe_sub(A, A, B);
      wasm.x.fe_mul(A, A, A);
      expected = (expected - (P - 1n)) ** 2n % P;
    }
    assert.equal(wasm.readField(A), expected);
  });
  test('reduces to the canonical representative, even for p and values just above', () => {
    for (const v of [0n, 1n, P - 1n, 2n ** 255n - 20n]) {
      wasm.writeField(A, v);
      wasm.x.fe_canon(B, A);
      assert.equal(wasm.readField(B), v);
    }
    // p itself, written as limbs of 2^255 − 19 (writeField would reduce it): canonical 0.
    const pLimbs = [0x3ffffed, 0x1ffffff, 0x3ffffff, 0x1ffffff, 0x3ffffff];
    for (let i = 0; i < 10; i++)
      wasm.words[(A >> 2) + i] = i < 5 ? pLimbs[i]! : pLimbs[i % 2 === 0 ? 2 : 1]!;
    wasm.x.fe_canon(B, A);
    assert.equal(wasm.readField(B), 0n);
    for (let i = 0; i < 10; i++) assert.equal(wasm.words[(B >> 2) + i], 0);
  });
});

describe('the WebAssembly Ed25519 group against @noble/curves', () => {
  test('adds, subtracts and doubles points', () => {
    fc.assert(
      fc.property(point, point, (a, b) => {
        const [wa, wb] = [toWasm(a), toWasm(b)];
        same(group.mul(wa, wb), a.add(b));
        same(group.div(wa, wb), a.subtract(b));
        same(group.mul(wa, wa), a.double());
        same(group.div(wa, wa), Point.ZERO);
        assert.ok(group.equals(group.mul(wa, group.one), wa));
      }),
      runs,
    );
  });

  test('raises to powers the same way on every path (constant-time, fixed-base, public)', () => {
    fc.assert(
      fc.property(point, anyScalar, scalar, (a, k, k2) => {
        const wa = toWasm(a);
        const e = ((k % q) + q) % q;
        const expected = e === 0n ? Point.ZERO : a.multiply(e);
        same(group.pow(wa, k), expected);
        same(group.fixedBase(wa)(k), expected);
        same(group.pow(wa, k), expected); // pow of a fixed base takes its table
        same(group.multiPow([wa], [k]), expected);
        same(group.powG(k2), k2 === 0n ? Point.ZERO : Point.BASE.multiply(k2));
        const many = powMany(group, toWasm(a), [k, k2, 0n]);
        same(many[0]!, expected);
        same(many[1]!, k2 === 0n ? Point.ZERO : a.multiply(k2));
        same(many[2]!, Point.ZERO);
      }),
      runs,
    );
  });

  test('computes multi-exponentiations, small and by buckets', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(point, scalar), { minLength: 1, maxLength: 40 }), (pairs) => {
        const expected = pairs.reduce(
          (acc, [p, k]) => (k === 0n ? acc : acc.add(p.multiply(k))),
          Point.ZERO,
        );
        const got = group.multiPow(
          pairs.map(([p]) => toWasm(p)),
          pairs.map(([, k]) => k),
        );
        same(got, expected);
      }),
      { numRuns: 15 },
    );
  });

  test('encodes many points at once as one by one', () => {
    fc.assert(
      fc.property(fc.array(point, { minLength: 0, maxLength: 12 }), (points) => {
        // Computed points (not parsed), so that no encoding is cached.
        const computed = points.map((p) => group.mul(toWasm(p), group.g));
        assert.deepEqual(
          group.toStrings!(computed),
          points.map((p) => text(p.add(Point.BASE))),
        );
      }),
      { numRuns: 20 },
    );
  });

  test('decodes and parses what noble encodes, and agrees on which 256-bit strings are points', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
        const hex = Buffer.from(bytes).toString('hex');
        let noble: NoblePoint | undefined;
        try {
          noble = Point.fromHex(Buffer.from(bytes).reverse().toString('hex'), false);
        } catch {
          noble = undefined;
        }
        if (!noble) {
          assert.throws(
            () => group.parse(hex, 'ballot: alpha'),
            (e: unknown) =>
              e instanceof CryptoError &&
              /is not a point of Ed25519/.test(e.message) &&
              e.message === nobleMessage(hex),
          );
          assert.throws(() => group.decode!(hex), CryptoError);
          return;
        }
        same(group.decode!(hex), noble);
        // [q]P = 0 by noble: q − 1 is the largest scalar its multiply takes.
        const inSubgroup = noble
          .multiplyUnsafe(q - 1n)
          .add(noble)
          .is0();
        if (inSubgroup) same(group.parse(hex, 'x'), noble);
        else
          assert.throws(
            () => group.parse(hex, 'ballot: alpha'),
            (e: unknown) =>
              e instanceof CryptoError &&
              /prime-order subgroup/.test(e.message) &&
              e.message === nobleMessage(hex),
          );
      }),
      { numRuns: 500 },
    );
  });

  test('refuses points with a torsion component, and accepts those without', () => {
    fc.assert(
      fc.property(point, fc.integer({ min: 0, max: 7 }), (a, t) => {
        const dirty = text(a.add(TORSION[t]!));
        if (t === 0) same(group.parse(dirty, 'key'), a);
        else
          assert.throws(
            () => group.parse(dirty, 'key'),
            (e: unknown) =>
              e instanceof CryptoError &&
              e.message === nobleMessage(dirty, 'key') &&
              /prime-order subgroup/.test(e.message),
          );
      }),
      runs,
    );
    for (const t of TORSION.slice(1))
      assert.throws(() => group.parse(text(t), 'key'), /prime-order subgroup/);
  });

  test('refuses the non-canonical encodings, with the messages of the noble group', () => {
    const le = (n: bigint) => n.toString(16).padStart(64, '0');
    const bad = [
      le(P), // y = p ≡ 0: y ≥ p
      le(P + 1n), // y = p + 1 ≡ 1
      le(2n ** 255n - 1n),
      le((1n << 255n) | P), // y = p with the sign bit
      le(1n << 255n), // y = 0, x = −√−1: a point of order 4
      le((1n << 255n) | 1n), // the neutral element with the sign bit: x = 0 cannot be negative
      le((1n << 255n) | (P - 1n)), // (0, −1) with the sign bit
    ];
    for (const b of bad) {
      const expected = nobleMessage(b);
      assert.ok(expected, `noble refuses ${b}`);
      assert.throws(
        () => group.parse(b, 'ballot: alpha'),
        (e: unknown) => e instanceof CryptoError && e.message === expected,
      );
    }
    for (const b of ['', 'zz'.repeat(32), `${le(1n)}00`, le(9n).toUpperCase()]) {
      assert.throws(
        () => group.parse(b, 'ballot: alpha'),
        (e: unknown) => e instanceof CryptoError && e.message === nobleMessage(b),
      );
    }
  });

  test('writes points with String() as noble does, the order tally.ts sorts by', () => {
    fc.assert(
      fc.property(point, (a) => {
        assert.equal(String(toWasm(a)), String(a));
        assert.equal(String(group.mul(toWasm(a), group.g)), String(a.add(Point.BASE)));
      }),
      { numRuns: 20 },
    );
    assert.equal(String(group.one), String(Point.ZERO));
  });

  test('derives the generators and the embedding of the noble group', () => {
    for (let i = 0; i < 5; i++)
      assert.equal(
        group.toString(group.generator(i)),
        nobleEd25519Group.toString(nobleEd25519Group.generator(i)),
      );
    const values = [7, 0, 255, 3];
    const e = group.embedding!.encode(values);
    assert.equal(
      group.toString(e),
      nobleEd25519Group.toString(nobleEd25519Group.embedding!.encode(values)),
    );
    assert.deepEqual(group.embedding!.decode(e, 4), values);
  });
});

/** The CryptoError message of the noble group's parse, or undefined if it accepts. */
function nobleMessage(text: string, what = 'ballot: alpha'): string | undefined {
  try {
    nobleEd25519Group.parse(text, what);
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}
