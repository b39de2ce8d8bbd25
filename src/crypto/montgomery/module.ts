/**
 * Montgomery multiplication modulo an odd p of up to 3,582 bits, generated as
 * WebAssembly with SIMD, and the comb exponentiation and the bucket
 * multi-exponentiation built on it.
 *
 * Numbers are n limbs of 28 bits (R = 2^(28·n) > 4p), each limb in a 32-bit
 * word. The product is the coarsely integrated operand scanning (CIOS) form of
 * Montgomery's reduction (P. L. Montgomery, "Modular multiplication without
 * trial division", 1985; Ç. K. Koç, T. Acar, B. S. Kaliski, "Analyzing and
 * comparing Montgomery multiplication algorithms", 1996): for each limb b_i of
 * b, T += b_i·a + m_i·p with m_i = T_i·(−p⁻¹) mod 2^28, which makes limb i of T
 * zero, so T/R is exact after n steps. The columns of T are 64-bit lanes
 * that are never carried during the loop: a column receives at most 2n
 * products below 2^56, which stays below 2^64 for n ≤ 128. Only the limb that
 * m_i depends on gets its carries, in a scalar, since the low limb is all
 * that the next m needs (the redundant representation of S. Gueron and
 * V. Krasnov, "Software implementation of modular exponentiation, using
 * advanced vector instructions architectures", 2012, there with 29-bit digits
 * in AVX2 lanes). 28 bits make n = 74 for a 2,048-bit p: a product is 2n² =
 * 10,952 limb products, two per vector multiplication. (32-bit limbs without
 * SIMD would not beat V8's bigint: WebAssembly has no 64 × 64 → 128-bit
 * product.)
 *
 * With inputs below 2p and R > 4p the result is below 2p again, so products
 * chain without a final subtraction; converting out of Montgomery form (a
 * product with 1) gives a value below p + 1: the canonical residue, or p for
 * a multiple of p.
 *
 * The vector multiplications take lanes 0 and 1 (or 2 and 3) of two i32x4, so
 * the pair (a_j, a_j+1) is read from any 8-byte-aligned position. Two steps
 * i, i + 1 share one pass over T: pair k of T (limbs i + 2k, i + 2k + 1) gains
 * b_i·(a_2k, a_2k+1) and b_i+1·(a_2k−1, a_2k), so a and p are kept twice, at
 * even alignment and shifted by one limb, instead of shifting T in the loop.
 * The scalar work of a pass computes m_i and m_i+1 from limbs i and i + 1,
 * which the pass then need not update.
 *
 * One piece: one WebAssembly module. Its functions share the memory layout
 * below and call each other by index, and each relies on the derivation above.
 */
import { emitModule, I32, I64, V128 } from '../ed25519/wasm-emitter.ts';
import { SimdFn } from './simd-emitter.ts';

export const LIMB_BITS = 28;
const MASK = (1 << LIMB_BITS) - 1;

/** Byte addresses in linear memory for n limbs, shared with the JavaScript side. */
export function layout(n: number) {
  // A limb array with room for the shifted copy and for 16-byte loads past its end.
  const limbs = 4 * (n + 8);
  const T = 4 * limbs;
  const ONE = T + 8 * (2 * n + 4);
  const SCRATCH = ONE + limbs;
  const PINV = SCRATCH + limbs;
  const DIGITS = PINV + 16;
  return {
    /** p, at even alignment, then shifted one limb up (limb 0 of the copy is zero). */
    P_EVEN: 0,
    P_ODD: limbs,
    /** The accumulator a, in both alignments. */
    ACC_EVEN: 2 * limbs,
    ACC_ODD: 3 * limbs,
    /** The 2n 64-bit columns of the product. */
    T,
    /** 1, for converting out of Montgomery form. */
    ONE,
    /** Where products nobody reads are written. */
    SCRATCH,
    /** −p⁻¹ mod 2^28, one word. */
    PINV,
    /** The digits of an exponent, one byte each. */
    DIGITS,
    /** Start of the comb table. */
    TABLE: (DIGITS + 4096 + 15) & ~15,
    /** Bytes per element of the table. */
    ENTRY: 4 * n,
  };
}

