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

  test('excludes the lowest together when no transfer could save them, deferring the surplus (5.2, 5.3)', () => {
    // 45 papers, 2 seats: quota 45/3 = 15.00.
    //   20 A C · 12 B · 10 C · 2 D C · 1 E B
    // Stage 1: A 20 elected, surplus 5.00. Lowest: E 1, D 2, C 10, B 12.
    //   E alone: 1 + 5.00 = 6.00 is not less than D's 2;
    //   E and D: 1 + 2 + 5.00 = 8.00 < C's 10: neither can be saved, so both
    //   are excluded together and A's surplus waits. (E, D, C: 18.00 < B's 12 fails.)
    // Stage 2: their papers, all at 1.00, move as one parcel: C 12, B 13.
    //   Now 12 + 5.00 = 17.00 is not less than 13: the surplus moves.
    // Stage 3: A's 20 papers to C at 5.00/20 = 0.25: C 12 + 5.00 = 17.00, elected.
    const blt =
      '5 2\n20 1 3 0\n12 2 0\n10 3 0\n2 4 3 0\n1 5 2 0\n0\n"A"\n"B"\n"C"\n"D"\n"E"\n"Bulk"\n';
    const r = countErs97(parseBlt(blt), { seed: '1' });
    assert.equal(r.quota, '15.00');
    assert.deepEqual(r.rounds[0]?.excluded, [4, 3]);
    assert.match(r.rounds[0]!.notes.join(' '), /deferred/);
    assert.match(r.rounds[0]!.notes.join(' '), /2 candidates excluded together/);
    assert.deepEqual(r.rounds[1]?.action, { kind: 'exclusion', candidates: [4, 3] });
    assert.deepEqual(
      r.rounds.map((x) => x.tallies),
      [
        ['20.00', '12.00', '10.00', '2.00', '1.00'],
        ['20.00', '13.00', '12.00', '0.00', '0.00'],
        ['15.00', '13.00', '17.00', '0.00', '0.00'],
      ],
    );
    assert.deepEqual(r.elected, [0, 2]);
  });

  test('excludes several lowest candidates together with no surplus waiting (5.3)', () => {
    // 24 papers, 1 seat: quota 24/2 = 12.00.
    //   10 A · 9 B · 2 C B · 2 D B · 1 E A
    // Lowest: E 1, C 2, D 2, B 9. E: 1 < 2 yes; E, C: 3 < 2 no; E, C, D: 5 < 9 yes;
    //   E, C, D, B: 14 < A's 10 no. So E, C and D go together (the tie of C and D
    //   needs no draw), in one stage: B 9 + 4 = 13.00, elected; A 10 + 1 = 11.00.
    const blt =
      '5 1\n10 1 0\n9 2 0\n2 3 2 0\n2 4 2 0\n1 5 1 0\n0\n"A"\n"B"\n"C"\n"D"\n"E"\n"Bulk"\n';
    const r = countErs97(parseBlt(blt), { seed: '1' });
    assert.deepEqual(r.rounds[0]?.excluded, [4, 2, 3]);
    assert.deepEqual(r.tieBreaks, []);
    assert.deepEqual(r.rounds[1]?.tallies, ['11.00', '13.00', '0.00', '0.00', '0.00']);
    assert.deepEqual(r.elected, [1]);
    assert.equal(r.rounds.length, 2);
  });

  test('settles equal lowest by the earliest stage at which they differed (5.3)', () => {
    // 27 papers, 1 seat: quota 27/2 = 13.50.
    //   10 A · 6 B A · 5 C B · 1 D B · 3 D A · 2 E C B
    // Stage 1: A 10, B 6, C 5, D 4, E 2: E excluded (2 < 4; E, D: 6 < 5 fails).
    // Stage 2: E's 2 to C: C 7, B 6, D 4: D excluded.
    // Stage 3: D's 1 to B, 3 to A: A 13, B 7, C 7. B and C are equal lowest
    //   (7 + 7 = 14 is not less than 13: one goes). At stage 2 C had more (7 to 6),
    //   at stage 1 B had more (6 to 5): the earliest difference, stage 1, excludes C.
    //   (Looking back from the latest stage would exclude B, and elect A.)
    // Stage 4: C's 7 papers to B: 14.00, elected.
    const blt =
      '5 1\n10 1 0\n6 2 1 0\n5 3 2 0\n1 4 2 0\n3 4 1 0\n2 5 3 2 0\n0\n"A"\n"B"\n"C"\n"D"\n"E"\n"Ties"\n';
    const r = countErs97(parseBlt(blt), { seed: '1' });
    assert.deepEqual(
      r.rounds.map((x) => x.tallies),
      [
        ['10.00', '6.00', '5.00', '4.00', '2.00'],
        ['10.00', '6.00', '7.00', '4.00', '0.00'],
        ['13.00', '7.00', '7.00', '0.00', '0.00'],
        ['13.00', '14.00', '0.00', '0.00', '0.00'],
      ],
    );
    assert.deepEqual(r.rounds[2]?.excluded, [2]);
    assert.deepEqual(
      r.tieBreaks.map((t) => [t.tied, t.chosen, t.by]),
      [[[1, 2], 2, 'stage 1']],
    );
    assert.deepEqual(r.elected, [1]);
  });
});
