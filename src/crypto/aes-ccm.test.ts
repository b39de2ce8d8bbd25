/**
 * The pure AES-256-CCM of threshold trustees' messages (spec 2.0 §4.6.1)
 * against the standard's test vector and Node's OpenSSL implementation, which
 * is used here only as a reference: the browser has no node:crypto.
 */
import assert from 'node:assert/strict';
import { createCipheriv } from 'node:crypto';
import { test } from 'node:test';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { aes256Block, ccmDecrypt, ccmEncrypt } from './aes-ccm.ts';
import { CryptoError } from './errors.ts';
import { seededRandom } from './random.ts';

test('AES-256 encrypts the FIPS-197 appendix C.3 block', () => {
  const key = hexToBytes('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f');
  const out = aes256Block(key, hexToBytes('00112233445566778899aabbccddeeff'));
  assert.equal(bytesToHex(out), '8ea2b7ca516745bfeafc49904b496089');
});

test('CCM with a 13-byte nonce and an 8-byte tag matches OpenSSL for every length class', () => {
  const random = seededRandom('aes-ccm');
  // Empty, shorter than a block, exact blocks, a ragged tail, and a polynomial-sized message.
  for (const length of [0, 1, 15, 16, 17, 32, 100, 1950]) {
    const [key, iv, plain] = [random(32), random(32), random(length)];
    const openssl = createCipheriv('aes-256-ccm', key, iv.subarray(0, 13), { authTagLength: 8 });
    const expected = Buffer.concat([openssl.update(plain), openssl.final(), openssl.getAuthTag()]);
    const sealed = ccmEncrypt(key, iv, plain);
    assert.equal(bytesToHex(sealed), expected.toString('hex'), `length ${length}`);
    assert.deepEqual(ccmDecrypt(key, iv, sealed, 'test'), plain);
  }
});

test('CCM refuses an altered ciphertext, an altered tag and the wrong key', () => {
  const random = seededRandom('aes-ccm tamper');
  const [key, iv] = [random(32), random(32)];
  const sealed = ccmEncrypt(key, iv, new TextEncoder().encode('{"secret":"42"}'));
  const flip = (i: number) => sealed.map((b, j) => (j === i ? b ^ 1 : b));
  for (const bad of [flip(0), flip(sealed.length - 1)])
    assert.throws(
      () => ccmDecrypt(key, iv, bad, 'share'),
      (e: unknown) =>
        e instanceof CryptoError && e.check === 'share' && /authenticate/.test(e.message),
    );
  assert.throws(() => ccmDecrypt(random(32), iv, sealed, 'share'), /does not authenticate/);
});