/**
 * Byte addresses of a multi-exponentiation's fixed operands, in place of a
 * comb table (an instance does one or the other), each 4n bytes; the bases,
 * buckets and digits follow from FREE on, placed by the caller.
 */
export function multiPowLayout(n: number) {
  const L = layout(n);
  return {
    /** R² mod p: one product with it puts a number into Montgomery form. */
    R2: L.TABLE,
    /** R mod p, which is 1 in Montgomery form: where buckets and products start. */
    R1: L.TABLE + L.ENTRY,
    /** The running product of the buckets, its product, and the result. */
    RUN: L.TABLE + 2 * L.ENTRY,
    SUM: L.TABLE + 3 * L.ENTRY,
    RESULT: L.TABLE + 4 * L.ENTRY,
    FREE: (L.TABLE + 5 * L.ENTRY + 15) & ~15,
  };
}

/** Function indices in the module. */
const MUL = 0;
const LOAD = 1;
const COPY = 4;

/**
 * mul(b, out): accumulator ← accumulator · b / R mod p, also written as plain
 * limbs at `out`. b is plain limbs (a table entry), the accumulator is in the
 * two alignments.
 */
function mulFn(n: number): SimdFn {
  const L = layout(n);
  const f = new SimdFn('mul', [I32, I32]);
  const [b, out] = [0, 1];
  const tp = f.local(I32);
  const bp = f.local(I32);
  const end = f.local(I32);
  const i64 = () => f.local(I64);
  const v128 = () => f.local(V128);
  // The carry, a limb's value, b_i and b_i+1, m_i and m_i+1, limbs 0 and 1 of a and p, −p⁻¹.
  const [c, t, bi, bj, mi, mj] = [i64(), i64(), i64(), i64(), i64(), i64()];
  const [a0, a1, p0, p1, pinv] = [i64(), i64(), i64(), i64(), i64()];
  // b_i, m_i, b_i+1 and m_i+1 in all four lanes, and zero.
  const [sb, sm, sbj, smj, zero] = [v128(), v128(), v128(), v128(), v128()];
  const pairs = n / 2;

  f.i32(0).i32x4splat().set(zero);
  for (let q = 0; q < n + 2; q++)
    f.i32(0)
      .get(zero)
      .v128store(L.T + 16 * q);
  const word = (address: number, into: number) => f.i32(0).i64load32u(address).set(into);
  word(L.ACC_EVEN, a0);
  word(L.ACC_EVEN + 4, a1);
  word(L.P_EVEN, p0);
  word(L.P_EVEN + 4, p1);
  word(L.PINV, pinv);
  f.i64(0).set(c);
  f.i32(L.T).set(tp);
  f.get(b).set(bp);
  f.get(b)
    .i32(4 * n)
    .i32add()
    .set(end);

  // m = (t · −p⁻¹) mod 2^28, then the carry out of limb t + m·p0, whose low 28 bits are zero.
  const reduce = (m: number) => {
    f.get(t).get(pinv).i64mul().i64(MASK).i64and().set(m);
    f.get(t).get(m).get(p0).i64mul().i64add().i64(LIMB_BITS).i64shrU().set(c);
  };
  const product = (x: number, y: number) => f.get(x).get(y).i64mul().i64add();
  const splat = (x: number, into: number) => f.get(x).i32wrap().i32x4splat().set(into);

  f.loop();
  f.get(bp).i64load32u(0).set(bi);
  f.get(bp).i64load32u(4).set(bj);
  // Limb i: its column so far, the carry from limb i − 1, and b_i·a_0.
  f.get(tp).i64load(0).get(c).i64add();
  product(bi, a0).set(t);
  reduce(mi);
  // Limb i + 1: step i's products, then step i + 1's b_i+1·a_0.
  f.get(tp).i64load(8).get(c).i64add();
  product(bi, a1);
  product(mi, p1);
  product(bj, a0).set(t);
  reduce(mj);
  splat(bi, sb);
  splat(mi, sm);
  splat(bj, sbj);
  splat(mj, smj);
  // Columns i + 2 to i + n + 1, two per vector. The four operands (a and p at
  // both alignments) are loaded four limbs at a time: lanes 0–1 serve pair k,
  // lanes 2–3 pair k + 1, which halves the loads.
  const operands = [
    [L.ACC_EVEN, sb],
    [L.P_EVEN, sm],
    [L.ACC_ODD, sbj],
    [L.P_ODD, smj],
  ] as const;
  const quads = operands.map(v128);
  for (let k = 1; k <= pairs; k++) {
    f.get(tp);
    f.get(tp).v128load(16 * k);
    operands.forEach(([address, scalar], s) => {
      // (a_2k, a_2k+1) at even alignment is zero for k = n/2.
      if (s < 2 && k === pairs) return;
      if (k % 2 === 1) {
        f.i32(0)
          .v128load(address + 8 * k)
          .tee(quads[s]!);
        f.get(scalar).i64x2extmulLowU().i64x2add();
      } else f.get(quads[s]!).get(scalar).i64x2extmulHighU().i64x2add();
    });
    f.v128store(16 * k);
  }
  f.get(tp).i32(16).i32add().set(tp);
  f.get(bp).i32(8).i32add().tee(bp).get(end).i32ne().brIf(0);
  f.end();

  // T/R is limbs n to 2n − 1 plus the carry into limb n: normalise to 28 bits.
  for (let j = 0; j < n; j++) {
    f.i32(0)
      .i64load(L.T + 8 * (n + j))
      .get(c)
      .i64add()
      .set(t);
    f.get(t).i64(LIMB_BITS).i64shrU().set(c);
    for (const [base, offset] of [
      [-1, L.ACC_EVEN + 4 * j],
      [-1, L.ACC_ODD + 4 * (j + 1)],
      [out, 4 * j],
    ] as const) {
      if (base < 0) f.i32(0);
      else f.get(base);
      f.get(t).i32wrap().i32(MASK).i32and().storeI32(offset);
    }
  }
  return f;
}

