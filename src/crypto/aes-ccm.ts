/**
 * AES-256 in CCM mode (NIST SP 800-38C, RFC 3610), the symmetric cipher of
 * spec 2.0 §4.6.1 for the messages threshold trustees send one another.
 *
 * Belenios encrypts with SJCL's defaults, which the spec leaves unsaid: the
 * 32-byte "initialisation vector" SHA256(iv|α) is cut to a 15 − L byte nonce,
 * where L = 2 length bytes for messages under 64 KiB (so 13 bytes), and the tag
 * is 8 bytes, appended to the ciphertext. Checked against belenios-tool 2.0's
 * files in threshold.test.ts.
 *
 * Pure code so that it runs in the browser too (Node's crypto does not): only
 * the forward cipher is needed, since CCM decrypts with it as well. The table
 * lookups are not constant-time; the keys are hashes of fresh random group
 * elements, each used for one message.
 */
import { CryptoError } from './errors.ts';

const SBOX = new Uint8Array(256);
(() => {
  // The S-box from its definition (FIPS-197 §5.1.1): the inverse in GF(2^8), then an affine map.
  let p = 1;
  let q = 1;
  do {
    p = (p ^ ((p << 1) & 0xff) ^ (p & 0x80 ? 0x1b : 0)) & 0xff; // p · 3
    q ^= q << 1;
    q ^= q << 2;
    q ^= q << 4;
    q &= 0xff;
    if (q & 0x80) q ^= 0x09; // q / 3
    const rot = (x: number, n: number) => ((x << n) | (x >> (8 - n))) & 0xff;
    SBOX[p] = q ^ rot(q, 1) ^ rot(q, 2) ^ rot(q, 3) ^ rot(q, 4) ^ 0x63;
  } while (p !== 1);
  SBOX[0] = 0x63;
})();

const xtime = (x: number) => ((x << 1) ^ (x & 0x80 ? 0x1b : 0)) & 0xff;

/** The 15 round keys of AES-256 (FIPS-197 §5.2), 240 bytes. */
function expandKey(key: Uint8Array): Uint8Array {
  if (key.length !== 32) throw new CryptoError('aes', 'expected a 256-bit key');
  const w = new Uint8Array(240);
  w.set(key);
  let rcon = 1;
  for (let i = 32; i < 240; i += 4) {
    let t = [w[i - 4]!, w[i - 3]!, w[i - 2]!, w[i - 1]!];
    if (i % 32 === 0) {
      t = [SBOX[t[1]!]! ^ rcon, SBOX[t[2]!]!, SBOX[t[3]!]!, SBOX[t[0]!]!];
      rcon = xtime(rcon);
    } else if (i % 32 === 16) t = t.map((b) => SBOX[b]!);
    for (let j = 0; j < 4; j++) w[i + j] = w[i - 32 + j]! ^ t[j]!;
  }
  return w;
}

/** One block of AES encryption (FIPS-197 §5.1), in place. */
function encryptBlock(w: Uint8Array, s: Uint8Array): void {
  for (let i = 0; i < 16; i++) s[i]! ^= w[i]!;
  for (let round = 1; round <= 14; round++) {
    // SubBytes and ShiftRows: byte (row r, column c) moves to column c − r.
    const t = new Uint8Array(16);
    for (let c = 0; c < 4; c++)
      for (let r = 0; r < 4; r++) t[4 * c + r] = SBOX[s[4 * ((c + r) % 4) + r]!]!;
    for (let c = 0; c < 4 && round < 14; c++) {
      // MixColumns, skipped in the last round.
      const [a0, a1, a2, a3] = [t[4 * c]!, t[4 * c + 1]!, t[4 * c + 2]!, t[4 * c + 3]!];
      const all = a0 ^ a1 ^ a2 ^ a3;
      t[4 * c] = a0 ^ all ^ xtime(a0 ^ a1);
      t[4 * c + 1] = a1 ^ all ^ xtime(a1 ^ a2);
      t[4 * c + 2] = a2 ^ all ^ xtime(a2 ^ a3);
      t[4 * c + 3] = a3 ^ all ^ xtime(a3 ^ a0);
    }
    for (let i = 0; i < 16; i++) s[i] = t[i]! ^ w[16 * round + i]!;
  }
}

