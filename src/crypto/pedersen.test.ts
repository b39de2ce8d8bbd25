/**
 * Threshold key generation (spec 2.0 §3.1.1, §4.6) among our own trustees, in
 * every group: any t + 1 shares give the election's secret, and each step
 * refuses what a dishonest trustee or administrator could send it, naming the field.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CryptoError } from './errors.ts';
import type { AnyGroup } from './group.ts';
import { GROUP_NAMES, groupByName } from './groups.ts';
import { mod, modInverse } from './modular.ts';
import {
  type Certificate,
  checkThresholdParameters,
  deriveKeys,
  encryptMessage,
  generateSeed,
  makeCertificate,
  makePolynomial,
  makeThresholdParameters,
  makeVinputs,
  makeVoutput,
  readCertificates,
  readShare,
  send,
  sign,
  type ThresholdKeys,
} from './pedersen.ts';
import { seededRandom } from './random.ts';
import { readTrustees } from './trustees.ts';

/** The six steps among `count` trustees, `threshold` of them needed. */
function setUp(group: AnyGroup, count: number, threshold: number, seed: string) {
  const random = seededRandom(seed);
  const keys = Array.from({ length: count }, () => deriveKeys(group, generateSeed(random)));
  const certs = readCertificates(
    group,
    keys.map((k) => `${makeCertificate(group, k, random)}\n`).join(''),
  );
  const polynomials = keys.map((k) => makePolynomial(group, certs, k, threshold, random));
  const vinputs = makeVinputs(group, certs, polynomials);
  const voutputs = keys.map((k, j) => makeVoutput(group, certs, k, vinputs[j]!, random));
  const made = makeThresholdParameters(group, certs, polynomials, voutputs);
  return { random, keys, certs, polynomials, vinputs, voutputs, ...made };
}

/** Σ λ_δ S_δ over the 1-based indices I: f(0) of the sum of the polynomials (§4.19). */
function interpolate(q: bigint, indices: number[], shares: bigint[]): bigint {
  return indices.reduce((acc, d, n) => {
    let lambda = 1n;
    for (const k of indices)
      if (k !== d) lambda = mod(lambda * BigInt(k) * modInverse(BigInt(k - d), q), q);
    return mod(acc + lambda * shares[n]!, q);
  }, 0n);
}

const refuses = (check: string, pattern: RegExp) => (e: unknown) =>
  e instanceof CryptoError && e.check === check && pattern.test(e.message);

for (const name of GROUP_NAMES) {
  const group = groupByName(name);
  describe(`Pedersen key generation in ${name}`, () => {
    const run = setUp(group, 3, 2, `pedersen ${name}`);

    test('any 2 of the 3 shares give the secret key of the published sub-key', () => {
      const shares = run.keys.map((k, j) => readShare(group, k, run.encryptedShares[j]!));
      const [pedersen] = readTrustees(group, `[["Pedersen",${run.parameters}]]`);
      assert.equal(pedersen?.kind, 'Pedersen');
      if (pedersen?.kind !== 'Pedersen') return;
      for (const [j, s] of shares.entries())
        assert.ok(group.equals(group.powG(s), pedersen.verificationKeys[j]!.publicKey));
      for (const pair of [
        [1, 2],
        [1, 3],
        [2, 3],
      ]) {
        const x = interpolate(
          group.q,
          pair,
          pair.map((i) => shares[i - 1]!),
        );
        assert.ok(group.equals(group.powG(x), pedersen.publicKey), `trustees ${pair}`);
      }
      // One share alone is not the secret: the polynomials have degree 1.
      assert.ok(!group.equals(group.powG(shares[0]!), pedersen.publicKey));
      checkThresholdParameters(group, JSON.parse(run.parameters), 'trustee keys');
    });
  });
}

