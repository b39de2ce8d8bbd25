/**
 * Points of edwards25519 in extended coordinates (X : Y : Z : T), x = X/Z,
 * y = Y/Z, xy = T/Z (Hisil, Wong, Carter, Dawson, "Twisted Edwards curves
 * revisited", 2008), with the formulas of RFC 8032 §5.1.4 for a = −1, and the
 * loops that use them many times (doubling chains, sums over a chain, comb
 * tables, constant-time windows), generated as WebAssembly so that a
 * verification calls into WebAssembly a few times per exponentiation, not once
 * per field operation. A point is four field elements, 160 bytes.
 *
 * The addition formulas are complete on edwards25519 (d is not a square), so
 * no function needs a special case for the neutral element or for doubling.
 *
 * One piece: one WebAssembly module, whose functions share the memory layout
 * below and call each other by index (ed25519Module assembles them in order).
 */
import { FE, type FieldFns, fieldFunctions, Registry } from './field.ts';
import { emitModule, Fn, I32 } from './wasm-emitter.ts';

/** Bytes per point, and per point in the affine Niels form of tables (see p_madd). */
export const PT = 4 * FE;
export const NIELS = 3 * FE;

/** Fixed addresses in linear memory (bytes), shared with the JavaScript side. */
export const LAYOUT = {
  /** 2d, d, √−1, 0 and 1 as field elements, written by the loader. */
  D2: 0,
  D: FE,
  SQRTM1: 2 * FE,
  ZERO: 3 * FE,
  ONE: 4 * FE,
  /** Scratch for the field's exponentiation chains: four elements. */
  CHAIN: 256,
  /** Scratch for the point formulas and decompression: sixteen elements. */
  TEMP: 512,
  /** The window table of the constant-time multiplication: 16 points. */
  CT_TABLE: 1280,
  CT_SELECTED: 1280 + 16 * PT,
  /** Points passed between JavaScript and WebAssembly: 8 slots. */
  IO: 4096,
  /** Signed digits (i8) for sums over a chain, 256 of them. */
  DIGITS: 4096 + 8 * PT,
  /** The signed binary digits of q, for membership. */
  DIGITS_Q: 4096 + 8 * PT + 256,
  /** Bytes or 4-bit digits of a scalar, 64 of them. */
  SCALAR: 4096 + 8 * PT + 512,
  /** Start of the memory the loader allocates (chains, tables). */
  HEAP: 8192,
} as const;

/** An address: a constant, or a parameter plus an offset. */
type Addr = number | { param: number; offset?: number };

function push(fn: Fn, a: Addr): void {
  if (typeof a === 'number') fn.i32(a);
  else {
    fn.get(a.param);
    if (a.offset) fn.i32(a.offset).i32add();
  }
}

/** Field calls on addresses. */
function ops(fn: Fn, fe: FieldFns) {
  const call3 = (index: number) => (h: Addr, a: Addr, b: Addr) => {
    push(fn, h);
    push(fn, a);
    push(fn, b);
    fn.call(index);
  };
  return {
    M: call3(fe.mul),
    A: call3(fe.add),
    S: call3(fe.sub),
    Q: (h: Addr, a: Addr) => {
      push(fn, h);
      push(fn, a);
      fn.call(fe.sq);
    },
    /** h = (a ± b)·(c ± d), the sums fused into the product. */
    MS: (h: Addr, a: Addr, minusB: boolean, b: Addr, c: Addr, minusD: boolean, d: Addr) => {
      for (const x of [h, a, b, c, d]) push(fn, x);
      const k = `${minusB ? 'm' : 'p'}${minusD ? 'm' : 'p'}` as 'pp' | 'pm' | 'mp' | 'mm';
      fn.call(fe.mulSum[k]);
    },
    /** Uncarried sum and difference, inline: for results that feed products only. */
    AL: (h: Addr, a: Addr, b: Addr) => loose(fn, h, a, b, false),
    SL: (h: Addr, a: Addr, b: Addr) => loose(fn, h, a, b, true),
  };
}

