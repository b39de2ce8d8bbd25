/**
 * Ballot verification on worker threads, for the server and the universal
 * verifier (issue 6, "Speed"): ballots are independent (spec 2.0 §3.2 step 3d),
 * so a pool of one thread per core verifies them in parallel; so are the proofs
 * of a trustee's partial decryption (§4.18). Node only: the browser imports
 * ballot.ts and verify.ts, never this module.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { type Archive, readArchive } from './archive.ts';
import { ballotProblem, readBallot } from './ballot.ts';
import { type Election, readElection } from './election.ts';
import { CryptoError } from './errors.ts';
import { hashJson } from './hash.ts';
import { mergeShuffled, readShuffle } from './mixnet.ts';
import type { Proof } from './proofs.ts';
import { systemRandom } from './random.ts';
import {
  type EncryptedTally,
  type PartialDecryption,
  partialDecrypt,
  readEncryptedTally,
  readPartialDecryption,
  writeEncryptedTally,
  writePartialDecryption,
} from './tally.ts';
import { decryptingTrustees, readTrustees } from './trustees.ts';
import { decryptionKey, type Verification, verifyArchive } from './verify.ts';
import type { VerifyReply, VerifyRequest } from './verify-worker.ts';

/** Why the ballot is invalid, in the words of verifyBallot, or undefined when it is valid. */
export function problemOf(election: Election, json: string): string | undefined {
  try {
    return ballotProblem(election, readBallot(election, json, 'ballot'));
  } catch (error) {
    if (error instanceof CryptoError) return error.message.replace(/^ballot: /, '');
    throw error;
  }
}

/** Threads: one per core the process may use. */
export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}

/**
 * Starts verify-worker. Run from TypeScript sources (tests, bin/grassroots), the
 * thread must register tsx before importing it: Node 20 does not apply the
 * parent's `--import tsx` hooks to a worker's entry module. Both are imported by
 * absolute URL, so this works from any directory.
 */
function spawnWorker(): Worker {
  const entry = new URL(
    import.meta.url.endsWith('.ts') ? './verify-worker.ts' : './verify-worker.js',
    import.meta.url,
  );
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry);
  const tsx = JSON.stringify(import.meta.resolve('tsx/esm/api'));
  const code = `import(${tsx}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.href)}); });`;
  return new Worker(code, { eval: true });
}

interface Waiting {
  resolve: (reply: VerifyReply) => void;
  reject: (error: Error) => void;
}

/**
 * A pool of verifying threads, started on first use. Idle threads do not keep
 * the process alive; close() ends them.
 */
export class VerifyPool {
  private workers: Worker[] = [];
  private readonly waiting = new Map<number, Waiting>();
  private nextId = 0;

  constructor(readonly threads = defaultThreads()) {}

  private start(): Worker[] {
    if (this.workers.length > 0) return this.workers;
    this.workers = Array.from({ length: this.threads }, () => {
      const worker = spawnWorker();
      worker.unref();
      worker.on('message', (reply: VerifyReply) => {
        const w = this.waiting.get(reply.id);
        this.waiting.delete(reply.id);
        worker.unref();
        if (reply.error) w?.reject(new Error(`crypto worker thread: ${reply.error}`));
        else w?.resolve(reply);
      });
      // A thread that fails fails every request in flight; the next request starts new threads.
      const fail = (error: Error) => {
        for (const w of this.waiting.values()) w.reject(error);
        this.waiting.clear();
        const dead = this.workers;
        this.workers = [];
        for (const w of dead) void w.terminate();
      };
      worker.on('error', fail);
      worker.on('exit', (code) => {
        if (this.workers.includes(worker)) fail(new Error(`crypto worker thread exited (${code})`));
      });
      return worker;
    });
    return this.workers;
  }

  private ask(worker: Worker, request: VerifyRequest): Promise<VerifyReply> {
    // Referenced while busy, so that awaiting the reply keeps the process alive.
    worker.ref();
    return new Promise((resolve, reject) => {
      this.waiting.set(request.id, { resolve, reject });
      worker.postMessage(request);
    });
  }

  /**
   * Runs `count` items in chunks, handed out to the threads as they finish (which
   * balances the load); `request` makes the request for items [start, end).
   */
  private async spread(
    count: number,
    request: (id: number, start: number, end: number) => VerifyRequest,
    done: (reply: VerifyReply, start: number) => void,
  ): Promise<void> {
    const workers = this.start();
    const size = Math.max(1, Math.min(64, Math.ceil(count / (workers.length * 8))));
    let next = 0;
    await Promise.all(
      workers.map(async (worker) => {
        while (next < count) {
          const start = next;
          next += size;
          done(
            await this.ask(worker, request(this.nextId++, start, Math.min(count, start + size))),
            start,
          );
        }
      }),
    );
  }

