import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pbkdf2 } from '@noble/hashes/pbkdf2.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { BELENIOS_2048, RFC_3526_2048 } from './ff-parameters.ts';
import { modPow } from './modular.ts';
import { nativeModPow, nativePbkdf2Sha256, nativeSha256, nativeSha256Hex } from './native.ts';
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

test('OpenSSL hashing and PBKDF2 agree with @noble/hashes on the same inputs', () => {
  const random = seededRandom('native hashes');
  for (let i = 0; i < 20; i++) {
    // Non-ASCII text as well: both must hash its UTF-8 bytes.
    const text = `${randomBelow(1n << 200n, random)} élection ${'ü'.repeat(i)}`;
    const bytes = random(i * 37);
    assert.equal(nativeSha256Hex!(text), bytesToHex(sha256(utf8ToBytes(text))));
    assert.equal(bytesToHex(nativeSha256!(bytes)), bytesToHex(sha256(bytes)));
    const salt = `uuid-${i}`;
    assert.equal(
      bytesToHex(nativePbkdf2Sha256!(text, salt, 1000, 32)),
      bytesToHex(pbkdf2(sha256, utf8ToBytes(text), utf8ToBytes(salt), { c: 1000, dkLen: 32 })),
    );
  }
});
