/**
 * Interoperability of the mixnet (spec 2.0 §3.4, §4.17, §6) with belenios-tool
 * 2.0, both ways: our STV election verifies with belenios-tool, which
 * recomputes our result; its ranked election verifies with our verifier, and
 * shuffles that drop, duplicate or change a ballot are refused naming the check.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { randomRanking, rankedTemplate, runDemo } from './demo.ts';
import { groupByName } from './groups.ts';
import { seededRandom } from './random.ts';
import {
  belenios,
  beleniosDecryptAndResult,
  beleniosShuffles,
  beleniosTool,
  beleniosUntilTally,
  rewrite,
} from './testing.ts';
import { type Verification, verifyArchive } from './verify.ts';

const available = beleniosTool();
const skip = available === true ? false : available;
const scratch = mkdtempSync(join(tmpdir(), 'grassroots-mixnet-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const GROUP = ['--group', 'RFC-3526-2048'];
const RANKED = {
  description: 'Mixnet interop',
  name: 'Mixnet interop',
  questions: [
    { type: 'NonHomomorphic', value: { answers: ['A', 'B', 'C', 'D'], question: 'Rank them' } },
  ],
};
const VOTES = ['[[1,2,3,4]]', '[[4,3,2,1]]', '[[2,1,0,0]]', '[[0,0,1,2]]'];

/** A ranked election run by belenios-tool's own commands, as its demo-stv.sh does. */
function beleniosRankedElection(dir: string): Uint8Array {
  const uuid = beleniosUntilTally(dir, { group: GROUP, questions: RANKED, votes: VOTES });
  beleniosShuffles(dir, 2);
  beleniosDecryptAndResult(dir);
  return readFileSync(join(dir, `${uuid}.bel`));
}

function failed(v: Verification): string[] {
  return v.checks.filter((c) => !c.ok).map((c) => c.name);
}

function detail(v: Verification, name: string): string {
  return v.checks.find((c) => c.name === name)?.detail ?? '';
}

/** Sorted JSON texts of the rankings, to compare lists of ballots as multisets. */
function multiset(rankings: readonly (readonly number[])[]): string[] {
  return rankings.map((r) => JSON.stringify(r)).sort();
}

type ShuffleJson = { ciphertexts: { alpha: string; beta: string }[][]; proofs: unknown[] };

/** Rewrites the first shuffle of an archive (hashes fixed), as a cheating trustee or server could. */
function tamperFirstShuffle(archive: Uint8Array, edit: (s: ShuffleJson) => void): Uint8Array {
  let done = false;
  return rewrite(archive, (e) => {
    if (done || e.kind !== 'data' || !e.text.startsWith('{"ciphertexts"')) return e;
    done = true;
    const s = JSON.parse(e.text) as ShuffleJson;
    edit(s);
    return { ...e, text: JSON.stringify(s) };
  });
}

describe('mixnet interop with belenios-tool', { skip }, () => {
  test('an STV election run by grassroots (two shuffles) is accepted by belenios-tool election verify, which recomputes our result', () => {
    const dir = mkdtempSync(join(scratch, 'ours-'));
    const demo = runDemo({
      group: groupByName('RFC-3526-2048'),
      voters: 4,
      trustees: 2,
      template: rankedTemplate(['Ada', 'Bea', 'Cai', 'Dev', 'Eli'], 2),
      vote: randomRanking,
      random: seededRandom('mixnet interop ours'),
      timestamp: 1700000000,
    });
    const v = verifyArchive(demo.archive);
    assert.deepEqual(failed(v), [], JSON.stringify(v.checks));
    assert.match(detail(v, 'shuffles'), /^2 shuffles by trustees 1, 2, every proof valid/);
    writeFileSync(join(dir, `${demo.uuid}.bel`), demo.archive);
    belenios(dir, ['election', 'verify', '--dir', dir]);
    const theirs = JSON.parse(belenios(dir, ['election', 'compute-result', '--dir', dir])) as {
      result: unknown;
    };
    assert.deepEqual(theirs.result, demo.result);
    const decoded = demo.result[0] as number[][];
    assert.deepEqual(multiset(decoded), multiset(demo.plaintexts.map((p) => p[0]!)));
  });

  describe('a ranked election run by belenios-tool (election shuffle, decrypt, compute-result)', () => {
    const dir = mkdtempSync(join(scratch, 'theirs-'));
    let archive: Uint8Array = new Uint8Array();

    test('verifies with our verifier, shuffles included, and gives the ballots cast', () => {
      archive = beleniosRankedElection(dir);
      const v = verifyArchive(archive);
      assert.deepEqual(failed(v), [], JSON.stringify(v.checks));
      assert.match(
        detail(v, 'shuffles'),
        /^2 shuffles by trustees 1, 2, every proof valid \(4 ciphertexts\)/,
      );
      const result = JSON.parse(detail(v, 'result').replace(/^.*: /, '')) as number[][][];
      assert.deepEqual(
        multiset(result[0]!),
        multiset(VOTES.map((t) => (JSON.parse(t) as number[][])[0]!)),
      );
    });

    test('with a shuffle that drops a ballot is refused by the shuffles check', () => {
      const v = verifyArchive(tamperFirstShuffle(archive, (s) => s.ciphertexts[0]!.pop()));
      assert.deepEqual(failed(v)[0], 'shuffles');
      assert.match(
        detail(v, 'shuffles'),
        /shuffle 1 \(by trustee 1\): question 1: 3 ciphertexts came out of 4 \(a ballot was dropped\)/,
      );
    });

    test('with a shuffle that duplicates a ballot is refused by the shuffles check', () => {
      const v = verifyArchive(
        tamperFirstShuffle(archive, (s) => {
          s.ciphertexts[0]![1] = s.ciphertexts[0]![0]!;
        }),
      );
      assert.deepEqual(failed(v)[0], 'shuffles');
      assert.match(
        detail(v, 'shuffles'),
        /ciphertext 2 is a copy of ciphertext 1 \(a ballot was duplicated\)/,
      );
    });

    test('with a shuffle that changes a ciphertext is refused by the shuffles check', () => {
      const g = groupByName('RFC-3526-2048');
      const v = verifyArchive(
        tamperFirstShuffle(archive, (s) => {
          const c = s.ciphertexts[0]![2]!;
          c.beta = g.toString(g.mul(g.parse(c.beta, 'beta'), g.g));
        }),
      );
      assert.deepEqual(failed(v), ['shuffles', 'partial decryptions', 'result']);
      assert.match(
        detail(v, 'shuffles'),
        /shuffle 1 \(by trustee 1\): question 1: the proof of shuffle fails at .*t4/,
      );
    });

    test('with a shuffle that alters the alpha of another ciphertext is refused by the shuffles check', () => {
      // Any change to what comes out, not only to beta, breaks the proof.
      const g = groupByName('RFC-3526-2048');
      const v = verifyArchive(
        tamperFirstShuffle(archive, (s) => {
          const c = s.ciphertexts[0]![0]!;
          c.alpha = g.toString(g.mul(g.parse(c.alpha, 'alpha'), g.g));
        }),
      );
      assert.equal(failed(v)[0], 'shuffles');
      assert.match(detail(v, 'shuffles'), /the proof of shuffle fails/);
    });
  });
});
