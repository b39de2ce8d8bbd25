/**
 * The zero-knowledge proofs of spec 2.0 (§4.5, §4.12–4.14, §4.18): Schnorr
 * proofs of knowledge, disjunctive interval proofs, blank-vote proofs and
 * proofs of correct decryption. Hash inputs follow the specification to the
 * byte, so proofs interoperate with belenios-tool.
 */
import { type Group, powMany, toStrings } from './group.ts';
import { hashToZq } from './hash.ts';
import { mod } from './modular.ts';
import { type RandomBytes, randomBelow } from './random.ts';

export interface Proof {
  challenge: bigint;
  response: bigint;
}

export interface Ciphertext<E> {
  alpha: E;
  beta: E;
}

/** Serialisation of elements joined by commas, as every hash input of the spec writes them. */
function joined<E>(group: Group<E>, elements: readonly E[]): string {
  return toStrings(group, elements).join(',');
}

/** g^response · X^challenge: the commitment a Schnorr proof implies. */
function commitment<E>(group: Group<E>, base: E, X: E, proof: Proof): E {
  return group.multiPow([base, X], [proof.response, proof.challenge]);
}

/** Schnorr proof of knowledge of x = log_g X with challenge hash(A); spec 2.0 §4.5 and §4.14. */
export function proveSchnorr<E>(
  group: Group<E>,
  x: bigint,
  hash: (A: E) => bigint,
  random: RandomBytes,
): Proof {
  const w = randomBelow(group.q, random);
  const challenge = hash(group.powG(w));
  return { challenge, response: mod(w - x * challenge, group.q) };
}

export function verifySchnorr<E>(
  group: Group<E>,
  X: E,
  proof: Proof,
  hash: (A: E) => bigint,
): boolean {
  return inZq(group, proof) && hash(commitment(group, group.g, X, proof)) === proof.challenge;
}

/** H_pok of spec 2.0 §4.5: SHA256(pok|G|X|A) where G is the group's name. */
export function pokHash<E>(group: Group<E>, X: E): (A: E) => bigint {
  return (A) => hashToZq(`pok|${group.name}|${group.toString(X)}|${group.toString(A)}`, group.q);
}

/** H_signature of spec 2.0 §4.14: SHA256(sig|hash|A). */
export function signatureHash<E>(group: Group<E>, ballotHash: string): (A: E) => bigint {
  return (A) => hashToZq(`sig|${ballotHash}|${group.toString(A)}`, group.q);
}

function inZq<E>(group: Group<E>, proof: Proof): boolean {
  return (
    proof.challenge >= 0n &&
    proof.challenge < group.q &&
    proof.response >= 0n &&
    proof.response < group.q
  );
}

/**
 * The commitments A_j = g^r_j α^c_j and B_j = y^r_j (β/g^M_j)^c_j of several
 * proofs about one ciphertext (§4.12, §4.13), flattened as [A_0, B_0, A_1, …].
 * For the verifier: (β/g^M)^c is computed as β^c · g^(−Mc), so that α and β are
 * raised to all the challenges at once (powMany) and g, y use their fixed-base tables.
 */
export function ciphertextCommitments<E>(
  group: Group<E>,
  y: E,
  c: Ciphertext<E>,
  values: readonly bigint[],
  proofs: readonly Proof[],
): E[] {
  const challenges = proofs.map((p) => p.challenge);
  const alphas = powMany(group, c.alpha, challenges);
  // (β/g^M)^c. Where q is far wider than a 256-bit challenge (RFC-3526-2048),
  // g^(−M·c mod q) would be a power of q's width: one power of β·g^−M with the
  // challenge costs a seventh of it. Elsewhere β^c comes from powMany (a shared
  // doubling chain for Ed25519) and g^(−M·c) from g's table, both cheap.
  const wide = group.q.toString(2).length > 2 * 256;
  const betas = wide
    ? proofs.map((p, j) =>
        group.pow(
          values[j] === 0n ? c.beta : group.div(c.beta, gPower(group, values[j]!)),
          p.challenge,
        ),
      )
    : powMany(group, c.beta, challenges);
  const out: E[] = [];
  proofs.forEach((p, j) => {
    const M = values[j]!;
    out.push(group.mul(group.multiPow([group.g], [p.response]), alphas[j]!));
    const fixed =
      M === 0n || wide
        ? group.multiPow([y], [p.response])
        : group.multiPow([y, group.g], [p.response, mod(-M * p.challenge, group.q)]);
    out.push(group.mul(fixed, betas[j]!));
  });
  return out;
}

