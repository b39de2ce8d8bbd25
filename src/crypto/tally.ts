/**
 * Tallying (spec 2.0 §4.16, §4.18, §4.19): the encrypted tally of the last
 * ballot of each credential, partial decryptions with proofs, and the result.
 */
import type { Ballot } from './ballot.ts';
import type { Election } from './election.ts';
import { CryptoError } from './errors.ts';
import { readCiphertext, readElement, readProofs, writeCiphertext, writeProof } from './formats.ts';
import { type AnyGroup, invertMany, powMany } from './group.ts';
import { hashToZq } from './hash.ts';
import { array, at, field, type Json, object, parseJson, type Reader } from './json.ts';
import { mod, modInverse } from './modular.ts';
import type { Ciphertext, Proof } from './proofs.ts';
import { type RandomBytes, randomBelow } from './random.ts';
import type { TrusteeKind } from './trustees.ts';
import { decryptingTrustees } from './trustees.ts';

/** One array of ciphertexts per question. */
export type EncryptedTally = Ciphertext<unknown>[][];

/** Numeric order for finite-field elements, textual otherwise. */
function compareElements(a: unknown, b: unknown): number {
  if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
  const [x, y] = [String(a), String(b)];
  return x < y ? -1 : x > y ? 1 : 0;
}

/** last(B) of §4.15: keeps only the last ballot of each credential, in order. */
export function lastBallots<T extends { credential: string }>(ballots: readonly T[]): T[] {
  const byCredential = new Map<string, T>();
  for (const b of ballots) {
    byCredential.delete(b.credential);
    byCredential.set(b.credential, b);
  }
  return [...byCredential.values()];
}

/**
 * The encrypted tally (§4.16): the product of each answer's ciphertexts,
 * each raised to its ballot's weight; non-homomorphic answers are listed.
 */
export function encryptedTally(
  election: Election,
  ballots: readonly { ballot: Ballot; weight: bigint }[],
): EncryptedTally {
  const group = election.group;
  return election.questions.map((q, i) => {
    if (q.type === 'non-homomorphic') {
      const listed = ballots.map(({ ballot, weight }) => {
        const a = ballot.answers[i]!;
        if (weight !== 1n)
          throw new CryptoError(
            'encrypted tally',
            'a weighted ballot answers a non-homomorphic question',
          );
        if (a.type !== 'non-homomorphic')
          throw new CryptoError('encrypted tally', 'wrong answer type');
        return a.choices;
      });
      // belenios-tool 2.0 lists them sorted by (alpha, beta), not in casting order
      // (§4.16 leaves the order open); its verifier shuffles from that order.
      return listed.sort(
        (x, y) => compareElements(x.alpha, y.alpha) || compareElements(x.beta, y.beta),
      );
    }
    const n = q.answers.length + (q.blank ? 1 : 0);
    const alphas: unknown[][] = Array.from({ length: n }, () => []);
    const betas: unknown[][] = Array.from({ length: n }, () => []);
    const weights: bigint[] = [];
    for (const { ballot, weight } of ballots) {
      const a = ballot.answers[i]!;
      if (a.type !== 'homomorphic') throw new CryptoError('encrypted tally', 'wrong answer type');
      a.choices.forEach((c, j) => {
        alphas[j]!.push(c.alpha);
        betas[j]!.push(c.beta);
      });
      weights.push(weight);
    }
    const allOne = weights.every((w) => w === 1n);
    const combine = (xs: unknown[]) =>
      allOne ? xs.reduce((acc, x) => group.mul(acc, x), group.one) : group.multiPow(xs, weights);
    return alphas.map((as, j) => ({ alpha: combine(as), beta: combine(betas[j]!) }));
  });
}

export function writeEncryptedTally(group: AnyGroup, tally: EncryptedTally): string {
  return JSON.stringify(tally.map((cs) => cs.map((c) => writeCiphertext(group, c))));
}

export function readEncryptedTally(
  group: AnyGroup,
  json: string,
  check = 'encrypted tally',
): EncryptedTally {
  const reader: Reader = { check, path: '' };
  return array(parseJson(json, reader), reader).map((cs, i) =>
    array(cs, at(reader, i)).map((c, j) => readCiphertext(group, c, at(at(reader, i), j))),
  );
}

export interface PartialDecryption {
  factors: unknown[][];
  proofs: Proof[][];
}

/** H_decrypt of §4.18: SHA256(decrypt|φ|X|A,B). */
function decryptHash(group: AnyGroup, fingerprint: string, X: unknown) {
  return (A: unknown, B: unknown) =>
    hashToZq(
      `decrypt|${fingerprint}|${group.toString(X)}|${group.toString(A)},${group.toString(B)}`,
      group.q,
    );
}