/**
 * h = a ± b limb by limb, without carrying: field.ts ("Bounds") shows that a
 * product of such sums of up to four carried values cannot overflow, and the
 * limbs (below 2^28) still fit the i32 they are stored in.
 */
function loose(fn: Fn, h: Addr, a: Addr, b: Addr, subtract: boolean): void {
  for (let i = 0; i < 10; i++) {
    push(fn, h);
    push(fn, a);
    fn.load32s64(4 * i);
    push(fn, b);
    fn.load32s64(4 * i);
    if (subtract) fn.i64sub();
    else fn.i64add();
    fn.store32from64(4 * i);
  }
}

const X = 0;
const Y = FE;
const Z = 2 * FE;
const T = 3 * FE;
const at = (param: number, offset: number): Addr => ({ param, offset });
const tmp = (i: number) => LAYOUT.TEMP + i * FE;

/**
 * p_add(r, a, b) or p_sub(r, a, b): r = a ± b, "add-2008-hwcd-3" as RFC 8032
 * §5.1.4 gives it; −b = (−X : Y : Z : −T) swaps Y−X with Y+X and negates C.
 * Every input is read before r is written, so r may be a or b. Sums and
 * differences are formed inside the products that use them (fe_mul_pm…).
 *
 * The products are calls rather than inlined: V8's optimising
 * compiler handles one 4,000-instruction function with 150 live i64 locals
 * far worse (about three times slower, measured) than these calls.
 */
function addFn(fe: FieldFns, subtract: boolean): Fn {
  const fn = new Fn(subtract ? 'p_sub' : 'p_add', [I32, I32, I32]);
  const { M, MS } = ops(fn, fe);
  const [tA, tB, tC, tD] = [tmp(0), tmp(1), tmp(2), tmp(3)];
  MS(tA, at(1, Y), true, at(1, X), at(2, Y), !subtract, at(2, X)); // A = (Y1 − X1)(Y2 ∓ X2)
  MS(tB, at(1, Y), false, at(1, X), at(2, Y), subtract, at(2, X)); // B = (Y1 + X1)(Y2 ± X2)
  M(tC, at(1, T), at(2, T));
  M(tC, tC, LAYOUT.D2); // C = T1·2d·T2 (negated for a subtraction, below)
  MS(tD, at(1, Z), false, LAYOUT.ZERO, at(2, Z), false, at(2, Z)); // D = Z1·2Z2
  finish(fn, fe, tB, tA, tD, tC, subtract);
  return fn;
}

/**
 * E = B − A, F = D − C, G = D + C, H = B + A, then X3 = E·F, Y3 = G·H,
 * T3 = E·H, Z3 = F·G into the point at parameter 0: the common end of RFC
 * 8032 §5.1.4's addition formulas (C negated for a subtraction), each sum
 * fused into its product.
 */
function finish(
  fn: Fn,
  fe: FieldFns,
  tB: number,
  tA: number,
  tD: number,
  tC: number,
  negC: boolean,
) {
  const { MS } = ops(fn, fe);
  // F = D ∓ C and G = D ± C.
  MS(at(0, X), tB, true, tA, tD, !negC, tC); // X3 = E·F
  MS(at(0, Y), tD, negC, tC, tB, false, tA); // Y3 = G·H
  MS(at(0, T), tB, true, tA, tB, false, tA); // T3 = E·H
  MS(at(0, Z), tD, !negC, tC, tD, negC, tC); // Z3 = F·G
}

/**
 * p_madd(r, a, n): r = a + n for n in the affine "Niels" form (y + x, y − x,
 * 2d·x·y) of a table entry (ref10 ge_madd): with Z2 = 1 the addition costs 7
 * products instead of 9.
 */
