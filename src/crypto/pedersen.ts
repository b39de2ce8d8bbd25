/**
 * Threshold trustees: the "Pedersen" key establishment of spec 2.0 §3.1.1 with
 * the messages of §4.6, as belenios-tool's `setup generate-trustee-key-threshold`
 * steps 1 to 6 write them. m trustees each deal shares of a random polynomial of
 * degree t to all the others through the administrator; any t + 1 of them can
 * later decrypt, each with the sum of the shares it received (§4.19).
 *
 * Every message is a string exactly as belenios-tool writes it (compact JSON,
 * fields in the order of the spec), so that its trustees and ours can take part
 * in the same setup. Readers check every element for group membership, every
 * signature and every share, and throw a CryptoError naming the field.
 *
 * One piece: the six steps of one protocol (§4.6), each reading the messages
 * of the step before, with the signed and encrypted channel (§4.6.3) that only
 * these steps use. Should it grow, the trustee's keys and channel (§4.6.1 to
 * §4.6.3) are the seam to split at.
 */

import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { ccmDecrypt, ccmEncrypt } from './aes-ccm.ts';
import { BASE58 } from './credential.ts';
import { CryptoError } from './errors.ts';
import { readElement, readProof, writeProof } from './formats.ts';
import type { Group } from './group.ts';
import { bytesToBigint, hashToZq, sha256Bytes } from './hash.ts';
import {
  array,
  at,
  fail,
  field,
  integer,
  type Json,
  object,
  parseJson,
  type Reader,
  scalar,
  string,
} from './json.ts';
import { mod } from './modular.ts';
import { type Proof, pokHash, proveSchnorr, verifySchnorr } from './proofs.ts';
import { type RandomBytes, randomBelow, randomIndex } from './random.ts';
import {
  readTrusteeKey,
  type TrusteePublicKey,
  verifyTrusteeKey,
  writeTrusteeKey,
} from './trustees.ts';

/** The four keys a threshold trustee derives from its secret seed (§4.6.1). */
export interface ThresholdKeys<E> {
  seed: string;
  signingKey: bigint;
  verificationKey: E;
  decryptionKey: bigint;
  encryptionKey: E;
}

/** A certificate (§4.6.2): the trustee's public keys, signed with its signing key. */
export interface Certificate<E> {
  verificationKey: E;
  encryptionKey: E;
  /** The signed_msg as published, for the threshold parameters. */
  json: Json;
}

const readerFor = (check: string): Reader => ({ check, path: '' });

/** Step 1: a fresh secret seed, 22 characters of base 58 (§4.6.1). */
export function generateSeed(random: RandomBytes): string {
  let seed = '';
  for (let i = 0; i < 22; i++) seed += BASE58[randomIndex(58, random)];
  return seed;
}

/** sk = SHA256(sk|seed) and dk = SHA256(dk|seed), reduced modulo q (§4.6.1). */
export function deriveKeys<E>(group: Group<E>, seed: string): ThresholdKeys<E> {
  const derive = (prefix: string) => bytesToBigint(sha256Bytes(`${prefix}|${seed}`)) % group.q;
  const signingKey = derive('sk');
  const decryptionKey = derive('dk');
  return {
    seed,
    signingKey,
    verificationKey: group.powG(signingKey),
    decryptionKey,
    encryptionKey: group.powG(decryptionKey),
  };
}

/** The Schnorr signature of §4.6.1: challenge SHA256(sigmsg|M|A) mod q. */
function signatureHash<E>(group: Group<E>, message: string) {
  return (A: E) => hashToZq(`sigmsg|${message}|${group.toString(A)}`, group.q);
}

/** signed_msg (§4.6.1), as the JSON value it is written as. */
export function sign<E>(group: Group<E>, signingKey: bigint, message: string, random: RandomBytes) {
  const proof = proveSchnorr(group, signingKey, signatureHash(group, message), random);
  return { message, signature: writeProof(proof) };
}

