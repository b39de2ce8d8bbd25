import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseBlt } from '../formats/blt.ts';
import { countErs97 } from './ers97.ts';

/** Worked by hand from the ERS97 rules; no independent ERS97 count exists here to compare with. */
describe('ers97 (Electoral Reform Society 1997 STV rules)', () => {
  test('transfers a later surplus from the last parcel received only (5.2)', () => {
    // 30 papers, 3 seats: quota 30/4 = 7.50.
    //   12 A C D · 7 B · 5 C E · 3 D C · 2 E B · 1 E
    // Stage 1: A 12 elected, surplus 4.50.
    // Stage 2: all 12 of A's papers go to C at 4.50/12 = 0.375 → 0.37: C 5 + 4.44 = 9.44,
    //   elected; 0.06 lost to rounding.
    // Stage 3: C's surplus 1.94 comes from the last parcel only (the 12 from A, not
    //   C's own 5 C E): to D at 1.94/12 = 0.1616 → 0.16: D 3 + 1.92 = 4.92; E stays 3.
    // Stage 4: E excluded: 2 papers to B (9.00, elected), 1 exhausted.
    const blt =
      '5 3\n12 1 3 4 0\n7 2 0\n5 3 5 0\n3 4 3 0\n2 5 2 0\n1 5 0\n0\n"A"\n"B"\n"C"\n"D"\n"E"\n"Last parcel"\n';
    const r = countErs97(parseBlt(blt), { seed: '1' });
    assert.equal(r.quota, '7.50');
    assert.deepEqual(r.elected, [0, 2, 1]);
    assert.deepEqual(
      r.rounds.map((x) => x.tallies),
      [
        ['12.00', '7.00', '5.00', '3.00', '3.00'],
        ['7.50', '7.00', '9.44', '3.00', '3.00'],
        ['7.50', '7.00', '7.50', '4.92', '3.00'],
        ['7.50', '9.00', '7.50', '4.92', '0.00'],
      ],
    );
    assert.deepEqual(
      r.rounds.map((x) => x.exhausted),
      ['0.00', '0.06', '0.08', '1.08'],
    );
    assert.deepEqual(
      r.rounds.map((x) => x.action.kind === 'surplus' && x.action.transferValue),
      [false, '0.37', '0.16', false],
    );
    assert.deepEqual(r.rounds[2]?.excluded, [4]);
  });

  test('rounds the quota up and defers a surplus that cannot change the exclusion (5.1, 5.2)', () => {
    // 22 papers, 2 seats: quota 22/3 = 7.333… → 7.34.
    //   9 A B · 6 B · 5 C · 2 D C
    // Stage 1: A 9 elected, surplus 1.66 < 5 − 2 = 3 between the two lowest: deferred, D excluded.
    // Stage 2: D's 2 go to C: 7.00. Now 1.66 ≥ 7 − 6 = 1: A's surplus moves.
    // Stage 3: 9 papers to B at 1.66/9 = 0.184 → 0.18: B 6 + 1.62 = 7.62, elected.
    const blt = '4 2\n9 1 2 0\n6 2 0\n5 3 0\n2 4 3 0\n0\n"A"\n"B"\n"C"\n"D"\n"Deferral"\n';
    const r = countErs97(parseBlt(blt), { seed: '1' });
    assert.equal(r.quota, '7.34');
    assert.deepEqual(r.elected, [0, 1]);
    assert.deepEqual(r.rounds[0]?.excluded, [3]);
    assert.match(r.rounds[0]!.notes.join(' '), /deferred/);
    assert.deepEqual(
      r.rounds.map((x) => x.tallies),
      [
        ['9.00', '6.00', '5.00', '2.00'],
        ['9.00', '6.00', '7.00', '0.00'],
        ['7.34', '7.62', '7.00', '0.00'],
      ],
    );
    assert.deepEqual(r.rounds[2]?.elected, [1]);
    assert.equal(r.rounds[2]?.exhausted, '0.04');
  });
});
