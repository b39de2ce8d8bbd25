import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { CountInputError } from './errors.ts';
import { parseBlt } from './formats/blt.ts';
import {
  catalogue,
  electionMethods,
  isMarking,
  markLimit,
  methodLabel,
  supportsMinimums,
} from './method-catalogue.ts';
import { methods } from './methods.ts';

// 21 papers, 2 seats: A and B lead; C, the only woman, comes third.
const threeCandidates = parseBlt('3 2\n10 1 2 0\n8 2 1 0\n3 3 0\n0\n"A"\n"B"\n"C" women\n"T"\n');

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

  test('a method said to honour minimums elects the woman a minimum asks for', () => {
    for (const method of methods.filter((m) => supportsMinimums(m.name))) {
      const plain = method.count(threeCandidates, { seed: '1' });
      const guarded = method.count(threeCandidates, {
        seed: '1',
        minimums: [{ group: 'women', min: 1 }],
      });
      assert.ok(!plain.elected.includes(2), `${method.name} elects C without a minimum`);
      assert.ok(guarded.elected.includes(2), `${method.name} elects C for the minimum`);
      assert.equal(guarded.elected.length, 2, method.name);
    }
  });

  test('a method said to fill one seat refuses two, and every other fills them', () => {
    for (const entry of catalogue) {
      const method = methods.find((m) => m.name === entry.name)!;
      if (entry.seats === 'one') {
        assert.throws(
          () => method.count(threeCandidates, { seed: '1', seats: 2 }),
          CountInputError,
        );
        assert.equal(method.count(threeCandidates, { seed: '1', seats: 1 }).elected.length, 1);
      } else {
        const report = method.count(threeCandidates, { seed: '1', seats: 2 });
        assert.equal(report.elected.length, 2, entry.name);
      }
    }
  });

  test('marking papers take one mark, up to the seats, or any number', () => {
    assert.deepEqual(
      catalogue.filter((m) => isMarking(m.name)).map((m) => [m.name, markLimit(m.name, 3, 5)]),
      [
        ['block-vote', 3],
        ['fptp', 1],
        ['approval', 5],
      ],
    );
    assert.equal(markLimit('block-vote', 3, 2), 2);
    assert.equal(isMarking('block-vote-ranked'), false);
    assert.equal(isMarking('no-such-method'), false);
  });

  test('offers for elections the methods the forms have always offered, under the same labels', () => {
    assert.deepEqual(
      Object.fromEntries(electionMethods().map((m) => [m.name, methodLabel(m.name)])),
      {
        'scottish-stv':
          'Single transferable vote (Scottish rules): number the candidates in order of preference',
        'fractional-droop':
          'Single transferable vote: number the candidates in order of preference',
        wigm: 'Single transferable vote: number the candidates in order of preference',
        meek: 'Single transferable vote (Meek): number the candidates in order of preference',
        irv: 'Preferential (instant runoff): number the candidates in order of preference',
        schulze: 'Ranked (Schulze): number the candidates in order of preference',
        'ranked-pairs': 'Ranked (ranked pairs): number the candidates in order of preference',
        'block-vote': 'Block vote: vote for up to as many candidates as there are seats',
        fptp: 'First past the post: vote for one candidate',
        approval: 'Approval: vote for every candidate you approve of',
      },
    );
    // A method only the command line offers is shown by its name.
    assert.equal(methodLabel('ers97'), 'ers97');
  });

  test('docs/counting.md lists the same methods and says the same of them', () => {
    const doc = readFileSync(new URL('../../docs/counting.md', import.meta.url), 'utf8');
    const quoted = (text: string) => [...text.matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1]);
    assert.deepEqual(
      [...doc.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]),
      catalogue.map((m) => m.name),
    );
    const sentence = (start: string) => doc.slice(doc.indexOf(start)).split(';')[0]!;
    assert.deepEqual(
      quoted(sentence('`--min` works with')).slice(1),
      catalogue.filter((m) => m.minimums).map((m) => m.name),
    );
    assert.deepEqual(
      quoted(sentence('An election may be counted by').split(', which')[0]!),
      electionMethods().map((m) => m.name),
    );
  });
});