function maddFn(fe: FieldFns): Fn {
  const fn = new Fn('p_madd', [I32, I32, I32]);
  const { M, MS, A } = ops(fn, fe);
  const [tA, tB, tC, tD] = [tmp(0), tmp(1), tmp(2), tmp(3)];
  MS(tA, at(1, Y), true, at(1, X), at(2, FE), false, LAYOUT.ZERO); // A = (Y1 − X1)(y2 − x2)
  MS(tB, at(1, Y), false, at(1, X), at(2, 0), false, LAYOUT.ZERO); // B = (Y1 + X1)(y2 + x2)
  M(tC, at(1, T), at(2, 2 * FE)); // C = T1·2d·x2·y2
  A(tD, at(1, Z), at(1, Z)); // D = 2·Z1, carried
  finish(fn, fe, tB, tA, tD, tC, false);
  return fn;
}

/** p_dbl(r, a): r = 2a, "dbl-2008-hwcd" as RFC 8032 §5.1.4 gives it. r may be a. */
function dblFn(fe: FieldFns): Fn {
  const fn = new Fn('p_dbl', [I32, I32]);
  const { M, AL: A, SL: S, Q } = ops(fn, fe);
  const [tA, tB, tC, tE] = [tmp(0), tmp(1), tmp(2), tmp(3)];
  const [tF, tG, tH, t0] = [tmp(4), tmp(5), tmp(6), tmp(7)];
  Q(tA, at(1, X)); // A = X1²
  Q(tB, at(1, Y)); // B = Y1²
  Q(tC, at(1, Z));
  A(tC, tC, tC); // C = 2·Z1²
  A(tH, tA, tB); // H = A + B
  A(t0, at(1, X), at(1, Y));
  Q(t0, t0);
  S(tE, tH, t0); // E = H − (X1 + Y1)²
  S(tG, tA, tB); // G = A − B
  A(tF, tC, tG); // F = C + G
  M(at(0, X), tE, tF);
  M(at(0, Y), tG, tH);
  M(at(0, T), tE, tH);
  M(at(0, Z), tF, tG);
  return fn;
}

/**
 * p_niels(n, a, zInv): the affine Niels form (y + x, y − x, 2d·x·y) of a, 120
 * bytes, for tables that p_madd reads, given 1/Z (the loader inverts many Z
 * at once).
 */
function nielsFn(fe: FieldFns): Fn {
  const fn = new Fn('p_niels', [I32, I32, I32]);
  const { M, A, S } = ops(fn, fe);
  M(tmp(9), at(1, X), at(2, 0)); // x
  M(tmp(10), at(1, Y), at(2, 0)); // y
  A(at(0, 0), tmp(10), tmp(9));
  S(at(0, FE), tmp(10), tmp(9));
  M(tmp(11), tmp(9), tmp(10));
  M(at(0, 2 * FE), tmp(11), LAYOUT.D2);
  return fn;
}

/** p_copy(r, a) and p_zero(r): 40 limbs each. */
function copyFn(): Fn {
  const fn = new Fn('p_copy', [I32, I32]);
  for (let i = 0; i < 40; i++)
    fn.get(0)
      .get(1)
      .loadI32(4 * i)
      .storeI32(4 * i);
  return fn;
}

function zeroFn(): Fn {
  const fn = new Fn('p_zero', [I32]);
  for (let i = 0; i < 40; i++)
    fn.get(0)
      .i32(i === 10 || i === 20 ? 1 : 0)
      .storeI32(4 * i);
  return fn;
}

/** p_iszero(a) → 1 if a is the neutral element (0 : 1), i.e. X ≡ 0 and Y ≡ Z. */
function isZeroFn(fe: FieldFns): Fn {
  const fn = new Fn('p_iszero', [I32], I32);
  const { S } = ops(fn, fe);
  S(tmp(0), at(0, Y), at(0, Z));
  push(fn, at(0, X));
  fn.i32(tmp(1)).call(fe.isZero);
  fn.i32(tmp(0)).i32(tmp(1)).call(fe.isZero).i32and();
  return fn;
}

