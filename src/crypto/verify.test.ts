import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { approvalTemplate, randomApproval, runDemo } from './demo.ts';
import { groupByName } from './groups.ts';
import { seededRandom } from './random.ts';
import { rewrite } from './testing.ts';
import { verifyArchive } from './verify.ts';

describe('the verifier on an election run by grassroots in Ed25519', () => {
  const demo = runDemo({
    group: groupByName('Ed25519'),
    voters: 4,
    trustees: 3,
    template: approvalTemplate(['Ada', 'Bea', 'Cai'], 2),
    vote: randomApproval,
    random: seededRandom('verify test'),
    timestamp: 1700000000,
  });

  test('passes every check and finds the sum of the plaintexts', () => {
    const v = verifyArchive(demo.archive);
    assert.ok(v.ok, JSON.stringify(v.checks));
    const sums = demo.result[0]!.map((_, j) => demo.plaintexts.reduce((s, p) => s + p[0]![j]!, 0));
    assert.deepEqual(demo.result[0], sums);
  });

  test('refuses an archive whose last ballot was dropped, in the encrypted tally check', () => {
    let ballots = 0;
    const tampered = rewrite(demo.archive, (e) =>
      e.type === 'Ballot' && ++ballots === 4 ? undefined : e,
    );
    const failed = verifyArchive(tampered).checks.filter((c) => !c.ok);
    assert.equal(failed[0]?.name, 'encrypted tally');
  });

  test('refuses a broken hash chain, naming the check', () => {
    const bytes = new Uint8Array(demo.archive);
    // Change one byte inside the first data file: its name no longer matches its hash.
    bytes[512 + 600] = bytes[512 + 600]! ^ 1;
    const v = verifyArchive(bytes);
    assert.equal(v.checks[0]!.name, 'archive format and event chain');
    assert.equal(v.checks[0]!.ok, false);
  });
});
