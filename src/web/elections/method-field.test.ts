import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseBlt } from '../../count/formats/blt.ts';
import { findEntry } from '../../count/method-catalogue.ts';
import { findMethod } from '../../count/methods.ts';
import { MethodField } from './method-field.tsx';

test('every method the election forms offer is in the catalogue and counts', () => {
  const html = String(MethodField({ value: 'block-vote', error: undefined }));
  const options = [...html.matchAll(/<option value="([^"]+)"( selected="")?>([^<]+)<\/option>/g)];
  assert.deepEqual(
    options.map(([, name, selected, label]) => [name, Boolean(selected), label]),
    [
      [
        'scottish-stv',
        false,
        'Single transferable vote (Scottish rules): number the candidates in order of preference',
      ],
      [
        'fractional-droop',
        false,
        'Single transferable vote: number the candidates in order of preference',
      ],
      ['wigm', false, 'Single transferable vote: number the candidates in order of preference'],
      [
        'meek',
        false,
        'Single transferable vote (Meek): number the candidates in order of preference',
      ],
      ['irv', false, 'Preferential (instant runoff): number the candidates in order of preference'],
      ['schulze', false, 'Ranked (Schulze): number the candidates in order of preference'],
      [
        'ranked-pairs',
        false,
        'Ranked (ranked pairs): number the candidates in order of preference',
      ],
      ['block-vote', true, 'Block vote: vote for up to as many candidates as there are seats'],
      ['fptp', false, 'First past the post: vote for one candidate'],
      ['approval', false, 'Approval: vote for every candidate you approve of'],
    ],
  );
  const election = parseBlt('3 1\n4 1 2 0\n3 2 3 0\n2 3 2 0\n0\n"A"\n"B"\n"C"\n"T"\n');
  for (const [, name] of options) {
    assert.ok(findEntry(name!)?.election, `${name} is offered for elections by the catalogue`);
    const report = findMethod(name!)!.count(election, { seed: '1' });
    assert.equal(report.elected.length, 1, `${name} counts`);
  }
});

test('the method field shows its error beside the choice', () => {
  const html = String(MethodField({ value: undefined, error: 'Choose how votes are counted' }));
  assert.match(html, /class="field field-error"/);
  assert.match(html, /<p class="error-message">Choose how votes are counted<\/p>/);
  assert.doesNotMatch(html, /selected/);
});
