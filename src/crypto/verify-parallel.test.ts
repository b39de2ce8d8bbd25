import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { readArchive } from './archive.ts';
import { randomRanking, rankedTemplate, runDemo } from './demo.ts';
import { readElection } from './election.ts';
import { RFC_3526_2048 } from './ff-parameters.ts';
import { groupByName } from './groups.ts';
import { shuffle, shuffleOf, shuffleProblem, shuffleProblemOf } from './mixnet.ts';
import { seededRandom } from './random.ts';
import { rewrite } from './testing.ts';
import { verifyArchive } from './verify.ts';
import { verifyArchiveInParallel } from './verify-parallel.ts';
import { VerifyPool } from './verify-pool.ts';

describe('the mixnet on worker threads', () => {
  const demo = runDemo({
    group: groupByName('RFC-3526-2048'),
    voters: 6,
    trustees: 2,
    template: rankedTemplate(['Ada', 'Bea', 'Cai', 'Dev'], 2),
    vote: randomRanking,
    random: seededRandom('verify parallel test'),
    timestamp: 1700000000,
  });
  const archive = readArchive(demo.archive);
  const setup = JSON.parse(archive.data.get(archive.events[0]!.payload!)!) as { election: string };
  const election = readElection(archive.data.get(setup.election)!);
  const group = election.group;
  const input = [
    Array.from({ length: 5 }, (_, i) => ({
      alpha: group.powG(BigInt(i + 2)),
      beta: group.powG(BigInt(3 * i + 7)),
    })),
  ];
  const pool = new VerifyPool(2);
  after(() => pool.close());
  /** The data file of the first Shuffle event, rewritten by `change`. */
  const tamperShuffle = (
    change: (shuffle: {
      ciphertexts: { alpha: string; beta: string }[][];
      proofs: unknown[];
    }) => void,
  ) => {
    const first = archive.events.find((e) => e.type === 'Shuffle')!;
    const owned = JSON.parse(archive.data.get(first.payload!)!) as { payload: string };
    const text = archive.data.get(owned.payload)!;
    return rewrite(demo.archive, (e) => {
      if (e.kind !== 'data' || e.text !== text) return e;
      const shuffle = JSON.parse(text);
      change(shuffle);
      return { ...e, text: JSON.stringify(shuffle) };
    });
  };

  test('a shuffle proved on the threads verifies here, and the threads verify one proved here', async () => {
    const threaded = await pool.runSteps(group, shuffleOf(election, input, seededRandom('a')));
    assert.equal(shuffleProblem(election, input, threaded), undefined);
    const here = shuffle(election, input, seededRandom('b'));
    assert.equal(await pool.runSteps(group, shuffleProblemOf(election, input, here)), undefined);
    // The threads find a broken proof too.
    here.proofs[0]!.s.s3 += 1n;
    assert.match(
      (await pool.runSteps(group, shuffleProblemOf(election, input, here))) ?? '',
      /fails at t3/,
    );
  });

  test('verifies a mixnet archive with the same report as verifyArchive', async () => {
    const parallel = await verifyArchiveInParallel(demo.archive, pool);
    assert.ok(parallel.ok, JSON.stringify(parallel.checks));
    assert.deepEqual(parallel, verifyArchive(demo.archive));
  });

  test('refuses a shuffle with a broken proof, naming the equation, as verifyArchive does', async () => {
    const tampered = tamperShuffle((s) => {
      const proof = s.proofs[0] as string[][];
      proof[1]![2] = String(BigInt(proof[1]![2]!) + 1n);
    });
    const parallel = await verifyArchiveInParallel(tampered, pool);
    const failed = parallel.checks.find((c) => !c.ok);
    assert.equal(failed?.name, 'shuffles');
    assert.match(failed?.detail ?? '', /fails at t3/);
    assert.deepEqual(parallel.checks, verifyArchive(tampered).checks);
  });

  test('refuses a shuffled ciphertext outside the group, as verifyArchive does', async () => {
    // p − x is a non-residue modulo the safe prime p whenever x is a residue.
    const tampered = tamperShuffle((s) => {
      const c = s.ciphertexts[0]![1]!;
      c.alpha = String(RFC_3526_2048.p - BigInt(c.alpha));
    });
    const parallel = await verifyArchiveInParallel(tampered, pool);
    const failed = parallel.checks.find((c) => !c.ok);
    assert.equal(failed?.name, 'shuffles');
    assert.match(failed?.detail ?? '', /not an element of the group/);
    assert.deepEqual(parallel.checks, verifyArchive(tampered).checks);
  });
});
