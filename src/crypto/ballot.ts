/**
 * Ballots (spec 2.0 §4.11, §4.14, §4.15): each answer encrypted with ElGamal
 * under the election key, proven well formed, and the whole signed with the
 * voter's credential.
 *
 * One piece: making a ballot and checking one are the two sides of the same
 * proofs (the same statements, hash inputs and field order), so they change
 * together.
 */
import { proveBlank, proveBlankOverall, verifyBlank, verifyBlankOverall } from './blank-proofs.ts';
import { credentialSecret } from './credential.ts';
import type { Election, HomomorphicQuestion, NonHomomorphicQuestion } from './election.ts';
import { CryptoError, ensure } from './errors.ts';
import {
  readCiphertext,
  readElement,
  readProof,
  readProofs,
  writeCiphertext,
  writeProof,
} from './formats.ts';
import type { AnyGroup } from './group.ts';
import { hashJson, hashToZq } from './hash.ts';
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
} from './json.ts';
import { mod } from './modular.ts';
import {
  type Ciphertext,
  type Proof,
  proveInterval,
  proveSchnorr,
  range,
  signatureHash,
  verifyInterval,
  verifySchnorr,
} from './proofs.ts';
import { type RandomBytes, randomBelow } from './random.ts';

export interface HomomorphicAnswer {
  type: 'homomorphic';
  choices: Ciphertext<unknown>[];
  individualProofs: Proof[][];
  overallProof: Proof[];
  blankProof?: Proof[];
}

export interface NonHomomorphicAnswer {
  type: 'non-homomorphic';
  choices: Ciphertext<unknown>;
  proof: Proof;
}

export type Answer = HomomorphicAnswer | NonHomomorphicAnswer;

export interface Ballot {
  electionUuid: string;
  electionHash: string;
  credential: unknown;
  answers: Answer[];
  signature: { hash: string; proof: Proof };
}

const ZERO_ONE = [0n, 1n];

/**
 * Homomorphic answers raise the election key y to two exponents per choice and
 * value (§4.12): a fixed-base table for y pays from the first ballot on.
 */
function declareFixedBases(election: Election): void {
  if (election.questions.some((q) => q.type === 'homomorphic'))
    election.group.fixedBase(election.publicKey);
}

function encrypt(group: AnyGroup, y: unknown, m: unknown, random: RandomBytes) {
  const r = randomBelow(group.q, random);
  return { r, c: { alpha: group.powG(r), beta: group.mul(group.pow(y, r), m) } };
}

function product(group: AnyGroup, cs: Ciphertext<unknown>[]): Ciphertext<unknown> {
  return cs.reduce(
    (acc, c) => ({ alpha: group.mul(acc.alpha, c.alpha), beta: group.mul(acc.beta, c.beta) }),
    { alpha: group.one, beta: group.one },
  );
}

function statement(group: AnyGroup, S0: string, choices: Ciphertext<unknown>[]): string {
  return `${S0}|${choices.map((c) => `${group.toString(c.alpha)},${group.toString(c.beta)}`).join(',')}`;
}

function encryptHomomorphic(
  election: Election,
  q: HomomorphicQuestion,
  plain: readonly number[],
  S0: string,
  random: RandomBytes,
): HomomorphicAnswer {
  const group = election.group;
  const y = election.publicKey;
  const expected = q.answers.length + (q.blank ? 1 : 0);
  ensure(
    plain.length === expected,
    'ballot',
    `expected ${expected} values for "${q.question}", got ${plain.length}`,
  );
  ensure(
    plain.every((m) => m === 0 || m === 1),
    'ballot',
    `values for "${q.question}" must be 0 or 1`,
  );
  const enc = plain.map((m) => encrypt(group, y, group.powG(BigInt(m)), random));
  const choices = enc.map((e) => e.c);
  const individualProofs = enc.map((e, i) =>
    proveInterval(group, y, S0, e.c, e.r, plain[i]!, ZERO_ONE, random),
  );
  const S = statement(group, S0, choices);
  const values = range(q.min, q.max);
  if (!q.blank) {
    const M = plain.reduce<number>((a, b) => a + b, 0);
    ensure(
      M >= q.min && M <= q.max,
      'ballot',
      `"${q.question}": choose between ${q.min} and ${q.max}, got ${M}`,
    );
    const R = enc.reduce((a, e) => a + e.r, 0n);
    const overallProof = proveInterval(
      group,
      y,
      S,
      product(group, choices),
      R,
      M - q.min,
      values,
      random,
    );
    return { type: 'homomorphic', choices, individualProofs, overallProof };
  }
  const blank = plain[0] === 1;
  const M = plain.slice(1).reduce<number>((a, b) => a + b, 0);
  ensure(
    blank ? M === 0 : M >= q.min && M <= q.max,
    'ballot',
    `"${q.question}": invalid choice count ${M}`,
  );
  const r0 = enc[0]!.r;
  const rSum = enc.slice(1).reduce((a, e) => a + e.r, 0n);
  const c0 = choices[0]!;
  const cSum = product(group, choices.slice(1));
  const blankProof = proveBlank(
    group,
    y,
    S,
    c0,
    cSum,
    blank,
    mod(blank ? rSum : r0, group.q),
    random,
  );
  const index = blank ? 0 : M - q.min + 1;
  const overallProof = proveBlankOverall(
    group,
    y,
    S,
    c0,
    cSum,
    values,
    index,
    mod(blank ? r0 : rSum, group.q),
    random,
  );
  return { type: 'homomorphic', choices, individualProofs, overallProof, blankProof };
}

