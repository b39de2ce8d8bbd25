/**
 * Modular arithmetic on bigint for the finite-field groups. JavaScript has no
 * built-in modular exponentiation, so these are the hot loops of the library.
 */
import { montgomeryComb } from './montgomery/comb.ts';

/** x mod m in [0, m), also for negative x. */
export function mod(x: bigint, m: bigint): bigint {
  const r = x % m;
  return r < 0n ? r + m : r;
}

/** The inverse of a modulo the prime m (extended Euclid). */
export function modInverse(a: bigint, m: bigint): bigint {
  let [r0, r1] = [mod(a, m), m];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const k = r0 / r1;
    [r0, r1] = [r1, r0 - k * r1];
    [s0, s1] = [s1, s0 - k * s1];
  }
  if (r0 !== 1n) throw new RangeError(`modInverse: ${a} is not invertible`);
  return mod(s0, m);
}

/**
 * base^exp mod m by left-to-right sliding windows: for 256-bit exponents a
 * 5-bit window saves about a third of the multiplications of square-and-multiply.
 */
export function modPow(base: bigint, exp: bigint, m: bigint): bigint {
  if (exp < 0n) throw new RangeError('modPow: negative exponent');
  if (exp === 0n) return 1n % m;
  const b = mod(base, m);
  const bits = exp.toString(2);
  const w = bits.length > 512 ? 6 : bits.length > 64 ? 5 : 3;
  // Odd powers b, b^3, ..., b^(2^w - 1).
  const b2 = (b * b) % m;
  const odd: bigint[] = [b];
  for (let i = 1; i < 1 << (w - 1); i++) odd.push((odd[i - 1]! * b2) % m);
  let result = 1n;
  let i = 0;
  while (i < bits.length) {
    if (bits[i] === '0') {
      result = (result * result) % m;
      i++;
      continue;
    }
    // Longest window starting at i, at most w bits, ending in a 1.
    let j = Math.min(i + w, bits.length);
    while (bits[j - 1] === '0') j--;
    const value = Number.parseInt(bits.slice(i, j), 2);
    for (let s = i; s < j; s++) result = (result * result) % m;
    result = (result * odd[(value - 1) >> 1]!) % m;
    i = j;
  }
  return result;
}

/**
 * Fixed-base exponentiation with a comb table: table[i][d] = base^(d·2^(w·i)),
 * so base^k costs one multiplication per w-bit digit of k and no squaring. It
 * pays once a base is raised to a few dozen exponents (g, the election key).
 * The table and its multiplications are in WebAssembly where that is available
 * (montgomery/comb.ts: a 2047-bit exponent in well under half the time), else
 * in bigint; both give the same residue.
 */
export function fixedBaseTable(
  base: bigint,
  maxBits: number,
  m: bigint,
  w = 6,
): (k: bigint) => bigint {
  const comb = montgomeryComb(base, maxBits, m, w) ?? bigintComb(base, maxBits, m, w);
  const bits = BigInt(w * Math.ceil(maxBits / w));
  return (k) => {
    if (k < 0n) throw new RangeError('fixedBase: negative exponent');
    if (k >> bits === 0n) return comb(k);
    // Digits beyond the table, which callers that reduce modulo q never have.
    const high = (k >> bits) << bits;
    return (comb(k - high) * modPow(base, high, m)) % m;
  };
}

/** The comb in bigint, for exponents below 2^(w·⌈maxBits/w⌉). */
function bigintComb(base: bigint, maxBits: number, m: bigint, w: number): (k: bigint) => bigint {
  const digits = Math.ceil(maxBits / w);
  const size = 1 << w;
  const table: bigint[][] = [];
  let start = mod(base, m);
  for (let i = 0; i < digits; i++) {
    const row: bigint[] = [1n, start];
    for (let d = 2; d < size; d++) row.push((row[d - 1]! * start) % m);
    table.push(row);
    start = (row[size - 1]! * start) % m;
  }
  const mask = BigInt(size - 1);
  const shift = BigInt(w);
  return (k) => {
    let result = 1n;
    let e = k;
    for (let i = 0; e > 0n; i++) {
      const d = Number(e & mask);
      if (d !== 0) result = (result * table[i]![d]!) % m;
      e >>= shift;
    }
    return result;
  };
}

/**
 * [1/x mod m for x of xs] by Montgomery's trick: prefix products, one
 * inversion, then back down, so n inverses cost one extended Euclid and 3n
 * multiplications. Throws a RangeError, as modInverse does, when some x has
 * no inverse.
 */
export function modInverseMany(xs: readonly bigint[], m: bigint): bigint[] {
  const prefix: bigint[] = new Array(xs.length);
  let acc = 1n;
  for (const [i, x] of xs.entries()) {
    prefix[i] = acc;
    acc = (acc * x) % m;
  }
  let inverse = modInverse(acc, m);
  const out: bigint[] = new Array(xs.length);
  for (let i = xs.length - 1; i >= 0; i--) {
    out[i] = (inverse * prefix[i]!) % m;
    inverse = (inverse * xs[i]!) % m;
  }
  return out;
}

/**
 * Product of bases[i]^exps[i] mod m, with one shared chain of squarings and a
 * 4-bit window per base (interleaved multi-exponentiation).
 */
