import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { nativeSha256, nativeSha256Hex } from '#native';

/** SHA-256 of a UTF-8 string or bytes, as bytes: OpenSSL's in Node (native.ts). */
export function sha256Bytes(data: string | Uint8Array): Uint8Array {
  if (nativeSha256) return nativeSha256(data);
  return sha256(typeof data === 'string' ? utf8ToBytes(data) : data);
}

/** SHA-256 in lower-case hexadecimal: names of archive entries (spec 2.0 §4.4). */
export function sha256Hex(data: string | Uint8Array): string {
  return nativeSha256Hex ? nativeSha256Hex(data) : bytesToHex(sha256Bytes(data));
}

/**
 * H_JSON of spec 2.0 §4.15: Base64 of SHA-256 without padding ("Base64Compact").
 * Used for the election fingerprint, ballot hashes and smart ballot trackers.
 */
export function hashJson(data: string | Uint8Array): string {
  return base64(sha256Bytes(data)).replace(/=+$/, '');
}

/** Big-endian bytes as a non-negative bigint. */
export function bytesToBigint(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${bytesToHex(bytes)}`);
}

/**
 * SHA-256 of `text` read as a 256-bit big-endian number, reduced modulo q: how
 * every Fiat–Shamir challenge of spec 2.0 is derived (§4.5, §4.12–4.18).
 */
export function hashToZq(text: string, q: bigint): bigint {
  return bytesToBigint(sha256Bytes(text)) % q;
}

/** Standard Base64 with padding (btoa exists in Node and in browsers). */
export function base64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