/** H_raweg of spec 2.0 §4.11.2. */
function rawegHash(group: AnyGroup, S: string, y: unknown, c: Ciphertext<unknown>) {
  return (A: unknown) =>
    hashToZq(
      `raweg|${S}|${group.toString(y)},${group.toString(c.alpha)},${group.toString(c.beta)}|${group.toString(A)}`,
      group.q,
    );
}

function encryptNonHomomorphic(
  election: Election,
  q: NonHomomorphicQuestion,
  plain: readonly number[],
  S0: string,
  random: RandomBytes,
): NonHomomorphicAnswer {
  const group = election.group;
  ensure(
    plain.length === q.answers.length,
    'ballot',
    `expected ${q.answers.length} values for "${q.question}"`,
  );
  const { r, c } = encrypt(group, election.publicKey, group.embedding!.encode(plain), random);
  const proof = proveSchnorr(group, r, rawegHash(group, S0, election.publicKey, c), random);
  return { type: 'non-homomorphic', choices: c, proof };
}

/** Serialises a ballot in the field order of spec 2.0 §4.11 and §4.15. */
function writeBallot(
  group: AnyGroup,
  b: Omit<Ballot, 'signature'> & { signature?: Ballot['signature'] },
) {
  const answers = b.answers.map((a) => {
    if (a.type === 'non-homomorphic')
      return { choices: writeCiphertext(group, a.choices), proof: writeProof(a.proof) };
    const o: Record<string, unknown> = {
      choices: a.choices.map((c) => writeCiphertext(group, c)),
      individual_proofs: a.individualProofs.map((ps) => ps.map(writeProof)),
      overall_proof: a.overallProof.map(writeProof),
    };
    if (a.blankProof) o.blank_proof = a.blankProof.map(writeProof);
    return o;
  });
  const o: Record<string, unknown> = {
    election_uuid: b.electionUuid,
    election_hash: b.electionHash,
    credential: group.toString(b.credential),
    answers,
  };
  if (b.signature) o.signature = { hash: b.signature.hash, proof: writeProof(b.signature.proof) };
  return JSON.stringify(o);
}

/**
 * Makes a signed ballot. `plaintext` has one array per question: 0/1 per
 * answer (with a leading blank flag when blank is allowed) for homomorphic
 * questions, small integers (e.g. ranks) for non-homomorphic ones.
 */
export function createBallot(
  election: Election,
  credential: string,
  plaintext: readonly (readonly number[])[],
  random: RandomBytes,
): string {
  const group = election.group;
  ensure(
    plaintext.length === election.questions.length,
    'ballot',
    `expected answers to ${election.questions.length} questions, got ${plaintext.length}`,
  );
  declareFixedBases(election);
  const s = credentialSecret(group, credential, election.uuid);
  const credentialKey = group.powG(s);
  const S0 = `${election.fingerprint}|${group.toString(credentialKey)}`;
  const answers: Answer[] = election.questions.map((q, i) =>
    q.type === 'homomorphic'
      ? encryptHomomorphic(election, q, plaintext[i]!, S0, random)
      : encryptNonHomomorphic(election, q, plaintext[i]!, S0, random),
  );
  const unsigned = {
    electionUuid: election.uuid,
    electionHash: election.fingerprint,
    credential: credentialKey,
    answers,
  };
  const hash = hashJson(writeBallot(group, unsigned));
  const proof = proveSchnorr(group, s, signatureHash(group, hash), random);
  return writeBallot(group, { ...unsigned, signature: { hash, proof } });
}

function readAnswer(
  group: AnyGroup,
  value: Json | undefined,
  homomorphic: boolean,
  reader: Reader,
): Answer {
  const o = object(value, reader);
  if (!homomorphic) {
    return {
      type: 'non-homomorphic',
      choices: readCiphertext(group, field(o, 'choices', reader), at(reader, 'choices')),
      proof: readProof(group, field(o, 'proof', reader), at(reader, 'proof')),
    };
  }
  const answer: HomomorphicAnswer = {
    type: 'homomorphic',
    choices: array(field(o, 'choices', reader), at(reader, 'choices')).map((c, i) =>
      readCiphertext(group, c, at(at(reader, 'choices'), i)),
    ),
    individualProofs: array(
      field(o, 'individual_proofs', reader),
      at(reader, 'individual_proofs'),
    ).map((p, i) => readProofs(group, p, at(at(reader, 'individual_proofs'), i))),
    overallProof: readProofs(group, field(o, 'overall_proof', reader), at(reader, 'overall_proof')),
  };
  if (o.blank_proof !== undefined)
    answer.blankProof = readProofs(group, o.blank_proof, at(reader, 'blank_proof'));
  return answer;
}

