/**
 * AES in CCM mode (NIST SP 800-38C, RFC 3610), the symmetric cipher of
 * Belenios spec 2.0 §4.6.1: threshold (Pedersen) trustees send one another
 * their secret shares encrypted with AES-CCM.
 *
 * Why the mode is ours: the trustees' tools run in the browser, and neither
 * @noble/ciphers nor WebCrypto has CCM (Node's OpenSSL does, but the browser
 * has no node:crypto). CCM is only a CBC-MAC over formatted blocks and CTR
 * encryption (SP 800-38C §6), so this file does the formatting (Appendix A)
 * and the checks, and the AES itself comes from @noble/ciphers (audited): its
 * CBC mode with a zero IV gives the CBC-MAC chain, its CTR mode the key
 * stream. There is no AES of our own. noble's AES reads T-tables at
 * secret-dependent positions (not constant-time, like OpenSSL's portable C);
 * each key is the hash of a fresh random group element, used for one message.
 *
 * Belenios encrypts with SJCL's defaults, which the spec leaves unsaid: the
 * 32-byte "initialisation vector" SHA256(iv|α) is cut to a 15 − L byte nonce,
 * where L = 2 length bytes for messages under 64 KiB (so 13 bytes), and the tag
 * is 8 bytes, appended to the ciphertext (`ccmEncrypt`, `ccmDecrypt`). Checked
 * against belenios-tool 2.0's files in threshold-interop.test.ts.
 */
import { cbc, ctr } from '@noble/ciphers/aes.js';
import { CryptoError } from './errors.ts';

/** Tlen and the associated data A of SP 800-38C §5.3. */
export interface CcmOptions {
  /** Bytes of MAC appended to the ciphertext: 4, 6, …, 16 (§A.1). */
  readonly tagLength: number;
  /** Authenticated but not encrypted; none when absent. */
  readonly associatedData?: Uint8Array;
}

const BLOCK = 16;

/** The parameter checks of §A.1, plus the AES key sizes; returns q, the length field's size. */
function check(key: Uint8Array, nonce: Uint8Array, tagLength: number): number {
  if (key.length !== 16 && key.length !== 24 && key.length !== 32)
    throw new CryptoError('aes-ccm', `expected a 16, 24 or 32-byte key, got ${key.length}`);
  if (!(Number.isInteger(tagLength) && tagLength >= 4 && tagLength <= 16 && tagLength % 2 === 0))
    throw new CryptoError('aes-ccm', `expected a tag of 4, 6, ..., 16 bytes, got ${tagLength}`);
  if (nonce.length < 7 || nonce.length > 13)
    throw new CryptoError('aes-ccm', `expected a nonce of 7 to 13 bytes, got ${nonce.length}`);
  return 15 - nonce.length;
}

/** Writes `value` big-endian into `out[at, at + size)` (numbers up to 2^53). */
function writeLength(out: Uint8Array, at: number, size: number, value: number): void {
  for (let i = 0; i < size; i++) out[at + size - 1 - i] = Math.floor(value / 2 ** (8 * i)) & 0xff;
}

/** The counter block Ctr_i (§A.3): flags q − 1, the nonce, i in the last q bytes. */
function counterBlock(nonce: Uint8Array, i: number): Uint8Array {
  const q = 15 - nonce.length;
  const b = new Uint8Array(BLOCK);
  b[0] = q - 1;
  b.set(nonce, 1);
  writeLength(b, 16 - q, q, i);
  return b;
}

/** The encoding of a = len(A) that precedes A (§A.2.2). */
function associatedLength(a: number): Uint8Array {
  if (a === 0) return new Uint8Array(0);
  if (a < 2 ** 16 - 2 ** 8) return Uint8Array.of(a >>> 8, a & 0xff);
  if (a < 2 ** 32) {
    const out = Uint8Array.of(0xff, 0xfe, 0, 0, 0, 0);
    writeLength(out, 2, 4, a);
    return out;
  }
  throw new CryptoError('aes-ccm', 'associated data of 2^32 bytes or more');
}

/**
 * B_0 … B_r (§A.2): the first block (flags, nonce, Plen), then the encoded
 * associated data and the payload, each padded with zeros to whole blocks.
 */
function formatted(nonce: Uint8Array, tagLength: number, ad: Uint8Array, payload: Uint8Array) {
  const q = 15 - nonce.length;
  const adPart = ad.length === 0 ? 0 : associatedLength(ad.length).length + ad.length;
  const padded = (n: number) => Math.ceil(n / BLOCK) * BLOCK;
  const out = new Uint8Array(BLOCK + padded(adPart) + padded(payload.length));
  // Flags (§A.2.1): Adata in bit 6, (t − 2)/2 in bits 5–3, q − 1 in bits 2–0.
  out[0] = (ad.length > 0 ? 0x40 : 0) | (((tagLength - 2) / 2) << 3) | (q - 1);
  out.set(nonce, 1);
  writeLength(out, 16 - q, q, payload.length);
  if (ad.length > 0) {
    const prefix = associatedLength(ad.length);
    out.set(prefix, BLOCK);
    out.set(ad, BLOCK + prefix.length);
  }
  out.set(payload, BLOCK + padded(adPart));
  return out;
}

