import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Rational } from '../arithmetic/rational.ts';
import type { Election } from '../election.ts';
import { parseBlt } from '../formats/blt.ts';
import { countFractionalDroop } from './fractional-droop.ts';

/*
 * Worked by hand. 17 papers, 2 seats: quota 17/3 = 5.666…
 *   6 A B · 2 A C · 3 B · 4 C · 2 D C
 * Round 1: A 8, B 3, C 4, D 2. A is elected with surplus 8 − 17/3 = 7/3.
 * Round 2: A's 8 papers move at 7/3 ÷ 8 = 7/24 each: B + 6 × 7/24 = 4.75,
 *          C + 2 × 7/24 = 4 7/12. No one reaches the quota; D is lowest.
 * Round 3: D's 2 papers go to C: 6 7/12, elected. Elected: A, C.
 */
const handWorked = `4 2
6 1 2 0
2 1 3 0
3 2 0
4 3 0
2 4 3 0
0
"A"
"B"
"C"
"D"
"Hand-worked"
`;

describe('fractional-droop', () => {
  test('transfers a surplus at exact fractions, then excludes the lowest', () => {
    const r = countFractionalDroop(parseBlt(handWorked), { seed: '1' });
    assert.equal(r.quota, '5.666666');
    assert.deepEqual(
      r.rounds.map((x) => x.tallies),
      [
        ['8', '3', '4', '2'],
        ['5.666666', '4.750000', '4.583333', '2'],
        ['5.666666', '4.750000', '6.583333', '0'],
      ],
    );
    assert.deepEqual(
      r.rounds.map((x) => [x.elected, x.excluded]),
      [
        [[0], []],
        [[], [3]],
        [[2], []],
      ],
    );
    assert.deepEqual(r.rounds[1]?.action, {
      kind: 'surplus',
      candidate: 0,
      transferValue: '0.291666',
    });
    assert.deepEqual(r.elected, [0, 2]);
    assert.ok(r.rounds.every((x) => x.exhausted === '0'));
  });

  test('shares an equal preference equally', () => {
    // 4 papers A=B then C; 1 paper C. A and B each get 2; quota 5/2: no one reaches it
    // (2, 2, 1), C is excluded, then A and B equal the seats left.
    const r = countFractionalDroop(parseBlt('3 2\n4 1=2 3 0\n1 3 0\n0\n"A"\n"B"\n"C"\n'), {
      seed: '1',
    });
    assert.deepEqual(r.rounds[0]?.tallies, ['2', '2', '1']);
    assert.deepEqual(new Set(r.elected), new Set([0, 1]));
  });

  test('elects no more than the seats when more reach the quota', () => {
    // 3 papers each for A, B and C with 2 seats: quota 3, all three reach it.
    const r = countFractionalDroop(parseBlt('3 2\n3 1 0\n3 2 0\n3 3 0\n0\n"A"\n"B"\n"C"\n'), {
      seed: 'x',
    });
    assert.equal(r.elected.length, 2);
    assert.equal(r.tieBreaks.at(-1)?.by, 'lot');
    assert.equal(r.seed, 'x');
  });

  test('moves a pile of 200,000 separate papers without running out of stack', () => {
    // Unmerged ballots (as a caller may pass them): C's 200,000 papers move in one exclusion.
    const one = Rational.of(1);
    const ballots = [
      ...Array.from({ length: 200_000 }, () => ({ weight: one, ranking: [[2], [0]] })),
      { weight: Rational.of(300_000), ranking: [[0]] },
      { weight: Rational.of(240_000), ranking: [[1]] },
      { weight: Rational.of(210_000), ranking: [[3]] },
    ];
    const candidates = ['A', 'B', 'C', 'D'].map((name) => ({ name, groups: [], withdrawn: false }));
    const election: Election = { title: 'large pile', seats: 2, candidates, ballots };
    // Quota 950,000/3 = 316,666.67: no one reaches it. C (200,000) is excluded and its
    // papers elect A (500,000), whose surplus has nowhere to go. B 240,000 and D 210,000
    // remain for the last seat: D is excluded and B elected.
    const r = countFractionalDroop(election, { seed: '1' });
    assert.deepEqual(r.elected, [0, 1]);
  });

  test('guards the count so at least M seats go to a group', () => {
    /*
     * 3 seats, at least 2 women (A, C, E are women). 20 papers, quota 5.
     *   7 B · 5 D · 4 A · 2 C · 1 E · 1 F
     * Round 1: B 7 and D 5 reach the quota, but electing D as well would leave 1 seat for
     * 2 women: only B is elected (the higher); D is held back.
     * 2 seats left, 2 women short: D and F (the continuing men) are excluded together.
     * Round 2: the papers of D and F have no next preference and are exhausted.
     * Round 3: B's surplus of 2 moves, but B's papers have no next preference either.
     *          E (1) is the lowest and is excluded.
     * Round 4: A and C are the only continuing candidates for the 2 seats left: elected.
     */
    const blt =
      '6 3\n7 2 0\n5 4 0\n4 1 0\n2 3 0\n1 5 0\n1 6 0\n0\n"A" women\n"B"\n"C" women\n"D"\n"E" women\n"F"\n';
    const r = countFractionalDroop(parseBlt(blt), {
      seed: '1',
      minimums: [{ group: 'women', min: 2 }],
    });
    assert.deepEqual(r.rounds[0]?.elected, [1]);
    assert.deepEqual(r.rounds[0]?.excluded, [3, 5]);
    assert.deepEqual(
      r.rounds.map((x) => x.action.kind),
      ['first-preferences', 'exclusion', 'surplus', 'exclusion'],
    );
    assert.deepEqual(r.rounds[2]?.excluded, [4]);
    assert.deepEqual(r.rounds[3]?.tallies, ['4', '5', '2', '0', '0', '0']);
    assert.deepEqual(r.elected, [1, 0, 2]);
  });
});
