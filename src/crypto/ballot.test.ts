import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ballotTracker, createBallot, verifyBallot } from './ballot.ts';
import { generateCredential, normaliseCredential } from './credential.ts';
import { makeElection } from './election.ts';
import { groupByName } from './groups.ts';
import { seededRandom } from './random.ts';
import { generateTrusteeKey, verifyTrusteeKey } from './trustees.ts';

for (const name of ['BELENIOS-2048', 'Ed25519']) {
  describe(`ballots in ${name}`, () => {
    const group = groupByName(name);
    const random = seededRandom(`ballots ${name}`);
    const key = generateTrusteeKey(group, random);
    const election = makeElection(
      {
        name: 'Test',
        description: 'Test',
        questions: [
          {
            type: 'homomorphic',
            question: 'Pick 1 to 2',
            answers: ['A', 'B', 'C'],
            blank: false,
            min: 1,
            max: 2,
          },
          {
            type: 'homomorphic',
            question: 'Or blank',
            answers: ['X', 'Y'],
            blank: true,
            min: 1,
            max: 1,
          },
        ],
      },
      group,
      key.publicKey.publicKey,
      'TestBa11otsABCD',
    );
    const credential = generateCredential(random);

    test('a trustee key carries a valid proof of knowledge', () => {
      assert.ok(verifyTrusteeKey(group, key.publicKey));
      assert.ok(!verifyTrusteeKey(group, { ...key.publicKey, publicKey: group.g }));
    });

    test('a well-formed ballot verifies, blank or not', () => {
      for (const plain of [
        [
          [1, 0, 1],
          [0, 0, 1],
        ],
        [
          [0, 1, 0],
          [1, 0, 0],
        ],
      ]) {
        const json = createBallot(election, credential, plain, random);
        assert.doesNotThrow(() => verifyBallot(election, json));
        assert.equal(ballotTracker(json).length, 43);
      }
    });

    test('a ballot choosing too many answers cannot be made', () => {
      assert.throws(
        () =>
          createBallot(
            election,
            credential,
            [
              [1, 1, 1],
              [0, 1, 0],
            ],
            random,
          ),
        /between 1 and 2/,
      );
    });

    test('a ballot for another election is refused', () => {
      const json = createBallot(
        election,
        credential,
        [
          [1, 0, 0],
          [0, 1, 0],
        ],
        random,
      );
      const other = json.replace(election.fingerprint, 'x'.repeat(43));
      assert.throws(() => verifyBallot(election, other), /another election/);
    });
  });
}

test('credentials carry a checksum that catches typing errors', () => {
  const credential = generateCredential(seededRandom('cred'));
  assert.match(credential, /^[1-9A-HJ-NP-Za-km-z]{3}(-[1-9A-HJ-NP-Za-km-z]{3}){4}$/);
  assert.equal(normaliseCredential(credential).length, 15);
  const typo = credential.slice(0, 2) + (credential[2] === 'a' ? 'b' : 'a') + credential.slice(3);
  assert.throws(() => normaliseCredential(typo), /checksum/);
});
