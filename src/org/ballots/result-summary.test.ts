import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Rational } from '../../count/arithmetic/rational.ts';
import { countBlockVote } from '../../count/rules/block-vote.ts';
import { summarise } from './result-summary.ts';

test('the 2018 NEC by-election reads as the party announced it', () => {
  // DOMAIN.md: published votes of six of the nine candidates, three seats.
  const published: [string, number][] = [
    ['Yasmine Dar', 68_388],
    ['Jon Lansman', 65_163],
    ['Rachel Garnham', 62_982],
    ['Eddie Izzard', 39_508],
    ['Peter Baxter', 27_234],
    ['Ann Josan', 25_224],
  ];
  const report = countBlockVote(
    {
      title: 'NEC by-election 2018',
      seats: 3,
      candidates: published.map(([name]) => ({ name, groups: [], withdrawn: false })),
      ballots: published.map(([, votes], i) => ({ weight: Rational.of(votes), ranking: [[i]] })),
    },
    { seed: '1' },
  );
  assert.equal(
    summarise(report),
    'Dar topped the ballot, followed by Lansman and Garnham; Izzard was fourth.',
  );
});
