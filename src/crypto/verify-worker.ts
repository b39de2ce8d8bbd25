// Node-only: the body of a node:worker_threads worker (parentPort), started by verify-pool.ts.
/**
 * A worker thread of verify-pool.ts. It verifies the ballots it is sent (spec
 * 2.0 §3.2 step 3d), answering for each its problem or undefined when it is
 * valid, or makes a trustee's partial decryption of a slice of the tally (§4.18).
 */
import { parentPort } from 'node:worker_threads';
import { createBallot } from './ballot.ts';
import { publicCredential } from './credential.ts';
import { type Election, readElection } from './election.ts';
import { type AnyGroup, firstNonMember } from './group.ts';
import { groupByName } from './groups.ts';
import { unchecked } from './membership.ts';
import { evaluate } from './powers.ts';
import { systemRandom } from './random.ts';
import {
  firstFailedProofs,
  partialDecrypt,
  readEncryptedTally,
  readPartialDecryption,
  writePartialDecryption,
} from './tally.ts';
import { problemsOf } from './verify-pool.ts';

/** A product of powers (powers.ts) in transit: elements as the group writes them. */
export interface PowerProductMessage {
  bases: string[];
  exps: bigint[];
  secret?: boolean;
}

export type VerifyRequest =
  | ({ id: number; election: string } & ElectionTask)
  /** Products of powers for VerifyPool.runSteps; `fixed`: bases worth a table. */
  | { id: number; task: 'powers'; group: string; fixed: string[]; products: PowerProductMessage[] }
  /** Group membership of element texts: `failed` holds the index of the first non-member, or −1. */
  | { id: number; task: 'members'; group: string; texts: string[] }
  /** Public credentials (spec 2.0 §4.3) of private ones, as the group writes elements. */
  | { id: number; task: 'public-credentials'; group: string; uuid: string; credentials: string[] };

type ElectionTask =
  | { task: 'ballots'; ballots: string[] }
  /** Makes ballots, as voters' browsers would: one per credential, with its plaintext. */
  | { task: 'make-ballots'; credentials: string[]; plaintexts: number[][][] }
  /** `tally`: JSON of ciphertexts as in an encrypted tally; `key`: the private key in base 10. */
  | { task: 'decrypt'; tally: string; key: string }
  /** Checks proofs of decryption: one row of ciphertexts, trustee keys, and their partial decryptions of that row. */
  | { task: 'check-decryptions'; tally: string; keys: string[]; decryptions: string[] };

export interface VerifyReply {
  id: number;
  /** For 'ballots'. */
  problems?: (string | undefined)[];
  /** For 'make-ballots'. */
  ballots?: string[];
  /** For 'decrypt': the partial decryption's JSON. */
  decryption?: string;
  /** For 'check-decryptions': per trustee, the index of its first failing proof, or −1; for 'members', see there. */
  failed?: number[];
  /** For 'powers': the value of each product; for 'public-credentials', each credential's. */
  elements?: string[];
  error?: string;
}

let election: Election | undefined;

/**
 * Elements decoded lately, by text: the same base (the election key, h) comes
 * in every request, and the groups keep fixed-base tables by element.
 */
const decoded = new Map<string, unknown>();
const DECODED_KEPT = 64;

function powers(request: Extract<VerifyRequest, { task: 'powers' }>): VerifyReply {
  const group: AnyGroup = groupByName(request.group);
  const decode = (text: string) => (group.decode ? group.decode(text) : group.parse(text, 'base'));
  const fixed = request.fixed.map((text) => {
    let x = decoded.get(text);
    if (x === undefined) {
      x = decode(text);
      if (decoded.size >= DECODED_KEPT) decoded.delete(decoded.keys().next().value!);
      decoded.set(text, x);
    }
    return x;
  });
  const known = new Map(request.fixed.map((text, i) => [text, fixed[i]]));
  const products = request.products.map((p) => ({
    bases: p.bases.map((text) => known.get(text) ?? decode(text)),
    exps: p.exps,
    secret: p.secret,
  }));
  const values = evaluate(group, { fixed, products });
  return { id: request.id, elements: values.map((x) => group.toString(x)) };
}

function members(request: Extract<VerifyRequest, { task: 'members' }>): VerifyReply {
  const group: AnyGroup = groupByName(request.group);
  return { id: request.id, failed: [firstNonMember(group, request.texts)] };
}

function publicCredentials(
  request: Extract<VerifyRequest, { task: 'public-credentials' }>,
): VerifyReply {
  const group: AnyGroup = groupByName(request.group);
  const elements = request.credentials.map((c) =>
    group.toString(publicCredential(group, c, request.uuid)),
  );
  return { id: request.id, elements };
}

function answer(
  e: Election,
  request: Exclude<VerifyRequest, { task: 'powers' | 'members' | 'public-credentials' }>,
): VerifyReply {
  if (request.task === 'ballots')
    return { id: request.id, problems: problemsOf(e, request.ballots) };
  if (request.task === 'make-ballots') {
    // Standing in for many voters' browsers at once, this thread raises the
    // election key for every ballot: its fixed-base table pays.
    e.group.fixedBase(e.publicKey);
    const ballots = request.credentials.map((c, i) =>
      createBallot(e, c, request.plaintexts[i]!, systemRandom),
    );
    return { id: request.id, ballots };
  }
  // The pool sends values its caller already holds parsed, their membership
  // checked then (VerifyPool's methods take parsed values): decoded unchecked.
  const group = unchecked(e.group);
  const tally = readEncryptedTally(group, request.tally);
  if (request.task === 'check-decryptions') {
    const pds = request.decryptions.map((d) => readPartialDecryption(group, d, 'decryption'));
    const keys = request.keys.map((k) => group.parse(k, 'trustee key'));
    const failed = firstFailedProofs(
      e,
      tally[0]!,
      keys,
      pds.map((pd) => pd.factors[0]!),
      pds.map((pd) => pd.proofs[0]!),
    );
    return { id: request.id, failed };
  }
  const pd = partialDecrypt(e, tally, BigInt(request.key), systemRandom);
  return { id: request.id, decryption: writePartialDecryption(e.group, pd) };
}

parentPort?.on('message', (request: VerifyRequest) => {
  try {
    if (request.task === 'powers') return parentPort!.postMessage(powers(request));
    if (request.task === 'members') return parentPort!.postMessage(members(request));
    if (request.task === 'public-credentials')
      return parentPort!.postMessage(publicCredentials(request));
    if (election?.json !== request.election) election = readElection(request.election);
    parentPort!.postMessage(answer(election, request));
  } catch (error) {
    parentPort!.postMessage({ id: request.id, error: String(error) });
  }
});