export function modMultiPow(bases: readonly bigint[], exps: readonly bigint[], m: bigint): bigint {
  if (bases.length !== exps.length) throw new RangeError('modMultiPow: length mismatch');
  if (bases.length >= 32) return bucketMultiPow(bases, exps, m);
  const w = 4;
  const tables = bases.map((b) => {
    const t: bigint[] = [1n, mod(b, m)];
    for (let d = 2; d < 1 << w; d++) t.push((t[d - 1]! * t[1]!) % m);
    return t;
  });
  let maxBits = 0;
  for (const e of exps) {
    if (e < 0n) throw new RangeError('modMultiPow: negative exponent');
    maxBits = Math.max(maxBits, e.toString(2).length);
  }
  const windows = Math.ceil(maxBits / w);
  let result = 1n;
  for (let i = windows - 1; i >= 0; i--) {
    if (result !== 1n) for (let s = 0; s < w; s++) result = (result * result) % m;
    const shift = BigInt(i * w);
    for (let j = 0; j < exps.length; j++) {
      const d = Number((exps[j]! >> shift) & 15n);
      if (d !== 0) result = (result * tables[j]![d]!) % m;
    }
  }
  return result;
}

/**
 * Product of bases[i]^exps[i] mod m for many bases (Pippenger's bucket method):
 * per c-bit window, each base is multiplied into the bucket of its digit and the
 * buckets are combined with 2^(c+1) multiplications. For 1,000 bases and 2047-bit
 * exponents this is ~370,000 multiplications against ~530,000 interleaved (the
 * shuffle proofs of spec 2.0 §4.17 are such products).
 */
function bucketMultiPow(bases: readonly bigint[], exps: readonly bigint[], m: bigint): bigint {
  let maxBits = 0;
  for (const e of exps) {
    if (e < 0n) throw new RangeError('modMultiPow: negative exponent');
    maxBits = Math.max(maxBits, e.toString(2).length);
  }
  const c = Math.max(4, Math.min(10, Math.floor(Math.log2(bases.length)) - 2));
  const windows = Math.ceil(maxBits / c);
  const mask = BigInt((1 << c) - 1);
  const shift = BigInt(c);
  const digits = exps.map((e) => {
    const d = new Uint16Array(windows);
    let rest = e;
    for (let i = 0; rest > 0n; i++, rest >>= shift) d[i] = Number(rest & mask);
    return d;
  });
  const reduced = bases.map((b) => mod(b, m));
  let result = 1n;
  for (let w = windows - 1; w >= 0; w--) {
    if (result !== 1n) for (let s = 0; s < c; s++) result = (result * result) % m;
    const buckets: (bigint | undefined)[] = new Array(1 << c);
    for (let j = 0; j < reduced.length; j++) {
      const d = digits[j]![w]!;
      if (d !== 0) {
        const b = buckets[d];
        buckets[d] = b === undefined ? reduced[j]! : (b * reduced[j]!) % m;
      }
    }
    let run: bigint | undefined;
    let acc: bigint | undefined;
    for (let d = (1 << c) - 1; d >= 1; d--) {
      const b = buckets[d];
      if (b !== undefined) run = run === undefined ? b : (run * b) % m;
      if (run !== undefined) acc = acc === undefined ? run : (acc * run) % m;
    }
    if (acc !== undefined) result = (result * acc) % m;
  }
  return result;
}

/**
 * Jacobi symbol (a/n) for odd n > 0. For a safe prime p = 2q + 1 an element
 * of [1, p) lies in the order-q subgroup exactly when (a/p) = 1, which is far
 * cheaper than checking a^q = 1 with a 2047-bit exponent.
 */
export function jacobi(a: bigint, n: bigint): number {
  let x = mod(a, n);
  let y = n;
  let sign = 1;
  while (x !== 0n) {
    while ((x & 1n) === 0n) {
      x >>= 1n;
      const r = y & 7n;
      if (r === 3n || r === 5n) sign = -sign;
    }
    [x, y] = [y, x];
    if ((x & 3n) === 3n && (y & 3n) === 3n) sign = -sign;
    x %= y;
  }
  return y === 1n ? sign : 0;
}

/**
 * [base^e for e of exps] mod m, sharing one chain of squarings between the
 * exponents (Yao's method, right to left): base^(2^(w·i)) is computed once, then
 * each exponent costs one multiplication per w-bit digit plus 2^(w+1) to combine
 * its buckets. Two 2047-bit exponents of one base cost ~3,000 multiplications
 * instead of ~5,100 done apart.
 */
export function modPowMany(base: bigint, exps: readonly bigint[], m: bigint): bigint[] {
  let maxBits = 0;
  for (const e of exps) {
    if (e < 0n) throw new RangeError('modPowMany: negative exponent');
    maxBits = Math.max(maxBits, e.toString(2).length);
  }
  const w = maxBits > 1024 ? 6 : 4;
  const digits = Math.ceil(maxBits / w);
  const chain: bigint[] = [mod(base, m)];
  for (let i = 1; i < digits; i++) {
    let x = chain[i - 1]!;
    for (let s = 0; s < w; s++) x = (x * x) % m;
    chain.push(x);
  }
  const mask = BigInt((1 << w) - 1);
  const shift = BigInt(w);
  return exps.map((e) => {
    const buckets: (bigint | undefined)[] = new Array(1 << w);
    let rest = e;
    for (let i = 0; rest > 0n; i++, rest >>= shift) {
      const d = Number(rest & mask);
      if (d !== 0)
        buckets[d] = buckets[d] === undefined ? chain[i]! : (buckets[d]! * chain[i]!) % m;
    }
    // Π bucket[d]^d as a running product from the top digit down.
    let run: bigint | undefined;
    let acc = 1n;
    for (let d = (1 << w) - 1; d >= 1; d--) {
      const b = buckets[d];
      if (b !== undefined) run = run === undefined ? b : (run * b) % m;
      if (run !== undefined) acc = (acc * run) % m;
    }
    return acc;
  });
}