/** p_eq(a, b) → 1 if a = b: X1·Z2 ≡ X2·Z1 and Y1·Z2 ≡ Y2·Z1. */
function eqFn(fe: FieldFns): Fn {
  const fn = new Fn('p_eq', [I32, I32], I32);
  const { M, S } = ops(fn, fe);
  const [t0, t1, t2, t3] = [tmp(0), tmp(1), tmp(2), tmp(3)];
  M(t0, at(0, X), at(1, Z));
  M(t1, at(1, X), at(0, Z));
  S(t0, t0, t1);
  M(t1, at(0, Y), at(1, Z));
  M(t2, at(1, Y), at(0, Z));
  S(t1, t1, t2);
  fn.i32(t0).i32(t3).call(fe.isZero);
  fn.i32(t1).i32(t3).call(fe.isZero).i32and();
  return fn;
}

/**
 * p_affine(out, a): the canonical x then y (two elements at out), for the
 * encoding of RFC 8032 §5.1.2. One inversion.
 */
function affineFn(fe: FieldFns): Fn {
  const fn = new Fn('p_affine', [I32, I32]);
  const { M } = ops(fn, fe);
  push(fn, tmp(8));
  push(fn, at(1, Z));
  fn.call(fe.invert);
  M(tmp(9), at(1, X), tmp(8));
  push(fn, at(0, 0));
  fn.i32(tmp(9)).call(fe.canon);
  M(tmp(9), at(1, Y), tmp(8));
  push(fn, at(0, FE));
  fn.i32(tmp(9)).call(fe.canon);
  return fn;
}

/**
 * p_decompress(r, y, sign) → 1 and the point in r, or 0 when no point has
 * this y and sign: RFC 8032 §5.1.3 steps 2–4 (the loader has checked y < p).
 * x² = u/v with u = y² − 1 and v = d·y² + 1; the candidate root is
 * x = u·v³·(u·v⁷)^((p−5)/8).
 */
function decompressFn(fe: FieldFns): Fn {
  const fn = new Fn('p_decompress', [I32, I32, I32], I32);
  const { M, A, S, Q } = ops(fn, fe);
  const y = at(1, 0);
  const [u, v, v3, x, chk, t, scratch] = [8, 9, 10, 11, 12, 13, 14].map(tmp) as number[];
  Q(t!, y);
  S(u!, t!, LAYOUT.ONE);
  M(v!, t!, LAYOUT.D);
  A(v!, v!, LAYOUT.ONE);
  Q(v3!, v!);
  M(v3!, v3!, v!); // v³
  Q(x!, v3!);
  M(x!, x!, v!);
  M(x!, x!, u!); // u·v⁷
  fn.i32(x!).i32(x!).call(fe.pow22523);
  M(x!, x!, v3!);
  M(x!, x!, u!);
  Q(chk!, x!);
  M(chk!, chk!, v!); // v·x²
  S(t!, chk!, u!);
  fn.i32(t!).i32(scratch!).call(fe.isZero).i32eqz();
  fn.if_();
  A(t!, chk!, u!);
  fn.i32(t!).i32(scratch!).call(fe.isZero).i32eqz();
  fn.if_().i32(0).return_().end();
  M(x!, x!, LAYOUT.SQRTM1);
  fn.end();
  // x = 0 has no negative root (§5.1.3 step 4).
  fn.i32(x!).i32(scratch!).call(fe.isZero).get(2).i32and();
  fn.if_().i32(0).return_().end();
  fn.i32(x!).i32(scratch!).call(fe.isNeg).get(2).i32ne();
  fn.if_();
  S(x!, LAYOUT.ZERO, x!);
  fn.end();
  fn.get(0).i32(x!).call(fe.copy);
  A(at(0, Y), y, LAYOUT.ZERO); // carried: the loader's limbs are unsigned, twice the usual bound
  push(fn, at(0, Z));
  fn.i32(LAYOUT.ONE).call(fe.copy);
  M(at(0, T), x!, y);
  fn.i32(1);
  return fn;
}

/** p_chain(base, n): base[i] = 2·base[i − 1] for 1 ≤ i ≤ n, the doubling chain P, 2P, 4P, … */
function chainFn(dbl: number): Fn {
  const fn = new Fn('p_chain', [I32, I32]);
  fn.block().loop();
  fn.get(1).i32eqz().brIf(1);
  fn.get(0).i32(PT).i32add().get(0).call(dbl);
  fn.get(0).i32(PT).i32add().set(0);
  fn.get(1).i32(1).i32sub().set(1);
  fn.br(0).end().end();
  return fn;
}

