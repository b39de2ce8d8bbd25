import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Refusal } from '../../core/refusal.ts';
import { checkMarks, type MarkedQuestion } from './marks.ts';

const question = (q: Partial<MarkedQuestion>): MarkedQuestion => ({
  question: 'candidates',
  method: 'block-vote',
  seats: 2,
  maxMarks: null,
  ...q,
});
const refuses = (fn: () => unknown, pattern: RegExp) =>
  assert.throws(
    fn,
    (e: unknown) => e instanceof Refusal && e.field === 'marks' && pattern.test(e.message),
  );
const options = new Set([11, 12, 13, 14]);

describe('checking marks against the question', () => {
  test('a block vote takes up to as many candidates as seats, one rank each', () => {
    assert.deepEqual(checkMarks([12, 11], question({}), options), [[12], [11]]);
    refuses(
      () => checkMarks([11, 12, 13], question({}), options),
      /Vote for up to 2 candidates; you chose 3/,
    );
  });

  test('a ranked method takes every candidate, in order', () => {
    const stv = question({ method: 'scottish-stv' });
    assert.deepEqual(checkMarks([14, 13, 12, 11], stv, options), [[14], [13], [12], [11]]);
  });

  test('no mark, a mark twice, or a mark off the paper is refused', () => {
    refuses(() => checkMarks([], question({}), options), /Choose at least one candidate/);
    refuses(() => checkMarks([11, 11], question({}), options), /same candidate more than once/);
    refuses(() => checkMarks([99], question({}), options), /not on this ballot/);
  });

  test('yes / no / abstain takes exactly one answer', () => {
    const yesNo = question({ question: 'yes_no', method: 'fptp', seats: 1 });
    const answers = new Set([1, 2, 3]);
    assert.deepEqual(checkMarks([2], yesNo, answers), [[2]]);
    refuses(() => checkMarks([1, 2], yesNo, answers), /Choose one answer; you chose 2/);
    refuses(() => checkMarks([], yesNo, answers), /Choose at least one option/);
  });

  test('choose takes up to K options, K set by the ballot or else its places', () => {
    const choose = question({ question: 'choose', seats: 2, maxMarks: 3 });
    assert.equal(checkMarks([11, 12, 13], choose, options).length, 3);
    refuses(() => checkMarks([11, 12, 13, 14], choose, options), /up to 3 options; you chose 4/);
    const byPlaces = question({ question: 'choose', seats: 1 });
    refuses(() => checkMarks([11, 12], byPlaces, options), /up to 1 option; you chose 2/);
  });

  test('rank takes every option unless the ballot limits the preferences', () => {
    assert.equal(
      checkMarks([14, 12, 11, 13], question({ question: 'rank', method: 'irv' }), options).length,
      4,
    );
    refuses(
      () =>
        checkMarks(
          [14, 12, 11],
          question({ question: 'rank', method: 'irv', maxMarks: 2 }),
          options,
        ),
      /up to 2 options/,
    );
  });
});