/** load(src): the accumulator ← the plain limbs at src. */
function loadFn(n: number): SimdFn {
  const L = layout(n);
  const f = new SimdFn('load', [I32]);
  const v = f.local(I32);
  for (let j = 0; j < n; j++) {
    f.get(0)
      .loadI32(4 * j)
      .set(v);
    f.i32(0)
      .get(v)
      .storeI32(L.ACC_EVEN + 4 * j);
    f.i32(0)
      .get(v)
      .storeI32(L.ACC_ODD + 4 * (j + 1));
  }
  return f;
}

/**
 * comb(count, rowBytes, out): the product of the table entries that the
 * `count` digits at DIGITS select, one row per digit (entry d − 1 of a row is
 * its base^d; digit 0 selects nothing), converted out of Montgomery form to
 * plain limbs at `out`. At least one digit must be nonzero.
 */
function combFn(n: number): SimdFn {
  const L = layout(n);
  const f = new SimdFn('comb', [I32, I32, I32]);
  const [count, rowBytes, out] = [0, 1, 2];
  const i = f.local(I32);
  const d = f.local(I32);
  const row = f.local(I32);
  const first = f.local(I32);
  const entry = f.local(I32);
  f.i32(L.TABLE - L.ENTRY).set(row);
  f.i32(1).set(first);
  f.block().loop();
  f.get(i).get(count).i32geu().brIf(1);
  f.get(i).load8u(L.DIGITS).tee(d);
  f.if_();
  f.get(row).get(d).i32(L.ENTRY).i32mul().i32add().set(entry);
  f.get(first).if_();
  f.get(entry).call(LOAD).i32(0).set(first);
  f.else_();
  f.get(entry).i32(L.SCRATCH).call(MUL);
  f.end();
  f.end();
  f.get(row).get(rowBytes).i32add().set(row);
  f.get(i).i32(1).i32add().set(i);
  f.br(0);
  f.end().end();
  f.i32(L.ONE).get(out).call(MUL);
  return f;
}

