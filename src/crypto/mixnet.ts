/**
 * The mixnet of spec 2.0 §3.4 steps 2–4 and §4.17: the answers to
 * non-homomorphic questions are taken out of the encrypted tally, shuffled by
 * each trustee in turn with a proof, and put back for decryption.
 */
import type { Election } from './election.ts';
import { readCiphertext, readElement, writeCiphertext } from './formats.ts';
import type { AnyGroup } from './group.ts';
import {
  array,
  at,
  fail,
  field,
  type Json,
  object,
  parseJson,
  type Reader,
  scalar,
} from './json.ts';
import { runSteps, type Steps } from './powers.ts';
import type { Ciphertext } from './proofs.ts';
import type { RandomBytes } from './random.ts';
import { type ShuffleProof, shuffleCheckSteps, shuffleSteps } from './shuffle-proof.ts';
import type { EncryptedTally } from './tally.ts';

/** The shuffle structure of §4.17: one list of ciphertexts and one proof per non-homomorphic question. */
export interface Shuffle {
  ciphertexts: Ciphertext<unknown>[][];
  proofs: ShuffleProof[];
}

/** nh_ciphertexts(a) of §4.17: the non-homomorphic questions' ciphertexts, in order. */
export function nhCiphertexts(election: Election, tally: EncryptedTally): Ciphertext<unknown>[][] {
  return election.questions.flatMap((q, i) => (q.type === 'non-homomorphic' ? [tally[i]!] : []));
}

/** Puts shuffled ciphertexts back into the tally (§3.4 step 4): b′ = nh_ciphertexts(a′). */
export function mergeShuffled(
  election: Election,
  tally: EncryptedTally,
  shuffled: Ciphertext<unknown>[][],
): EncryptedTally {
  let k = 0;
  return election.questions.map((q, i) =>
    q.type === 'non-homomorphic' ? shuffled[k++]! : tally[i]!,
  );
}

/** A trustee's shuffle of `input` (nh_ciphertexts of the tally or of the previous shuffle), §4.17. */
export function shuffle(
  election: Election,
  input: Ciphertext<unknown>[][],
  random: RandomBytes,
): Shuffle {
  return runSteps(election.group, shuffleOf(election, input, random));
}

/** shuffle() as steps (powers.ts), for threads. */
export function* shuffleOf(
  election: Election,
  input: Ciphertext<unknown>[][],
  random: RandomBytes,
): Steps<unknown, Shuffle> {
  const out: Shuffle = { ciphertexts: [], proofs: [] };
  for (const e of input) {
    const { output, proof } = yield* shuffleSteps(
      election.group,
      election.publicKey,
      election.fingerprint,
      e,
      random,
    );
    out.ciphertexts.push(output);
    out.proofs.push(proof);
  }
  return out;
}

/** Why a shuffle of `input` is wrong, or undefined when every proof holds. */
export function shuffleProblem(
  election: Election,
  input: Ciphertext<unknown>[][],
  s: Shuffle,
): string | undefined {
  return runSteps(election.group, shuffleProblemOf(election, input, s));
}

/** shuffleProblem() as steps (powers.ts), for threads. */
export function* shuffleProblemOf(
  election: Election,
  input: Ciphertext<unknown>[][],
  s: Shuffle,
): Steps<unknown, string | undefined> {
  const group = election.group;
  if (s.ciphertexts.length !== input.length || s.proofs.length !== input.length) {
    return `expected ${input.length} non-homomorphic questions, got ${s.ciphertexts.length} lists of ciphertexts and ${s.proofs.length} proofs`;
  }
  for (const [k, e] of input.entries()) {
    const output = s.ciphertexts[k]!;
    const where = `question ${questionNumber(election, k)}`;
    if (output.length < e.length)
      return `${where}: ${output.length} ciphertexts came out of ${e.length} (a ballot was dropped)`;
    if (output.length > e.length)
      return `${where}: ${output.length} ciphertexts came out of ${e.length} (a ballot was added)`;
    const seen = new Map<string, number>();
    for (const [i, c] of output.entries()) {
      const key = `${group.toString(c.alpha)},${group.toString(c.beta)}`;
      const first = seen.get(key);
      if (first !== undefined)
        return `${where}: ciphertext ${i + 1} is a copy of ciphertext ${first + 1} (a ballot was duplicated)`;
      seen.set(key, i);
    }
    const problem = yield* shuffleCheckSteps(
      { group, y: election.publicKey, fingerprint: election.fingerprint, input: e, output },
      s.proofs[k]!,
    );
    if (problem) return `${where}: ${problem}`;
  }
  return undefined;
}

