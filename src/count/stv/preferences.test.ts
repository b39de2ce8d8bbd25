import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Rational } from '../arithmetic/rational.ts';
import { Preferences } from './preferences.ts';

describe('Preferences', () => {
  test('lays every ballot out in one array: singles, equal groups behind -k, END after each', () => {
    const one = Rational.ONE;
    const p = new Preferences([
      { weight: one, ranking: [[0], [2]] },
      { weight: one, ranking: [[1, 2], [0]] },
      { weight: one, ranking: [] },
    ]);
    assert.deepEqual([...p.marks], [0, 2, -1, -2, 1, 2, 0, -1, -1]);
    assert.deepEqual([...p.starts], [0, 3, 8]);
  });
});
