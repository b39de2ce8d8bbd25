import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { TieBreaker } from './tie-break.ts';

const cmp = (a: number, b: number) => a - b;

describe('tie-break', () => {
  test('the same seed draws the same candidates', () => {
    const a = new TieBreaker('2026-nec');
    const b = new TieBreaker('2026-nec');
    const drawsA = Array.from({ length: 20 }, (_, i) => a.draw([0, 1, 2, 3, 4], i, 'exclusion'));
    const drawsB = Array.from({ length: 20 }, (_, i) => b.draw([4, 3, 2, 1, 0], i, 'exclusion'));
    assert.deepEqual(drawsA, drawsB);
  });

  test('different seeds give different sequences', () => {
    const a = new TieBreaker('1');
    const b = new TieBreaker('2');
    const drawsA = Array.from({ length: 20 }, (_, i) => a.draw([0, 1, 2, 3, 4], i, 'x'));
    const drawsB = Array.from({ length: 20 }, (_, i) => b.draw([0, 1, 2, 3, 4], i, 'x'));
    assert.notDeepEqual(drawsA, drawsB);
  });

  test('every tied candidate can be drawn', () => {
    const t = new TieBreaker('fair');
    const seen = new Set(Array.from({ length: 200 }, (_, i) => t.draw([7, 8, 9], i, 'x')));
    assert.deepEqual([...seen].sort(), [7, 8, 9]);
  });

  test('looking backwards settles by the most recent stage at which votes differed', () => {
    // stage 1: A 5, B 4, C 5; stage 2: A 6, B 6, C 7; stage 3 all 8: lowest of A, B, C.
    const history = [
      [5, 4, 5],
      [6, 6, 7],
      [8, 8, 8],
    ];
    const t = new TieBreaker('s');
    const opts = {
      want: 'lowest',
      direction: 'backwards',
      round: 3,
      purpose: 'exclusion',
    } as const;
    // stage 2 leaves A and B; stage 1 then picks B.
    assert.equal(t.pick([0, 1, 2], history, cmp, opts), 1);
    assert.equal(t.records[0]?.by, 'stage 1');
  });

  test('looking forwards settles by the first stage at which votes differed', () => {
    const history = [
      [5, 5, 4],
      [6, 7, 7],
    ];
    const t = new TieBreaker('s');
    const opts = {
      want: 'highest',
      direction: 'forwards',
      round: 2,
      purpose: 'surplus order',
    } as const;
    assert.equal(t.pick([1, 2], history, cmp, opts), 1);
  });

  test('falls back to lot and says so', () => {
    const t = new TieBreaker('s');
    const opts = {
      want: 'lowest',
      direction: 'backwards',
      round: 1,
      purpose: 'exclusion',
    } as const;
    const chosen = t.pick([0, 1], [[3, 3]], cmp, opts);
    assert.ok(chosen === 0 || chosen === 1);
    assert.equal(t.records[0]?.by, 'lot');
  });
});