/** A trustee's decryption factors alpha^x with proofs that they use x = log_g X (§4.18). */
export function partialDecrypt(
  election: Election,
  tally: EncryptedTally,
  privateKey: bigint,
  random: RandomBytes,
): PartialDecryption {
  const group = election.group;
  const X = group.powG(privateKey);
  const H = decryptHash(group, election.fingerprint, X);
  const factors = tally.map((cs) => cs.map((c) => group.pow(c.alpha, privateKey)));
  const proofs = tally.map((cs) =>
    cs.map((c) => {
      // A proof of equal discrete logarithms: log_g X = log_alpha factor.
      const w = randomBelow(group.q, random);
      const challenge = H(group.powG(w), group.pow(c.alpha, w));
      return { challenge, response: mod(w - privateKey * challenge, group.q) };
    }),
  );
  return { factors, proofs };
}

export function writePartialDecryption(group: AnyGroup, pd: PartialDecryption): string {
  return JSON.stringify({
    decryption_factors: pd.factors.map((fs) => fs.map((f) => group.toString(f))),
    decryption_proofs: pd.proofs.map((ps) => ps.map(writeProof)),
  });
}

export function readPartialDecryption(
  group: AnyGroup,
  json: string,
  check: string,
): PartialDecryption {
  const reader: Reader = { check, path: '' };
  const o = object(parseJson(json, reader), reader);
  const factors = array(
    field(o, 'decryption_factors', reader),
    at(reader, 'decryption_factors'),
  ).map((fs, i) =>
    array(fs, at(reader, `decryption_factors[${i}]`)).map((f, j) =>
      readElement(group, f as Json, at(reader, `decryption_factors[${i}][${j}]`)),
    ),
  );
  const proofs = array(field(o, 'decryption_proofs', reader), at(reader, 'decryption_proofs')).map(
    (ps, i) => readProofs(group, ps, at(reader, `decryption_proofs[${i}]`)),
  );
  return { factors, proofs };
}

/** Why a partial decryption does not fit the tally's shape, or undefined. */
export function decryptionShapeProblem(
  tally: EncryptedTally,
  pd: PartialDecryption,
): string | undefined {
  if (pd.factors.length !== tally.length || pd.proofs.length !== tally.length)
    return 'wrong number of questions';
  const i = tally.findIndex(
    (cs, i) => pd.factors[i]!.length !== cs.length || pd.proofs[i]!.length !== cs.length,
  );
  return i < 0 ? undefined : `question ${i + 1}: wrong number of factors`;
}

/** The problem of the proof at `index` in tally.flat(), as partialDecryptionProblem words it. */
export function failedProofProblem(tally: EncryptedTally, index: number): string {
  let rest = index;
  for (const [i, cs] of tally.entries()) {
    if (rest < cs.length)
      return `question ${i + 1}, ciphertext ${rest + 1}: proof of decryption fails`;
    rest -= cs.length;
  }
  return `ciphertext ${index + 1}: proof of decryption fails`;
}

/** Checks a partial decryption against the trustee key X; returns the problem, if any. */
export function partialDecryptionProblem(
  election: Election,
  tally: EncryptedTally,
  X: unknown,
  pd: PartialDecryption,
): string | undefined {
  return partialDecryptionProblems(election, tally, [X], [pd])[0];
}

/**
 * partialDecryptionProblem for several trustees at once, each with its key:
 * the same answers, faster. Each proof (§4.18) raises the ciphertext's α to the
 * trustee's response, so α is raised to every trustee's response together (powMany).
 */
export function partialDecryptionProblems(
  election: Election,
  tally: EncryptedTally,
  keys: readonly unknown[],
  pds: readonly PartialDecryption[],
): (string | undefined)[] {
  const problems: (string | undefined)[] = pds.map((pd) =>
    pd.factors.length !== tally.length || pd.proofs.length !== tally.length
      ? 'wrong number of questions'
      : undefined,
  );
  for (const [i, cs] of tally.entries()) {
    for (const [k, pd] of pds.entries()) {
      if (
        problems[k] === undefined &&
        (pd.factors[i]!.length !== cs.length || pd.proofs[i]!.length !== cs.length)
      )
        problems[k] = `question ${i + 1}: wrong number of factors`;
    }
    const open = pds.flatMap((_, k) => (problems[k] === undefined ? [k] : []));
    const failed = firstFailedProofs(
      election,
      cs,
      open.map((k) => keys[k]),
      open.map((k) => pds[k]!.factors[i]!),
      open.map((k) => pds[k]!.proofs[i]!),
    );
    open.forEach((k, n) => {
      if (failed[n]! >= 0)
        problems[k] = `question ${i + 1}, ciphertext ${failed[n]! + 1}: proof of decryption fails`;
    });
  }
  return problems;
}

/**
 * For each trustee k (key keys[k], factors[k][j] and proofs[k][j] for the
 * ciphertext cs[j]), the index of its first proof of decryption (§4.18) that
 * fails, or −1 when all hold. Each ciphertext's α is raised to every trustee's
 * response at once (powMany).
 */
