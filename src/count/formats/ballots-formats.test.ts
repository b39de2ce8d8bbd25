import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CountInputError } from '../errors.ts';
import { parseBallotsCsv } from './ballots-csv.ts';
import { parseBallotsJson } from './ballots-json.ts';

describe('JSON ballots', () => {
  const text = JSON.stringify({
    title: 'NEC',
    seats: 2,
    candidates: ['Anna', { name: 'Cy', groups: ['women'] }, 'Bo'],
    withdrawn: ['Bo'],
    ballots: [{ weight: '2.5', ranking: ['Anna', ['Bo', 'Cy']] }, ['Cy']],
  });

  test('reads candidates, groups, withdrawals, weights and equal preferences', () => {
    const e = parseBallotsJson(text, 'b.json');
    assert.equal(e.seats, 2);
    assert.deepEqual(e.candidates[1], { name: 'Cy', groups: ['women'], withdrawn: false });
    assert.equal(e.candidates[2]?.withdrawn, true);
    assert.deepEqual(
      e.ballots.map((b) => [b.weight.toString(), b.ranking]),
      [
        ['5/2', [[0], [2, 1]]],
        ['1', [[1]]],
      ],
    );
  });

  test('names the JSON path of a candidate who does not exist', () => {
    const bad = JSON.stringify({ candidates: ['A'], ballots: [['A'], ['B']] });
    assert.throws(
      () => parseBallotsJson(bad, 'b.json'),
      (e: unknown) =>
        e instanceof CountInputError &&
        e.message === 'b.json: ballots[1].ranking[0]: "B" is not a candidate',
    );
  });
});

describe('Belenios ballots', () => {
  test('reads ranks per candidate, 0 as unranked and equal ranks as equal preferences', () => {
    const e = parseBallotsJson('[[1,2,3],[2,1,0],[1,1,2]]', 'b.json');
    assert.deepEqual(
      e.candidates.map((c) => c.name),
      ['Candidate 1', 'Candidate 2', 'Candidate 3'],
    );
    assert.deepEqual(
      e.ballots.map((b) => b.ranking),
      [
        [[0], [1], [2]],
        [[1], [0]],
        [[0, 1], [2]],
      ],
    );
  });

  test('names the ballot with a bad rank', () => {
    assert.throws(() => parseBallotsJson('[[1,2],[1,"x"]]', 'b.json'), {
      message: 'b.json: [1][1]: expected a rank (a whole number, 0 for unranked), got "x"',
    });
  });
});

describe('CSV ballots', () => {
  test('reads one ballot per row with weights and equal preferences', () => {
    const e = parseBallotsCsv(
      'weight,1,2,3\n12,Anna Smith,Bo Jones,\n3,"Bo Jones",Anna Smith=Cy Patel,\n',
      'b.csv',
    );
    assert.deepEqual(
      e.candidates.map((c) => c.name),
      ['Anna Smith', 'Bo Jones', 'Cy Patel'],
    );
    assert.deepEqual(
      e.ballots.map((b) => [b.weight.toString(), b.ranking]),
      [
        ['12', [[0], [1]]],
        ['3', [[1], [0, 2]]],
      ],
    );
  });

  test('reads back names that `election export --format csv` neutralised against formulas', () => {
    const e = parseBallotsCsv("\uFEFFweight,1,2\n2,'-Dee,'@Al\n", 'b.csv');
    assert.deepEqual(
      e.candidates.map((c) => c.name),
      ['-Dee', '@Al'],
    );
    assert.equal(e.ballots[0]!.weight.toString(), '2');
  });

  test('says which line has a bad weight', () => {
    assert.throws(() => parseBallotsCsv('weight,1\n1,A\nx,B\n', 'b.csv'), {
      message: 'b.csv:3: "x" is not a weight',
    });
  });
});
