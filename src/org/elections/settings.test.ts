import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { methodProblems } from './settings.ts';

describe("an election's counting method", () => {
  test('must be one the catalogue offers for elections', () => {
    const choose = [{ field: 'method', message: 'Choose how votes are counted' }];
    assert.deepEqual(methodProblems(undefined, 1, null), choose);
    assert.deepEqual(methodProblems('no-such-method', 1, null), choose);
    // Counted by `grassroots count`, not offered on the forms.
    assert.deepEqual(methodProblems('ers97', 1, null), choose);
    assert.deepEqual(methodProblems('scottish-stv', 3, 1), []);
  });

  test('fills as many seats as the election has', () => {
    assert.deepEqual(methodProblems('irv', 2, null), [
      {
        field: 'seats',
        message: 'Preferential (instant runoff) fills one seat; choose STV for more',
      },
    ]);
    assert.deepEqual(methodProblems('irv', 1, null), []);
  });

  test('can apply a minimum for women, rather than count as if there were none', () => {
    assert.deepEqual(methodProblems('meek', 3, 1), [
      {
        field: 'minimum',
        message:
          'Single transferable vote (Meek) cannot apply a minimum for women; count by single transferable vote (Scottish rules), single transferable vote, block vote, first past the post or approval',
      },
    ]);
    assert.deepEqual(methodProblems('block-vote', 3, 1), []);
  });
});
