import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseBlt } from '../formats/blt.ts';
import { countRctabMulti } from './rctab-multi.ts';

describe('rctab-multi (RCTab fractional surplus transfer)', () => {
  test('moves surpluses at 4 places rounded down and keeps the rounding with the winner (worked by hand)', () => {
    // 17 papers, 2 seats: threshold floor(17/3) + 1 = 6.
    //   6 A B · 2 A C · 3 B · 4 C · 2 D C
    // Round 1: A 8 elected; fraction 2/8 = 0.2500, A keeps 8 × 0.75 = 6.0000.
    // Round 2: B 3 + 6 × 0.25 = 4.5000, C 4 + 2 × 0.25 = 4.5000, D 2: D excluded.
    // Round 3: C 6.5000 elected; fraction 0.5/6.5 = 0.0769 (down). Onward values:
    //   6 papers at 1 → 0.0769, 2 at 0.25 → 0.0192 (0.019225 down).
    //   C keeps 6 × 0.9231 + 2 × 0.2308 = 6.0002: shown as 6, residual 0.0002.
    // Round 4: the seats are full; C's 0.4998 goes to no one.
    const blt =
      '4 2\n6 1 2 0\n2 1 3 0\n3 2 0\n4 3 0\n2 4 3 0\n0\n"A"\n"B"\n"C"\n"D"\n"Hand-worked"\n';
    const r = countRctabMulti(parseBlt(blt), { seed: '1' });
    assert.deepEqual(r.elected, [0, 2]);
    assert.equal(r.quota, '6');
    assert.deepEqual(
      r.rounds.map((x) => x.tallies),
      [
        ['8', '3', '4', '2'],
        ['6.0000', '4.5000', '4.5000', '2'],
        ['6.0000', '4.5000', '6.5000', '0'],
        ['6.0000', '4.5000', '6', '0'],
      ],
    );
    assert.deepEqual(
      r.rounds.map((x) => [x.elected, x.excluded]),
      [
        [[0], []],
        [[], [3]],
        [[2], []],
        [[], []],
      ],
    );
    assert.deepEqual(
      r.rounds.map((x) => x.exhausted),
      ['0', '0.0000', '0.0000', '0.5000'],
    );
  });

  test('refuses a fractional card vote rather than round it', () => {
    const blt = '2 1\n2.5 1 0\n1 2 0\n0\n"A"\n"B"\n"t"\n';
    assert.throws(() => countRctabMulti(parseBlt(blt), { seed: '1' }), /whole papers/);
  });
});
