import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseBlt } from './formats/blt.ts';
import { catalogue } from './method-catalogue.ts';
import { methods } from './methods.ts';

describe('method catalogue', () => {
  test('lists the same methods, in the same order, as the loaded registry', () => {
    assert.deepEqual(
      catalogue.map((m) => [m.name, m.summary]),
      methods.map((m) => [m.name, m.summary]),
    );
  });

  test('loads for each method the count the registry runs', async () => {
    const election = parseBlt('3 1\n4 1 2 0\n3 2 3 0\n2 3 2 0\n0\n"A"\n"B"\n"C"\n"T"\n');
    for (const entry of catalogue) {
      const loaded = await entry.load();
      const registered = methods.find((m) => m.name === entry.name)!;
      assert.deepEqual(
        loaded(election, { seed: '1' }),
        registered.count(election, { seed: '1' }),
        entry.name,
      );
    }
  });
});
