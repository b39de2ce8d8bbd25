/**
 * Verifiable shuffles of ElGamal ciphertexts (spec 2.0 §4.17 and §6, taken from
 * the CHVote 1.3.2 specification): re-encrypt and permute, then prove it with
 * the Terelius–Wikström proof. Hash inputs follow spec 2.0 tables 10, 11 and 13
 * to the byte, so proofs interoperate with belenios-tool.
 */
import type { Group } from './group.ts';
import { bytesToBigint, sha256Hex } from './hash.ts';
import { mod } from './modular.ts';
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
 * GenShuffle (table 1): output i is input ψ[i] re-encrypted (table 3);
 * `randomness[j]` is the re-encryption randomness of input j.
 */
export function shuffleCiphertexts<E>(
  group: Group<E>,
  y: E,
  input: readonly Ciphertext<E>[],
  random: RandomBytes,
): { output: Ciphertext<E>[]; randomness: bigint[]; psi: number[] } {
  const psi = randomPermutation(input.length, random);
  const yPow = group.fixedBase(y);
  const randomness = input.map(() => randomBelow(group.q, random));
  const reencrypted = input.map((e, i) => ({
    alpha: group.mul(e.alpha, group.powG(randomness[i]!)),
    beta: group.mul(e.beta, yPow(randomness[i]!)),
  }));
  return { output: psi.map((j) => reencrypted[j]!), randomness, psi };
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

/** GenShuffleProof (table 4). `psi` and `randomness` come from shuffleCiphertexts. */
export function proveShuffle<E>(
  st: Statement<E>,
  psi: readonly number[],
  randomness: readonly bigint[],
  random: RandomBytes,
): ShuffleProof<E> {
  const { group, y, output } = st;
  const q = group.q;
  const n = psi.length;
  const rand = () => randomBelow(q, random);
  const h0 = group.generator(-1);
  const h = Array.from({ length: n }, (_, i) => group.generator(i));
  // GenPermutationCommitment (table 9): c_{j_i} = g^{r_{j_i}} h_i.
  const r: bigint[] = new Array(n);
  const commitments: E[] = new Array(n);
  psi.forEach((j, i) => {
    r[j] = rand();
    commitments[j] = group.mul(group.powG(r[j]!), h[i]!);
  });
  const strc = strC(st, commitments);
  const u = challenges(n, `shuffle-challenges|${st.fingerprint}|${strc}`, q);
  const uPrime = psi.map((j) => u[j]!);
  // GenCommitmentChain (table 12) from ĉ_0 = h.
  const rHat: bigint[] = [];
  const chain: E[] = [];
  // ĉ_i = g^R_i · h^U_i, with R and U known to the prover: the t̂_i below then need
  // fixed-base exponentiations only, not one 2047-bit power of ĉ_(i−1) each.
  const logs: { R: bigint; U: bigint }[] = [];
  let previous = h0;
  let [R, U] = [0n, 1n];
  for (let i = 0; i < n; i++) {
    rHat.push(rand());
    logs.push({ R, U });
    previous = group.mul(group.powG(rHat[i]!), group.pow(previous, uPrime[i]!));
    [R, U] = [mod(rHat[i]! + uPrime[i]! * R, q), (uPrime[i]! * U) % q];
    chain.push(previous);
  }
  const hPow = group.fixedBase(h0);
  const [w1, w2, w3, w4] = [rand(), rand(), rand(), rand()];
  const wHat = psi.map(() => rand());
  const wPrime = psi.map(() => rand());
  const t = {
    t1: group.powG(w1),
    t2: group.powG(w2),
    t3: group.multiPow([group.g, ...h], [w3, ...wPrime]),
    t41: group.multiPow([y, ...output.map((e) => e.beta)], [mod(-w4, q), ...wPrime]),
    t42: group.multiPow([group.g, ...output.map((e) => e.alpha)], [mod(-w4, q), ...wPrime]),
    tHat: wHat.map((wh, i) =>
      group.mul(
        group.powG(mod(wh + wPrime[i]! * logs[i]!.R, q)),
        hPow(mod(wPrime[i]! * logs[i]!.U, q)),
      ),
    ),
  };
  const c = finalChallenge(st, strc, t, chain);
  const rBar = r.reduce((a, b) => a + b, 0n);
  const v: bigint[] = new Array(n);
  v[n - 1] = 1n;
  for (let i = n - 2; i >= 0; i--) v[i] = (uPrime[i + 1]! * v[i + 1]!) % q;
  const rHatSum = rHat.reduce((a, x, i) => a + x * v[i]!, 0n);
  const rTilde = r.reduce((a, x, i) => a + x * u[i]!, 0n);
  const rPrime = randomness.reduce((a, x, i) => a + x * u[i]!, 0n);
  return {
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
}

/**
 * The n equations t̂_i = g^ŝ_i ĉ_(i−1)^s′_i ĉ_i^(−c) of table 5 (ĉ_(−1) = h) checked at
 * once: raised to random 64-bit z_i and multiplied, they hold together, and if one
 * fails the product holds with probability at most 2^−64 (all elements are in the
 * prime-order group, checked when parsed). One multi-exponentiation instead of n
 * exponentiations with 2047-bit exponents.
 */
function chainHolds<E>(group: Group<E>, h0: E, proof: ShuffleProof<E>, c: bigint): boolean {
  const { s, chain, t } = proof;
  const q = group.q;
  const n = chain.length;
  if (n === 0) return true;
  const z = Array.from({ length: n }, () => bytesToBigint(systemRandom(8)) | 1n);
  const bases: E[] = [group.g, h0];
  const exps: bigint[] = [z.reduce((a, zi, i) => a + zi * s.sHat[i]!, 0n), z[0]! * s.sPrime[0]!];
  for (let i = 0; i < n; i++) {
    bases.push(chain[i]!);
    exps.push(mod((i + 1 < n ? z[i + 1]! * s.sPrime[i + 1]! : 0n) - c * z[i]!, q));
  }
  return group.equals(group.multiPow(t.tHat, z), group.multiPow(bases, exps));
}

/**
 * CheckShuffleProof (table 5). Returns which equation fails, or undefined
 * when the proof holds.
 */
export function shuffleProofProblem<E>(
  st: Statement<E>,
  proof: ShuffleProof<E>,
): string | undefined {
  const { group, y, input, output } = st;
  const q = group.q;
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
  const h0 = group.generator(-1);
  const h = Array.from({ length: n }, (_, i) => group.generator(i));
  const strc = strC(st, commitments);
  const u = challenges(n, `shuffle-challenges|${st.fingerprint}|${strc}`, q);
  const c = finalChallenge(st, strc, t, chain);
  // x^-c · rest, computed as rest / x^c: c has 256 bits, q - c has 2047.
  const over = (rest: E, x: E) => group.div(rest, group.pow(x, c));
  const product = (xs: readonly E[]) => xs.reduce((a, x) => group.mul(a, x), group.one);
  const cBar = group.div(product(commitments), product(h));
  const uProduct = u.reduce((a, x) => (a * x) % q, 1n);
  const cHat = group.div(chain[n - 1]!, group.pow(h0, uProduct));
  const cTilde = group.multiPow(commitments, u);
  const alphaU = group.multiPow(
    input.map((e) => e.alpha),
    u,
  );
  const betaU = group.multiPow(
    input.map((e) => e.beta),
    u,
  );
  const minusS4 = mod(-s.s4, q);
  const failures: string[] = [];
  if (!group.equals(t.t1, over(group.powG(s.s1), cBar)))
    failures.push('t1 (the commitments commit to a permutation)');
  if (!group.equals(t.t2, over(group.powG(s.s2), cHat))) failures.push('t2 (the commitment chain)');
  if (!group.equals(t.t3, over(group.multiPow([group.g, ...h], [s.s3, ...s.sPrime]), cTilde)))
    failures.push('t3 (the challenges are permuted as the commitments say)');
  const t41 = over(
    group.multiPow([y, ...output.map((e) => e.beta)], [minusS4, ...s.sPrime]),
    betaU,
  );
  const t42 = over(
    group.multiPow([group.g, ...output.map((e) => e.alpha)], [minusS4, ...s.sPrime]),
    alphaU,
  );
  if (!group.equals(t.t41, t41) || !group.equals(t.t42, t42))
    failures.push('t4 (the output re-encrypts the permuted input)');
  if (failures.length === 0 && chainHolds(group, h0, proof, c)) return undefined;
  for (let i = 0; i < n; i++) {
    const expected = over(
      group.multiPow([group.g, i === 0 ? h0 : chain[i - 1]!], [s.sHat[i]!, s.sPrime[i]!]),
      chain[i]!,
    );
    if (!group.equals(t.tHat[i]!, expected)) {
      failures.push(`t̂${i + 1} (link ${i + 1} of the commitment chain)`);
      break;
    }
  }
  return failures.length === 0 ? undefined : `the proof of shuffle fails at ${failures.join(', ')}`;
}
