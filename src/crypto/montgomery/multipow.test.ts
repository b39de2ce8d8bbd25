/**
 * The bucket multi-exponentiation in WebAssembly against products of single
 * powers (OpenSSL's where it takes the inputs, else bigint modPow), for the
 * primes of both finite-field groups: random lengths and exponents of every
 * size that callers give, edge exponents, repeated bases and bases equal to 1,
 * with the secret and public variants agreeing. Also the fallback where
 * WebAssembly is missing.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { finiteFieldGroup } from '../ff-group.ts';
import { BELENIOS_2048, RFC_3526_2048 } from '../ff-parameters.ts';
import { modPow } from '../modular.ts';
import { nativeModPow } from '../native.ts';
import { montgomeryMultiPow, multiPowWindow } from './multipow.ts';

for (const [name, { p, q, g }] of Object.entries({ BELENIOS_2048, RFC_3526_2048 })) {
  describe(`the buckets modulo the ${name} prime`, () => {
    const qBits = q.toString(2).length;
    const native = nativeModPow(p);
    const power = (b: bigint, k: bigint) => native?.(b, k) ?? modPow(b, k, p);
    const product = (bases: readonly bigint[], exps: readonly bigint[]) =>
      bases.reduce((acc, b, i) => (acc * power(b, exps[i]!)) % p, 1n);
    const multiPow = montgomeryMultiPow(p);
    assert.ok(multiPow, 'WebAssembly with SIMD compiles under Node');
    const bitsOf = (exps: readonly bigint[]) =>
      exps.reduce((m, k) => Math.max(m, k.toString(2).length), 0);

    const exponent = fc.oneof(
      fc.constantFrom(0n, 1n, q - 1n),
      fc.bigInt({ min: 0n, max: (1n << 64n) - 1n }),
      fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }),
      fc.bigInt({ min: 0n, max: q - 1n }),
    );
    const base = fc.oneof(fc.constant(1n), fc.constant(g), fc.bigInt({ min: 1n, max: p - 1n }));

    test('agrees with single powers for 1 to 300 bases, secret or not', () => {
      fc.assert(
        fc.property(
          fc.array(fc.tuple(base, exponent), { minLength: 1, maxLength: 300 }),
          (terms) => {
            // Some bases twice, with other exponents.
            const bases = terms.map(([b], i) => (i % 7 === 3 ? terms[0]![0] : b));
            const exps = terms.map(([, k]) => k);
            const want = product(bases, exps);
            assert.equal(multiPow(bases, exps, bitsOf(exps), false), want);
            assert.equal(multiPow(bases, exps, qBits, true), want);
          },
        ),
        { numRuns: 6 },
      );
    });

    test('takes exponents of one size at a time: 0, 1, q − 1, 64, 256 and 2047 bits', () => {
      const bases = Array.from({ length: 40 }, (_, i) =>
        i % 5 === 0 ? 1n : modPow(g, BigInt(i + 2), p),
      );
      const sizes: bigint[][] = [
        bases.map(() => 0n),
        bases.map(() => 1n),
        bases.map(() => q - 1n),
        // All ones: every signed digit carries.
        bases.map(() => (1n << BigInt(qBits)) - 1n),
        ...[64, 256, 2047].map((bits) =>
          bases.map((_, i) => ((1n << BigInt(bits - 1)) + BigInt(i) * 0x9e3779b97f4a7c15n) % q),
        ),
      ];
      for (const exps of sizes) {
        const want = product(bases, exps);
        assert.equal(multiPow(bases, exps, Math.max(1, bitsOf(exps)), false), want);
        assert.equal(multiPow(bases, exps, qBits, true), want);
      }
      // 500 bases with 2047-bit exponents take signed digits, 64-bit ones not.
      const many = Array.from({ length: 500 }, (_, i) => bases[i % bases.length]!);
      for (const bits of [64, qBits]) {
        const exps = many.map((_, i) => (BigInt(i + 1) << BigInt(bits - 12)) - 1n);
        const want = product(many, exps);
        assert.equal(multiPow(many, exps, bits, false), want);
        assert.equal(multiPow(many, exps, bits, true), want);
      }
      assert.equal(multiPow([], [], qBits, true), 1n);
      assert.throws(() => multiPow([p], [1n], qBits, true), RangeError);
      assert.throws(() => multiPow([0n, g], [1n, 1n], 8, false), RangeError);
      assert.throws(() => multiPow([g], [1n << BigInt(qBits)], qBits, true), RangeError);
      assert.throws(() => multiPow([g], [-1n], qBits, true), RangeError);
    });

    test('the group uses it for public and secret products alike', () => {
      const group = finiteFieldGroup({ name, p, q, g });
      assert.ok(group.secretMultiPow);
      const bases = Array.from({ length: 120 }, (_, i) => modPow(g, BigInt(3 * i + 5), p));
      const exps = bases.map((_, i) => (q - 1n - BigInt(i) * 0x1234567n) % q);
      const want = product(bases, exps);
      assert.equal(group.multiPow(bases, exps), want);
      assert.equal(group.secretMultiPow(bases, exps), want);
      // Exponents beyond q are reduced first, as pow and multiPow do.
      assert.equal(
        group.secretMultiPow(
          bases,
          exps.map((k) => k + q),
        ),
        want,
      );
    });
  });
}

describe('the window width', () => {
  test('grows with the number of bases, with signed digits for long exponents', () => {
    assert.deepEqual(
      [250, 500, 1000].map((n) => multiPowWindow(n, 2047)),
      [250, 500, 1000].map((n, i) => ({ ...multiPowWindow(n, 2047), c: 6 + i, signed: true })),
    );
    assert.equal(multiPowWindow(1000, 64).signed, false);
  });
});

describe('without WebAssembly', () => {
  const { p, q, g } = RFC_3526_2048;

  test('there are no buckets and the group computes as before', () => {
    const saved = globalThis.WebAssembly;
    Object.defineProperty(globalThis, 'WebAssembly', { value: undefined, configurable: true });
    try {
      assert.equal(montgomeryMultiPow(p), undefined);
      const group = finiteFieldGroup({ name: 'RFC-3526-2048', p, q, g });
      assert.equal(group.secretMultiPow, undefined);
      const bases = Array.from({ length: 40 }, (_, i) => modPow(g, BigInt(i + 2), p));
      const exps = bases.map((_, i) => BigInt(i) << 1000n);
      assert.equal(
        group.multiPow(bases, exps),
        bases.reduce((acc, b, i) => (acc * modPow(b, exps[i]!, p)) % p, 1n),
      );
    } finally {
      Object.defineProperty(globalThis, 'WebAssembly', { value: saved, configurable: true });
    }
  });
});