/**
 * p_sum(r, chain, digits, n): r = Σ digits[i]·chain[i] for signed digits in
 * {−1, 0, 1} (i8): k·P from the doubling chain of P and the non-adjacent form
 * of k. Branches on the digits: public exponents only.
 */
function sumFn(zero: number, add: number, sub: number): Fn {
  const fn = new Fn('p_sum', [I32, I32, I32, I32]);
  const d = fn.local(I32);
  fn.get(0).call(zero);
  fn.block().loop();
  fn.get(3).i32eqz().brIf(1);
  fn.get(2).load8s().tee(d);
  fn.if_();
  fn.get(d).i32(1).i32eq();
  fn.if_().get(0).get(0).get(1).call(add);
  fn.else_().get(0).get(0).get(1).call(sub);
  fn.end();
  fn.end();
  fn.get(1).i32(PT).i32add().set(1);
  fn.get(2).i32(1).i32add().set(2);
  fn.get(3).i32(1).i32sub().set(3);
  fn.br(0).end().end();
  return fn;
}

/**
 * p_comb(r, table, bytes): r = Σ table[256·i + bytes[i]] for 32 bytes, where
 * table[256·i + d] = d·256^i·P in Niels form: k·P with one p_madd per
 * non-zero byte of k. Branches on the bytes: public exponents only.
 */
function combFn(zero: number, madd: number): Fn {
  const fn = new Fn('p_comb', [I32, I32, I32]);
  const i = fn.local(I32);
  const d = fn.local(I32);
  fn.get(0).call(zero);
  fn.block().loop();
  fn.get(i).i32(32).i32eq().brIf(1);
  fn.get(2).get(i).i32add().load8u().tee(d);
  fn.if_();
  fn.get(0).get(0);
  fn.get(1).get(i).i32(256).i32mul().get(d).i32add().i32(NIELS).i32mul().i32add();
  fn.call(madd);
  fn.end();
  fn.get(i).i32(1).i32add().set(i);
  fn.br(0).end().end();
  return fn;
}

/** p_cmov(r, a, b): r = a if b = 1, unchanged if b = 0, without a branch. */
function cmovFn(fe: FieldFns): Fn {
  const fn = new Fn('p_cmov', [I32, I32, I32], undefined, false);
  for (const off of [X, Y, Z, T]) {
    push(fn, at(0, off));
    push(fn, at(1, off));
    fn.get(2).call(fe.cmov);
  }
  return fn;
}

/**
 * p_select(r, table, d): r = table[d] for 0 ≤ d < 16, reading all sixteen
 * entries whatever d (ref10 ge_select): the memory accesses do not depend on d.
 */
function selectFn(cmov: number): Fn {
  const fn = new Fn('p_select', [I32, I32, I32], undefined, false);
  const j = fn.local(I32);
  fn.block().loop();
  fn.get(j).i32(16).i32eq().brIf(1);
  fn.get(0);
  fn.get(1).get(j).i32(PT).i32mul().i32add();
  fn.get(j).get(2).i32eq();
  fn.call(cmov);
  fn.get(j).i32(1).i32add().set(j);
  fn.br(0).end().end();
  return fn;
}

/**
 * p_ctmul(r, a, nibbles): r = k·a for the 64 4-bit digits of k (most
 * significant first), by fixed windows: four doublings and one addition of a
 * table entry per digit, the entry read by p_select, the addition made even for
 * a zero digit. The sequence of operations and addresses is the same for every
 * k: constant time in the sense of @noble/curves' `multiply`.
 */