/** AES-256 of one 16-byte block: exported for the FIPS-197 test vector. */
export function aes256Block(key: Uint8Array, block: Uint8Array): Uint8Array {
  const s = block.slice();
  encryptBlock(expandKey(key), s);
  return s;
}

const TAG = 8;

/** The length field size L that SJCL picks: 2 bytes up to 64 KiB, more beyond. */
function lengthBytes(length: number): number {
  let L = 2;
  while (L < 4 && length >>> (8 * L)) L++;
  return L;
}

/** The nonce: SJCL keeps the first 15 − L bytes of the initialisation vector. */
function nonceFor(iv: Uint8Array, L: number): Uint8Array {
  const nonce = iv.subarray(0, 15 - L);
  if (nonce.length !== 15 - L) throw new CryptoError('aes-ccm', 'initialisation vector too short');
  return nonce;
}

/** A block holding `first`, the nonce and `value` in the last L bytes (SP 800-38C A.2). */
function block(first: number, nonce: Uint8Array, L: number, value: number): Uint8Array {
  const b = new Uint8Array(16);
  b[0] = first;
  b.set(nonce, 1);
  for (let i = 0; i < L; i++) b[15 - i] = Math.floor(value / 2 ** (8 * i)) & 0xff;
  return b;
}

/** The tag: CBC-MAC of B0 and the plaintext, masked with the first counter block. */
function tag(w: Uint8Array, nonce: Uint8Array, L: number, plain: Uint8Array): Uint8Array {
  // B0's flags: no associated data, (TAG − 2) / 2 for the tag length, L − 1.
  const mac = block((((TAG - 2) / 2) << 3) | (L - 1), nonce, L, plain.length);
  encryptBlock(w, mac);
  for (let i = 0; i < plain.length; i += 16) {
    for (let j = 0; j < 16 && i + j < plain.length; j++) mac[j]! ^= plain[i + j]!;
    encryptBlock(w, mac);
  }
  const s0 = block(L - 1, nonce, L, 0);
  encryptBlock(w, s0);
  return mac.subarray(0, TAG).map((b, i) => b ^ s0[i]!);
}

/** CTR mode from counter 1: the same operation encrypts and decrypts. */
function ctr(w: Uint8Array, nonce: Uint8Array, L: number, input: Uint8Array): Uint8Array {
  const out = new Uint8Array(input.length);
  for (let i = 0; i < input.length; i += 16) {
    const s = block(L - 1, nonce, L, i / 16 + 1);
    encryptBlock(w, s);
    for (let j = 0; j < 16 && i + j < input.length; j++) out[i + j] = input[i + j]! ^ s[j]!;
  }
  return out;
}

/** Encrypts: the ciphertext followed by the 8-byte tag. */
export function ccmEncrypt(key: Uint8Array, iv: Uint8Array, plain: Uint8Array): Uint8Array {
  const w = expandKey(key);
  const L = lengthBytes(plain.length);
  const nonce = nonceFor(iv, L);
  const out = new Uint8Array(plain.length + TAG);
  out.set(ctr(w, nonce, L, plain));
  out.set(tag(w, nonce, L, plain), plain.length);
  return out;
}

/** Decrypts and authenticates; throws a CryptoError naming `check` if the tag does not match. */
export function ccmDecrypt(
  key: Uint8Array,
  iv: Uint8Array,
  sealed: Uint8Array,
  check: string,
): Uint8Array {
  if (sealed.length < TAG) throw new CryptoError(check, 'encrypted data shorter than its tag');
  const w = expandKey(key);
  const body = sealed.subarray(0, sealed.length - TAG);
  const L = lengthBytes(body.length);
  const nonce = nonceFor(iv, L);
  const plain = ctr(w, nonce, L, body);
  const expected = tag(w, nonce, L, plain);
  let diff = 0;
  for (let i = 0; i < TAG; i++) diff |= expected[i]! ^ sealed[body.length + i]!;
  if (diff !== 0)
    throw new CryptoError(check, 'the encrypted data does not authenticate (wrong key or altered)');
  return plain;
}
