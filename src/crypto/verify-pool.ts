// Node-only: starts node:worker_threads workers; the browser verifies on its own Web Worker (src/web/browser).
/**
 * Ballot verification on worker threads, for the server and the universal
 * verifier (issue 6, "Speed"): ballots are independent (spec 2.0 §3.2 step 3d),
 * so a pool of one thread per core verifies them in parallel; so are the proofs
 * of a trustee's partial decryption (§4.18). Node only: the browser imports
 * ballot.ts and verify.ts, never this module.
 *
 * One piece: one pool of threads and the requests it serves; each method is a
 * kind of request whose reply verify-worker.ts computes, and all share the
 * spreading over threads and the bookkeeping of requests in flight.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ballotProblem, readBallot } from './ballot.ts';
import { publicCredential } from './credential.ts';
import type { Election } from './election.ts';
import { CryptoError } from './errors.ts';
import { firstNonMember, type Group } from './group.ts';
import { recording, unchecked } from './membership.ts';
import {
  evaluate,
  type PowerBatch,
  type PowerProduct,
  SECRET_POWERS,
  type Steps,
  splitBatch,
} from './powers.ts';
import type { Proof } from './proofs.ts';
import { systemRandom } from './random.ts';
import {
  decryptionShapeProblem,
  type EncryptedTally,
  failedProofProblem,
  type PartialDecryption,
  partialDecrypt,
  readPartialDecryption,
  writeEncryptedTally,
  writePartialDecryption,
} from './tally.ts';
import type { VerifyReply, VerifyRequest } from './verify-worker.ts';

/**
 * The fewest bases in a piece of a long product cut for the threads where the
 * group has buckets in WebAssembly: from there on they cost ~1.45 ms per base
 * or less at 2047 bits, against ~2.5 ms for one native power (ff-group.ts).
 */
const BUCKET_PIECE = 256;

/** Why the ballot is invalid, in the words of verifyBallot, or undefined when it is valid. */
export function problemOf(election: Election, json: string): string | undefined {
  try {
    return ballotProblem(election, readBallot(election, json, 'ballot'));
  } catch (error) {
    if (error instanceof CryptoError) return error.message.replace(/^ballot: /, '');
    throw error;
  }
}

/**
 * problemOf for many ballots, with the membership of their elements checked
 * in one batch where the group can (the finite-field groups test a batch with
 * a few Legendre symbols where one element alone costs one: ff-group.ts). Each ballot is
 * read without the check, its texts recorded (membership.ts), and its proofs
 * checked; then all texts at once. Any ballot with a problem, and every
 * ballot when some text is not in the group, is checked again alone by
 * problemOf, so the answers and their wording are exactly problemOf's.
 */