/** Reads a signed_msg and returns its message if `signer` signed it. */
export function readSigned<E>(group: Group<E>, value: Json | undefined, signer: E, reader: Reader) {
  const o = object(value, reader);
  const message = string(field(o, 'message', reader), at(reader, 'message'));
  const signature: Proof = readProof(group, field(o, 'signature', reader), at(reader, 'signature'));
  if (!verifySchnorr(group, signer, signature, signatureHash(group, message)))
    fail(at(reader, 'signature'), 'the signature does not verify');
  return message;
}

/**
 * encrypted_msg (§4.6.1): an El Gamal encryption of g^s, whose hash keys
 * AES-CCM over the message; returned serialised.
 */
export function encryptMessage<E>(group: Group<E>, ek: E, text: string, random: RandomBytes) {
  const r = randomBelow(group.q, random);
  const s = randomBelow(group.q, random);
  const alpha = group.powG(r);
  const gs = group.powG(s);
  const key = sha256Bytes(`key|${group.toString(gs)}`);
  const iv = sha256Bytes(`iv|${group.toString(alpha)}`);
  return JSON.stringify({
    alpha: group.toString(alpha),
    beta: group.toString(group.mul(group.pow(ek, r), gs)),
    data: bytesToHex(ccmEncrypt(key, iv, utf8ToBytes(text))),
  });
}

export function decryptMessage<E>(group: Group<E>, dk: bigint, text: string, reader: Reader) {
  const o = object(parseJson(text, reader), reader);
  const alpha = readElement(group, field(o, 'alpha', reader), at(reader, 'alpha'));
  const beta = readElement(group, field(o, 'beta', reader), at(reader, 'beta'));
  const data = string(field(o, 'data', reader), at(reader, 'data'));
  if (!/^([0-9a-f]{2})*$/.test(data)) fail(at(reader, 'data'), 'expected hexadecimal');
  const key = sha256Bytes(`key|${group.toString(group.div(beta, group.pow(alpha, dk)))}`);
  const iv = sha256Bytes(`iv|${group.toString(alpha)}`);
  const plain = ccmDecrypt(key, iv, hexToBytes(data), reader.check);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(plain);
  } catch {
    return fail(at(reader, 'data'), 'does not decrypt to UTF-8 text');
  }
}

/** send(sk, recipient, message) of §4.6.3: signed, then encrypted for the recipient. */
export function send<E>(
  group: Group<E>,
  signingKey: bigint,
  recipient: E,
  message: string,
  random: RandomBytes,
): string {
  const channel = JSON.stringify({ recipient: group.toString(recipient), message });
  const signed = JSON.stringify(sign(group, signingKey, channel, random));
  return encryptMessage(group, recipient, signed, random);
}

/** Opens a channel message to `keys` from the trustee whose verification key is `sender`. */
export function receive<E>(
  group: Group<E>,
  keys: ThresholdKeys<E>,
  sender: E,
  text: string,
  reader: Reader,
): Json {
  const signed = parseJson(decryptMessage(group, keys.decryptionKey, text, reader), reader);
  const channel = object(parseJson(readSigned(group, signed, sender, reader), reader), reader);
  const recipient = readElement(
    group,
    field(channel, 'recipient', reader),
    at(reader, 'recipient'),
  );
  // §4.6.3: "recipient must be checked", or a message for another could be replayed to us.
  if (!group.equals(recipient, keys.encryptionKey))
    fail(at(reader, 'recipient'), 'the message was sent to another trustee');
  return parseJson(string(field(channel, 'message', reader), at(reader, 'message')), reader);
}

/** Step 1: the certificate, as the `.cert` file holds it (§4.6.2). */
export function makeCertificate<E>(group: Group<E>, keys: ThresholdKeys<E>, random: RandomBytes) {
  const message = JSON.stringify({
    verification: group.toString(keys.verificationKey),
    encryption: group.toString(keys.encryptionKey),
  });
  return JSON.stringify(sign(group, keys.signingKey, message, random));
}

