import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BELENIOS_2048, RFC_3526_2048 } from './ff-parameters.ts';
import { modPow } from './modular.ts';
import { nativeModPow } from './native-modpow.ts';
import { randomBelow, seededRandom } from './random.ts';

for (const [name, { p, q }] of Object.entries({ BELENIOS_2048, RFC_3526_2048 })) {
  test(`${name}: OpenSSL's exponentiation agrees with the bigint one`, () => {
    const power = nativeModPow(p);
    assert.ok(power, 'Node offers native exponentiation');
    const random = seededRandom(`native ${name}`);
    for (let i = 0; i < 40; i++) {
      const base = randomBelow(p, random);
      // Exponents of every size the groups use: challenges, full scalars, q itself.
      const exp = i % 3 === 0 ? randomBelow(1n << 256n, random) : randomBelow(q, random);
      const expected = modPow(base, exp, p);
      const got: bigint | undefined = power(base, exp);
      // undefined only where the caller must compute itself; never a wrong value.
      if (got !== undefined) assert.equal(got, expected, `${base}^${exp}`);
      else assert.ok(base < 2n || expected === 1n);
    }
  });

  test(`${name}: declines what OpenSSL refuses instead of throwing`, () => {
    const power = nativeModPow(p)!;
    assert.equal(power(1n, 5n), undefined);
    assert.equal(power(p - 1n, 3n), undefined);
    assert.equal(power(0n, 3n), undefined);
    assert.equal(power(5n, 0n), undefined);
    // g^q = 1: OpenSSL refuses a shared secret of 1.
    const g = name === 'RFC_3526_2048' ? 4n : BELENIOS_2048.g;
    assert.equal(power(g, q), undefined);
    assert.equal(power(g, q + 1n), g);
  });
}
