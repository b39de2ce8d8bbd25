/**
 * The part of java.math.BigDecimal that RCTab's multi-winner count uses, with
 * its scale rules, so every figure prints as RCTab prints it ("8", "8.0000",
 * "2.3330"): a sum keeps the larger scale of its terms, and RCTab's
 * `ContestConfig.multiply` and `divide` round DOWN to its decimal places.
 */
export class Decimal {
  /** The value is `units × 10^-scale`. */
  private constructor(
    readonly units: bigint,
    readonly scale: number,
  ) {}

  static readonly ZERO = new Decimal(0n, 0);

  static of(units: bigint | number, scale = 0): Decimal {
    return new Decimal(BigInt(units), scale);
  }

  /** `new BigDecimal(text)`: "15" has scale 0, "12.50" scale 2. */
  static parse(text: string): Decimal {
    const match = /^(-?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
    if (!match || `${match[2]}${match[3] ?? ''}` === '')
      throw new RangeError(`Decimal.parse: expected a decimal number, got "${text}"`);
    const fraction = match[3] ?? '';
    return new Decimal(BigInt(`${match[1]}${match[2] || '0'}${fraction}`), fraction.length);
  }

  private at(scale: number): bigint {
    return this.units * 10n ** BigInt(scale - this.scale);
  }

  add(other: Decimal): Decimal {
    const scale = Math.max(this.scale, other.scale);
    return new Decimal(this.at(scale) + other.at(scale), scale);
  }

  sub(other: Decimal): Decimal {
    const scale = Math.max(this.scale, other.scale);
    return new Decimal(this.at(scale) - other.at(scale), scale);
  }

  /** Exact product: the scales add. */
  mul(other: Decimal): Decimal {
    return new Decimal(this.units * other.units, this.scale + other.scale);
  }

  times(count: number): Decimal {
    return new Decimal(this.units * BigInt(count), this.scale);
  }

  /** `setScale(places, RoundingMode.DOWN)`: truncation toward zero. */
  down(places: number): Decimal {
    if (places >= this.scale) return new Decimal(this.at(places), places);
    return new Decimal(this.units / 10n ** BigInt(this.scale - places), places);
  }

  /** `divide(other, places, RoundingMode.DOWN)`. */
  div(other: Decimal, places: number): Decimal {
    // this / other = (u1 × 10^-s1) / (u2 × 10^-s2); scale the dividend so the quotient has `places`.
    const shift = places + other.scale - this.scale;
    const dividend = shift >= 0 ? this.units * 10n ** BigInt(shift) : this.units;
    const divisor = shift >= 0 ? other.units : other.units * 10n ** BigInt(-shift);
    return new Decimal(dividend / divisor, places);
  }

  cmp(other: Decimal): number {
    const scale = Math.max(this.scale, other.scale);
    const a = this.at(scale);
    const b = other.at(scale);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  signum(): number {
    return this.units > 0n ? 1 : this.units < 0n ? -1 : 0;
  }

  toNumber(): number {
    return Number(this.units) / 10 ** this.scale;
  }

  /** `toPlainString()`: trailing zeros kept, as the scale says. */
  toString(): string {
    const negative = this.units < 0n;
    const digits = (negative ? -this.units : this.units).toString().padStart(this.scale + 1, '0');
    const whole = digits.slice(0, digits.length - this.scale);
    const fraction = this.scale > 0 ? `.${digits.slice(digits.length - this.scale)}` : '';
    return `${negative ? '-' : ''}${whole}${fraction}`;
  }
}
