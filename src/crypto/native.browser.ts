/**
 * The browser's stand-in for native.ts: browsers expose no synchronous
 * modular exponentiation, hashing or PBKDF2 (WebCrypto's are asynchronous, and
 * it has no finite-field Diffie–Hellman), so the callers use their JavaScript
 * code: the bigint loops of modular.ts and @noble/hashes.
 */
export type NativeModPow = (base: bigint, exp: bigint) => bigint | undefined;

export function nativeModPow(_p: bigint): NativeModPow | undefined {
  return undefined;
}

export const nativeSha256Hex: ((data: string | Uint8Array) => string) | undefined = undefined;
export const nativeSha256: ((data: string | Uint8Array) => Uint8Array) | undefined = undefined;
export const nativePbkdf2Sha256:
  | ((password: string, salt: string, iterations: number, bytes: number) => Uint8Array)
  | undefined = undefined;
