import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { parseBlt } from '../formats/blt.ts';
import { countBlockVoteRanked } from './block-vote-ranked.ts';

/**
 * stv-rs's plurality block voting transcripts (test/fixtures/stv-rs): every
 * candidate's votes to 9 decimal places, and who is elected.
 */
const dir = new URL('../test/fixtures/stv-rs/', import.meta.url);

describe('block-vote-ranked matches the stv-rs transcripts', () => {
  const logs = readdirSync(dir).filter((x) => x.endsWith('.block.fixed9.log'));
  test('the suite has its 4 cases', () => assert.equal(logs.length, 4));
  for (const log of logs) {
    const name = log.slice(0, -'.block.fixed9.log'.length);
    test(name, () => {
      const election = parseBlt(readFileSync(new URL(`${name}.blt`, dir), 'utf8'), `${name}.blt`);
      const report = countBlockVoteRanked(election, { seed: '0' });
      const text = readFileSync(new URL(log, dir), 'utf8');
      const listed = [...text.matchAll(/^\t(Elected|Defeated): +(.*) \((\d+\.\d+)\)$/gm)];
      assert.ok(listed.length > 0);
      for (const [, state, candidate, votes] of listed) {
        const c = election.candidates.findIndex((x) => x.name === candidate);
        assert.equal(report.rounds[0]!.tallies[c], votes, candidate);
        assert.equal(report.elected.includes(c), state === 'Elected', `${candidate} ${state}`);
      }
    });
  }
});
