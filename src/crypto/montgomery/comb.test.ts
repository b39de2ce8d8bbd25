/**
 * The WebAssembly comb (Montgomery multiplication with SIMD) against bigint
 * modPow, on random bases and exponents (fast-check) for the primes of both
 * finite-field groups and for other odd moduli, including the edges of its
 * bounds: exponents 0, 1, q − 1 and all-ones digits, and moduli just below R/4
 * and at the largest limb count. Also the bigint fallback where WebAssembly
 * is missing or refuses.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { BELENIOS_2048, RFC_3526_2048 } from '../ff-parameters.ts';
import { fixedBaseTable, modPow } from '../modular.ts';
import { montgomeryComb } from './comb.ts';

const runs = { numRuns: 8 };

for (const [name, { p, q, g }] of Object.entries({ BELENIOS_2048, RFC_3526_2048 })) {
  describe(`the comb modulo the ${name} prime`, () => {
    const qBits = q.toString(2).length;

    test('raises g with 8-bit digits as modPow does, edge exponents included', () => {
      const comb = montgomeryComb(g, qBits, p, 8);
      assert.ok(comb, 'WebAssembly with SIMD compiles under Node');
      const top = 1n << BigInt(8 * Math.ceil(qBits / 8));
      for (const k of [
        0n,
        1n,
        2n,
        255n,
        256n,
        q - 1n,
        q - 2n,
        top - 1n,
        top >> 1n,
        (top >> 1n) + 3n,
      ])
        assert.equal(comb(k), modPow(g, k, p), `g^${k}`);
      // Beyond the table fixedBaseTable takes over; the comb itself refuses.
      assert.throws(() => comb(top), RangeError);
      assert.throws(() => comb(-1n), RangeError);
      fc.assert(
        fc.property(fc.bigInt({ min: 0n, max: q - 1n }), (k) => comb(k) === modPow(g, k, p)),
        runs,
      );
    });

    test('raises random bases to exponents up to 2^2048 and beyond the table', () => {
      fc.assert(
        fc.property(
          fc.bigInt({ min: 0n, max: p - 1n }),
          fc.constantFrom(4, 5, 6),
          fc.bigInt({ min: 0n, max: 1n << 2048n }),
          (base, w, k) => {
            const power = fixedBaseTable(base, 2048, p, w);
            const beyond = k + (1n << 2060n);
            return power(k) === modPow(base, k, p) && power(beyond) === modPow(base, beyond, p);
          },
        ),
        { numRuns: 4 },
      );
    });
  });
}

describe('the comb modulo other odd numbers', () => {
  test('agrees with modPow for odd moduli of 3 to 2,100 bits', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 2100 })
          .chain((bits) =>
            fc.bigInt({ min: 1n << BigInt(bits - 1), max: (1n << BigInt(bits)) - 1n }),
          ),
        fc.bigInt({ min: 0n, max: 1n << 2100n }),
        fc.integer({ min: 1, max: 8 }),
        fc.bigInt({ min: 0n, max: (1n << 96n) - 1n }),
        (m, base, w, k) => {
          const p = m | 1n;
          fc.pre(p >= 3n);
          const comb = montgomeryComb(base, 96, p, w);
          assert.ok(comb);
          return comb(k) === modPow(base, k, p);
        },
      ),
      { numRuns: 30 },
    );
  });

  test('stays exact at its bounds: p just below R/4, and 128 limbs of all ones', () => {
    // 2,070 bits: R = 2^2072 is only just above 4p. 3,582 bits: 128 limbs, where
    // 256 products of 2^56 per column come closest to 2^64.
    for (const p of [(1n << 2070n) - 3n, (1n << 3582n) - 1n]) {
      const base = p - 2n;
      const comb = montgomeryComb(base, 64, p, 4);
      assert.ok(comb);
      for (const k of [1n, 2n, (1n << 64n) - 1n, 0xfedcba9876543210n])
        assert.equal(comb(k), modPow(base, k, p), `${p.toString(2).length} bits, ^${k}`);
    }
  });

  test('gives 0, not p, for a multiple of a composite p', () => {
    // 75^4 = 3^4 · 25^4 ≡ 0 modulo 81, reached in Montgomery form as 81.
    assert.equal(montgomeryComb(75n, 8, 81n, 1)!(4n), 0n);
  });

  test('declines moduli it cannot take, which stay with bigint', () => {
    assert.equal(montgomeryComb(3n, 64, 1n << 100n, 6), undefined);
    assert.equal(montgomeryComb(3n, 64, (1n << 3600n) + 1n, 6), undefined);
    assert.equal(montgomeryComb(3n, 64, RFC_3526_2048.p, 9), undefined);
  });
});

describe('the bigint fallback', () => {
  const { p, g } = RFC_3526_2048;
  const k = (1n << 2000n) + 12345n;

  test('is used where WebAssembly is missing', () => {
    const saved = globalThis.WebAssembly;
    Object.defineProperty(globalThis, 'WebAssembly', { value: undefined, configurable: true });
    try {
      assert.equal(montgomeryComb(g, 2047, p, 6), undefined);
      assert.equal(fixedBaseTable(g, 2047, p)(k), modPow(g, k, p));
    } finally {
      Object.defineProperty(globalThis, 'WebAssembly', { value: saved, configurable: true });
    }
  });

  test('is used where WebAssembly refuses an instance', () => {
    const saved = WebAssembly.Instance;
    WebAssembly.Instance = function refuse() {
      throw new RangeError('WebAssembly.Instance(): Out of memory');
    } as unknown as typeof WebAssembly.Instance;
    try {
      assert.equal(montgomeryComb(g, 2047, p, 6), undefined);
      assert.equal(fixedBaseTable(g, 2047, p)(k), modPow(g, k, p));
    } finally {
      WebAssembly.Instance = saved;
    }
  });
});