/** 1-based number of the k-th non-homomorphic question among all questions. */
function questionNumber(election: Election, k: number): number {
  let seen = -1;
  for (const [i, q] of election.questions.entries()) {
    if (q.type === 'non-homomorphic' && ++seen === k) return i + 1;
  }
  return k + 1;
}

/** Serialises a shuffle as belenios-tool does: proofs as nested arrays (ATD tuples). */
export function writeShuffle(group: AnyGroup, s: Shuffle): string {
  const el = (x: unknown) => group.toString(x);
  const str = (x: bigint) => x.toString();
  return JSON.stringify({
    ciphertexts: s.ciphertexts.map((cs) => cs.map((c) => writeCiphertext(group, c))),
    proofs: s.proofs.map((p) => [
      [el(p.t.t1), el(p.t.t2), el(p.t.t3), [el(p.t.t41), el(p.t.t42)], p.t.tHat.map(el)],
      [str(p.s.s1), str(p.s.s2), str(p.s.s3), str(p.s.s4), p.s.sHat.map(str), p.s.sPrime.map(str)],
      p.commitments.map(el),
      p.chain.map(el),
    ]),
  });
}

function tuple(value: Json | undefined, length: number, reader: Reader): Json[] {
  const a = array(value, reader);
  if (a.length !== length) fail(reader, `expected ${length} items, got ${a.length}`);
  return a;
}

function readShuffleProof(group: AnyGroup, value: Json | undefined, reader: Reader): ShuffleProof {
  const [t, s, c, cHat] = tuple(value, 4, reader) as [Json, Json, Json, Json];
  const elements = (v: Json | undefined, r: Reader) =>
    array(v, r).map((x, i) => readElement(group, x, at(r, i)));
  const scalars = (v: Json | undefined, r: Reader) =>
    array(v, r).map((x, i) => scalar(x, group.q, at(r, i)));
  const rt = at(reader, 0);
  const ta = tuple(t, 5, rt);
  const t4 = tuple(ta[3], 2, at(rt, 3));
  const rs = at(reader, 1);
  const sa = tuple(s, 6, rs);
  return {
    t: {
      t1: readElement(group, ta[0], at(rt, 0)),
      t2: readElement(group, ta[1], at(rt, 1)),
      t3: readElement(group, ta[2], at(rt, 2)),
      t41: readElement(group, t4[0], at(at(rt, 3), 0)),
      t42: readElement(group, t4[1], at(at(rt, 3), 1)),
      tHat: elements(ta[4], at(rt, 4)),
    },
    s: {
      s1: scalar(sa[0], group.q, at(rs, 0)),
      s2: scalar(sa[1], group.q, at(rs, 1)),
      s3: scalar(sa[2], group.q, at(rs, 2)),
      s4: scalar(sa[3], group.q, at(rs, 3)),
      sHat: scalars(sa[4], at(rs, 4)),
      sPrime: scalars(sa[5], at(rs, 5)),
    },
    commitments: elements(c, at(reader, 2)),
    chain: elements(cHat, at(reader, 3)),
  };
}

/** Parses a shuffle; every group element is checked for membership, every scalar to be below q. */
export function readShuffle(group: AnyGroup, json: string, check = 'shuffles'): Shuffle {
  const reader: Reader = { check, path: '' };
  const o = object(parseJson(json, reader), reader);
  const rc = at(reader, 'ciphertexts');
  const rp = at(reader, 'proofs');
  return {
    ciphertexts: array(field(o, 'ciphertexts', reader), rc).map((cs, k) =>
      array(cs, at(rc, k)).map((c, i) => readCiphertext(group, c, at(at(rc, k), i))),
    ),
    proofs: array(field(o, 'proofs', reader), rp).map((p, k) =>
      readShuffleProof(group, p, at(rp, k)),
    ),
  };
}
