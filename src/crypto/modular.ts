/**
 * Modular arithmetic on bigint for the finite-field groups. JavaScript has no
 * built-in modular exponentiation, so these are the hot loops of the library.
 */

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
 */
export function fixedBaseTable(
  base: bigint,
  maxBits: number,
  m: bigint,
  w = 6,
): (k: bigint) => bigint {
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
    if (k < 0n) throw new RangeError('fixedBase: negative exponent');
    let result = 1n;
    let e = k;
    for (let i = 0; e > 0n; i++) {
      const row = table[i];
      if (!row) return (result * modPow(base, e << (shift * BigInt(i)), m)) % m;
      const d = Number(e & mask);
      if (d !== 0) result = (result * row[d]!) % m;
      e >>= shift;
    }
    return result;
  };
}

/**
 * Product of bases[i]^exps[i] mod m, with one shared chain of squarings and a
 * 4-bit window per base (interleaved multi-exponentiation).
 */
export function modMultiPow(bases: readonly bigint[], exps: readonly bigint[], m: bigint): bigint {
  if (bases.length !== exps.length) throw new RangeError('modMultiPow: length mismatch');
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
