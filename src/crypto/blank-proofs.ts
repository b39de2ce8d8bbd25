/**
 * Proofs for questions that allow a blank vote (spec 2.0 §4.13): blank_proof
 * shows m0 = 0 ∨ mΣ = 0, overall_proof shows m0 = 1 ∨ mΣ ∈ [min, max].
 */
import type { Group } from './group.ts';
import { hashToZq } from './hash.ts';
import { mod } from './modular.ts';
import { type Ciphertext, ciphertextCommitments, type Proof } from './proofs.ts';
import { type RandomBytes, randomBelow } from './random.ts';

function commitments<E>(group: Group<E>, y: E, c: Ciphertext<E>, M: bigint, p: Proof): [E, E] {
  return [
    group.multiPow([group.g, c.alpha], [p.response, p.challenge]),
    group.multiPow([y, group.div(c.beta, group.powG(M))], [p.response, p.challenge]),
  ];
}

function text<E>(group: Group<E>, tag: string, S: string, commits: E[]): string {
  return `${tag}|${S}|${commits.map((e) => group.toString(e)).join(',')}`;
}

const valid = <E>(group: Group<E>, p: Proof) =>
  p.challenge >= 0n && p.challenge < group.q && p.response >= 0n && p.response < group.q;

/**
 * blank_proof. `blank` says which side is true: m0 = 0 (a non-blank vote, with
 * r = r0) or mΣ = 0 (a blank vote, with r = rΣ).
 */
export function proveBlank<E>(
  group: Group<E>,
  y: E,
  S: string,
  c0: Ciphertext<E>,
  cSum: Ciphertext<E>,
  blank: boolean,
  r: bigint,
  random: RandomBytes,
): [Proof, Proof] {
  const fake = { challenge: randomBelow(group.q, random), response: randomBelow(group.q, random) };
  const w = randomBelow(group.q, random);
  const real = [group.powG(w), group.pow(y, w)];
  const other = commitments(group, y, blank ? c0 : cSum, 0n, fake);
  // The hash always lists π0's commitments first (§4.13.2: "except in the call to H").
  const commits = blank ? [...other, ...real] : [...real, ...other];
  const challenge = mod(
    hashToZq(text(group, 'bproof0', S, commits), group.q) - fake.challenge,
    group.q,
  );
  const proof = { challenge, response: mod(w - r * challenge, group.q) };
  return blank ? [fake, proof] : [proof, fake];
}

export function verifyBlank<E>(
  group: Group<E>,
  y: E,
  S: string,
  c0: Ciphertext<E>,
  cSum: Ciphertext<E>,
  proofs: readonly Proof[],
): boolean {
  const [p0, pS] = proofs;
  if (proofs.length !== 2 || !p0 || !pS || !valid(group, p0) || !valid(group, pS)) return false;
  const commits = [
    ...ciphertextCommitments(group, y, c0, [0n], [p0]),
    ...ciphertextCommitments(group, y, cSum, [0n], [pS]),
  ];
  const h = hashToZq(text(group, 'bproof0', S, commits), group.q);
  return h === mod(p0.challenge + pS.challenge, group.q);
}

/**
 * overall_proof of a question with blank allowed: π0 is for m0 = 1 on c0, πj
 * (j ≥ 1) for mΣ = M_j on cSum. `index` is 0 for a blank vote, else j with
 * mΣ = M_j; `r` is r0 or rΣ accordingly.
 */
export function proveBlankOverall<E>(
  group: Group<E>,
  y: E,
  S: string,
  c0: Ciphertext<E>,
  cSum: Ciphertext<E>,
  values: readonly bigint[],
  index: number,
  r: bigint,
  random: RandomBytes,
): Proof[] {
  const proofs: Proof[] = [];
  const commits: E[] = [];
  const w = randomBelow(group.q, random);
  let sum = 0n;
  for (let j = 0; j <= values.length; j++) {
    if (j === index) {
      proofs.push({ challenge: 0n, response: 0n });
      commits.push(group.powG(w), group.pow(y, w));
      continue;
    }
    const p = { challenge: randomBelow(group.q, random), response: randomBelow(group.q, random) };
    sum += p.challenge;
    proofs.push(p);
    commits.push(
      ...(j === 0
        ? commitments(group, y, c0, 1n, p)
        : commitments(group, y, cSum, values[j - 1]!, p)),
    );
  }
  const challenge = mod(hashToZq(text(group, 'bproof1', S, commits), group.q) - sum, group.q);
  proofs[index] = { challenge, response: mod(w - r * challenge, group.q) };
  return proofs;
}

export function verifyBlankOverall<E>(
  group: Group<E>,
  y: E,
  S: string,
  c0: Ciphertext<E>,
  cSum: Ciphertext<E>,
  values: readonly bigint[],
  proofs: readonly Proof[],
): boolean {
  if (proofs.length !== values.length + 1 || !proofs.every((p) => valid(group, p))) return false;
  const sum = proofs.reduce((a, p) => a + p.challenge, 0n);
  // cSum is raised to every challenge but the first: one powMany for all of them.
  const commits = [
    ...ciphertextCommitments(group, y, c0, [1n], proofs.slice(0, 1)),
    ...ciphertextCommitments(group, y, cSum, values, proofs.slice(1)),
  ];
  return hashToZq(text(group, 'bproof1', S, commits), group.q) === mod(sum, group.q);
}
