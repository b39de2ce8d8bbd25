/**
 * Voters' credentials (spec 2.0 §4.8): a 15-character Base58 secret whose last
 * character is a checksum; PBKDF2 turns it into the signing key s, and g^s is
 * the public credential the server knows.
 */

import { pbkdf2 } from '@noble/hashes/pbkdf2.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { nativePbkdf2Sha256 } from '#native';
import { CryptoError, ensure, excerpt } from './errors.ts';
import type { Group } from './group.ts';
import { bytesToBigint } from './hash.ts';
import { type RandomBytes, randomIndex } from './random.ts';

export const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function digits(text: string): number[] {
  return [...text].map((ch) => {
    const d = BASE58.indexOf(ch);
    if (d < 0) throw new CryptoError('credential', `${excerpt(ch)} is not a Base58 character`);
    return d;
  });
}

/** 53 − c1 mod 53, where c1 is the first 14 characters read in base 58. */
function checksum(first14: string): number {
  let c = 0n;
  for (const d of digits(first14)) c = c * 58n + BigInt(d);
  return Number((53n - (c % 53n)) % 53n);
}

/** A fresh private credential in the XXX-XXX-XXX-XXX-XXX form. */
export function generateCredential(random: RandomBytes): string {
  let body = '';
  for (let i = 0; i < 14; i++) body += BASE58[randomIndex(58, random)];
  const raw = body + BASE58[checksum(body)];
  return raw.match(/.{3}/g)!.join('-');
}

/** The 15 characters of a credential, dashes removed, after checking its checksum. */
export function normaliseCredential(credential: string): string {
  const raw = credential.replaceAll('-', '');
  ensure(
    /^[1-9A-HJ-NP-Za-km-z]{15}$/.test(raw),
    'credential',
    `expected 15 Base58 characters (dashes optional), got ${raw.length} characters`,
  );
  ensure(
    digits(raw.slice(14))[0] === checksum(raw.slice(0, 14)),
    'credential',
    'the checksum character does not match: check for a typing error',
  );
  return raw;
}

/** s = secret(c): PBKDF2-HMAC-SHA256(c, uuid, 1000 iterations, one block) mod q. */
export function credentialSecret<E>(group: Group<E>, credential: string, uuid: string): bigint {
  normaliseCredential(credential);
  const key =
    nativePbkdf2Sha256?.(credential, uuid, 1000, 32) ??
    pbkdf2(sha256, utf8ToBytes(credential), utf8ToBytes(uuid), { c: 1000, dkLen: 32 });
  return bytesToBigint(key) % group.q;
}

/** public(c) = g^secret(c). */
export function publicCredential<E>(group: Group<E>, credential: string, uuid: string): E {
  return group.powG(credentialSecret(group, credential, uuid));
}