/** T = MSB_Tlen(Y_r) (§6.1 steps 2–4): the last block of AES-CBC with a zero IV over B_0 … B_r. */
function mac(key: Uint8Array, nonce: Uint8Array, options: CcmOptions, payload: Uint8Array) {
  const blocks = formatted(
    nonce,
    options.tagLength,
    options.associatedData ?? new Uint8Array(0),
    payload,
  );
  const chain = cbc(key, new Uint8Array(BLOCK), { disablePadding: true }).encrypt(blocks);
  return chain.subarray(chain.length - BLOCK, chain.length - BLOCK + options.tagLength);
}

/**
 * Generation-encryption (§6.1): the payload encrypted in CTR mode from Ctr_1,
 * then the MAC masked with the key stream of Ctr_0.
 */
export function ccmSeal(
  key: Uint8Array,
  nonce: Uint8Array,
  payload: Uint8Array,
  options: CcmOptions,
): Uint8Array {
  const q = check(key, nonce, options.tagLength);
  if (payload.length >= 2 ** (8 * q))
    throw new CryptoError(
      'aes-ccm',
      `payload of ${payload.length} bytes too long for a ${q}-byte length field`,
    );
  const out = new Uint8Array(payload.length + options.tagLength);
  out.set(ctr(key, counterBlock(nonce, 1)).encrypt(payload));
  out.set(
    ctr(key, counterBlock(nonce, 0)).encrypt(mac(key, nonce, options, payload)),
    payload.length,
  );
  return out;
}

/**
 * Decryption-verification (§6.2): the payload, or a CryptoError naming `check`
 * if the MAC does not match (compared without an early exit).
 */
export function ccmOpen(
  key: Uint8Array,
  nonce: Uint8Array,
  sealed: Uint8Array,
  options: CcmOptions,
  checkName: string,
): Uint8Array {
  check(key, nonce, options.tagLength);
  if (sealed.length < options.tagLength)
    throw new CryptoError(checkName, 'encrypted data shorter than its tag');
  const body = sealed.subarray(0, sealed.length - options.tagLength);
  const payload = ctr(key, counterBlock(nonce, 1)).encrypt(body);
  const expected = ctr(key, counterBlock(nonce, 0)).encrypt(mac(key, nonce, options, payload));
  let diff = 0;
  for (let i = 0; i < options.tagLength; i++) diff |= expected[i]! ^ sealed[body.length + i]!;
  if (diff !== 0)
    throw new CryptoError(
      checkName,
      'the encrypted data does not authenticate (wrong key or altered)',
    );
  return payload;
}

/** SJCL's tag: 8 bytes. */
const SJCL_TAG = 8;

/** The length field size L that SJCL picks: 2 bytes up to 64 KiB, more beyond. */
function lengthBytes(length: number): number {
  let L = 2;
  while (L < 4 && length >>> (8 * L)) L++;
  return L;
}

/** The nonce: SJCL keeps the first 15 − L bytes of the initialisation vector. */
function sjclNonce(iv: Uint8Array, length: number): Uint8Array {
  const nonce = iv.subarray(0, 15 - lengthBytes(length));
  if (nonce.length !== 15 - lengthBytes(length))
    throw new CryptoError('aes-ccm', 'initialisation vector too short');
  return nonce;
}

/** Belenios's encryption (AES-256, SJCL's nonce, 8-byte tag): the ciphertext followed by the tag. */
export function ccmEncrypt(key: Uint8Array, iv: Uint8Array, plain: Uint8Array): Uint8Array {
  if (key.length !== 32)
    throw new CryptoError('aes-ccm', `expected a 32-byte key, got ${key.length}`);
  return ccmSeal(key, sjclNonce(iv, plain.length), plain, { tagLength: SJCL_TAG });
}

/** Belenios's decryption; throws a CryptoError naming `check` if the tag does not match. */
export function ccmDecrypt(
  key: Uint8Array,
  iv: Uint8Array,
  sealed: Uint8Array,
  check: string,
): Uint8Array {
  if (key.length !== 32)
    throw new CryptoError('aes-ccm', `expected a 32-byte key, got ${key.length}`);
  if (sealed.length < SJCL_TAG) throw new CryptoError(check, 'encrypted data shorter than its tag');
  const nonce = sjclNonce(iv, sealed.length - SJCL_TAG);
  return ccmOpen(key, nonce, sealed, { tagLength: SJCL_TAG }, check);
}