  /**
   * For each ballot, why it is invalid or undefined when it verifies: what
   * verifyBallot would say, in the same order. The credential list is the caller's.
   */
  async problems(election: Election, jsons: readonly string[]): Promise<(string | undefined)[]> {
    if (this.threads <= 1 || jsons.length < 2) return jsons.map((j) => problemOf(election, j));
    const out: (string | undefined)[] = new Array(jsons.length);
    await this.spread(
      jsons.length,
      (id, start, end) => ({
        id,
        election: election.json,
        task: 'ballots',
        ballots: jsons.slice(start, end),
      }),
      (reply, start) => {
        reply.problems!.forEach((p, i) => {
          out[start + i] = p;
        });
      },
    );
    return out;
  }

  /**
   * partialDecrypt on the threads: a trustee's decryption factors and proofs
   * (§4.18) for slices of the tally at once. Each proof stands alone, so the
   * result is a partial decryption like any other.
   */
  async partialDecrypt(
    election: Election,
    tally: EncryptedTally,
    privateKey: bigint,
  ): Promise<PartialDecryption> {
    if (this.threads <= 1) return partialDecrypt(election, tally, privateKey, systemRandom);
    const group = election.group;
    const flat = tally.flat();
    const factors: unknown[] = new Array(flat.length);
    const proofs: Proof[] = new Array(flat.length);
    await this.spread(
      flat.length,
      (id, start, end) => ({
        id,
        election: election.json,
        task: 'decrypt',
        tally: writeEncryptedTally(group, [flat.slice(start, end)]),
        key: privateKey.toString(),
      }),
      (reply, start) => {
        const pd = readPartialDecryption(group, reply.decryption!, 'partial decryption');
        pd.factors[0]!.forEach((f, i) => {
          factors[start + i] = f;
          proofs[start + i] = pd.proofs[0]![i]!;
        });
      },
    );
    // Back into the tally's shape: one row per question.
    const rows = tally.map((_, i) => tally.slice(0, i).reduce((a, r) => a + r.length, 0));
    return {
      factors: tally.map((cs, i) => cs.map((_, j) => factors[rows[i]! + j])),
      proofs: tally.map((cs, i) => cs.map((_, j) => proofs[rows[i]! + j]!)),
    };
  }

  /**
   * For each trustee, the index (in tally.flat()) of its first proof of
   * decryption that fails, or −1: firstFailedProofs on the threads.
   */
  async failedDecryptions(
    election: Election,
    tally: EncryptedTally,
    keys: readonly unknown[],
    pds: readonly PartialDecryption[],
  ): Promise<number[]> {
    const group = election.group;
    const flat = tally.flat();
    const factors = pds.map((pd) => pd.factors.flat());
    const proofs = pds.map((pd) => pd.proofs.flat());
    const failed = keys.map(() => -1);
    await this.spread(
      flat.length,
      (id, start, end) => ({
        id,
        election: election.json,
        task: 'check-decryptions',
        tally: writeEncryptedTally(group, [flat.slice(start, end)]),
        keys: keys.map((X) => group.toString(X)),
        decryptions: pds.map((_, k) =>
          writePartialDecryption(group, {
            factors: [factors[k]!.slice(start, end)],
            proofs: [proofs[k]!.slice(start, end)],
          }),
        ),
      }),
      (reply, start) => {
        reply.failed!.forEach((f, k) => {
          if (f >= 0 && (failed[k]! < 0 || start + f < failed[k]!)) failed[k] = start + f;
        });
      },
    );
    return failed;
  }

