/**
 * Verifiable shuffles of ElGamal ciphertexts (spec 2.0 §4.17 and §6, taken from
 * the CHVote 1.3.2 specification): re-encrypt and permute, then prove it with
 * the Terelius–Wikström proof. Hash inputs follow spec 2.0 tables 10, 11 and 13
 * to the byte, so proofs interoperate with belenios-tool.
 */
import type { Group } from './group.ts';
import { bytesToBigint, sha256Hex } from './hash.ts';
import { mod } from './modular.ts';
import { power, type Steps } from './powers.ts';
import type { Ciphertext } from './proofs.ts';
import { type RandomBytes, randomBelow, randomIndex, systemRandom } from './random.ts';

/** A proof of shuffle, π = (t, s, c, ĉ) of spec 2.0 table 4. */
export interface ShuffleProof<E = unknown> {
  t: { t1: E; t2: E; t3: E; t41: E; t42: E; tHat: E[] };
  s: { s1: bigint; s2: bigint; s3: bigint; s4: bigint; sHat: bigint[]; sPrime: bigint[] };
  /** Permutation commitments c_1..c_N. */
  commitments: E[];
  /** The commitment chain ĉ_1..ĉ_N. */
  chain: E[];
}

/** GenPermutation (table 2): a uniform permutation ψ = [j_1..j_N], 0-based. */
export function randomPermutation(n: number, random: RandomBytes): number[] {
  const pool = Array.from({ length: n }, (_, i) => i);
  const psi: number[] = [];
  for (let i = 0; i < n; i++) {
    const k = i + randomIndex(n - i, random);
    psi.push(pool[k]!);
    pool[k] = pool[i]!;
  }
  return psi;
}

/**
 * GenShuffle (table 1) and GenShuffleProof (table 4) as steps (powers.ts): a
 * uniform permutation ψ, output i = input ψ[i] re-encrypted (table 3), and the
 * proof. Two batches of exponentiations: the re-encryptions, commitments and
 * t3; then, once the challenges u are known, the commitment chain, the t̂_i,
 * t1, t2 and t4.
 */
export function* shuffleSteps<E>(
  group: Group<E>,
  y: E,
  fingerprint: string,
  input: readonly Ciphertext<E>[],
  random: RandomBytes,
): Steps<E, { output: Ciphertext<E>[]; proof: ShuffleProof<E> }> {
  const q = group.q;
  const n = input.length;
  const g = group.g;
  const rand = () => randomBelow(q, random);
  const psi = randomPermutation(n, random);
  const randomness = input.map(() => rand());
  const h0 = group.generator(-1);
  const h = Array.from({ length: n }, (_, i) => group.generator(i));
  // GenPermutationCommitment (table 9): c_{j_i} = g^{r_{j_i}} h_i.
  const r: bigint[] = input.map(() => rand());
  const [w1, w2, w3, w4] = [rand(), rand(), rand(), rand()];
  const wHat = psi.map(() => rand());
  const wPrime = psi.map(() => rand());
  const first = yield {
    fixed: [y],
    products: [
      ...randomness.map((k) => power(g, k, true)),
      ...randomness.map((k) => power(y, k, true)),
      ...r.map((k) => power(g, k, true)),
      { bases: [g, ...h], exps: [w3, ...wPrime], secret: true },
    ],
  };
  const reencrypted = input.map((e, j) => ({
    alpha: group.mul(e.alpha, first[j]!),
    beta: group.mul(e.beta, first[n + j]!),
  }));
  const output = psi.map((j) => reencrypted[j]!);
  const commitments: E[] = new Array(n);
  psi.forEach((j, i) => {
    commitments[j] = group.mul(first[2 * n + j]!, h[i]!);
  });
  const t3 = first[3 * n]!;
  const st = { group, y, fingerprint, input, output };
  const strc = strC(st, commitments);
  const u = challenges(n, `shuffle-challenges|${fingerprint}|${strc}`, q);
  const uPrime = psi.map((j) => u[j]!);
  // GenCommitmentChain (table 12) from ĉ_0 = h: ĉ_i = g^R_i · h^U_i with R and U
  // known to the prover, so that every link and every t̂_i is two fixed-base
  // powers, independent of the others.
  const rHat = psi.map(() => rand());
  const logs: { R: bigint; U: bigint }[] = [];
  let [R, U] = [0n, 1n];
  for (let i = 0; i < n; i++) {
    [R, U] = [mod(rHat[i]! + uPrime[i]! * R, q), (uPrime[i]! * U) % q];
    logs.push({ R, U });
  }
  const before = (i: number) => (i === 0 ? { R: 0n, U: 1n } : logs[i - 1]!);
  const minusW4 = mod(-w4, q);
  const second = yield {
    fixed: [y, h0],
    products: [
      ...logs.map(({ R, U }) => ({ bases: [g, h0], exps: [R, U], secret: true })),
      ...wHat.map((wh, i) => ({
        bases: [g, h0],
        exps: [mod(wh + wPrime[i]! * before(i).R, q), mod(wPrime[i]! * before(i).U, q)],
        secret: true,
      })),
      power(g, w1, true),
      power(g, w2, true),
      { bases: [y, ...output.map((e) => e.beta)], exps: [minusW4, ...wPrime], secret: true },
      { bases: [g, ...output.map((e) => e.alpha)], exps: [minusW4, ...wPrime], secret: true },
    ],
  };
  const chain = second.slice(0, n);
  const t = {
    t1: second[2 * n]!,
    t2: second[2 * n + 1]!,
    t3,
    t41: second[2 * n + 2]!,
    t42: second[2 * n + 3]!,
    tHat: second.slice(n, 2 * n),
  };
  const c = finalChallenge(st, strc, t, chain);
  const rBar = r.reduce((a, b) => a + b, 0n);
  const v: bigint[] = new Array(n);
  v[n - 1] = 1n;
  for (let i = n - 2; i >= 0; i--) v[i] = (uPrime[i + 1]! * v[i + 1]!) % q;
  const rHatSum = rHat.reduce((a, x, i) => a + x * v[i]!, 0n);
  const rTilde = r.reduce((a, x, i) => a + x * u[i]!, 0n);
  const rPrime = randomness.reduce((a, x, i) => a + x * u[i]!, 0n);
  const proof: ShuffleProof<E> = {
    t,
    s: {
      s1: mod(w1 + c * rBar, q),
      s2: mod(w2 + c * rHatSum, q),
      s3: mod(w3 + c * rTilde, q),
      s4: mod(w4 + c * rPrime, q),
      sHat: wHat.map((wh, i) => mod(wh + c * rHat[i]!, q)),
      sPrime: wPrime.map((wp, i) => mod(wp + c * uPrime[i]!, q)),
    },
    commitments,
    chain,
  };
  return { output, proof };
}

