// Node-only: spreads verification over verify-pool.ts's worker threads; the browser calls verify.ts.
/**
 * The universal verifier on every core (issue 6, "Speed"): verifyArchive's
 * checks and report, with the costly parts computed on VerifyPool's worker
 * threads first. Ballots are independent (spec 2.0 §3.2 step 3d); so are the
 * membership checks of received elements, the multi-exponentiations of each
 * proof of shuffle (§4.17) and the proofs of a partial decryption (§4.18).
 * What the threads find is handed to verifyArchive, which checks everything
 * else on this thread and reports as it always does. Node only.
 */
import { type Archive, readArchive } from './archive.ts';
import { readPublicCredentials } from './credentials-list.ts';
import { type Election, readElection } from './election.ts';
import { hashJson } from './hash.ts';
import { recording } from './membership.ts';
import {
  mergeShuffled,
  nhCiphertexts,
  readShuffle,
  type Shuffle,
  shuffleProblemOf,
} from './mixnet.ts';
import type { Ciphertext } from './proofs.ts';
import {
  type EncryptedTally,
  failedProofProblem,
  type PartialDecryption,
  readEncryptedTally,
  readPartialDecryption,
} from './tally.ts';
import { decryptingTrustees, readTrustees } from './trustees.ts';
import { decryptionKey, type Verification, verifyArchive } from './verify.ts';
import { VerifyPool } from './verify-pool.ts';
import { shuffleKey } from './verify-shuffles.ts';

/**
 * An archive read without judging it, its group elements decoded unchecked and
 * their texts recorded (membership.ts). Whatever is missing or malformed is
 * left out here and found by verifyArchive.
 */
interface Reading {
  election: Election;
  ballots: string[];
  texts: string[];
  shuffles: { input: Ciphertext<unknown>[][]; text: string; shuffle: Shuffle }[];
  decryptable?: EncryptedTally;
  decryptions: { key: unknown; pd: PartialDecryption }[];
}

const payloadOf = (archive: Archive, hash: string | undefined): string => {
  const text = archive.data.get(hash ?? '');
  if (text === undefined) throw new Error('missing payload');
  return text;
};

function read(bytes: Uint8Array): Reading | undefined {
  let archive: Archive;
  let election: Election;
  let files: Record<string, string>;
  try {
    archive = readArchive(bytes);
    const setup = archive.events[0];
    if (setup?.type !== 'Setup') return undefined;
    files = JSON.parse(payloadOf(archive, setup.payload)) as Record<string, string>;
    election = readElection(payloadOf(archive, files.election));
  } catch {
    return undefined;
  }
  const texts: string[] = [];
  const group = recording(election.group, texts);
  const events = archive.events;
  const reading: Reading = {
    election,
    texts,
    ballots: events
      .filter((e) => e.type === 'Ballot')
      .map((e) => archive.data.get(e.payload ?? ''))
      .filter((b): b is string => b !== undefined),
    shuffles: [],
    decryptions: [],
  };
  try {
    readPublicCredentials(group, payloadOf(archive, files.credentials));
    const sized = JSON.parse(
      payloadOf(archive, events.find((e) => e.type === 'EncryptedTally')?.payload),
    );
    const tally = readEncryptedTally(group, payloadOf(archive, sized.encrypted_tally));
    let input = nhCiphertexts(election, tally);
    for (const event of events.filter((e) => e.type === 'Shuffle')) {
      const owned = JSON.parse(payloadOf(archive, event.payload)) as { payload: string };
      const text = payloadOf(archive, owned.payload);
      const shuffle = readShuffle(group, text);
      reading.shuffles.push({ input, text, shuffle });
      input = shuffle.ciphertexts;
    }
    const decryptable = reading.shuffles.length > 0 ? mergeShuffled(election, tally, input) : tally;
    reading.decryptable = decryptable;
    const everyone = decryptingTrustees(
      readTrustees(election.group, payloadOf(archive, files.trustees)),
    );
    for (const event of events.filter((e) => e.type === 'PartialDecryption')) {
      const o = JSON.parse(payloadOf(archive, event.payload)) as { owner: number; payload: string };
      const key = everyone.find((t) => t.owner === o.owner)?.key.publicKey;
      const pd = readPartialDecryption(group, payloadOf(archive, o.payload), 'partial decryptions');
      const fits =
        pd.factors.length === decryptable.length &&
        pd.proofs.length === decryptable.length &&
        decryptable.every(
          (cs, i) => pd.factors[i]!.length === cs.length && pd.proofs[i]!.length === cs.length,
        );
      if (key !== undefined && fits) reading.decryptions.push({ key, pd });
    }
  } catch {
    // Whatever was read so far is used; the rest is checked by verifyArchive.
  }
  return reading;
}

/** Each shuffle's problem, by shuffleKey, each proof's powers spread over the threads. */
async function shuffleProblems(
  reading: Reading,
  pool: VerifyPool,
): Promise<Map<string, string | undefined>> {
  const out = new Map<string, string | undefined>();
  const { election } = reading;
  for (const { input, text, shuffle } of reading.shuffles) {
    const problem = await pool.runSteps(election.group, shuffleProblemOf(election, input, shuffle));
    out.set(shuffleKey(election, input, text), problem);
  }
  return out;
}

/** Each partial decryption's problem, keyed as VerifyOptions.decryptionProblems wants. */
async function decryptionProblems(
  reading: Reading,
  pool: VerifyPool,
): Promise<Map<string, string | undefined>> {
  const out = new Map<string, string | undefined>();
  const { election, decryptable, decryptions } = reading;
  if (!decryptable || decryptions.length === 0) return out;
  const failed = await pool.failedDecryptions(
    election,
    decryptable,
    decryptions.map((d) => d.key),
    decryptions.map((d) => d.pd),
  );
  decryptions.forEach(({ key, pd }, k) => {
    const f = failed[k]!;
    out.set(
      decryptionKey(election, decryptable, key, pd),
      f < 0 ? undefined : failedProofProblem(decryptable, f),
    );
  });
  return out;
}

/**
 * verifyArchive with the costly checks made on worker threads: the same checks
 * and the same report. Uses `pool` when given (and leaves it open), else a pool
 * of its own.
 */
export async function verifyArchiveInParallel(
  bytes: Uint8Array,
  pool?: VerifyPool,
): Promise<Verification> {
  const reading = read(bytes);
  if (!reading) return verifyArchive(bytes);
  const own = pool ?? new VerifyPool();
  try {
    const { election, ballots, texts } = reading;
    const [problems, nonMember, shuffles, decryptions] = await Promise.all([
      own.problems(election, ballots),
      own.firstNonMember(election.group, texts),
      shuffleProblems(reading, own),
      decryptionProblems(reading, own),
    ]);
    const ballotProblems = new Map(ballots.map((b, i) => [hashJson(b), problems[i]]));
    // What the threads found about shuffles and decryptions holds only for
    // group elements: with a non-member anywhere, verifyArchive checks them
    // itself, and names the element.
    if (nonMember >= 0) return verifyArchive(bytes, { ballotProblems });
    return verifyArchive(bytes, {
      ballotProblems,
      shuffleProblems: shuffles,
      decryptionProblems: decryptions,
      members: new Set(texts),
    });
  } finally {
    if (!pool) await own.close();
  }
}
