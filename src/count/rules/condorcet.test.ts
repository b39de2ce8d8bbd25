import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseBlt } from '../formats/blt.ts';
import { countIrv } from './irv.ts';
import { countRankedPairs } from './ranked-pairs.ts';
import { countSchulze } from './schulze.ts';

/*
 * The example of Schulze (2011), section 3.1 (also Wikipedia, "Schulze method"):
 * 45 voters, 5 candidates, published pairwise matrix d and the result E > A > C > B > D.
 */
const schulze2011 = `5 1
5 1 3 2 5 4 0
5 1 4 5 3 2 0
8 2 5 4 1 3 0
3 3 1 2 5 4 0
7 3 1 5 2 4 0
2 3 2 1 4 5 0
7 4 3 5 2 1 0
8 5 2 1 4 3 0
0
"A"
"B"
"C"
"D"
"E"
"Schulze 2011, example 1"
`;

/*
 * The Tennessee capital example (Wikipedia, "Instant-runoff voting" and
 * "Condorcet method"): 100 voters. Instant runoff elects Knoxville; Nashville
 * is the Condorcet winner.
 */
const tennessee = `4 1
42 1 2 3 4 0
26 2 3 4 1 0
15 3 4 2 1 0
17 4 3 2 1 0
0
"Memphis"
"Nashville"
"Chattanooga"
"Knoxville"
"Tennessee capital"
`;

describe('Schulze', () => {
  test('reproduces the published pairwise matrix and order E > A > C > B > D', () => {
    const r = countSchulze(parseBlt(schulze2011), { seed: '1', seats: 5 });
    assert.deepEqual(r.pairwise, [
      ['0', '20', '26', '30', '22'],
      ['25', '0', '16', '33', '18'],
      ['19', '29', '0', '17', '24'],
      ['15', '12', '28', '0', '14'],
      ['23', '27', '21', '31', '0'],
    ]);
    assert.deepEqual(r.elected, [4, 0, 2, 1, 3]);
    assert.deepEqual(r.tieBreaks, []);
  });

  test('elects the Condorcet winner', () => {
    assert.deepEqual(countSchulze(parseBlt(tennessee), { seed: '1' }).elected, [1]);
  });
});

describe('ranked pairs', () => {
  test('elects the Condorcet winner', () => {
    assert.deepEqual(countRankedPairs(parseBlt(tennessee), { seed: '1' }).elected, [1]);
  });

  test('locks the strongest majorities first, skipping cycles (worked by hand)', () => {
    // Majorities of the Schulze example by winning votes: B>D 33, E>D 31, A>D 30, C>B 29,
    // D>C 28, E>B 27, A>C 26, B>A 25, C>E 24, E>A 23. Locked: B>D, E>D, A>D, C>B; D>C skipped
    // (C>B>D>C); E>B, A>C; B>A skipped (A>C>B); C>E; E>A skipped (A>C>E).
    // Order: A > C > E > B > D: ranked pairs elects A where Schulze elects E.
    const r = countRankedPairs(parseBlt(schulze2011), { seed: '1', seats: 5 });
    assert.deepEqual(r.elected, [0, 2, 4, 1, 3]);
    assert.deepEqual(r.tieBreaks, []);
  });
});

describe('instant runoff', () => {
  test('excludes the lowest each round until a majority: Knoxville', () => {
    const r = countIrv(parseBlt(tennessee), { seed: '1' });
    assert.deepEqual(
      r.rounds.map((x) => x.tallies),
      [
        ['42', '26', '15', '17'],
        ['42', '26', '0', '32'],
        ['42', '0', '0', '58'],
      ],
    );
    assert.deepEqual(
      r.rounds.map((x) => x.excluded),
      [[2], [1], []],
    );
    assert.deepEqual(r.elected, [3]);
  });
});
