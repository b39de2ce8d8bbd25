import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fixedPoint, rational } from './arithmetic.ts';
import { Rational } from './rational.ts';

describe('Rational', () => {
  test('keeps fractions in lowest terms with a positive denominator', () => {
    const r = Rational.of(6, -4);
    assert.equal(r.n, -3n);
    assert.equal(r.d, 2n);
  });

  test('adds, subtracts, multiplies and divides exactly', () => {
    const third = Rational.of(1, 3);
    assert.equal(third.add(third).add(third).toString(), '1');
    assert.equal(Rational.of(1, 2).sub(third).toString(), '1/6');
    assert.equal(third.mul(Rational.of(3, 5)).toString(), '1/5');
    assert.equal(third.div(Rational.of(2)).toString(), '1/6');
  });

  test('parses decimals exactly', () => {
    assert.equal(Rational.parseDecimal('12954.9')?.toString(), '129549/10');
    assert.equal(Rational.parseDecimal('-0.25')?.toString(), '-1/4');
    assert.equal(Rational.parseDecimal('1e3'), undefined);
  });

  test('prints decimals truncated, never rounded up', () => {
    assert.equal(Rational.of(2, 3).toDecimal(5), '0.66666');
    assert.equal(Rational.of(-2, 3).toDecimal(2), '-0.66');
    assert.equal(Rational.of(7).toDecimal(0), '7');
  });

  test('floors toward minus infinity', () => {
    assert.equal(Rational.of(-7, 2).floor(), -4n);
    assert.equal(Rational.of(7, 2).floor(), 3n);
  });
});

describe('fixed-point arithmetic', () => {
  const f = fixedPoint(5);

  test('ignores any remainder beyond 5 decimal places', () => {
    // Aberdeen ward 1, stage 2: transfer value 690/2012 = 0.342942… → 0.34294
    assert.equal(f.format(f.div(f.fromInt(690), f.fromInt(2012))), '0.34294');
  });

  test('mulDiv rounds once at the end', () => {
    const v = f.mulDiv(f.fromInt(690), f.fromRational(Rational.of(1, 3)), f.fromInt(2012));
    assert.equal(f.format(v), '0.11431');
  });

  test('formats negatives and small values', () => {
    assert.equal(f.format(-5n), '-0.00005');
    assert.equal(f.format(f.fromInt(3)), '3.00000');
  });
});

describe('rational arithmetic', () => {
  test('shows whole numbers without decimals and fractions truncated', () => {
    const r = rational(3);
    assert.equal(r.format(r.fromInt(4)), '4');
    assert.equal(r.format(Rational.of(2, 3)), '0.666');
  });
});