/** Reads one certificate and checks that the key it certifies signed it. */
export function readCertificate<E>(group: Group<E>, value: Json, reader: Reader): Certificate<E> {
  const o = object(value, reader);
  const m = at(reader, 'message');
  const keys = object(parseJson(string(field(o, 'message', reader), m), m), m);
  const verificationKey = readElement(group, field(keys, 'verification', m), at(m, 'verification'));
  const encryptionKey = readElement(group, field(keys, 'encryption', m), at(m, 'encryption'));
  readSigned(group, o, verificationKey, reader);
  return { verificationKey, encryptionKey, json: value };
}

/** Steps 2 and 3 (a): Γ, certificates one per line (`certs.jsons`), all valid and distinct. */
export function readCertificates<E>(group: Group<E>, text: string): Certificate<E>[] {
  const reader = readerFor('certificates');
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const certs = lines.map((line, i) =>
    readCertificate(group, parseJson(line, at(reader, i)), at(reader, i)),
  );
  if (certs.length === 0) fail(reader, 'no certificates');
  const seen = new Set(certs.map((c) => group.toString(c.verificationKey)));
  if (seen.size !== certs.length) fail(reader, 'the same trustee appears twice');
  return certs;
}

/** The position of the trustee holding `keys` in Γ; its shares are f(position + 1). */
function ownIndex<E>(
  group: Group<E>,
  certs: readonly Certificate<E>[],
  keys: ThresholdKeys<E>,
  check: string,
) {
  const i = certs.findIndex((c) => group.equals(c.verificationKey, keys.verificationKey));
  // §4.6.4: "Ti first checks that keys indeed match".
  if (i < 0 || !group.equals(certs[i]!.encryptionKey, keys.encryptionKey))
    throw new CryptoError(check, 'this trustee’s certificate is not among the certificates');
  return i;
}

/**
 * A share s_ij or a sum S_j, reduced modulo q: belenios-tool 2.0 writes f(j) and
 * Σ_i s_ij as integers without the reduction modulo q that §4.6.4 and §4.6.6
 * state, so any canonical base-10 number of sensible length is accepted.
 */
function unreduced(value: Json | undefined, q: bigint, reader: Reader): bigint {
  const text = string(value, reader);
  if (!/^(0|[1-9][0-9]{0,2000})$/.test(text)) fail(reader, 'expected a number in base 10');
  return BigInt(text) % q;
}

/** Writes the scalars of a raw polynomial or secret in base 10 (§4.2). */
const decimal = (x: bigint) => x.toString();

/**
 * Step 3 (b): trustee i's polynomial structure (§4.6.4) for `threshold` = t + 1
 * trustees needed to decrypt: f of degree t, its coefficients sent to itself,
 * the share f(j) sent to each trustee j, and the signed commitments g^a_k.
 */
export function makePolynomial<E>(
  group: Group<E>,
  certs: readonly Certificate<E>[],
  keys: ThresholdKeys<E>,
  threshold: number,
  random: RandomBytes,
): string {
  if (!(Number.isInteger(threshold) && threshold >= 1 && threshold <= certs.length))
    throw new CryptoError(
      'polynomial',
      `the threshold must be 1 to ${certs.length}, not ${threshold}`,
    );
  const self = certs[ownIndex(group, certs, keys, 'polynomial')]!;
  const a = Array.from({ length: threshold }, () => randomBelow(group.q, random));
  const f = (x: bigint) => a.reduceRight((acc, c) => mod(acc * x + c, group.q), 0n);
  const coefexps = JSON.stringify({ coefexps: a.map((c) => group.toString(group.powG(c))) });
  return JSON.stringify({
    polynomial: send(
      group,
      keys.signingKey,
      self.encryptionKey,
      JSON.stringify({ polynomial: a.map(decimal) }),
      random,
    ),
    secrets: certs.map((c, j) =>
      send(
        group,
        keys.signingKey,
        c.encryptionKey,
        JSON.stringify({ secret: decimal(f(BigInt(j + 1))) }),
        random,
      ),
    ),
    coefexps: sign(group, keys.signingKey, coefexps, random),
  });
}

