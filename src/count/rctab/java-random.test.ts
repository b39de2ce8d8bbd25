import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { JavaRandom } from './java-random.ts';

describe('java.util.Random', () => {
  test('draws the values Java documents for seed 42', () => {
    // new Random(42).nextInt(10) x5 = 0, 3, 8, 4, 0 (widely published output of Java).
    const r = new JavaRandom(42n);
    assert.deepEqual(
      [1, 2, 3, 4, 5].map(() => r.nextInt(10)),
      [0, 3, 8, 4, 0],
    );
  });

  test('nextDouble for seed 0 is 0.730967787376657', () => {
    assert.equal(new JavaRandom(0n).nextDouble(), 0.730967787376657);
  });
});
