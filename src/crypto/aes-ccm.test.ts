/**
 * Our CCM mode (over @noble/ciphers' AES) against the standard's example
 * vectors and against Node's OpenSSL implementation, which is used here only
 * as a reference: the browser has no node:crypto.
 */
import assert from 'node:assert/strict';
import { createCipheriv } from 'node:crypto';
import { test } from 'node:test';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { ccmDecrypt, ccmEncrypt, ccmOpen, ccmSeal } from './aes-ccm.ts';
import { CryptoError } from './errors.ts';
import { seededRandom } from './random.ts';

/**
 * NIST SP 800-38C, Appendix C, Examples 1–4, typed in from the standard: one
 * 128-bit key; tag, nonce, associated data and payload of growing lengths.
 * Example 4's associated data is 2^19 bits (65,536 bytes), the 256 bytes
 * 00 01 … ff repeated, so its length takes the six-byte ff fe encoding (§A.2.2).
 */
const nistKey = '404142434445464748494a4b4c4d4e4f';
const repeating = bytesToHex(Uint8Array.from({ length: 65_536 }, (_, i) => i & 0xff));
const nistExamples = [
  {
    example: 1,
    tagLength: 4,
    nonce: '10111213141516',
    associatedData: '0001020304050607',
    payload: '20212223',
    ciphertext: '7162015b4dac255d',
  },
  {
    example: 2,
    tagLength: 6,
    nonce: '1011121314151617',
    associatedData: '000102030405060708090a0b0c0d0e0f',
    payload: '202122232425262728292a2b2c2d2e2f',
    ciphertext: 'd2a1f0e051ea5f62081a7792073d593d1fc64fbfaccd',
  },
  {
    example: 3,
    tagLength: 8,
    nonce: '101112131415161718191a1b',
    associatedData: '000102030405060708090a0b0c0d0e0f10111213',
    payload: '202122232425262728292a2b2c2d2e2f3031323334353637',
    ciphertext: 'e3b201a9f5b71a7a9b1ceaeccd97e70b6176aad9a4428aa5484392fbc1b09951',
  },
  {
    example: 4,
    tagLength: 14,
    nonce: '101112131415161718191a1b1c',
    associatedData: repeating,
    payload: '202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f',
    ciphertext:
      '69915dad1e84c6376a68c2967e4dab615ae0fd1faec44cc484828529463ccf72b4ac6bec93e8598e7f0dadbcea5b',
  },
];

for (const v of nistExamples) {
  test(`CCM gives SP 800-38C Example ${v.example} and opens it again`, () => {
    const key = hexToBytes(nistKey);
    const nonce = hexToBytes(v.nonce);
    const options = { tagLength: v.tagLength, associatedData: hexToBytes(v.associatedData) };
    const sealed = ccmSeal(key, nonce, hexToBytes(v.payload), options);
    assert.equal(bytesToHex(sealed), v.ciphertext);
    assert.equal(bytesToHex(ccmOpen(key, nonce, sealed, options, 'test')), v.payload);
  });
}

test('CCM refuses Example 3 with its associated data altered or left out', () => {
  const v = nistExamples[2]!;
  const [key, nonce, sealed] = [hexToBytes(nistKey), hexToBytes(v.nonce), hexToBytes(v.ciphertext)];
  const altered = hexToBytes(v.associatedData);
  altered[19]! ^= 0x80;
  for (const associatedData of [altered, undefined])
    assert.throws(
      () => ccmOpen(key, nonce, sealed, { tagLength: 8, associatedData }, 'share'),
      /share: the encrypted data does not authenticate/,
    );
});

test('CCM matches OpenSSL for every key size, nonce and tag length, with and without associated data', () => {
  const random = seededRandom('aes-ccm parameters');
  // Associated data on both sides of the two-byte encoding's limit, 2^16 − 2^8 (§A.2.2).
  const adLengths = [0, 1, 16, 33, 65_279, 65_280];
  let k = 0;
  const ciphers = { 16: 'aes-128-ccm', 24: 'aes-192-ccm', 32: 'aes-256-ccm' } as const;
  for (const keyLength of [16, 24, 32] as const)
    for (let nonceLength = 7; nonceLength <= 13; nonceLength++)
      for (let tagLength = 4; tagLength <= 16; tagLength += 2) {
        const adLength = adLengths[k++ % adLengths.length]!;
        const length = [0, 5, 16, 47][k % 4]!;
        // Offsets of one byte: noble must cope with buffers that are not 4-byte aligned.
        const [key, nonce] = [random(keyLength), random(nonceLength + 1).subarray(1)];
        const [ad, payload] = [random(adLength + 1).subarray(1), random(length)];
        const openssl = createCipheriv(ciphers[keyLength], key, nonce, {
          authTagLength: tagLength,
        });
        if (adLength > 0) openssl.setAAD(ad, { plaintextLength: length });
        const expected = Buffer.concat([
          openssl.update(payload),
          openssl.final(),
          openssl.getAuthTag(),
        ]);
        const options = { tagLength, associatedData: ad };
        const sealed = ccmSeal(key, nonce, payload, options);
        const what = `key ${keyLength}, nonce ${nonceLength}, tag ${tagLength}, ad ${adLength}, payload ${length}`;
        assert.equal(bytesToHex(sealed), expected.toString('hex'), what);
        assert.deepEqual(ccmOpen(key, nonce, sealed, options, 'test'), payload, what);
      }
});

test('CCM refuses parameters outside SP 800-38C §A.1, saying what it got', () => {
  const [key, nonce] = [new Uint8Array(16), new Uint8Array(13)];
  const none = new Uint8Array(0);
  assert.throws(() => ccmSeal(new Uint8Array(31), nonce, none, { tagLength: 8 }), /got 31/);
  assert.throws(
    () => ccmSeal(key, new Uint8Array(6), none, { tagLength: 8 }),
    /7 to 13 bytes, got 6/,
  );
  assert.throws(() => ccmSeal(key, new Uint8Array(14), none, { tagLength: 8 }), /got 14/);
  for (const tagLength of [2, 5, 18])
    assert.throws(() => ccmSeal(key, nonce, none, { tagLength }), new RegExp(`got ${tagLength}$`));
  // A 13-byte nonce leaves two length bytes: payloads under 64 KiB.
  assert.throws(
    () => ccmSeal(key, nonce, new Uint8Array(65_536), { tagLength: 8 }),
    /too long for a 2-byte length field/,
  );
});

test("Belenios's CCM (13-byte nonce, 8-byte tag) matches OpenSSL for every length class", () => {
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

test("Belenios's CCM takes SJCL's 12-byte nonce for messages of 64 KiB and more", () => {
  // SJCL widens the length field to three bytes, so keeps 15 − 3 bytes of the IV.
  const random = seededRandom('aes-ccm long');
  const [key, iv, plain] = [random(32), random(32), random(65_536)];
  const openssl = createCipheriv('aes-256-ccm', key, iv.subarray(0, 12), { authTagLength: 8 });
  const expected = Buffer.concat([openssl.update(plain), openssl.final(), openssl.getAuthTag()]);
  const sealed = ccmEncrypt(key, iv, plain);
  assert.equal(bytesToHex(sealed), expected.toString('hex'));
  assert.deepEqual(ccmDecrypt(key, iv, sealed, 'test'), plain);
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
  assert.throws(() => ccmDecrypt(key, iv, sealed.subarray(0, 7), 'share'), /shorter than its tag/);
});