/** ⟦e⟧ and ⟦c⟧ of table 10: every value followed by a comma. */
function serialiseCiphertexts<E>(group: Group<E>, es: readonly Ciphertext<E>[]): string {
  return es.map((e) => `${group.toString(e.alpha)},${group.toString(e.beta)},`).join('');
}
function serialiseElements<E>(group: Group<E>, cs: readonly E[]): string {
  return cs.map((c) => `${group.toString(c)},`).join('');
}

/**
 * GetNIZKPChallenges (table 11): u_i = SHA256(H ‖ T_i) mod q with H = SHA256(S)
 * and T_i = SHA256(i), both written in hexadecimal.
 */
function challenges(n: number, S: string, q: bigint): bigint[] {
  const H = sha256Hex(S);
  return Array.from(
    { length: n },
    (_, i) => BigInt(`0x${sha256Hex(H + sha256Hex(String(i)))}`) % q,
  );
}

/** GetNIZKPChallenge (table 13). */
function challenge(S: string, q: bigint): bigint {
  return BigInt(`0x${sha256Hex(S)}`) % q;
}

interface Statement<E> {
  group: Group<E>;
  y: E;
  fingerprint: string;
  input: readonly Ciphertext<E>[];
  output: readonly Ciphertext<E>[];
}

function strC<E>(st: Statement<E>, commitments: readonly E[]): string {
  const { group } = st;
  return (
    serialiseCiphertexts(group, st.input) +
    serialiseCiphertexts(group, st.output) +
    serialiseElements(group, commitments)
  );
}

function finalChallenge<E>(st: Statement<E>, strc: string, t: ShuffleProof<E>['t'], chain: E[]) {
  const { group } = st;
  const strt =
    serialiseElements(group, [t.t1, t.t2, t.t3, t.t41, t.t42]) + serialiseElements(group, t.tHat);
  const stry = strc + serialiseElements(group, chain) + group.toString(st.y);
  return challenge(`shuffle-challenge|${st.fingerprint}|${strt}${stry}`, group.q);
}

/** A random coefficient of a batch check: 64 bits, so that a false equation slips through with probability at most 2^−64. */
function coefficient(): bigint {
  return bytesToBigint(systemRandom(8));
}

/**
 * CheckShuffleProof (table 5) as steps (powers.ts). Returns which equation
 * fails, or undefined when the proof holds.
 *
 * Checked as the table writes them, the equations for t3, t41, t42 and the n
 * t̂_i raise 4n bases to 2047-bit exponents in RFC-3526-2048. They are checked
 * at once instead, as one equation: each raised to a random 64-bit
 * coefficient (1 for t3, ρ for t41, σ for t42, z_i for t̂_i) and multiplied.
 * If any of them fails, the product holds with probability at most 2^−64 (the
 * small-exponent batch test of Bellare, Garay and Rabin, 1998), the bound the
 * proof itself accepts; it needs every element in the prime-order group,
 * which parsing checked. In the product the four terms raised to s′_i share
 * that exponent, so their bases merge into one, M_i = h_i·β′_i^ρ·α′_i^σ·ĉ_(i−1)^z_i,
 * at the cost of three 64-bit powers: n long powers instead of 4n. Likewise
 * the terms raised to u_i merge into B_i = c_i·β_i^ρ·α_i^σ. When the batch
 * fails, each equation is checked alone, to name the one that fails.
 */