/** A polynomial structure as the administrator sees it: the shares are opaque. */
interface Polynomial<E> {
  polynomial: string;
  secrets: string[];
  coefexps: Json;
  /** A_0 … A_t, checked to be signed by the trustee who dealt them. */
  commitments: E[];
}

/** Reads signed coefexps (§4.6.4) and checks that `signer` signed them. */
function readCoefexps<E>(group: Group<E>, value: Json | undefined, signer: E, reader: Reader): E[] {
  const m = at(reader, 'message');
  const raw = object(parseJson(readSigned(group, value, signer, reader), m), m);
  const list = array(field(raw, 'coefexps', m), at(m, 'coefexps'));
  if (list.length === 0) fail(at(m, 'coefexps'), 'empty');
  return list.map((e, k) => readElement(group, e, at(at(m, 'coefexps'), k)));
}

/** Step 3 (c): the administrator checks trustee z's polynomial structure. */
function readPolynomial<E>(
  group: Group<E>,
  certs: readonly Certificate<E>[],
  z: number,
  text: string,
): Polynomial<E> {
  const reader = readerFor(`polynomial ${z + 1}`);
  const o = object(parseJson(text, reader), reader);
  const secrets = array(field(o, 'secrets', reader), at(reader, 'secrets')).map((s, j) =>
    string(s, at(at(reader, 'secrets'), j)),
  );
  if (secrets.length !== certs.length)
    fail(
      at(reader, 'secrets'),
      `expected ${certs.length} shares, one per trustee, got ${secrets.length}`,
    );
  const coefexps = field(o, 'coefexps', reader);
  return {
    polynomial: string(field(o, 'polynomial', reader), at(reader, 'polynomial')),
    secrets,
    coefexps,
    commitments: readCoefexps(group, coefexps, certs[z]!.verificationKey, at(reader, 'coefexps')),
  };
}

function readPolynomials<E>(
  group: Group<E>,
  certs: readonly Certificate<E>[],
  polynomials: readonly string[],
) {
  if (polynomials.length !== certs.length)
    throw new CryptoError(
      'polynomials',
      `expected ${certs.length} polynomials, got ${polynomials.length}`,
    );
  const read = polynomials.map((p, z) => readPolynomial(group, certs, z, p));
  const threshold = read[0]!.commitments.length;
  read.forEach((p, z) => {
    if (p.commitments.length !== threshold)
      throw new CryptoError(
        `polynomial ${z + 1}`,
        `degree differs: ${p.commitments.length} coefficients, not ${threshold}`,
      );
  });
  return { read, threshold };
}

/** Signed messages written back in the compact form and field order belenios-tool uses. */
function canonical(value: Json): Json {
  const o = value as { message: string; signature: { challenge: string; response: string } };
  return {
    message: o.message,
    signature: { challenge: o.signature.challenge, response: o.signature.response },
  };
}

/**
 * g^f(j) for the polynomial committed to by A_0 … A_t: Π_k A_k^(j^k), the
 * check of §4.6.5 and §4.6.6 (for a product of polynomials, pass the products of their A_k).
 */
function committedValue<E>(group: Group<E>, commitments: readonly E[], j: number): E {
  const powers = commitments.map((_, k) => mod(BigInt(j) ** BigInt(k), group.q));
  return group.multiPow(commitments, powers);
}

/** Step 4 (§4.6.5): the vinput of each trustee, routing to it its shares from everyone. */
export function makeVinputs<E>(
  group: Group<E>,
  certs: readonly Certificate<E>[],
  polynomials: readonly string[],
): string[] {
  const { read } = readPolynomials(group, certs, polynomials);
  return certs.map((_, j) =>
    JSON.stringify({
      polynomial: read[j]!.polynomial,
      secrets: read.map((p) => p.secrets[j]!),
      coefexps: read.map((p) => canonical(p.coefexps)),
    }),
  );
}

/**
 * Step 5 (§4.6.6), by trustee j: checks every share it was dealt against its
 * dealer's commitments, then sends itself S_j = Σ_i s_ij and publishes g^S_j
 * with a proof of knowledge.
 */