export function firstFailedProofs(
  election: Election,
  cs: readonly Ciphertext<unknown>[],
  keys: readonly unknown[],
  factors: readonly (readonly unknown[])[],
  proofs: readonly (readonly Proof[])[],
): number[] {
  const group = election.group;
  const hashes = keys.map((X) => decryptHash(group, election.fingerprint, X));
  // X is raised once per ciphertext: a fixed-base table pays for a whole tally.
  for (const X of keys) group.fixedBase(X);
  const failed = keys.map(() => -1);
  for (const [j, c] of cs.entries()) {
    const open = failed.flatMap((f, k) => (f < 0 ? [k] : []));
    if (open.length === 0) break;
    const alphas = powMany(
      group,
      c.alpha,
      open.map((k) => proofs[k]![j]!.response),
    );
    open.forEach((k, n) => {
      const p = proofs[k]![j]!;
      const A = group.multiPow([group.g, keys[k]], [p.response, p.challenge]);
      const B = group.mul(alphas[n]!, group.multiPow([factors[k]![j]], [p.challenge]));
      if (hashes[k]!(A, B) !== p.challenge) failed[k] = j;
    });
  }
  return failed;
}

/** Lagrange coefficient λ_δ at 0 for the 1-based indices I (§4.19). */
function lagrange(indices: readonly number[], delta: number, q: bigint): bigint {
  let num = 1n;
  let den = 1n;
  for (const k of indices) {
    if (k === delta) continue;
    num = (num * BigInt(k)) % q;
    den = mod(den * BigInt(k - delta), q);
  }
  return (num * modInverse(den, q)) % q;
}

/**
 * Combines partial decryptions into the factors F_ij (§4.19). `owned` maps
 * owner numbers (see decryptingTrustees) to their partial decryptions.
 */
export function combineFactors(
  election: Election,
  trustees: TrusteeKind[],
  tally: EncryptedTally,
  owned: Map<number, PartialDecryption>,
): unknown[][] {
  const group = election.group;
  const everyone = decryptingTrustees(trustees);
  let F: unknown[][] = tally.map((cs) => cs.map(() => group.one));
  const multiply = (fs: unknown[][], power?: bigint) => {
    F = F.map((row, i) =>
      row.map((x, j) =>
        group.mul(x, power === undefined ? fs[i]![j] : group.pow(fs[i]![j], power)),
      ),
    );
  };
  trustees.forEach((t, item) => {
    const members = everyone.filter((e) => e.item === item && owned.has(e.owner));
    if (t.kind === 'Single') {
      const m = members[0];
      if (!m) throw new CryptoError('result', `no partial decryption from trustee ${item + 1}`);
      multiply(owned.get(m.owner)!.factors);
      return;
    }
    if (members.length < t.threshold) {
      throw new CryptoError(
        'result',
        `only ${members.length} of the ${t.threshold} partial decryptions needed`,
      );
    }
    const chosen = members.slice(0, t.threshold);
    const indices = chosen.map((m) => m.index + 1);
    for (const m of chosen)
      multiply(owned.get(m.owner)!.factors, lagrange(indices, m.index + 1, group.q));
  });
  return F;
}

/** log_g(x) for 0 ≤ log ≤ bound, by baby steps and giant steps. */
export function smallLog(group: AnyGroup, x: unknown, bound: bigint): bigint {
  const m = BigInt(Math.ceil(Math.sqrt(Number(bound) + 1)));
  const baby = new Map<string, bigint>();
  let e = group.one;
  for (let j = 0n; j < m; j++) {
    baby.set(group.toString(e), j);
    e = group.mul(e, group.g);
  }
  const giant = group.powG(group.q - m);
  let y = x;
  for (let i = 0n; i <= m; i++) {
    const j = baby.get(group.toString(y));
    if (j !== undefined && i * m + j <= bound) return i * m + j;
    y = group.mul(y, giant);
  }
  throw new CryptoError('result', `a count is not between 0 and ${bound}`);
}

export type Result = (number[] | number[][])[];

/** The result (§4.19): counts for homomorphic questions, decoded ballots otherwise. */
export function computeResult(
  election: Election,
  tally: EncryptedTally,
  factors: unknown[][],
  totalWeight: bigint,
): Result {
  const group = election.group;
  // m = β / F: every F inverted at once (a ranked question has one per ballot).
  const inverses = invertMany(group, factors.flat());
  let k = 0;
  return election.questions.map((q, i) =>
    tally[i]!.map((c) => {
      const m = group.mul(c.beta, inverses[k++]);
      return q.type === 'homomorphic'
        ? Number(smallLog(group, m, totalWeight))
        : group.embedding!.decode(m, q.answers.length);
    }),
  ) as Result;
}

export function readResult(json: string): Json {
  const reader: Reader = { check: 'result', path: '' };
  return field(object(parseJson(json, reader), reader), 'result', reader);
}
