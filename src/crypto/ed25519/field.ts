/**
 * Arithmetic modulo p = 2^255 − 19, generated as WebAssembly functions. The
 * representation is the "radix 2^25.5" one of ref10 (Bernstein, Duif, Lange,
 * Schwabe, Yang, "High-speed high-security signatures", 2011, §"Field
 * arithmetic"; the SUPERCOP ref10 `fe_*` files): ten signed limbs
 * f = f0 + f1·2^26 + f2·2^51 + f3·2^77 + … + f9·2^230, even limbs of 26 bits,
 * odd limbs of 25, each stored as an i32 in linear memory (40 bytes per
 * element) and widened to i64 for the products.
 *
 * Bounds: every function here leaves its result carried, |limb| ≤ 2^25 (even)
 * or 2^24 (odd), give or take a little. The point formulas also feed products
 * with uncarried sums of up to four such values (points.ts, `loose`). For
 * inputs bounded by a and b times the carried bounds, each output limb of a
 * product sums ten terms of at most 76·a·b·2^48 (an even limb times 19 times
 * an even limb), at most 570·a·b·2^48 in all, below 2^62 for a·b ≤ 16: no
 * overflow of i64.
 *
 * None of these functions branches on the values: the sequence of
 * instructions depends on the addresses only.
 */
import { Fn, I32, I64 } from './wasm-emitter.ts';

/** Bytes per field element. */
export const FE = 40;

/** Bits of limb i: 26 for even limbs, 25 for odd ones. */
const bits = (i: number) => (i % 2 === 0 ? 26 : 25);

/** The functions of a module under construction, with their indices. */
export class Registry {
  readonly fns: Fn[] = [];
  add(fn: Fn): number {
    this.fns.push(fn);
    return this.fns.length - 1;
  }
}

function load(f: Fn, ptr: number, limbs: number[]): void {
  for (let i = 0; i < 10; i++)
    f.get(ptr)
      .load32s64(4 * i)
      .set(limbs[i]!);
}

function store(f: Fn, ptr: number, limbs: number[]): void {
  for (let i = 0; i < 10; i++)
    f.get(ptr)
      .get(limbs[i]!)
      .store32from64(4 * i);
}

/** Moves the rounded carry of limb i into limb i+1 (limb 9 wraps to limb 0 times 19, as 2^255 ≡ 19). */
function carry(f: Fn, h: number[], i: number, c: number): void {
  const b = bits(i);
  f.get(h[i]!)
    .i64(1n << BigInt(b - 1))
    .i64add()
    .i64(b)
    .i64shrS()
    .set(c);
  const next = (i + 1) % 10;
  f.get(h[next]!).get(c);
  if (i === 9) f.i64(19).i64mul();
  f.i64add().set(h[next]!);
  f.get(h[i]!).get(c).i64(b).i64shl().i64sub().set(h[i]!);
}

/** The carry order of ref10's fe_mul: two interleaved chains, so that no limb overflows. */
const MUL_CARRIES = [0, 4, 1, 5, 2, 6, 3, 7, 4, 8, 9, 0];
const ADD_CARRIES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0];

/** h = 19·f as f + 2f + 16f: shifts and additions leave the multiplier to the products. */
function times19(fn: Fn, f: number, h: number): void {
  fn.get(f).get(f).i64(1).i64shl().i64add().get(f).i64(4).i64shl().i64add().set(h);
}

function locals(f: Fn, n = 10): number[] {
  return Array.from({ length: n }, () => f.local(I64));
}

export interface FieldFns {
  mul: number;
  sq: number;
  add: number;
  sub: number;
  copy: number;
  canon: number;
  isZero: number;
  isNeg: number;
  invert: number;
  pow22523: number;
  cmov: number;
  /** (a ± b)·(c ± d): p for plus, m for minus (see mulSumFn). */
  mulSum: { pp: number; pm: number; mp: number; mm: number };
}

/**
 * The products as straight-line code on elements held in locals (ten i64
 * locals each). The point formulas call fe_mul and fe_sq rather than inline
 * this (see points.ts, addFn).
 */
class FeCode {
  private readonly f2: number[];
  private readonly g19: number[];
  private readonly c: number;

