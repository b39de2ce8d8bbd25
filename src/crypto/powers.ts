/**
 * Batches of exponentiations, so that a proof can be computed on one thread
 * or spread over several without being written twice. A long computation (a
 * proof of shuffle, its check) is written as a generator that yields, at each
 * point where it needs group exponentiations, one batch of independent
 * products of powers, and receives their values. runSteps evaluates the
 * batches here; VerifyPool.runSteps (verify-pool.ts) splits them between
 * worker threads. The arithmetic is the same either way.
 */
import type { Group } from './group.ts';

/** Π bases[i]^exps[i]. */
export interface PowerProduct<E> {
  bases: readonly E[];
  exps: readonly bigint[];
  /**
   * The exponents are secret (randomness of a proof or of a re-encryption):
   * each power is then taken with the group's pow, which is constant-time
   * where it can be (OpenSSL's, noble's), or the whole product with its
   * secretMultiPow, rather than with a variable-time multi-exponentiation;
   * see SECRET_POWERS for the exception.
   */
  secret?: boolean;
}

export interface PowerBatch<E> {
  products: PowerProduct<E>[];
  /** Bases raised many times in this batch: worth a fixed-base table. */
  fixed?: readonly E[];
}

/** A computation that pauses at batches of products of powers. */
export type Steps<E, T> = Generator<PowerBatch<E>, T, E[]>;

/**
 * Up to this many bases, a product with secret exponents is taken one
 * constant-time power at a time. Longer ones (a proof of shuffle's t3 and t4)
 * use the group's secretMultiPow where it has one (the finite-field groups
 * with WebAssembly: buckets whose operations do not depend on the exponents,
 * at about half the cost of one native power per base). Where it has none
 * they use the variable-time multi-exponentiation when on one thread, as in a
 * trustee's browser without WebAssembly, where one power per base would cost
 * six times as much; threads then get pieces of SECRET_POWERS bases or fewer
 * (VerifyPool.powers), so that there every secret exponent goes through a
 * constant-time power.
 */
export const SECRET_POWERS = 64;

/** The value of each product of the batch, on this thread. */
export function evaluate<E>(group: Group<E>, batch: PowerBatch<E>): E[] {
  for (const base of batch.fixed ?? []) group.fixedBase(base);
  return batch.products.map((p) => {
    if (!p.secret) return group.multiPow(p.bases, p.exps);
    if (p.bases.length > SECRET_POWERS) {
      return group.secretMultiPow
        ? group.secretMultiPow(p.bases, p.exps)
        : group.multiPow(p.bases, p.exps);
    }
    let acc = group.one;
    for (const [i, base] of p.bases.entries()) acc = group.mul(acc, group.pow(base, p.exps[i]!));
    return acc;
  });
}

/** Runs a computation to its end on this thread. */
export function runSteps<E, T>(group: Group<E>, steps: Steps<E, T>): T {
  let state = steps.next();
  while (!state.done) state = steps.next(evaluate(group, state.value));
  return state.value;
}

/** Π bases[i] over a batch's single-base products: b^1 terms, for readability at call sites. */
export function power<E>(base: E, exp: bigint, secret = false): PowerProduct<E> {
  return { bases: [base], exps: [exp], secret };
}

/**
 * A batch cut into pieces for threads: each product into pieces of size(p)
 * bases or fewer, partial products which `join` multiplies back together.
 */
export function splitBatch<E>(
  group: Group<E>,
  batch: PowerBatch<E>,
  size: (p: PowerProduct<E>) => number,
): { pieces: PowerProduct<E>[]; join: (values: E[]) => E[] } {
  const pieces: PowerProduct<E>[] = [];
  const owners: number[] = [];
  for (const [k, p] of batch.products.entries()) {
    const step = size(p);
    for (let start = 0; start < Math.max(1, p.bases.length); start += step) {
      pieces.push({
        bases: p.bases.slice(start, start + step),
        exps: p.exps.slice(start, start + step),
        secret: p.secret,
      });
      owners.push(k);
    }
  }
  return {
    pieces,
    join(values) {
      const out: E[] = batch.products.map(() => group.one);
      values.forEach((v, i) => {
        out[owners[i]!] = group.mul(out[owners[i]!]!, v);
      });
      return out;
    },
  };
}