export function* shuffleCheckSteps<E>(
  st: Statement<E>,
  proof: ShuffleProof<E>,
): Steps<E, string | undefined> {
  const { group, y, input, output } = st;
  const q = group.q;
  const g = group.g;
  const n = input.length;
  if (output.length !== n) return `${output.length} ciphertexts came out of ${n} that went in`;
  const { t, s, commitments, chain } = proof;
  if (
    commitments.length !== n ||
    chain.length !== n ||
    t.tHat.length !== n ||
    s.sHat.length !== n ||
    s.sPrime.length !== n
  ) {
    return `the proof is for ${commitments.length} ciphertexts, not ${n}`;
  }
  if (n === 0) return undefined;
  const h0 = group.generator(-1);
  const h = Array.from({ length: n }, (_, i) => group.generator(i));
  const strc = strC(st, commitments);
  const u = challenges(n, `shuffle-challenges|${st.fingerprint}|${strc}`, q);
  const c = finalChallenge(st, strc, t, chain);
  const product = (xs: readonly E[]) => xs.reduce((a, x) => group.mul(a, x), group.one);
  const cBar = group.div(product(commitments), product(h));
  const uProduct = u.reduce((a, x) => (a * x) % q, 1n);
  const minusS4 = mod(-s.s4, q);
  const previous = (i: number) => (i === 0 ? h0 : chain[i - 1]!);
  const [rho, sigma] = [coefficient(), coefficient()];
  const z = chain.map(() => coefficient());
  // Bases raised once each: no fixed-base tables.
  const merged = yield {
    products: [
      ...output.map((e, i) => ({
        bases: [e.beta, e.alpha, previous(i)],
        exps: [rho, sigma, z[i]!],
      })),
      ...input.map((e) => ({ bases: [e.beta, e.alpha], exps: [rho, sigma] })),
    ],
  };
  const M = h.map((hi, i) => group.mul(hi, merged[i]!));
  const B = commitments.map((ci, i) => group.mul(ci, merged[n + i]!));
  const gExp = mod(s.s3 - sigma * s.s4 + z.reduce((a, zi, i) => a + zi * s.sHat[i]!, 0n), q);
  // x^-c · rest is computed as rest / x^c: c has 256 bits, q - c has 2047.
  const v = yield {
    products: [
      power(g, s.s1),
      power(cBar, c),
      power(g, s.s2),
      // ĉ^c with ĉ = ĉ_N / h^(Π u_i).
      { bases: [chain[n - 1]!, h0], exps: [c, mod(-uProduct * c, q)] },
      { bases: [g, y, ...M], exps: [gExp, mod(-rho * s.s4, q), ...s.sPrime] },
      { bases: [...B, ...chain], exps: [...u, ...z] },
      { bases: [t.t3, t.t41, t.t42, ...t.tHat], exps: [1n, rho, sigma, ...z] },
    ],
  };
  const failures: string[] = [];
  if (!group.equals(t.t1, group.div(v[0]!, v[1]!)))
    failures.push('t1 (the commitments commit to a permutation)');
  if (!group.equals(t.t2, group.div(v[2]!, v[3]!))) failures.push('t2 (the commitment chain)');
  const batch = group.mul(v[6]!, group.pow(v[5]!, c));
  if (failures.length === 0 && group.equals(batch, v[4]!)) return undefined;
  if (group.equals(batch, v[4]!)) return `the proof of shuffle fails at ${failures.join(', ')}`;
  // Which of the batched equations fails: worth a batch of its own only when one does.
  const alone = yield {
    fixed: [y, h0],
    products: [
      { bases: [g, ...h], exps: [s.s3, ...s.sPrime] },
      { bases: commitments, exps: u },
      { bases: [y, ...output.map((e) => e.beta)], exps: [minusS4, ...s.sPrime] },
      { bases: input.map((e) => e.beta), exps: u },
      { bases: [g, ...output.map((e) => e.alpha)], exps: [minusS4, ...s.sPrime] },
      { bases: input.map((e) => e.alpha), exps: u },
      ...chain.map((ci, i) => ({
        bases: [g, previous(i), ci],
        exps: [s.sHat[i]!, s.sPrime[i]!, mod(-c, q)],
      })),
    ],
  };
  const over = (rest: E, x: E) => group.div(rest, group.pow(x, c));
  if (!group.equals(t.t3, over(alone[0]!, alone[1]!)))
    failures.push('t3 (the challenges are permuted as the commitments say)');
  if (
    !group.equals(t.t41, over(alone[2]!, alone[3]!)) ||
    !group.equals(t.t42, over(alone[4]!, alone[5]!))
  )
    failures.push('t4 (the output re-encrypts the permuted input)');
  const broken = chain.findIndex((_, i) => !group.equals(t.tHat[i]!, alone[6 + i]!));
  if (broken >= 0) failures.push(`t̂${broken + 1} (link ${broken + 1} of the commitment chain)`);
  // The batch failed, so one equation does (or, with probability 2^−64, none does and the batch was unlucky).
  if (failures.length === 0) failures.push('the batched equations (t3, t4 and the t̂_i)');
  return `the proof of shuffle fails at ${failures.join(', ')}`;
}
