import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseBlt } from './formats/blt.ts';
import { countApproval } from './rules/approval.ts';
import { countBlockVote } from './rules/block-vote.ts';
import { countFptp } from './rules/fptp.ts';

/*
 * The NEC by-election of January 2018 (DOMAIN.md), counted by block vote for 3
 * seats, with the six published totals as weighted papers (one mark each).
 */
const nec = `6 3
68388 1 0
65163 2 0
62982 3 0
39508 4 0
27234 5 0
25224 6 0
0
"Dar"
"Lansman"
"Garnham"
"Izzard" women
"Baxter" women
"Josan"
"NEC CLP section by-election 2018"
`;

describe('block vote', () => {
  test('elects the candidates with the most votes, in order of votes', () => {
    const r = countBlockVote(parseBlt(nec), { seed: '1' });
    assert.deepEqual(r.elected, [0, 1, 2]);
    assert.deepEqual(r.rounds[0]?.tallies, ['68388', '65163', '62982', '39508', '27234', '25224']);
    assert.equal(r.valid, '288499');
  });

  test('spoils a paper that marks more candidates than there are seats', () => {
    const r = countBlockVote(parseBlt('3 1\n2 1 2 0\n3 3 0\n0\n"A"\n"B"\n"C"\n'), { seed: '1' });
    assert.equal(r.invalid, '2');
    assert.deepEqual(r.elected, [2]);
  });

  test('substitutes the lowest elected outside the group by the highest unelected inside it', () => {
    // At least 1 woman: Garnham (3rd, lowest elected man) gives way to Izzard (4th).
    const r = countBlockVote(parseBlt(nec), { seed: '1', minimums: [{ group: 'women', min: 1 }] });
    assert.deepEqual(r.elected, [0, 1, 3]);
    assert.deepEqual(r.rounds[1]?.action, {
      kind: 'substitution',
      removed: 2,
      added: 3,
      group: 'women',
    });
    // At least 2 women: then Lansman gives way to Baxter too.
    const r2 = countBlockVote(parseBlt(nec), { seed: '1', minimums: [{ group: 'women', min: 2 }] });
    assert.deepEqual(r2.elected, [0, 3, 4]);
  });

  test('does not break one group’s minimum to meet another’s', () => {
    // Seats 2: at least 1 of group x (A) and 1 of group y (C). Votes A 5, B 4, C 3.
    // B gives way to C; A, the only x, is never removed.
    const blt = '3 2\n5 1 0\n4 2 0\n3 3 0\n0\n"A" x\n"B"\n"C" y\n';
    const mins = [
      { group: 'x', min: 1 },
      { group: 'y', min: 1 },
    ];
    const r = countBlockVote(parseBlt(blt), { seed: '1', minimums: mins });
    assert.deepEqual(r.elected, [0, 2]);
  });

  test('breaks a tie for the last seat by a repeatable draw', () => {
    const blt = '3 1\n2 1 0\n2 2 0\n1 3 0\n0\n"A"\n"B"\n"C"\n';
    const a = countBlockVote(parseBlt(blt), { seed: 'draw' });
    const b = countBlockVote(parseBlt(blt), { seed: 'draw' });
    assert.deepEqual(a.elected, b.elected);
    assert.equal(a.tieBreaks[0]?.by, 'lot');
    assert.deepEqual(a.tieBreaks[0]?.tied, [0, 1]);
  });
});

describe('first past the post', () => {
  test('counts first preferences only and spoils a shared first preference', () => {
    const r = countFptp(parseBlt('3 1\n3 1 2 0\n4 2 1 0\n2 1=3 0\n0\n"A"\n"B"\n"C"\n'), {
      seed: '1',
    });
    assert.deepEqual(r.rounds[0]?.tallies, ['3', '4', '0']);
    assert.equal(r.invalid, '2');
    assert.deepEqual(r.elected, [1]);
  });
});

describe('approval', () => {
  test('counts every candidate marked', () => {
    const r = countApproval(parseBlt('3 1\n3 1 2 0\n4 2 0\n2 1=3 0\n0\n"A"\n"B"\n"C"\n'), {
      seed: '1',
    });
    assert.deepEqual(r.rounds[0]?.tallies, ['5', '7', '2']);
    assert.deepEqual(r.elected, [1]);
  });
});