/**
 * build(rows, size): fills the comb table from entry 0 of row 0 (the base in
 * Montgomery form): entry d − 1 of row r is base^(d·size^r), d = 1 … size − 1,
 * and each row starts from the previous row's last entry times its first.
 */
function buildFn(n: number): SimdFn {
  const L = layout(n);
  const f = new SimdFn('build', [I32, I32]);
  const [rows, size] = [0, 1];
  const row = f.local(I32);
  const r = f.local(I32);
  const d = f.local(I32);
  const rowBytes = f.local(I32);
  f.get(size).i32(1).i32sub().i32(L.ENTRY).i32mul().set(rowBytes);
  f.i32(L.TABLE).set(row);
  f.loop();
  f.get(row).call(LOAD);
  f.i32(2).set(d);
  f.block().loop();
  f.get(d).get(size).i32geu().brIf(1);
  f.get(row).get(row).get(d).i32(1).i32sub().i32(L.ENTRY).i32mul().i32add().call(MUL);
  f.get(d).i32(1).i32add().set(d);
  f.br(0);
  f.end().end();
  f.get(r).i32(1).i32add().tee(r).get(rows).i32ne();
  f.if_();
  f.get(row).get(row).get(rowBytes).i32add().tee(row).call(MUL);
  f.br(1);
  f.end();
  f.end();
  return f;
}

/** copy(src, dst): n limbs, unrolled as in load. */
function copyFn(n: number): SimdFn {
  const f = new SimdFn('copy', [I32, I32], undefined, false);
  for (let j = 0; j < n; j++)
    f.get(1)
      .get(0)
      .loadI32(4 * j)
      .storeI32(4 * j);
  return f;
}

/**
 * multiPow(bases, count, stride, buckets, top, c, windows, digits, secret, out):
 * the product of base_j^k_j over `count` bases, converted out to plain limbs at
 * `out`. Base j is the plain number (4n bytes) at bases + j·stride, and with
 * signed digits its inverse follows it (stride 8n); all are converted to
 * Montgomery form in place. The exponents are given as `windows` rows of
 * `count` c-bit digits δ, |δ| ≤ top (16-bit words 2|δ| + 1 for δ < 0, else
 * 2δ, at `digits`, row w holding digit w of every exponent).
 *
 * Pippenger's bucket method (N. Pippenger, "On the evaluation of powers and
 * related problems", 1976; in the form of D. J. Bernstein, J. Doumen, T. Lange
 * and J.-J. Oosterwijk, "Faster batch forgery identification", 2012, §4, with
 * signed digits as there): from the most significant window down, the result
 * is raised to 2^c, each base (or its inverse, for a negative digit) is
 * multiplied into bucket |δ|, and Π_d bucket_d^d is taken as a running product
 * of the buckets from d = top down, multiplied into a second running product:
 * 2·top products per window however many bases there are. Signed digits
 * halve top (2^(c−1) instead of 2^c − 1) for one inversion per base, which
 * pays for long exponents (multipow.ts).
 *
 * With `secret` set the sequence of operations does not depend on the digits:
 * a digit 0 is multiplied into bucket 0, which is never read, the buckets all
 * start at 1 (R) so that combining them is always the same 2·top products;
 * only the addresses of the buckets and of base or inverse depend on the
 * digits, as the comb's table entries do. Otherwise digits 0 are skipped,
 * which saves a product in 2^c.
 */
