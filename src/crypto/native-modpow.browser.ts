/**
 * The browser's stand-in for native-modpow.ts: browsers expose no modular
 * exponentiation (WebCrypto has no finite-field Diffie–Hellman), so the
 * finite-field groups use the bigint loops of modular.ts there.
 */
export type NativeModPow = (base: bigint, exp: bigint) => bigint | undefined;

export function nativeModPow(_p: bigint): NativeModPow | undefined {
  return undefined;
}