/**
 * Parses a ballot's JSON; every group element is checked for membership, unless
 * `verified` says this exact text passed verifyBallot before (in a worker thread).
 */
export function readBallot(
  election: Election,
  json: string,
  check = 'ballot',
  verified = false,
): Ballot {
  const group = election.group;
  const reader: Reader = verified ? { check, path: '', verified } : { check, path: '' };
  const o = object(parseJson(json, reader), reader);
  const answers = array(field(o, 'answers', reader), at(reader, 'answers'));
  if (answers.length !== election.questions.length) {
    fail(
      at(reader, 'answers'),
      `expected ${election.questions.length} answers, got ${answers.length}`,
    );
  }
  const sig = object(field(o, 'signature', reader), at(reader, 'signature'));
  return {
    electionUuid: string(field(o, 'election_uuid', reader), at(reader, 'election_uuid')),
    electionHash: string(field(o, 'election_hash', reader), at(reader, 'election_hash')),
    credential: readElement(group, field(o, 'credential', reader), at(reader, 'credential')),
    answers: answers.map((a, i) =>
      readAnswer(
        group,
        a,
        election.questions[i]!.type === 'homomorphic',
        at(at(reader, 'answers'), i),
      ),
    ),
    signature: {
      hash: string(field(sig, 'hash', reader), at(reader, 'signature.hash')),
      proof: readProof(group, field(sig, 'proof', reader), at(reader, 'signature.proof')),
    },
  };
}

/** Why a ballot is invalid, or undefined when every proof holds (§3.2 step 3d, §3.5.1). */
export function ballotProblem(election: Election, ballot: Ballot): string | undefined {
  const group = election.group;
  const y = election.publicKey;
  declareFixedBases(election);
  if (ballot.electionUuid !== election.uuid) return 'it is for another election (uuid)';
  if (ballot.electionHash !== election.fingerprint)
    return 'it is for another election (fingerprint)';
  const { signature, ...unsigned } = ballot;
  if (hashJson(writeBallot(group, unsigned)) !== signature.hash)
    return 'the signed hash is not the hash of the ballot';
  if (
    !verifySchnorr(group, ballot.credential, signature.proof, signatureHash(group, signature.hash))
  ) {
    return 'the signature does not verify under its credential';
  }
  const S0 = `${election.fingerprint}|${group.toString(ballot.credential)}`;
  for (const [i, q] of election.questions.entries()) {
    const a = ballot.answers[i]!;
    const where = `question ${i + 1}`;
    if (q.type === 'non-homomorphic' || a.type === 'non-homomorphic') {
      if (q.type !== 'non-homomorphic' || a.type !== 'non-homomorphic')
        return `${where}: wrong answer type`;
      if (!verifySchnorr(group, a.choices.alpha, a.proof, rawegHash(group, S0, y, a.choices))) {
        return `${where}: proof of knowledge of the randomness fails`;
      }
      continue;
    }
    const n = q.answers.length + (q.blank ? 1 : 0);
    if (a.choices.length !== n || a.individualProofs.length !== n)
      return `${where}: expected ${n} choices`;
    for (const [j, c] of a.choices.entries()) {
      if (!verifyInterval(group, y, S0, c, ZERO_ONE, a.individualProofs[j]!)) {
        return `${where}: proof that choice ${j + 1} is 0 or 1 fails`;
      }
    }
    const S = statement(group, S0, a.choices);
    const values = range(q.min, q.max);
    if (!q.blank) {
      if (a.blankProof) return `${where}: unexpected blank proof`;
      if (!verifyInterval(group, y, S, product(group, a.choices), values, a.overallProof)) {
        return `${where}: proof that between ${q.min} and ${q.max} answers are chosen fails`;
      }
      continue;
    }
    if (!a.blankProof) return `${where}: missing blank proof`;
    const c0 = a.choices[0]!;
    const cSum = product(group, a.choices.slice(1));
    if (!verifyBlank(group, y, S, c0, cSum, a.blankProof)) return `${where}: blank proof fails`;
    if (!verifyBlankOverall(group, y, S, c0, cSum, values, a.overallProof))
      return `${where}: overall proof fails`;
  }
  return undefined;
}

/** Parses and verifies a ballot, throwing a CryptoError that says what is wrong. */
export function verifyBallot(election: Election, json: string): Ballot {
  const ballot = readBallot(election, json);
  const problem = ballotProblem(election, ballot);
  if (problem) throw new CryptoError('ballot', problem);
  return ballot;
}

/** The smart ballot tracker: H_JSON of the ballot exactly as cast (§4.15). */
export function ballotTracker(json: string): string {
  return hashJson(json);
}