function multiPowFn(n: number): SimdFn {
  const L = layout(n);
  const M = multiPowLayout(n);
  const f = new SimdFn('multiPow', [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32]);
  const [bases, count, stride, buckets, top, c, windows, digits, secret, out] = [
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9,
  ];
  const local = () => f.local(I32);
  // Base counter (then the end of the bases), window, |δ|, the digit word, a
  // squaring counter, and addresses.
  const [j, w, d, word, s, entry, base, digit] = [
    local(),
    local(),
    local(),
    local(),
    local(),
    local(),
    local(),
    local(),
  ];
  const bucket = (into: number) => f.get(buckets).get(d).i32(L.ENTRY).i32mul().i32add().set(into);

  // Montgomery form of each base and inverse, in place: x · R² / R.
  f.get(bases).set(base);
  f.get(bases).get(count).get(stride).i32mul().i32add().set(j);
  f.block().loop();
  f.get(base).get(j).i32geu().brIf(1);
  f.get(base).call(LOAD);
  f.i32(M.R2).get(base).call(MUL);
  f.get(base).i32(L.ENTRY).i32add().set(base);
  f.br(0);
  f.end().end();

  f.i32(M.R1).i32(M.RESULT).call(COPY);
  f.get(windows).set(w);
  f.block().loop();
  f.get(w).i32eqz().brIf(1);
  f.get(w).i32(1).i32sub().set(w);
  // result ← result^(2^c)
  f.i32(M.RESULT).call(LOAD);
  f.get(c).set(s);
  f.loop();
  f.i32(M.RESULT).i32(M.RESULT).call(MUL);
  f.get(s).i32(1).i32sub().tee(s).brIf(0);
  f.end();
  // Buckets 0 to top ← 1.
  f.i32(0).set(d);
  f.loop();
  bucket(entry);
  f.i32(M.R1).get(entry).call(COPY);
  f.get(d).get(top).i32ne();
  f.get(d).i32(1).i32add().set(d);
  f.brIf(0);
  f.end();
  // bucket_|δ| ← bucket_|δ| · base_j^±1 for the digit δ of each exponent in this window.
  f.get(bases).set(base);
  f.get(digits).get(w).get(count).i32mul().i32(2).i32mul().i32add().set(digit);
  f.i32(0).set(j);
  f.block().loop();
  f.get(j).get(count).i32geu().brIf(1);
  f.get(digit).load16u().set(word);
  // Always true when secret: the branch does not depend on the digit then.
  f.get(secret).get(word).i32or();
  f.if_();
  f.get(word).i32(1).i32shrU().set(d);
  bucket(entry);
  f.get(entry).call(LOAD);
  f.get(base).get(word).i32(1).i32and().i32(L.ENTRY).i32mul().i32add().get(entry).call(MUL);
  f.end();
  f.get(base).get(stride).i32add().set(base);
  f.get(digit).i32(2).i32add().set(digit);
  f.get(j).i32(1).i32add().set(j);
  f.br(0);
  f.end().end();
  // Π_d bucket_d^d: run ← run · bucket_d and sum ← sum · run for d = top … 1,
  // run kept in the accumulator between steps.
  f.i32(M.R1).call(LOAD);
  f.i32(M.R1).i32(M.SUM).call(COPY);
  f.get(top).set(d);
  f.loop();
  bucket(entry);
  f.get(entry).i32(M.RUN).call(MUL);
  f.i32(M.SUM).i32(M.SUM).call(MUL);
  f.i32(M.RUN).call(LOAD);
  f.get(d).i32(1).i32sub().tee(d).brIf(0);
  f.end();
  f.i32(M.RESULT).call(LOAD);
  f.i32(M.SUM).i32(M.RESULT).call(MUL);
  f.br(0);
  f.end().end();
  f.i32(M.RESULT).call(LOAD);
  f.i32(L.ONE).get(out).call(MUL);
  return f;
}

/** The module's bytes for n limbs (n even, at most 128), one page of memory to start with. */
export function montgomeryModule(n: number): Uint8Array {
  if (n % 2 !== 0 || n > 128) throw new RangeError(`montgomeryModule: unsupported ${n} limbs`);
  return emitModule([mulFn(n), loadFn(n), combFn(n), buildFn(n), copyFn(n), multiPowFn(n)], 1);
}