  constructor(readonly fn: Fn) {
    this.f2 = locals(fn);
    this.g19 = locals(fn);
    this.c = fn.local(I64);
  }

  /** h = f·g, the schoolbook product with 19·2^255 folded back (ref10 fe_mul); h distinct from f, g. */
  mul(h: number[], f: number[], g: number[]): void {
    const fn = this.fn;
    for (let i = 1; i < 10; i += 2) fn.get(f[i]!).i64(1).i64shl().set(this.f2[i]!);
    for (let j = 1; j < 10; j++) times19(fn, g[j]!, this.g19[j]!);
    for (let k = 0; k < 10; k++) {
      for (let i = 0; i < 10; i++) {
        const j = (k - i + 10) % 10;
        // Odd limbs times odd limbs carry an extra factor 2 (2^26·2^26 against 2^51).
        fn.get(i % 2 === 1 && j % 2 === 1 ? this.f2[i]! : f[i]!);
        fn.get(i + j >= 10 ? this.g19[j]! : g[j]!);
        fn.i64mul();
        if (i > 0) fn.i64add();
      }
      fn.set(h[k]!);
    }
    for (const i of MUL_CARRIES) carry(fn, h, i, this.c);
  }

  /**
   * h = f², the products f_i·f_j for i < j counted once and doubled (ref10
   * fe_sq): the factors 2, 19 and 38 go on the operands first, 55 products.
   */
  sq(h: number[], f: number[]): void {
    const fn = this.fn;
    // f2 holds 2·f_i, g19 holds 19·f_i (the operand registers of mul, free here).
    for (let i = 0; i < 10; i++) fn.get(f[i]!).i64(1).i64shl().set(this.f2[i]!);
    for (let i = 1; i < 10; i++) times19(fn, f[i]!, this.g19[i]!);
    for (let k = 0; k < 10; k++) {
      let first = true;
      for (let i = 0; i < 10; i++) {
        const j = (k - i + 10) % 10;
        if (j < i) continue;
        const doubled = (i < j ? 2 : 1) * (i % 2 === 1 && j % 2 === 1 ? 2 : 1);
        const wraps = i + j >= 10;
        // coef·f_i·f_j with coef = doubled·(19 if wraps): 2 goes on f_i, 19 on f_j;
        // a factor 4 takes 2·f_i and one more doubling of the product.
        fn.get(doubled >= 2 ? this.f2[i]! : f[i]!);
        fn.get(wraps ? this.g19[j]! : f[j]!);
        fn.i64mul();
        if (doubled === 4) fn.i64(1).i64shl();
        if (!first) fn.i64add();
        first = false;
      }
      fn.set(h[k]!);
    }
    for (const i of MUL_CARRIES) carry(fn, h, i, this.c);
  }
}

/** fe_mul(h, f, g) and fe_sq(h, f) on memory. */
function mulFn(): Fn {
  const fn = new Fn('fe_mul', [I32, I32, I32]);
  const code = new FeCode(fn);
  const [f, g, h] = [locals(fn), locals(fn), locals(fn)];
  load(fn, 1, f);
  load(fn, 2, g);
  code.mul(h, f, g);
  store(fn, 0, h);
  return fn;
}

function sqFn(): Fn {
  const fn = new Fn('fe_sq', [I32, I32]);
  const code = new FeCode(fn);
  const [f, h] = [locals(fn), locals(fn)];
  load(fn, 1, f);
  code.sq(h, f);
  store(fn, 0, h);
  return fn;
}

/**
 * fe_mul_pm…(h, a, b, c, d): h = (a ± b)·(c ± d), the sums formed in locals
 * on the way in. The point formulas multiply such sums of carried values
 * (RFC 8032 §5.1.4: (Y1 − X1)(Y2 − X2), E·F with E = B − A, F = D − C, …):
 * fused, they skip a store and a load of each sum. Factors of twice the
 * carried bound at most (see "Bounds" above).
 */
