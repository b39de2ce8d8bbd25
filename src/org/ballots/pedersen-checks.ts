import { readElement } from '../../crypto/formats.ts';
import type { Group } from '../../crypto/group.ts';
import {
  array,
  at,
  fail,
  field,
  type Json,
  object,
  parseJson,
  type Reader,
  string,
} from '../../crypto/json.ts';
import { mod } from '../../crypto/modular.ts';
import { type Certificate, readCertificate, readSigned } from '../../crypto/pedersen.ts';
import { readTrusteeKey, type TrusteePublicKey, verifyTrusteeKey } from '../../crypto/trustees.ts';

/**
 * The server's checks of each message of threshold key setup (spec 2.0 §4.6)
 * as it arrives, one trustee's at a time, so that a wrong step is refused when
 * it is sent rather than when the last trustee's arrives. makeVinputs and
 * makeThresholdParameters (src/crypto/pedersen.ts) check them all again
 * together. Each throws a CryptoError naming what is wrong.
 */

const reader = (check: string): Reader => ({ check, path: '' });

/** A certificate (§4.6.2), self-signed, and not the certificate of another trustee. */
export function checkCertificate<E>(
  group: Group<E>,
  text: string,
  others: readonly string[],
): Certificate<E> {
  const r = reader('certificate');
  const cert = readCertificate(group, parseJson(text, r), r);
  for (const other of others) {
    const seen = readCertificate(group, parseJson(other, r), r);
    if (group.equals(seen.verificationKey, cert.verificationKey))
      fail(r, 'another trustee has sent this same certificate');
  }
  return cert;
}

/** An encrypted_msg (§4.6.1): only its group elements can be checked by anyone but its recipient. */
function checkEncrypted<E>(group: Group<E>, text: string, r: Reader) {
  const o = object(parseJson(text, r), r);
  readElement(group, field(o, 'alpha', r), at(r, 'alpha'));
  readElement(group, field(o, 'beta', r), at(r, 'beta'));
  if (!/^([0-9a-f]{2})*$/.test(string(field(o, 'data', r), at(r, 'data'))))
    fail(at(r, 'data'), 'expected hexadecimal');
}

/** Signed coefficient commitments A_0 … A_t (§4.6.4), checked to be signed by `signer`. */
function commitmentsOf<E>(group: Group<E>, coefexps: Json | undefined, signer: E, r: Reader): E[] {
  const m = at(r, 'message');
  const raw = object(parseJson(readSigned(group, coefexps, signer, r), m), m);
  return array(field(raw, 'coefexps', m), at(m, 'coefexps')).map((e, k) =>
    readElement(group, e, at(at(m, 'coefexps'), k)),
  );
}

/**
 * Trustee z's polynomial structure (§4.6.4): one encrypted share per trustee,
 * its polynomial encrypted for itself, and `threshold` commitments it signed.
 */
export function checkPolynomial<E>(
  group: Group<E>,
  certs: readonly Certificate<E>[],
  z: number,
  threshold: number,
  text: string,
): void {
  const r = reader('polynomial');
  const o = object(parseJson(text, r), r);
  checkEncrypted(
    group,
    string(field(o, 'polynomial', r), at(r, 'polynomial')),
    at(r, 'polynomial'),
  );
  const secrets = array(field(o, 'secrets', r), at(r, 'secrets'));
  if (secrets.length !== certs.length)
    fail(
      at(r, 'secrets'),
      `expected ${certs.length} shares, one per trustee, got ${secrets.length}`,
    );
  secrets.forEach((s, j) => {
    const sr = at(at(r, 'secrets'), j);
    checkEncrypted(group, string(s, sr), sr);
  });
  const commitments = commitmentsOf(
    group,
    field(o, 'coefexps', r),
    certs[z]!.verificationKey,
    at(r, 'coefexps'),
  );
  if (commitments.length !== threshold)
    fail(
      at(r, 'coefexps'),
      `expected ${threshold} commitments for a threshold of ${threshold}, got ${commitments.length}`,
    );
}

/**
 * Trustee j's voutput (§4.6.6): its verification key g^S_j must be the value
 * everyone's commitments give at j + 1, with a valid proof of knowledge, and
 * its own share must come encrypted. Returns the verification key as JSON.
 */
export function checkVoutput<E>(
  group: Group<E>,
  certs: readonly Certificate<E>[],
  polynomials: readonly string[],
  j: number,
  text: string,
): Json {
  const r = reader('voutput');
  const o = object(parseJson(text, r), r);
  checkEncrypted(
    group,
    string(field(o, 'private_key', r), at(r, 'private_key')),
    at(r, 'private_key'),
  );
  const keyJson = field(o, 'public_key', r);
  const key: TrusteePublicKey<E> = readTrusteeKey(group, keyJson, at(r, 'public_key'));
  if (!verifyTrusteeKey(group, key))
    fail(at(r, 'public_key'), 'the proof of knowledge of the share does not verify');
  const all = polynomials.map((p, z) => {
    const pr = reader(`polynomial ${z + 1}`);
    return commitmentsOf(
      group,
      field(object(parseJson(p, pr), pr), 'coefexps', pr),
      certs[z]!.verificationKey,
      pr,
    );
  });
  // Π_i Π_k A_ik^((j+1)^k): g to the sum of the shares trustee j was dealt.
  const sums = all[0]!.map((_, k) => all.reduce((acc, c) => group.mul(acc, c[k]!), group.one));
  const powers = sums.map((_, k) => mod(BigInt(j + 1) ** BigInt(k), group.q));
  if (!group.equals(key.publicKey, group.multiPow(sums, powers)))
    fail(
      at(r, 'public_key'),
      'the verification key is not the one the trustees’ commitments give for this trustee',
    );
  return keyJson;
}
