/**
 * A worker thread of verify-pool.ts. It verifies the ballots it is sent (spec
 * 2.0 §3.2 step 3d), answering for each its problem or undefined when it is
 * valid, or makes a trustee's partial decryption of a slice of the tally (§4.18).
 */
import { parentPort } from 'node:worker_threads';
import { type Election, readElection } from './election.ts';
import { systemRandom } from './random.ts';
import {
  firstFailedProofs,
  partialDecrypt,
  readEncryptedTally,
  readPartialDecryption,
  writePartialDecryption,
} from './tally.ts';
import { problemOf } from './verify-pool.ts';

export type VerifyRequest = { id: number; election: string } & (
  | { task: 'ballots'; ballots: string[] }
  /** `tally`: JSON of ciphertexts as in an encrypted tally; `key`: the private key in base 10. */
  | { task: 'decrypt'; tally: string; key: string }
  /** Checks proofs of decryption: one row of ciphertexts, trustee keys, and their partial decryptions of that row. */
  | { task: 'check-decryptions'; tally: string; keys: string[]; decryptions: string[] }
);

export interface VerifyReply {
  id: number;
  /** For 'ballots'. */
  problems?: (string | undefined)[];
  /** For 'decrypt': the partial decryption's JSON. */
  decryption?: string;
  /** For 'check-decryptions': per trustee, the index of its first failing proof, or −1. */
  failed?: number[];
  error?: string;
}

let election: Election | undefined;

function answer(e: Election, request: VerifyRequest): VerifyReply {
  if (request.task === 'ballots')
    return { id: request.id, problems: request.ballots.map((json) => problemOf(e, json)) };
  const tally = readEncryptedTally(e.group, request.tally);
  if (request.task === 'check-decryptions') {
    const pds = request.decryptions.map((d) => readPartialDecryption(e.group, d, 'decryption'));
    const keys = request.keys.map((k) => e.group.parse(k, 'trustee key'));
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
    if (election?.json !== request.election) election = readElection(request.election);
    parentPort!.postMessage(answer(election, request));
  } catch (error) {
    parentPort!.postMessage({ id: request.id, error: String(error) });
  }
});
