// Node-only: OpenSSL's powers, SHA-256 and PBKDF2 through node:crypto; the browser gets native.browser.ts via #native.
/**
 * What Node's OpenSSL computes faster than JavaScript: modular exponentiation,
 * SHA-256 and PBKDF2. The browser bundle gets native.browser.ts instead
 * (package.json "imports", condition "browser"), which offers none of them,
 * and the callers use their JavaScript code (modular.ts, @noble/hashes).
 *
 * base^exp mod p by OpenSSL's Montgomery exponentiation, reached through Node's
 * finite-field Diffie–Hellman: computeSecret(base) with `exp` as the private key
 * is exactly base^exp mod p. It is six to seven times faster than any bigint
 * loop (a 2047-bit exponent: ~2.5 ms against ~15 ms here), and constant-time,
 * since OpenSSL treats the private key as secret.
 */
import { createDiffieHellman, createHash, type DiffieHellman, pbkdf2Sync } from 'node:crypto';

export type NativeModPow = (base: bigint, exp: bigint) => bigint | undefined;

/**
 * A modular exponentiation for the prime p, or undefined where there is none.
 * The function returns undefined for the inputs OpenSSL refuses as Diffie–Hellman
 * values (a base outside [2, p - 2], an exponent below 1) and when the result is
 * 1, which OpenSSL refuses as a shared secret; the caller computes those itself.
 */
export function nativeModPow(p: bigint): NativeModPow | undefined {
  const length = (p.toString(16).length + 1) >> 1;
  let dh: DiffieHellman | undefined;
  const bytes = (x: bigint, size: number) =>
    Buffer.from(x.toString(16).padStart(size * 2, '0'), 'hex');
  return (base, exp) => {
    if (base < 2n || base > p - 2n || exp < 1n) return undefined;
    // Created on first use: Node checks the prime, which takes ~0.2 s for a
    // prime OpenSSL does not already know.
    dh ??= createDiffieHellman(bytes(p, length), Buffer.from([2]));
    const e = exp.toString(16);
    dh.setPrivateKey(Buffer.from(e.length % 2 ? `0${e}` : e, 'hex'));
    try {
      return BigInt(`0x${dh.computeSecret(bytes(base, length)).toString('hex')}`);
    } catch {
      return undefined;
    }
  };
}

/**
 * SHA-256 of a UTF-8 string or bytes, in hexadecimal: native hashing runs at
 * ~1 GB/s, where @noble/hashes manages ~100 MB/s; the verifier hashes every
 * archive entry and the long statements of proofs of shuffle.
 */
export const nativeSha256Hex: ((data: string | Uint8Array) => string) | undefined = (data) =>
  createHash('sha256').update(data).digest('hex');

/** The same, as bytes. */
export const nativeSha256: ((data: string | Uint8Array) => Uint8Array) | undefined = (data) =>
  createHash('sha256').update(data).digest();

/**
 * PBKDF2-HMAC-SHA256 of UTF-8 strings: ~0.3 ms for the 1,000 iterations of a
 * credential (spec 2.0 §4.3) against ~3 ms in @noble/hashes, paid once per
 * voter by the credential authority and by every ballot.
 */
export const nativePbkdf2Sha256:
  | ((password: string, salt: string, iterations: number, bytes: number) => Uint8Array)
  | undefined = (password, salt, iterations, bytes) =>
  pbkdf2Sync(password, salt, iterations, bytes, 'sha256');
