import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { readArchive } from './archive.ts';
import { readBallot, verifyBallot } from './ballot.ts';
import { approvalTemplate, randomApproval, runDemo } from './demo.ts';
import { readElection } from './election.ts';
import { CryptoError } from './errors.ts';
import { groupByName } from './groups.ts';
import { seededRandom } from './random.ts';
import { encryptedTally, partialDecryptionProblem } from './tally.ts';
import { rewrite } from './testing.ts';
import { verifyArchive } from './verify.ts';
import { verifyArchiveInParallel } from './verify-parallel.ts';
import { problemOf, problemsOf, VerifyPool, verifyBallots } from './verify-pool.ts';

/** An approval election run by the demo, with its election and its ballots as cast. */
function demoElection(group: string, voters: number, trustees: number, seed: string) {
  const demo = runDemo({
    group: groupByName(group),
    voters,
    trustees,
    template: approvalTemplate(['Ada', 'Bea', 'Cai'], 2),
    vote: randomApproval,
    random: seededRandom(seed),
    timestamp: 1700000000,
  });
  const archive = readArchive(demo.archive);
  const setup = JSON.parse(archive.data.get(archive.events[0]!.payload!)!) as { election: string };
  const election = readElection(archive.data.get(setup.election)!);
  const ballots = archive.events
    .filter((e) => e.type === 'Ballot')
    .map((e) => archive.data.get(e.payload!)!);
  return { demo, election, ballots };
}

describe('ballot verification on worker threads', () => {
  const { demo, election, ballots } = demoElection('Ed25519', 5, 2, 'verify pool test');
  // One response changed: the ballot still parses, its proof no longer holds.
  const forged = ballots[2]!.replace(
    /"response":"([0-9])/,
    (_, d: string) => `"response":"${(Number(d) + 1) % 10}`,
  );
  const pool = new VerifyPool(2);
  after(() => pool.close());

  test('says what verifyBallot says of each ballot, in order', async () => {
    const jsons = [...ballots, forged, '{"not":"a ballot"}'];
    const problems = await pool.problems(election, jsons);
    const serial = jsons.map((json) => {
      try {
        verifyBallot(election, json);
        return undefined;
      } catch (error) {
        assert.ok(error instanceof CryptoError);
        return error.message.replace(/^ballot: /, '');
      }
    });
    assert.deepEqual(problems, serial);
    assert.deepEqual(problems.slice(0, 5), [undefined, undefined, undefined, undefined, undefined]);
    assert.ok(problems[5]);
    assert.match(problems[6] ?? '', /answers/);
  });

  test('makes partial decryptions whose every proof holds, in the shape of the tally', async () => {
    const tally = encryptedTally(
      election,
      ballots.map((b) => ({ ballot: readBallot(election, b), weight: 1n })),
    );
    const key = demo.trusteePrivateKeys[0]!;
    const X = election.group.powG(key);
    const pd = await pool.partialDecrypt(election, tally, key);
    assert.deepEqual(
      pd.factors.map((r) => r.length),
      tally.map((r) => r.length),
    );
    assert.equal(partialDecryptionProblem(election, tally, X, pd), undefined);
    const wrong = await pool.partialDecrypt(election, tally, key + 1n);
    assert.match(
      partialDecryptionProblem(election, tally, X, wrong) ?? '',
      /proof of decryption fails/,
    );
  });

  test('verifyBallots starts and ends its own threads', async () => {
    const problems = await verifyBallots(election, [ballots[0]!, forged], 2);
    assert.equal(problems[0], undefined);
    assert.ok(problems[1]);
  });

  test('verifies an archive with the same report as verifyArchive', async () => {
    const parallel = await verifyArchiveInParallel(demo.archive, pool);
    assert.ok(parallel.ok, JSON.stringify(parallel.checks));
    assert.deepEqual(parallel, verifyArchive(demo.archive));
  });

  test('refuses an archive with a forged ballot, in the ballots check, as verifyArchive does', async () => {
    const tampered = rewrite(demo.archive, (e) =>
      e.kind === 'data' && e.text === ballots[2] ? { ...e, text: forged } : e,
    );
    const parallel = await verifyArchiveInParallel(tampered, pool);
    assert.equal(parallel.ok, false);
    assert.equal(parallel.checks.find((c) => !c.ok)?.name, 'ballots');
    assert.deepEqual(parallel.checks, verifyArchive(tampered).checks);
  });

  test('refuses a forged partial decryption, as verifyArchive does', async () => {
    const g = election.group;
    let done = false;
    const tampered = rewrite(demo.archive, (e) => {
      if (done || !e.text.startsWith('{"decryption_factors"')) return e;
      done = true;
      const text = e.text.replace(/"decryption_factors":\[\["([0-9a-f]+)"/, (_, x: string) => {
        return `"decryption_factors":[["${g.toString(g.mul(g.parse(x, 'x'), g.g))}"`;
      });
      return { ...e, text };
    });
    assert.ok(done);
    const parallel = await verifyArchiveInParallel(tampered, pool);
    assert.deepEqual(
      parallel.checks.filter((c) => !c.ok).map((c) => c.name),
      ['partial decryptions', 'result'],
    );
    assert.deepEqual(parallel.checks, verifyArchive(tampered).checks);
  });
});

describe('ballots checked in a batch (problemsOf)', () => {
  // A finite-field group, whose membership checks go in batches of 64 elements or more.
  const { election, ballots } = demoElection('RFC-3526-2048', 12, 1, 'problems in a batch');
  const p = (election.group as { q: bigint }).q * 2n + 1n;

  test('finds an element outside the group in one ballot of many, in the words of problemOf', () => {
    // p − x is a non-residue for every residue x (p ≡ 3 mod 4): outside the group,
    // yet in range, so only the membership check can refuse it.
    const outside = ballots[7]!.replace(
      /"alpha":"([0-9]+)"/,
      (_, x: string) => `"alpha":"${p - BigInt(x)}"`,
    );
    assert.notEqual(outside, ballots[7]);
    const jsons = ballots.map((b, i) => (i === 7 ? outside : b));
    const problems = problemsOf(election, jsons);
    assert.deepEqual(
      problems,
      jsons.map((j) => problemOf(election, j)),
    );
    assert.match(problems[7] ?? '', /not an element of the group/);
    assert.equal(problems.filter((x) => x !== undefined).length, 1);
    assert.deepEqual(
      problemsOf(election, ballots),
      ballots.map(() => undefined),
    );
  });
});