export function makeVoutput<E>(
  group: Group<E>,
  certs: readonly Certificate<E>[],
  keys: ThresholdKeys<E>,
  vinput: string,
  random: RandomBytes,
): string {
  const reader = readerFor('vinput');
  const j = ownIndex(group, certs, keys, 'vinput');
  const o = object(parseJson(vinput, reader), reader);
  const secrets = array(field(o, 'secrets', reader), at(reader, 'secrets'));
  const coefexps = array(field(o, 'coefexps', reader), at(reader, 'coefexps'));
  if (secrets.length !== certs.length || coefexps.length !== certs.length)
    fail(reader, `expected ${certs.length} shares and ${certs.length} coefexps`);
  const commitments = coefexps.map((c, i) =>
    readCoefexps(group, c, certs[i]!.verificationKey, at(at(reader, 'coefexps'), i)),
  );
  if (commitments.some((c) => c.length !== commitments[0]!.length))
    fail(at(reader, 'coefexps'), 'the polynomials are not all of the same degree');
  // Our own polynomial comes back to us: it must be the one we committed to.
  const p = at(reader, 'polynomial');
  const raw = object(
    receive(group, keys, keys.verificationKey, string(field(o, 'polynomial', reader), p), p),
    p,
  );
  const mine = array(field(raw, 'polynomial', p), at(p, 'polynomial')).map((a, k) =>
    scalar(a, group.q, at(at(p, 'polynomial'), k)),
  );
  if (
    mine.length !== commitments[j]!.length ||
    mine.some((a, k) => !group.equals(group.powG(a), commitments[j]![k]!))
  )
    fail(p, 'our own polynomial does not match our commitments');
  let share = 0n;
  secrets.forEach((text, i) => {
    const s = at(at(reader, 'secrets'), i);
    const secret = object(receive(group, keys, certs[i]!.verificationKey, string(text, s), s), s);
    const value = unreduced(field(secret, 'secret', s), group.q, at(s, 'secret'));
    // §4.6.5: g^s_ij = Π_k A_ik^(j^k), or trustee i dealt an inconsistent share.
    if (!group.equals(group.powG(value), committedValue(group, commitments[i]!, j + 1)))
      fail(s, `trustee ${i + 1}'s share does not match its commitments`);
    share = mod(share + value, group.q);
  });
  const X = group.powG(share);
  const publicKey: TrusteePublicKey<E> = {
    publicKey: X,
    pok: proveSchnorr(group, share, pokHash(group, X), random),
  };
  return JSON.stringify({
    private_key: send(
      group,
      keys.signingKey,
      keys.encryptionKey,
      JSON.stringify({ decryption_key: decimal(share) }),
      random,
    ),
    public_key: writeTrusteeKey(group, publicKey),
  });
}

/**
 * Step 6 (§4.6.6, §4.6.7), by the administrator: checks each voutput (in the
 * order of the certificates) against the commitments and returns the threshold
 * parameters (`threshold.json`) and each trustee's encrypted share (its `.dkey`).
 */
export function makeThresholdParameters<E>(
  group: Group<E>,
  certs: readonly Certificate<E>[],
  polynomials: readonly string[],
  voutputs: readonly string[],
): { parameters: string; encryptedShares: string[] } {
  const { read, threshold } = readPolynomials(group, certs, polynomials);
  if (voutputs.length !== certs.length)
    throw new CryptoError('voutputs', `expected ${certs.length} voutputs, got ${voutputs.length}`);
  const sums = sumCommitments(
    group,
    read.map((p) => p.commitments),
  );
  const encryptedShares: string[] = [];
  const verificationKeys = voutputs.map((text, j) => {
    const reader = readerFor(`voutput ${j + 1}`);
    const o = object(parseJson(text, reader), reader);
    encryptedShares.push(string(field(o, 'private_key', reader), at(reader, 'private_key')));
    const key = readTrusteeKey(group, field(o, 'public_key', reader), at(reader, 'public_key'));
    checkVerificationKey(group, sums, j, key, at(reader, 'public_key'));
    return key;
  });
  const parameters = JSON.stringify({
    threshold,
    certs: certs.map((c) => canonical(c.json)),
    coefexps: read.map((p) => canonical(p.coefexps)),
    verification_keys: verificationKeys.map((k) => writeTrusteeKey(group, k)),
  });
  return { parameters, encryptedShares };
}

