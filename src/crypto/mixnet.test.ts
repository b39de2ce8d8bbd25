import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { makeElection } from './election.ts';
import { groupByName } from './groups.ts';
import { nhCiphertexts, readShuffle, shuffle, shuffleProblem, writeShuffle } from './mixnet.ts';
import type { Ciphertext } from './proofs.ts';
import { randomBelow, seededRandom } from './random.ts';
import { randomPermutation } from './shuffle-proof.ts';
import { generateTrusteeKey } from './trustees.ts';

describe('shuffles (spec 2.0 §4.17, §6)', () => {
  const group = groupByName('RFC-3526-2048');
  const random = seededRandom('mixnet unit');
  const key = generateTrusteeKey(group, random);
  const election = makeElection(
    {
      name: 'Mixnet',
      description: 'Mixnet',
      questions: [{ type: 'non-homomorphic', question: 'Rank', answers: ['A', 'B', 'C'] }],
    },
    group,
    key.publicKey.publicKey,
    'MixnetUnitTest1',
  );
  const y = election.publicKey;
  const rankings = [
    [1, 2, 3],
    [3, 1, 2],
    [2, 0, 1],
  ];
  const input: Ciphertext<unknown>[][] = [
    rankings.map((r) => {
      const k = randomBelow(group.q, random);
      return {
        alpha: group.powG(k),
        beta: group.mul(group.pow(y, k), group.embedding!.encode(r)),
      };
    }),
  ];
  const shuffled = shuffle(election, input, random);
  const decrypt = (c: Ciphertext<unknown>) =>
    group.embedding!.decode(group.div(c.beta, group.pow(c.alpha, key.privateKey)), 3);

  test('re-encrypts a permutation of the same ballots, with a proof that verifies', () => {
    assert.equal(shuffleProblem(election, input, shuffled), undefined);
    const out = shuffled.ciphertexts[0]!;
    assert.ok(out.every((c) => !input[0]!.some((e) => group.equals(e.alpha, c.alpha))));
    const sort = (xs: number[][]) => xs.map((x) => JSON.stringify(x)).sort();
    assert.deepEqual(sort(out.map(decrypt)), sort(rankings));
  });

  test('survives writing and reading in the JSON of belenios-tool', () => {
    const again = readShuffle(group, writeShuffle(group, shuffled));
    assert.equal(writeShuffle(group, again), writeShuffle(group, shuffled));
    assert.equal(shuffleProblem(election, input, again), undefined);
  });

  test('refuses a shuffle of other ciphertexts than the input', () => {
    const other = shuffle(election, input, random);
    const mixed = { ...shuffled, ciphertexts: other.ciphertexts };
    assert.match(shuffleProblem(election, input, mixed) ?? '', /proof of shuffle fails/);
  });

  test('refuses a proof with one broken link of the commitment chain, naming the link', () => {
    // ŝ_2 is a response, outside the challenge's hash: only equation t̂2 breaks, and
    // the batched check of every link must notice it.
    const proof = shuffled.proofs[0]!;
    const sHat = proof.s.sHat.map((x, i) => (i === 1 ? (x + 1n) % group.q : x));
    const broken = { ...shuffled, proofs: [{ ...proof, s: { ...proof.s, sHat } }] };
    assert.equal(
      shuffleProblem(election, input, broken),
      'question 1: the proof of shuffle fails at t̂2 (link 2 of the commitment chain)',
    );
  });

  test('the batched check notices each equation that fails alone, and names it', () => {
    // Responses are outside the challenge's hash. s3 enters t3 only; s4 enters t41 and
    // t42 only: each must be caught although the batch raises them to random powers.
    const proof = shuffled.proofs[0]!;
    const edited = (s: Partial<typeof proof.s>) => ({
      ...shuffled,
      proofs: [{ ...proof, s: { ...proof.s, ...s } }],
    });
    assert.equal(
      shuffleProblem(election, input, edited({ s3: (proof.s.s3 + 1n) % group.q })),
      'question 1: the proof of shuffle fails at t3 (the challenges are permuted as the commitments say)',
    );
    assert.equal(
      shuffleProblem(election, input, edited({ s4: (proof.s.s4 + 1n) % group.q })),
      'question 1: the proof of shuffle fails at t4 (the output re-encrypts the permuted input)',
    );
  });

  test('refuses a dropped or duplicated ballot, saying which', () => {
    const [a, b, c] = shuffled.ciphertexts[0]!;
    const dropped = { ...shuffled, ciphertexts: [[a!, b!]] };
    assert.match(
      shuffleProblem(election, input, dropped) ?? '',
      /2 ciphertexts came out of 3 \(a ballot was dropped\)/,
    );
    const copied = { ...shuffled, ciphertexts: [[a!, b!, a!]] };
    assert.match(
      shuffleProblem(election, input, copied) ?? '',
      /ciphertext 3 is a copy of ciphertext 1/,
    );
    assert.ok(c);
  });

  test('refuses a proof element outside the group when reading', () => {
    // 0 is in no multiplicative group: t1 must be refused before any arithmetic.
    const text = writeShuffle(group, shuffled).replace(
      /"proofs":\[\[\["[0-9]+"/,
      '"proofs":[[["0"',
    );
    assert.throws(() => readShuffle(group, text), /shuffles: .*proofs\[0\]\[0\]\[0\]/);
  });

  test('nhCiphertexts takes the ranked questions only', () => {
    assert.deepEqual(nhCiphertexts(election, input), input);
  });

  test('permutations are uniform enough: every order of three appears', () => {
    const seen = new Set<string>();
    const r = seededRandom('permutations');
    for (let i = 0; i < 60; i++) seen.add(randomPermutation(3, r).join(''));
    assert.equal(seen.size, 6);
  });
});