describe('Pedersen key generation refuses', () => {
  const group = groupByName('BELENIOS-2048');
  const run = setUp(group, 3, 2, 'pedersen refusals');
  const { keys, certs, random } = run;

  /** Trustee 1's polynomial with its share for trustee `j` (0-based) replaced by `secret`. */
  const replaceShare = (j: number, secret: string) => {
    const p = JSON.parse(run.polynomials[0]!) as { secrets: string[] };
    p.secrets[j] = secret;
    return [JSON.stringify(p), ...run.polynomials.slice(1)];
  };
  const vinputFor = (j: number, polynomials: string[]) =>
    makeVinputs(group, certs, polynomials)[j]!;
  const share = (from: ThresholdKeys<bigint>, to: Certificate<bigint>, value: bigint) =>
    send(group, from.signingKey, to.encryptionKey, JSON.stringify({ secret: `${value}` }), random);
  const k = keys as ThresholdKeys<bigint>[];
  const c = certs as Certificate<bigint>[];

  test('a certificate whose signature is not by the key it certifies', () => {
    const forged = JSON.parse(makeCertificate(group, keys[0]!, random)) as {
      signature: { response: string };
    };
    forged.signature.response = String(BigInt(forged.signature.response) ^ 1n);
    assert.throws(
      () => readCertificates(group, JSON.stringify(forged)),
      refuses('certificates', /\[0\]\.signature: the signature does not verify/),
    );
  });

  test('a share that does not match its dealer’s commitments (a forged share)', () => {
    const polynomials = replaceShare(1, share(k[0]!, c[1]!, 12345n));
    assert.throws(
      () => makeVoutput(group, certs, keys[1]!, vinputFor(1, polynomials), random),
      refuses('vinput', /secrets\[0\]: trustee 1's share does not match its commitments/),
    );
  });

  test('a share signed by another trustee than its dealer', () => {
    const polynomials = replaceShare(1, share(k[2]!, c[1]!, 1n));
    assert.throws(
      () => makeVoutput(group, certs, keys[1]!, vinputFor(1, polynomials), random),
      refuses('vinput', /secrets\[0\]\.signature: the signature does not verify/),
    );
  });

  test('a share addressed to another trustee, re-encrypted for this one (§4.6.3)', () => {
    const channel = JSON.stringify({
      recipient: group.toString(certs[2]!.encryptionKey),
      message: JSON.stringify({ secret: '1' }),
    });
    const signed = JSON.stringify(sign(group, keys[0]!.signingKey, channel, random));
    const polynomials = replaceShare(
      1,
      encryptMessage(group, certs[1]!.encryptionKey, signed, random),
    );
    assert.throws(
      () => makeVoutput(group, certs, keys[1]!, vinputFor(1, polynomials), random),
      refuses('vinput', /secrets\[0\]\.recipient: the message was sent to another trustee/),
    );
  });

  test('a voutput whose verification key is another trustee’s', () => {
    const swapped = [...run.voutputs];
    const other = JSON.parse(run.voutputs[2]!) as { public_key: unknown };
    swapped[1] = JSON.stringify({ ...JSON.parse(run.voutputs[1]!), public_key: other.public_key });
    assert.throws(
      () => makeThresholdParameters(group, certs, run.polynomials, swapped),
      refuses('voutput 2', /trustee 2's verification key is not the one the commitments give/),
    );
  });

  test('a polynomial of another degree than the others', () => {
    const polynomials = [...run.polynomials];
    polynomials[2] = makePolynomial(group, certs, keys[2]!, 3, random);
    assert.throws(
      () => makeVinputs(group, certs, polynomials),
      refuses('polynomial 3', /degree differs: 3 coefficients, not 2/),
    );
  });

  test('an encrypted share opened with another trustee’s keys', () => {
    assert.throws(
      () => readShare(group, keys[0]!, run.encryptedShares[1]!),
      refuses('decryption key', /does not authenticate/),
    );
  });

  test('a threshold larger than the number of trustees', () => {
    assert.throws(
      () => makePolynomial(group, certs, keys[0]!, 4, random),
      refuses('polynomial', /the threshold must be 1 to 3, not 4/),
    );
  });
});
