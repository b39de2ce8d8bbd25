/**
 * Interoperability with belenios-tool 2.0 (issue 6), both ways: its elections
 * verify with our verifier and tampered copies are refused naming the check;
 * its ballots are accepted by our ballot box; our elections verify with it and
 * it recomputes our result.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { ArchiveWriter } from './archive.ts';
import { BallotBox } from './ballot-box.ts';
import { generateCredential, publicCredential } from './credential.ts';
import { readPublicCredentials, writePublicCredentials } from './credentials-list.ts';
import { approvalTemplate, randomApproval, runDemo } from './demo.ts';
import { makeElection } from './election.ts';
import { groupByName } from './groups.ts';
import { seededRandom } from './random.ts';
import {
  belenios,
  beleniosDecryptAndResult,
  beleniosTool,
  beleniosUntilTally,
  rewrite,
} from './testing.ts';
import {
  electionPublicKey,
  generateTrusteeKey,
  type TrusteeKind,
  writeTrustees,
} from './trustees.ts';
import { type Verification, verifyArchive } from './verify.ts';

const available = beleniosTool();
const skip = available === true ? false : available;
const scratch = mkdtempSync(join(tmpdir(), 'grassroots-interop-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

const QUESTIONS = {
  description: 'Interop',
  name: 'Interop',
  questions: [
    { answers: ['A', 'B'], min: 0, max: 1, question: 'Q1?' },
    { answers: ['X', 'Y', 'Z'], blank: true, min: 1, max: 2, question: 'Q2?' },
  ],
};
const VOTES = ['[[1,0],[0,1,1,0]]', '[[0,0],[1,0,0,0]]', '[[0,1],[0,0,1,0]]'];

/** A whole election run by belenios-tool, as its demo script does. */
function beleniosElection(dir: string): Uint8Array {
  const uuid = beleniosUntilTally(dir, {
    group: ['--group', 'BELENIOS-2048'],
    questions: QUESTIONS,
    votes: VOTES,
  });
  beleniosDecryptAndResult(dir);
  return readFileSync(join(dir, `${uuid}.bel`));
}

function failed(v: Verification): string[] {
  return v.checks.filter((c) => !c.ok).map((c) => c.name);
}

/** Replaces the first decimal string value of `key` in a JSON text by `f(value)`. */
function alter(text: string, key: string, f: (x: bigint) => bigint): string {
  return text.replace(
    new RegExp(`"${key}":"([0-9]+)"`),
    (_, x: string) => `"${key}":"${f(BigInt(x))}"`,
  );
}