  async close(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

/**
 * verifyBallot for many ballots at once, on worker threads: for each ballot its
 * problem, or undefined when it is valid.
 */
export async function verifyBallots(
  election: Election,
  jsons: readonly string[],
  threads = defaultThreads(),
): Promise<(string | undefined)[]> {
  const pool = new VerifyPool(threads);
  try {
    return await pool.problems(election, jsons);
  } finally {
    await pool.close();
  }
}

/** The election and ballots of an archive, or undefined when it is too broken to say. */
function ballotsOf(
  bytes: Uint8Array,
): { archive: Archive; election: Election; trustees: string; ballots: string[] } | undefined {
  try {
    const archive = readArchive(bytes);
    const setup = archive.events[0];
    const text = setup?.type === 'Setup' ? archive.data.get(setup.payload ?? '') : undefined;
    const files = text === undefined ? undefined : (JSON.parse(text) as Record<string, string>);
    const json = files?.election === undefined ? undefined : archive.data.get(files.election);
    const trustees = files?.trustees === undefined ? undefined : archive.data.get(files.trustees);
    if (json === undefined || trustees === undefined) return undefined;
    const ballots = archive.events
      .filter((e) => e.type === 'Ballot')
      .map((e) => archive.data.get(e.payload ?? ''))
      .filter((b): b is string => b !== undefined);
    return { archive, election: readElection(json), trustees, ballots };
  } catch {
    return undefined;
  }
}

const payloadOf = (archive: Archive, event: { payload?: string } | undefined): string => {
  const text = archive.data.get(event?.payload ?? '');
  if (text === undefined) throw new Error('missing payload');
  return text;
};

/**
 * The proofs of decryption of an archive checked on the threads, keyed as
 * verifyArchive's decryptionProblems option wants them. Reads the archive
 * without judging it: whatever this finds that verifyArchive would not (a
 * different tally, a malformed event) simply matches no key, and is checked there.
 */
async function decryptionProblems(
  found: NonNullable<ReturnType<typeof ballotsOf>>,
  pool: VerifyPool,
): Promise<Map<string, string | undefined>> {
  const out = new Map<string, string | undefined>();
  try {
    const { archive, election } = found;
    const group = election.group;
    const events = archive.events;
    const sized = JSON.parse(
      payloadOf(
        archive,
        events.find((e) => e.type === 'EncryptedTally'),
      ),
    );
    let tally = readEncryptedTally(group, payloadOf(archive, { payload: sized.encrypted_tally }));
    const last = events.filter((e) => e.type === 'Shuffle').at(-1);
    if (last) {
      const owned = JSON.parse(payloadOf(archive, last)) as { payload: string };
      const shuffled = readShuffle(group, payloadOf(archive, owned));
      tally = mergeShuffled(election, tally, shuffled.ciphertexts);
    }
    const everyone = decryptingTrustees(readTrustees(group, found.trustees));
    const read = events
      .filter((e) => e.type === 'PartialDecryption')
      .map((e) => {
        const o = JSON.parse(payloadOf(archive, e)) as { owner: number; payload: string };
        const key = everyone.find((t) => t.owner === o.owner)?.key.publicKey;
        const pd = readPartialDecryption(group, payloadOf(archive, o), 'partial decryptions');
        return { key, pd };
      })
      .filter(
        ({ key, pd }) =>
          key !== undefined &&
          pd.factors.length === tally.length &&
          pd.proofs.length === tally.length &&
          tally.every(
            (cs, i) => pd.factors[i]!.length === cs.length && pd.proofs[i]!.length === cs.length,
          ),
      );
    if (read.length === 0) return out;
    const failed = await pool.failedDecryptions(
      election,
      tally,
      read.map((d) => d.key),
      read.map((d) => d.pd),
    );
    const where = tally.flatMap((cs, i) =>
      cs.map((_, j) => `question ${i + 1}, ciphertext ${j + 1}`),
    );
    read.forEach(({ key, pd }, k) => {
      const f = failed[k]!;
      out.set(
        decryptionKey(election, tally, key, pd),
        f < 0 ? undefined : `${where[f]}: proof of decryption fails`,
      );
    });
  } catch {
    // Checked on this thread by verifyArchive instead.
  }
  return out;
}

/**
 * verifyArchive with the ballots and the proofs of decryption verified on
 * worker threads: the same checks and the same report. The rest of the archive
 * is checked on this thread. Uses `pool` when given (and leaves it open), else
 * a pool of its own.
 */
export async function verifyArchiveInParallel(
  bytes: Uint8Array,
  pool?: VerifyPool,
): Promise<Verification> {
  const found = ballotsOf(bytes);
  if (!found) return verifyArchive(bytes);
  const own = pool ?? new VerifyPool();
  try {
    const problems = await own.problems(found.election, found.ballots);
    const ballotProblems = new Map(found.ballots.map((b, i) => [hashJson(b), problems[i]]));
    return verifyArchive(bytes, {
      ballotProblems,
      decryptionProblems: await decryptionProblems(found, own),
    });
  } finally {
    if (!pool) await own.close();
  }
}
