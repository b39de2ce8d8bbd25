import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { NumberTable } from './number-table.ts';

describe('NumberTable', () => {
  test('finds every key it was given, across growth, and no other', () => {
    const table = new NumberTable();
    // Keys above 2^32 that share their low 32 bits: the high bits must count.
    const keys = Array.from({ length: 20_000 }, (_, i) => (i % 7) * 2 ** 32 + i * 11 ** 5);
    keys.forEach((k, i) => {
      table.set(k, i);
    });
    keys.forEach((k, i) => {
      assert.equal(table.get(k), i);
    });
    assert.equal(table.get(2 ** 52), -1);
    assert.equal(table.get(1), -1);
    assert.equal(table.get(0), 0); // key 0 (an empty ranking) is a key like any other
  });
});