/** g^M for the small M of interval proofs, kept per group: the same few values every ballot. */
const gPowers = new WeakMap<object, Map<bigint, unknown>>();
function gPower<E>(group: Group<E>, M: bigint): E {
  let cache = gPowers.get(group);
  if (!cache) {
    cache = new Map();
    gPowers.set(group, cache);
  }
  let x = cache.get(M) as E | undefined;
  if (x === undefined) {
    x = group.powG(M);
    if (cache.size < 1024) cache.set(M, x);
  }
  return x;
}

/**
 * iprove(S, r, i, M_0..M_k) of spec 2.0 §4.12: proves that (α, β) = (g^r, y^r g^M_i)
 * for one i without saying which.
 */
export function proveInterval<E>(
  group: Group<E>,
  y: E,
  S: string,
  c: Ciphertext<E>,
  r: bigint,
  index: number,
  values: readonly bigint[],
  random: RandomBytes,
): Proof[] {
  const q = group.q;
  const yPow = group.fixedBase(y);
  const m = values[index]!;
  const proofs: Proof[] = [];
  const commits: E[] = [];
  const w = randomBelow(q, random);
  let sum = 0n;
  for (let j = 0; j < values.length; j++) {
    if (j === index) {
      proofs.push({ challenge: 0n, response: 0n });
      commits.push(group.powG(w), yPow(w));
      continue;
    }
    const proof = { challenge: randomBelow(q, random), response: randomBelow(q, random) };
    sum += proof.challenge;
    proofs.push(proof);
    // The simulated disjunct's commitments g^r_j α^c_j and y^r_j (β/g^M_j)^c_j, with
    // α = g^r and β = y^r g^m known to the prover: g^e and y^e g^((m−M_j)c_j) for
    // e = r_j + r·c_j, fixed-base exponentiations only (and constant-time ones for Ed25519).
    const e = mod(proof.response + r * proof.challenge, q);
    commits.push(
      group.powG(e),
      group.mul(yPow(e), group.powG(mod((m - values[j]!) * proof.challenge, q))),
    );
  }
  const challenge = mod(intervalHash(group, S, c, commits) - sum, group.q);
  proofs[index] = { challenge, response: mod(w - r * challenge, group.q) };
  return proofs;
}

function intervalHash<E>(group: Group<E>, S: string, c: Ciphertext<E>, commits: E[]): bigint {
  const text = `prove|${S}|${joined(group, [c.alpha, c.beta])}|${joined(group, commits)}`;
  return hashToZq(text, group.q);
}

/** Verifies an iproof of spec 2.0 §4.12. */
export function verifyInterval<E>(
  group: Group<E>,
  y: E,
  S: string,
  c: Ciphertext<E>,
  values: readonly bigint[],
  proofs: readonly Proof[],
): boolean {
  if (proofs.length !== values.length || !proofs.every((p) => inZq(group, p))) return false;
  const commits = ciphertextCommitments(group, y, c, values, proofs);
  const sum = proofs.reduce((a, p) => a + p.challenge, 0n);
  return intervalHash(group, S, c, commits) === mod(sum, group.q);
}

/** Integers min..max as bigints. */
export function range(min: number, max: number): bigint[] {
  const out: bigint[] = [];
  for (let m = min; m <= max; m++) out.push(BigInt(m));
  return out;
}
