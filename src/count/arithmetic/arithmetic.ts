import { formatUnits, Rational } from './rational.ts';

/**
 * The numbers a counting rule computes with. Arithmetic is a choice each rule
 * makes (STYLE.md, after Droop): never an accident of floating point.
 *
 * - `fixedPoint(5)`: the Scottish order's "calculated to 5 decimal places (any
 *   remainder being ignored)", i.e. truncation after every division.
 * - `rational`: exact fractions, for rules that say "as a fraction".
 */
export interface Arithmetic<T> {
  /** For reports, e.g. `fixed-point, 5 decimal places (truncated)`. */
  readonly description: string;
  /**
   * Whether `mul` never rounds, so papers at one value may be summed first and
   * multiplied once: a count's shortcut that changes no figure.
   */
  readonly exactProducts: boolean;
  readonly zero: T;
  fromInt(k: bigint | number): T;
  /** Converts exactly where the arithmetic can, else truncates toward zero. */
  fromRational(r: Rational): T;
  toRational(v: T): Rational;
  add(a: T, b: T): T;
  sub(a: T, b: T): T;
  mul(a: T, b: T): T;
  div(a: T, b: T): T;
  mulInt(a: T, k: bigint): T;
  /** a × b ÷ c, rounded once at the end (as a rule book's single formula is). */
  mulDiv(a: T, b: T, c: T): T;
  cmp(a: T, b: T): number;
  isZero(a: T): boolean;
  /** Decimal text at the arithmetic's own precision (rationals: `displayPlaces`). */
  format(a: T): string;
  /** The exact value (`n/d`) when `format` shows less than the count holds. */
  exact?(a: T): string;
}

/** Fixed-point decimals: a value is a bigint count of 10^-places units. */
export function fixedPoint(places: number): Arithmetic<bigint> {
  if (!Number.isInteger(places) || places < 0 || places > 30) {
    throw new RangeError(`fixedPoint: expected 0..30 decimal places, got ${places}`);
  }
  const scale = 10n ** BigInt(places);
  // bigint division truncates toward zero: exactly "any remainder being ignored".
  return Object.freeze({
    description: `fixed-point, ${places} decimal places (truncated)`,
    exactProducts: false,
    zero: 0n,
    fromInt: (k: bigint | number) => BigInt(k) * scale,
    fromRational: (r: Rational) => (r.n * scale) / r.d,
    toRational: (v: bigint) => Rational.of(v, scale),
    add: (a: bigint, b: bigint) => a + b,
    sub: (a: bigint, b: bigint) => a - b,
    mul: (a: bigint, b: bigint) => (a * b) / scale,
    div: (a: bigint, b: bigint) => (a * scale) / b,
    mulInt: (a: bigint, k: bigint) => a * k,
    mulDiv: (a: bigint, b: bigint, c: bigint) => (a * b) / c,
    cmp: (a: bigint, b: bigint) => (a < b ? -1 : a > b ? 1 : 0),
    isZero: (a: bigint) => a === 0n,
    format: (a: bigint) => formatUnits(a, places),
  });
}

/**
 * Exact rational arithmetic. Reports show `displayPlaces` decimals, truncated;
 * the JSON report also carries nothing rounded into the count itself.
 */
export function rational(displayPlaces = 6): Arithmetic<Rational> {
  return Object.freeze({
    description: `exact rational (shown to ${displayPlaces} decimal places, truncated)`,
    exactProducts: true,
    zero: Rational.ZERO,
    fromInt: (k: bigint | number) => Rational.of(BigInt(k)),
    fromRational: (r: Rational) => r,
    toRational: (v: Rational) => v,
    add: (a: Rational, b: Rational) => a.add(b),
    sub: (a: Rational, b: Rational) => a.sub(b),
    mul: (a: Rational, b: Rational) => a.mul(b),
    div: (a: Rational, b: Rational) => a.div(b),
    mulInt: (a: Rational, k: bigint) => a.mulInt(k),
    mulDiv: (a: Rational, b: Rational, c: Rational) => a.mul(b).div(c),
    cmp: (a: Rational, b: Rational) => a.cmp(b),
    isZero: (a: Rational) => a.isZero(),
    format: (a: Rational) => (a.d === 1n ? a.n.toString() : a.toDecimal(displayPlaces)),
    exact: (a: Rational) => a.toString(),
  });
}