function mulSumFn(minusB: boolean, minusD: boolean): Fn {
  const fn = new Fn(`fe_mul_${minusB ? 'm' : 'p'}${minusD ? 'm' : 'p'}`, [I32, I32, I32, I32, I32]);
  const code = new FeCode(fn);
  const [f, g, h] = [locals(fn), locals(fn), locals(fn)];
  const sum = (limbs: number[], x: number, y: number, minus: boolean) => {
    for (let i = 0; i < 10; i++) {
      fn.get(x).load32s64(4 * i);
      fn.get(y).load32s64(4 * i);
      if (minus) fn.i64sub();
      else fn.i64add();
      fn.set(limbs[i]!);
    }
  };
  sum(f, 1, 2, minusB);
  sum(g, 3, 4, minusD);
  code.mul(h, f, g);
  store(fn, 0, h);
  return fn;
}

/** fe_add / fe_sub(h, f, g) on memory, carried. */
function addSubFn(name: string, subtract: boolean): Fn {
  const fn = new Fn(name, [I32, I32, I32]);
  const h = locals(fn);
  const c = fn.local(I64);
  for (let i = 0; i < 10; i++) {
    fn.get(1).load32s64(4 * i);
    fn.get(2).load32s64(4 * i);
    if (subtract) fn.i64sub();
    else fn.i64add();
    fn.set(h[i]!);
  }
  for (const i of ADD_CARRIES) carry(fn, h, i, c);
  store(fn, 0, h);
  return fn;
}

function copyFn(): Fn {
  const fn = new Fn('fe_copy', [I32, I32]);
  for (let i = 0; i < 10; i++)
    fn.get(0)
      .get(1)
      .loadI32(4 * i)
      .storeI32(4 * i);
  return fn;
}

/**
 * fe_canon(h, f): the unique representative in [0, p), limbs in [0, 2^bits)
 * (ref10 fe_tobytes: q = ⌊(f + 19)/2^255⌋ found by a carry pass, then f + 19q − 2^255·q).
 */
function canonFn(): Fn {
  const fn = new Fn('fe_canon', [I32, I32]);
  const h = locals(fn);
  const q = fn.local(I64);
  load(fn, 1, h);
  fn.get(h[9]!)
    .i64(19)
    .i64mul()
    .i64(1 << 24)
    .i64add()
    .i64(25)
    .i64shrS()
    .set(q);
  for (let i = 0; i < 10; i++) fn.get(h[i]!).get(q).i64add().i64(bits(i)).i64shrS().set(q);
  fn.get(h[0]!).get(q).i64(19).i64mul().i64add().set(h[0]!);
  for (let i = 0; i < 10; i++) {
    const b = bits(i);
    fn.get(h[i]!).i64(b).i64shrS().set(q);
    if (i < 9)
      fn.get(h[i + 1]!)
        .get(q)
        .i64add()
        .set(h[i + 1]!);
    fn.get(h[i]!).get(q).i64(b).i64shl().i64sub().set(h[i]!);
  }
  store(fn, 0, h);
  return fn;
}

/** fe_iszero(f, scratch) → 1 if f ≡ 0 (mod p), else 0. */
function isZeroFn(canon: number): Fn {
  const fn = new Fn('fe_iszero', [I32, I32], I32);
  fn.get(1).get(0).call(canon);
  fn.get(1).loadI32(0);
  for (let i = 1; i < 10; i++)
    fn.get(1)
      .loadI32(4 * i)
      .i32or();
  fn.i32eqz();
  return fn;
}

/** fe_isneg(f, scratch) → the low bit of the canonical f, the "sign" of RFC 8032 §5.1.2. */
function isNegFn(canon: number): Fn {
  const fn = new Fn('fe_isneg', [I32, I32], I32);
  fn.get(1).get(0).call(canon);
  fn.get(1).loadI32(0).i32(1).i32and();
  return fn;
}

/** fe_cmov(f, g, b): f = g if b = 1, f unchanged if b = 0, without a branch (ref10 fe_cmov). */
function cmovFn(): Fn {
  const fn = new Fn('fe_cmov', [I32, I32, I32]);
  const mask = fn.local(I32);
  fn.i32(0).get(2).i32sub().set(mask);
  for (let i = 0; i < 10; i++) {
    // f ^= (f ^ g) & mask
    fn.get(0);
    fn.get(0).loadI32(4 * i);
    fn.get(0)
      .loadI32(4 * i)
      .get(1)
      .loadI32(4 * i)
      .i32xor()
      .get(mask)
      .i32and();
    fn.i32xor().storeI32(4 * i);
  }
  return fn;
}