/** Π_i A_ik for each k: the commitments of the sum of everyone's polynomials. */
function sumCommitments<E>(group: Group<E>, commitments: readonly E[][]): E[] {
  return commitments[0]!.map((_, k) =>
    commitments.reduce((acc, c) => group.mul(acc, c[k]!), group.one),
  );
}

/** §4.6.6: g^S_j = Π_i Π_k A_ik^(j^k), and a valid proof of knowledge of S_j. */
function checkVerificationKey<E>(
  group: Group<E>,
  sums: readonly E[],
  j: number,
  key: TrusteePublicKey<E>,
  reader: Reader,
) {
  if (!group.equals(key.publicKey, committedValue(group, sums, j + 1)))
    fail(reader, `trustee ${j + 1}'s verification key is not the one the commitments give`);
  if (!verifyTrusteeKey(group, key)) fail(at(reader, 'pok'), 'the proof of knowledge fails');
}

/**
 * §3.4 step 5: trustee j opens its encrypted share (the `.dkey` it is sent
 * with the tally); it then decrypts with partialDecrypt as a "Single" trustee
 * would, and its proofs are checked against its verification key g^S_j.
 */
export function readShare<E>(
  group: Group<E>,
  keys: ThresholdKeys<E>,
  encryptedShare: string,
): bigint {
  const reader = readerFor('decryption key');
  const o = object(
    receive(group, keys, keys.verificationKey, encryptedShare.trim(), reader),
    reader,
  );
  return unreduced(field(o, 'decryption_key', reader), group.q, at(reader, 'decryption_key'));
}

/**
 * The universal verifier's checks of a published "Pedersen" item (§4.6.7):
 * every certificate self-signed, every trustee's coefficient commitments
 * signed by it, all of one degree t + 1 = threshold, and every verification key
 * the value those commitments give at the trustee's index, with its proof.
 * Throws a CryptoError named `check`.
 */
export function checkThresholdParameters<E>(group: Group<E>, value: Json, check: string): void {
  const reader: Reader = { check, path: 'threshold parameters' };
  const o = object(value, reader);
  const certs = array(field(o, 'certs', reader), at(reader, 'certs')).map((c, z) =>
    readCertificate(group, c, at(at(reader, 'certs'), z)),
  );
  const m = certs.length;
  if (new Set(certs.map((c) => group.toString(c.verificationKey))).size !== m)
    fail(at(reader, 'certs'), 'the same trustee appears twice');
  const coefexps = array(field(o, 'coefexps', reader), at(reader, 'coefexps'));
  const keys = array(field(o, 'verification_keys', reader), at(reader, 'verification_keys'));
  if (coefexps.length !== m || keys.length !== m)
    fail(
      reader,
      `${m} certificates, ${coefexps.length} coefexps and ${keys.length} verification keys`,
    );
  const threshold = integer(field(o, 'threshold', reader), at(reader, 'threshold'));
  const commitments = coefexps.map((c, z) =>
    readCoefexps(group, c, certs[z]!.verificationKey, at(at(reader, 'coefexps'), z)),
  );
  commitments.forEach((c, z) => {
    if (c.length !== threshold)
      fail(
        at(at(reader, 'coefexps'), z),
        `${c.length} coefficients for a threshold of ${threshold}`,
      );
  });
  const sums = sumCommitments(group, commitments);
  keys.forEach((k, j) => {
    const kr = at(at(reader, 'verification_keys'), j);
    checkVerificationKey(group, sums, j, readTrusteeKey(group, k, kr), kr);
  });
}