function ctMulFn(zero: number, copy: number, add: number, dbl: number, select: number): Fn {
  const fn = new Fn('p_ctmul', [I32, I32, I32]);
  const i = fn.local(I32);
  const table = LAYOUT.CT_TABLE;
  fn.i32(table).call(zero);
  fn.i32(table + PT)
    .get(1)
    .call(copy);
  for (let d = 2; d < 16; d++)
    fn.i32(table + d * PT)
      .i32(table + (d - 1) * PT)
      .get(1)
      .call(add);
  fn.get(0).call(zero);
  fn.block().loop();
  fn.get(i).i32(64).i32eq().brIf(1);
  for (let k = 0; k < 4; k++) fn.get(0).get(0).call(dbl);
  fn.i32(LAYOUT.CT_SELECTED).i32(table).get(2).get(i).i32add().load8u().call(select);
  fn.get(0).get(0).i32(LAYOUT.CT_SELECTED).call(add);
  fn.get(i).i32(1).i32add().set(i);
  fn.br(0).end().end();
  return fn;
}

/**
 * p_ctcomb(r, table, nibbles): r = Σ table[16·i + nibbles[i]] over 64 4-bit
 * digits (least significant first) where table[16·i + d] = d·16^i·P: a
 * fixed-base k·P in 64 additions, each entry read by p_select. Constant time.
 */
function ctCombFn(zero: number, add: number, select: number): Fn {
  const fn = new Fn('p_ctcomb', [I32, I32, I32]);
  const i = fn.local(I32);
  fn.get(0).call(zero);
  fn.block().loop();
  fn.get(i).i32(64).i32eq().brIf(1);
  fn.i32(LAYOUT.CT_SELECTED);
  fn.get(1)
    .get(i)
    .i32(16 * PT)
    .i32mul()
    .i32add();
  fn.get(2).get(i).i32add().load8u();
  fn.call(select);
  fn.get(0).get(0).i32(LAYOUT.CT_SELECTED).call(add);
  fn.get(i).i32(1).i32add().set(i);
  fn.br(0).end().end();
  return fn;
}

/** The module's bytes: the field functions, then the point functions. */
export function ed25519Module(): Uint8Array {
  const reg = new Registry();
  const fe = fieldFunctions(reg, LAYOUT.CHAIN);
  const add = reg.add(addFn(fe, false));
  const sub = reg.add(addFn(fe, true));
  const dbl = reg.add(dblFn(fe));
  const madd = reg.add(maddFn(fe));
  reg.add(nielsFn(fe));
  const copy = reg.add(copyFn());
  const zero = reg.add(zeroFn());
  reg.add(isZeroFn(fe));
  reg.add(eqFn(fe));
  reg.add(affineFn(fe));
  reg.add(decompressFn(fe));
  reg.add(chainFn(dbl));
  reg.add(sumFn(zero, add, sub));
  reg.add(combFn(zero, madd));
  const cmov = reg.add(cmovFn(fe));
  const select = reg.add(selectFn(cmov));
  reg.add(ctMulFn(zero, copy, add, dbl, select));
  reg.add(ctCombFn(zero, add, select));
  return emitModule(reg.fns, 1);
}

/** The exports of the module, as the loader calls them (addresses in bytes). */
export interface Ed25519Exports {
  memory: WebAssembly.Memory;
  fe_mul(h: number, f: number, g: number): void;
  fe_sq(h: number, f: number): void;
  fe_add(h: number, f: number, g: number): void;
  fe_sub(h: number, f: number, g: number): void;
  fe_canon(h: number, f: number): void;
  fe_copy(h: number, f: number): void;
  fe_invert(h: number, f: number): void;
  p_add(r: number, a: number, b: number): void;
  p_sub(r: number, a: number, b: number): void;
  p_dbl(r: number, a: number): void;
  p_madd(r: number, a: number, n: number): void;
  p_niels(n: number, a: number, zInv: number): void;
  p_copy(r: number, a: number): void;
  p_zero(r: number): void;
  p_iszero(a: number): number;
  p_eq(a: number, b: number): number;
  p_affine(out: number, a: number): void;
  p_decompress(r: number, y: number, sign: number): number;
  p_chain(base: number, n: number): void;
  p_sum(r: number, chain: number, digits: number, n: number): void;
  p_comb(r: number, table: number, bytes: number): void;
  p_ctmul(r: number, a: number, nibbles: number): void;
  p_ctcomb(r: number, table: number, nibbles: number): void;
}