export function problemsOf(election: Election, jsons: readonly string[]): (string | undefined)[] {
  // Only groups that check membership in batches gain (not Ed25519, whose
  // elements would be decoded twice).
  if (!election.group.firstNonMember) return jsons.map((json) => problemOf(election, json));
  const texts: string[] = [];
  const lax: Election = { ...election, group: recording(election.group, texts) };
  const suspect = jsons.map((json) => {
    try {
      return ballotProblem(lax, readBallot(lax, json, 'ballot')) !== undefined;
    } catch {
      return true;
    }
  });
  const allMembers = firstNonMember(election.group, texts) < 0;
  return jsons.map((json, i) =>
    allMembers && !suspect[i] ? undefined : problemOf(election, json),
  );
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
  /** Requests in flight per thread: a thread is referenced while it has any. */
  private readonly busy = new Map<Worker, number>();
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
        const left = (this.busy.get(worker) ?? 1) - 1;
        this.busy.set(worker, left);
        if (left === 0) worker.unref();
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
    this.busy.set(worker, (this.busy.get(worker) ?? 0) + 1);
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
    if (this.threads <= 1 || jsons.length < 2) return problemsOf(election, jsons);
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
   * Why one ballot is invalid, or undefined when it verifies, checked on a
   * thread even when alone: a server keeps serving while it checks.
   */
  async problem(election: Election, json: string): Promise<string | undefined> {
    const idlest = this.start().reduce((a, w) =>
      (this.busy.get(w) ?? 0) < (this.busy.get(a) ?? 0) ? w : a,
    );
    const reply = await this.ask(idlest, {
      id: this.nextId++,
      election: election.json,
      task: 'ballots',
      ballots: [json],
    });
    return reply.problems![0];
  }

  /**
   * createBallot on the threads, one ballot per credential and plaintext: for
   * the benchmark, which makes every voter's ballot, and for demonstrations.
   */
  async makeBallots(
    election: Election,
    credentials: readonly string[],
    plaintexts: readonly number[][][],
  ): Promise<string[]> {
    const out: string[] = new Array(credentials.length);
    await this.spread(
      credentials.length,
      (id, start, end) => ({
        id,
        election: election.json,
        task: 'make-ballots',
        credentials: credentials.slice(start, end),
        plaintexts: plaintexts.slice(start, end),
      }),
      (reply, start) => {
        reply.ballots!.forEach((b, i) => {
          out[start + i] = b;
        });
      },
    );
    return out;
  }

  /**
   * The public credential of each private one (spec 2.0 §4.3), as the group
   * writes elements, computed on the threads: a credential authority derives
   * one per voter (PBKDF2, then a power of g).
   */
  async publicCredentials(
    group: Group<unknown>,
    uuid: string,
    credentials: readonly string[],
  ): Promise<string[]> {
    if (this.threads <= 1)
      return credentials.map((c) => group.toString(publicCredential(group, c, uuid)));
    const out: string[] = new Array(credentials.length);
    await this.spread(
      credentials.length,
      (id, start, end) => ({
        id,
        task: 'public-credentials',
        group: group.name,
        uuid,
        credentials: credentials.slice(start, end),
      }),
      (reply, start) => {
        reply.elements!.forEach((text, i) => {
          out[start + i] = text;
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
        // Computed on our own threads: decoded without checking membership again.
        const pd = readPartialDecryption(unchecked(group), reply.decryption!, 'partial decryption');
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

  /** partialDecryptionProblem (tally.ts) with the proofs checked on the threads. */
  async partialDecryptionProblem(
    election: Election,
    tally: EncryptedTally,
    X: unknown,
    pd: PartialDecryption,
  ): Promise<string | undefined> {
    const shape = decryptionShapeProblem(tally, pd);
    if (shape) return shape;
    const [failed] = await this.failedDecryptions(election, tally, [X], [pd]);
    return failed! < 0 ? undefined : failedProofProblem(tally, failed!);
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

  /**
   * Runs a computation written as steps (powers.ts) with each batch of powers
   * spread over the threads: a proof of shuffle, or its check, on every core.
   */
  async runSteps<E, T>(group: Group<E>, steps: Steps<E, T>): Promise<T> {
    let state = steps.next();
    while (!state.done) state = steps.next(await this.powers(group, state.value));
    return state.value;
  }

  /** The values of a batch of products of powers, computed on the threads. */
  async powers<E>(group: Group<E>, batch: PowerBatch<E>): Promise<E[]> {
    if (this.threads <= 1) return evaluate(group, batch);
    // Pieces of SECRET_POWERS bases at most, so that secret exponents get
    // constant-time powers (powers.ts), gathered into units of similar size.
    // Where the group has buckets in WebAssembly (secretMultiPow: the finite
    // fields), a long product costs about half as much per base in pieces of a
    // few hundred bases as in powers one by one (ff-group.ts): it is cut into
    // one piece per thread, of at least BUCKET_PIECE bases, secret exponents
    // included since the buckets' operations do not depend on them. A public
    // product shorter than two such pieces keeps the small pieces, which
    // spread better over the threads.
    const pieceSize = (p: PowerProduct<E>): number => {
      const length = p.bases.length;
      if (!group.secretMultiPow || length <= SECRET_POWERS) return SECRET_POWERS;
      if (!p.secret && length < 2 * BUCKET_PIECE) return SECRET_POWERS;
      return Math.max(BUCKET_PIECE, Math.ceil(length / this.threads));
    };
    const { pieces, join } = splitBatch(group, batch, pieceSize);
    const total = pieces.reduce((a, p) => a + p.bases.length, 0);
    const target = Math.max(SECRET_POWERS, Math.ceil(total / (this.threads * 8)));
    const units: number[] = [0];
    let size = 0;
    for (const [i, p] of pieces.entries()) {
      size += p.bases.length;
      if (size >= target && i + 1 < pieces.length) {
        units.push(i + 1);
        size = 0;
      }
    }
    units.push(pieces.length);
    const fixed = (batch.fixed ?? []).map((x) => group.toString(x));
    const decode = (text: string) =>
      group.decode ? group.decode(text) : group.parse(text, 'power');
    const values: E[] = new Array(pieces.length);
    await this.spread(
      units.length - 1,
      (id, start, end) => ({
        id,
        task: 'powers',
        group: group.name,
        fixed,
        products: pieces.slice(units[start], units[end]).map((p) => ({
          bases: p.bases.map((x) => group.toString(x)),
          exps: [...p.exps],
          secret: p.secret,
        })),
      }),
      (reply, start) => {
        reply.elements!.forEach((text, i) => {
          values[units[start]! + i] = decode(text);
        });
      },
    );
    return join(values);
  }

  /** The index of the first text that is not an element of the group, or −1. */
  async firstNonMember(group: Group<unknown>, texts: readonly string[]): Promise<number> {
    // One large piece per thread: the groups check membership in batches (ff-group.ts).
    const workers = this.start();
    const size = Math.max(256, Math.ceil(texts.length / workers.length));
    const failed = await Promise.all(
      workers.map(async (worker, k) => {
        const start = k * size;
        if (start >= texts.length) return -1;
        const reply = await this.ask(worker, {
          id: this.nextId++,
          task: 'members',
          group: group.name,
          texts: texts.slice(start, start + size),
        });
        const f = reply.failed![0]!;
        return f < 0 ? -1 : start + f;
      }),
    );
    return failed.filter((f) => f >= 0).reduce((a, f) => (a < 0 ? f : Math.min(a, f)), -1);
  }

  async close(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

let shared: VerifyPool | undefined;

/**
 * The process's pool, for the web server: its threads start on first use and,
 * idle, do not keep the process alive.
 */
export function sharedPool(): VerifyPool {
  shared ??= new VerifyPool();
  return shared;
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