describe('interop with belenios-tool', { skip }, () => {
  describe('an election run by belenios-tool', () => {
    const dir = mkdtempSync(join(scratch, 'a-'));
    let archive: Uint8Array = new Uint8Array();

    test('verifies with our verifier, every check passing', () => {
      archive = beleniosElection(dir);
      const v = verifyArchive(archive);
      assert.deepEqual(failed(v), [], JSON.stringify(v.checks));
      assert.match(v.checks.at(-1)!.detail, /\[\[1,1\],\[1,1,2,0\]\]/);
    });

    const changeBallot = (f: (x: bigint) => bigint) => {
      let done = false;
      return rewrite(archive, (e) => {
        if (done || e.kind !== 'data' || !e.text.includes('"election_uuid"')) return e;
        done = true;
        return { ...e, text: alter(e.text, 'alpha', f) };
      });
    };

    test('with a changed ciphertext is refused by the ballots check', () => {
      const g = groupByName('BELENIOS-2048');
      const v = verifyArchive(changeBallot((x) => g.mul(x, g.g) as bigint));
      assert.deepEqual(failed(v).slice(0, 1), ['ballots']);
      assert.match(
        v.checks.find((c) => c.name === 'ballots')!.detail,
        /ballot 1 .*the signed hash is not the hash of the ballot/,
      );
    });

    test('with a ciphertext outside the group is refused by the ballots check', () => {
      const v = verifyArchive(changeBallot((x) => x + 1n));
      assert.deepEqual(failed(v).slice(0, 1), ['ballots']);
      assert.match(
        v.checks.find((c) => c.name === 'ballots')!.detail,
        /ballot 1 .*not an element of the group/,
      );
    });

    test('with a dropped ballot is refused by the encrypted tally check', () => {
      let ballots = 0;
      const tampered = rewrite(archive, (e) =>
        e.type === 'Ballot' && ++ballots === 2 ? undefined : e,
      );
      assert.deepEqual(failed(verifyArchive(tampered)).slice(0, 1), ['encrypted tally']);
    });

    test('with a forged partial decryption is refused by the partial decryptions check', () => {
      let done = false;
      const tampered = rewrite(archive, (e) => {
        if (done || !e.text.startsWith('{"decryption_factors"')) return e;
        done = true;
        const text = e.text.replace(/"decryption_factors":\[\["([0-9]+)"/, (_, x: string) => {
          const g = groupByName('BELENIOS-2048');
          return `"decryption_factors":[["${g.toString(g.mul(g.parse(x, 'x'), g.g))}"`;
        });
        return { ...e, text };
      });
      assert.deepEqual(failed(verifyArchive(tampered)), ['partial decryptions', 'result']);
    });

    test('with a changed result is refused by the result check', () => {
      const tampered = rewrite(archive, (e) =>
        e.text === '{"result":[[1,1],[1,1,2,0]]}'
          ? { ...e, text: '{"result":[[1,1],[1,2,1,0]]}' }
          : e,
      );
      assert.deepEqual(failed(verifyArchive(tampered)), ['result']);
    });
  });

  describe('ballots made by belenios-tool for an election we created', () => {
    const dir = mkdtempSync(join(scratch, 'b-'));
    const group = groupByName('BELENIOS-2048');
    const random = seededRandom('interop b');
    const keys = [generateTrusteeKey(group, random), generateTrusteeKey(group, random)];
    const trustees: TrusteeKind[] = keys.map((k) => ({ kind: 'Single', key: k.publicKey }));
    const uuid = 'GrassrootsB1234';
    const template = approvalTemplate(['Ada', 'Bea', 'Cai', 'Dev'], 2);
    template.questions.push({
      type: 'homomorphic',
      question: 'Blank?',
      answers: ['Yes', 'No'],
      blank: true,
      min: 1,
      max: 1,
    });
    const election = makeElection(template, group, electionPublicKey(group, trustees), uuid);
    const creds = [generateCredential(random), generateCredential(random)];
    const listed = writePublicCredentials(
      group,
      creds.map((c) => publicCredential(group, c, uuid)),
    );
    const writer = new ArchiveWriter(1700000000);
    const setup = {
      election: writer.addData(election.json),
      trustees: writer.addData(writeTrustees(group, trustees)),
      credentials: writer.addData(listed),
    };
    writer.addEvent('Setup', writer.addData(JSON.stringify(setup)));
    writeFileSync(join(dir, `${uuid}.bel`), writer.bytes());
    const box = new BallotBox(election, readPublicCredentials(group, listed));
    const generate = (credential: string, vote: string) => {
      writeFileSync(join(dir, 'cred'), credential);
      writeFileSync(join(dir, 'vote'), vote);
      return belenios(dir, [
        'election',
        'generate-ballot',
        '--privcred',
        'cred',
        '--ballot',
        'vote',
      ]).trim();
    };
    let ballot = '';

    test('are accepted by our ballot box', () => {
      ballot = generate(creds[0]!, '[[1,0,1,0],[0,1,0]]');
      assert.match(box.cast(ballot), /^[A-Za-z0-9+/]{43}$/);
      box.cast(generate(creds[1]!, '[[0,0,0,0],[1,0,0]]'));
      assert.equal(box.accepted.length, 2);
    });

    test('with one bit changed in a proof is refused', () => {
      const changed = alter(ballot, 'response', (x) => x ^ 1n);
      assert.notEqual(changed, ballot);
      assert.throws(() => box.cast(changed), /proof|signature|hash/);
    });

    test('replayed is refused', () => {
      assert.throws(() => box.cast(ballot), /already cast \(replay\)/);
    });

    test('under a credential that is not on the list is refused', () => {
      const stranger = generate(generateCredential(random), '[[1,0,0,0],[0,1,0]]');
      assert.throws(() => box.cast(stranger), /not on the list/);
    });

    test('with another voter’s credential substituted is refused', () => {
      const other = JSON.parse(box.accepted[1]!.json).credential as string;
      const swapped = ballot.replace(/"credential":"[0-9]+"/, `"credential":"${other}"`);
      assert.throws(() => box.cast(swapped), /hash|signature/);
    });
  });

  describe('an election run by grassroots', () => {
    for (const name of ['BELENIOS-2048', 'RFC-3526-2048']) {
      test(`in ${name} is accepted by belenios-tool election verify, which recomputes our result`, () => {
        const dir = mkdtempSync(join(scratch, 'c-'));
        const demo = runDemo({
          group: groupByName(name),
          voters: 3,
          trustees: 2,
          template: approvalTemplate(['Ada', 'Bea', 'Cai', 'Dev'], 3),
          vote: randomApproval,
          random: seededRandom(`interop c ${name}`),
          timestamp: 1700000000,
        });
        writeFileSync(join(dir, `${demo.uuid}.bel`), demo.archive);
        belenios(dir, ['election', 'verify', '--dir', dir]);
        const theirs = JSON.parse(belenios(dir, ['election', 'compute-result', '--dir', dir])) as {
          result: unknown;
        };
        assert.deepEqual(theirs.result, demo.result);
        const sums = demo.result[0]!.map((_, j) =>
          demo.plaintexts.reduce((s, p) => s + p[0]![j]!, 0),
        );
        assert.deepEqual(demo.result[0], sums);
      });
    }
  });
});
