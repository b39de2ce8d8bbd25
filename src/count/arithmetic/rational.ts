/**
 * Exact fractions over bigint, for rules whose statute says "as a fraction"
 * (e.g. fractional-droop's quota = valid / (seats + 1)). Always kept in lowest
 * terms with a positive denominator, so equal values have equal fields.
 *
 * @example
 * const q = Rational.of(103634n, 8n); // 12954.25
 * q.toDecimal(2); // '12954.25'
 */
export class Rational {
  readonly n: bigint;
  readonly d: bigint;

  private constructor(n: bigint, d: bigint) {
    this.n = n;
    this.d = d;
  }

  static readonly ZERO = new Rational(0n, 1n);
  static readonly ONE = new Rational(1n, 1n);

  /** n/d in lowest terms; throws on a zero denominator. */
  static of(n: bigint | number, d: bigint | number = 1n): Rational {
    let num = BigInt(n);
    let den = BigInt(d);
    if (den === 0n) throw new RangeError('Rational.of: denominator is zero');
    if (den < 0n) {
      num = -num;
      den = -den;
    }
    if (den === 1n) return new Rational(num, 1n);
    const g = gcd(num < 0n ? -num : num, den);
    return g === 1n ? new Rational(num, den) : new Rational(num / g, den / g);
  }

  /**
   * Parses a plain decimal such as `12`, `-0.5` or `1.25` exactly.
   * Returns undefined when the text is not one.
   */
  static parseDecimal(text: string): Rational | undefined {
    const m = /^([+-]?)(\d+)(?:\.(\d+))?$/.exec(text) ?? /^([+-]?)()\.(\d+)$/.exec(text);
    if (!m) return undefined;
    const fraction = m[3] ?? '';
    const n = BigInt(`${m[2] || '0'}${fraction}`) * (m[1] === '-' ? -1n : 1n);
    return Rational.of(n, 10n ** BigInt(fraction.length));
  }

  add(o: Rational): Rational {
    if (this.d === o.d) return Rational.of(this.n + o.n, this.d);
    return Rational.of(this.n * o.d + o.n * this.d, this.d * o.d);
  }

  sub(o: Rational): Rational {
    if (this.d === o.d) return Rational.of(this.n - o.n, this.d);
    return Rational.of(this.n * o.d - o.n * this.d, this.d * o.d);
  }

  mul(o: Rational): Rational {
    return Rational.of(this.n * o.n, this.d * o.d);
  }

  div(o: Rational): Rational {
    if (o.n === 0n) throw new RangeError('Rational.div: division by zero');
    return Rational.of(this.n * o.d, this.d * o.n);
  }

  mulInt(k: bigint): Rational {
    return Rational.of(this.n * k, this.d);
  }

  cmp(o: Rational): number {
    const l = this.n * o.d;
    const r = o.n * this.d;
    return l < r ? -1 : l > r ? 1 : 0;
  }

  isZero(): boolean {
    return this.n === 0n;
  }

  /** Largest integer not above this value. */
  floor(): bigint {
    const q = this.n / this.d;
    return this.n < 0n && q * this.d !== this.n ? q - 1n : q;
  }

  /**
   * Decimal text with exactly `places` decimals, truncated toward zero (so a
   * printed figure never claims more than the count gave). `places` 0 gives an integer.
   */
  toDecimal(places: number): string {
    const scale = 10n ** BigInt(places);
    const negative = this.n < 0n;
    const units = ((negative ? -this.n : this.n) * scale) / this.d;
    return formatUnits(negative ? -units : units, places);
  }

  /** `n/d`, or `n` for whole numbers: the exact value for JSON readers. */
  toString(): string {
    return this.d === 1n ? this.n.toString() : `${this.n}/${this.d}`;
  }
}

export function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}

/** Writes an integer count of 10^-places units as a decimal, e.g. (80607214n, 5) → '806.07214'. */
export function formatUnits(units: bigint, places: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(places + 1, '0');
  const sign = negative ? '-' : '';
  if (places === 0) return sign + digits;
  return `${sign}${digits.slice(0, -places)}.${digits.slice(-places)}`;
}