/** Adds the field functions to `reg`; `scratch` is the address of eight scratch elements. */
export function fieldFunctions(reg: Registry, scratch: number): FieldFns {
  const mul = reg.add(mulFn());
  const sq = reg.add(sqFn());
  const add = reg.add(addSubFn('fe_add', false));
  const sub = reg.add(addSubFn('fe_sub', true));
  const copy = reg.add(copyFn());
  const canon = reg.add(canonFn());
  const isZero = reg.add(isZeroFn(canon));
  const isNeg = reg.add(isNegFn(canon));
  const cmov = reg.add(cmovFn());
  const { pow22523, invert } = chainFns(reg, mul, sq, scratch);
  const mulSum = {
    pp: reg.add(mulSumFn(false, false)),
    pm: reg.add(mulSumFn(false, true)),
    mp: reg.add(mulSumFn(true, false)),
    mm: reg.add(mulSumFn(true, true)),
  };
  return { mul, sq, add, sub, copy, canon, isZero, isNeg, invert, pow22523, cmov, mulSum };
}

/**
 * z^(2^252 − 3) (for the square root of RFC 8032 §5.1.3) and z^(p − 2) = 1/z,
 * by ref10's addition chains (fe_pow22523, fe_invert): 254 squarings and 11
 * products. Constant time. `t` is the address of four scratch elements.
 */
function chainFns(
  reg: Registry,
  mul: number,
  sq: number,
  t: number,
): { pow22523: number; invert: number } {
  // fe_sqn(h, f, n): h = f^(2^n), n ≥ 1.
  const sqnFn = new Fn('fe_sqn', [I32, I32, I32], undefined, false);
  sqnFn.get(0).get(1).call(sq);
  sqnFn.block().loop();
  sqnFn.get(2).i32(1).i32sub().tee(2).i32eqz().brIf(1);
  sqnFn.get(0).get(0).call(sq);
  sqnFn.br(0).end().end();
  const sqn = reg.add(sqnFn);
  const [t0, t1, t2, t3] = [t, t + FE, t + 2 * FE, t + 3 * FE];
  /** z^(2^250 − 1) in t1 and z^11 in t0, from z in parameter 1. */
  const prefix = (fn: Fn) => {
    const M = (h: number, a: number, b: number) => fn.i32(h).i32(a).i32(b).call(mul);
    const S = (h: number, a: number, n: number) => fn.i32(h).i32(a).i32(n).call(sqn);
    fn.i32(t0).get(1).call(sq); // z^2
    S(t1, t0, 2); // z^8
    fn.i32(t1).get(1).i32(t1).call(mul); // z^9
    M(t0, t0, t1); // z^11
    S(t2, t0, 1); // z^22
    M(t1, t1, t2); // z^31 = z^(2^5 − 1)
    S(t2, t1, 5);
    M(t1, t2, t1); // 2^10 − 1
    S(t2, t1, 10);
    M(t2, t2, t1); // 2^20 − 1
    S(t3, t2, 20);
    M(t2, t3, t2); // 2^40 − 1
    S(t2, t2, 10);
    M(t1, t2, t1); // 2^50 − 1
    S(t2, t1, 50);
    M(t2, t2, t1); // 2^100 − 1
    S(t3, t2, 100);
    M(t2, t3, t2); // 2^200 − 1
    S(t2, t2, 50);
    M(t1, t2, t1); // 2^250 − 1
    return S;
  };
  const pow = new Fn('fe_pow22523', [I32, I32]);
  prefix(pow)(t1, t1, 2); // 2^252 − 4
  pow.get(0).i32(t1).get(1).call(mul); // 2^252 − 3
  const inv = new Fn('fe_invert', [I32, I32]);
  prefix(inv)(t1, t1, 5); // 2^255 − 32
  inv.get(0).i32(t1).i32(t0).call(mul); // 2^255 − 21 = p − 2
  return { pow22523: reg.add(pow), invert: reg.add(inv) };
}
