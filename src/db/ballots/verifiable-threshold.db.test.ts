import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { Refusal } from '../../core/refusal.ts';
import { createBallot } from '../../crypto/ballot.ts';
import { readElection } from '../../crypto/election.ts';
import { groupByName } from '../../crypto/groups.ts';
import { shuffle, writeShuffle } from '../../crypto/mixnet.ts';
import {
  deriveKeys,
  generateSeed,
  makeCertificate,
  makePolynomial,
  makeVoutput,
  readCertificates,
  readShare,
  type ThresholdKeys,
} from '../../crypto/pedersen.ts';
import { seededRandom } from '../../crypto/random.ts';
import { partialDecrypt, readEncryptedTally, writePartialDecryption } from '../../crypto/tally.ts';
import { generateTrusteeKey, readTrustees, writeTrusteeKey } from '../../crypto/trustees.ts';
import { plaintextFor } from '../../org/ballots/verifiable-ballot.ts';
import { generateDemo } from '../../org/demo/demo.ts';
import type { Schema } from '../core/schema.ts';
import { type TestDatabase, testDatabase, testDatabaseKind } from '../core/testing.ts';
import { seedDemo } from '../demo/seed.ts';
import { takeStep } from '../elections/steps.ts';
import { setUpElection } from '../elections/test-elections.ts';
import { recordKeySetupStep, restartKeySetup } from './key-setup.ts';
import { recordPartialDecryption, recordShuffle } from './tally.ts';
import { trusteeTask } from './trustee-tasks.ts';
import { recordTrusteeKey } from './trustees.ts';
import { castVerifiableBallot } from './verifiable-box.ts';
import { verifiableSetup } from './verifiable-setup.ts';
import { expectCountAndArchive } from './verifiable-testing.ts';

const random = seededRandom('verifiable-threshold.db.test');
const GROUP = 'RFC-3526-2048';

async function refusal(promise: Promise<unknown>, pattern: RegExp) {
  await assert.rejects(promise, (e: unknown) => {
    assert.ok(e instanceof Refusal, `expected a refusal, got ${String(e)}`);
    assert.match(e.message, pattern);
    return true;
  });
}

/**
 * Threshold trustees (spec 2.0 §3.1.1, §4.6) in the web product, 2 of 3: the
 * trustees' browsers' work is done here with the pedersen.ts functions, and
 * every message goes through src/db/ballots (key-setup.ts, tally.ts) as the trustee page sends it.
 */
describe(`a verifiable STV election with 2-of-3 threshold trustees (${testDatabaseKind})`, () => {
  let database: TestDatabase;
  let db: Kysely<Schema>;
  let electionId: number;
  let officer: number;
  let trustees: number[];
  let trusteeNames: string[];
  const group = groupByName(GROUP);
  const keys: ThresholdKeys<unknown>[] = [];
  const rankings: number[][] = [
    [0, 1, 2],
    [1, 0],
    [2, 1, 0],
    [1, 2],
  ];

  before(async () => {
    database = await testDatabase();
    db = database.db;
    await seedDemo(db, generateDemo({ seed: 47, today: '2026-11-29', members: 60 }));
    const members = await db
      .selectFrom('members')
      .select(['id', 'membership_number', 'first_name', 'last_name'])
      .where('email', 'is not', null)
      .where('email', '!=', 'returning.officer@party.example')
      .orderBy('id')
      .limit(6)
      .execute();
    trustees = [members[3]!.id, members[4]!.id, members[5]!.id];
    trusteeNames = members.slice(3, 6).map((m) => `${m.first_name} ${m.last_name}`);
    const election = await setUpElection(db, {
      settings: {
        seats: 2,
        method: 'scottish-stv',
        postal: false,
        ballotBox: 'verifiable',
        cryptoGroup: GROUP,
        trusteeThreshold: 2,
      },
      nominees: members.slice(0, 3).map((m) => m.membership_number),
      until: 'candidates_published',
      trusteeIds: trustees,
    });
    electionId = election.electionId;
    officer = election.officer;
    for (const _ of trustees) keys.push(deriveKeys(group, generateSeed(random)));
  });
  after(() => database.close());

  const send = (i: number, kind: 'certificate' | 'polynomial' | 'voutput', json: string) =>
    recordKeySetupStep(db, electionId, trustees[i]!, kind, json);

  test('round 1: every trustee sends a certificate; the rounds wait for each other', async () => {
    const first = await trusteeTask(db, electionId, trustees[0]!);
    assert.deepEqual(first, {
      task: 'certificate',
      position: 1,
      group: GROUP,
      threshold: 2,
      trustees: 3,
    });
    const certificate = (i: number) => makeCertificate(group, keys[i]!, random);
    await send(0, 'certificate', certificate(0));
    // The returning officer can start the key setup again: trustee 1 makes a certificate anew.
    await restartKeySetup(db, electionId, officer);
    assert.equal((await trusteeTask(db, electionId, trustees[0]!)).task, 'certificate');
    await refusal(restartKeySetup(db, electionId, officer), /nothing to restart/);
    keys[0] = deriveKeys(group, generateSeed(random));
    await send(0, 'certificate', certificate(0));
    // A single key has no place in a threshold election.
    const single = writeTrusteeKey(group, generateTrusteeKey(group, random).publicKey);
    await refusal(
      recordTrusteeKey(db, electionId, trustees[1]!, JSON.stringify(single)),
      /make the election key together/,
    );
    // Another trustee's certificate sent again, and a certificate whose signature is not its own.
    await refusal(send(1, 'certificate', certificate(0)), /another trustee has sent this same/);
    const forged = JSON.parse(certificate(1));
    forged.signature = JSON.parse(certificate(2)).signature;
    await refusal(send(1, 'certificate', JSON.stringify(forged)), /signature does not verify/);
    await refusal(send(0, 'certificate', certificate(0)), /already sent your certificate/);
    await refusal(
      send(0, 'polynomial', '{}'),
      new RegExp(
        `every trustee must first send their certificate. Still to do: ${trusteeNames[1]}, ${trusteeNames[2]}`,
      ),
    );
    await refusal(
      recordKeySetupStep(db, electionId, officer, 'certificate', certificate(1)),
      /not a trustee/,
    );
    const waiting = await trusteeTask(db, electionId, trustees[0]!);
    assert.equal(waiting.task, 'wait');
    assert.deepEqual(waiting.task === 'wait' && waiting.waitingFor, trusteeNames.slice(1));
    await send(1, 'certificate', certificate(1));
    await refusal(
      takeStep(db, electionId, 'open-ballot', officer),
      new RegExp(`still to send their certificate: ${trusteeNames[2]}`),
    );
    await send(2, 'certificate', certificate(2));
  });

  test('round 2: every trustee deals its polynomial; a forged one is refused', async () => {
    const polynomials: string[] = [];
    for (const [i, memberId] of trustees.entries()) {
      const task = await trusteeTask(db, electionId, memberId);
      assert.equal(task.task, 'polynomial');
      if (task.task !== 'polynomial') return;
      assert.equal(task.threshold, 2);
      const certs = readCertificates(group, task.certificates);
      polynomials.push(makePolynomial(group, certs, keys[i]!, task.threshold, random));
    }
    // Trustee 1's polynomial sent by trustee 2: signed with the wrong key.
    await refusal(send(1, 'polynomial', polynomials[0]!), /polynomial is not valid.*signature/);
    // A polynomial of the wrong degree (3 of 3 instead of 2 of 3).
    const certs = readCertificates(
      group,
      ((await trusteeTask(db, electionId, trustees[1]!)) as { certificates: string }).certificates,
    );
    await refusal(
      send(1, 'polynomial', makePolynomial(group, certs, keys[1]!, 3, random)),
      /expected 2 commitments/,
    );
    await refusal(send(1, 'voutput', '{}'), /every trustee must first send their polynomial/);
    for (const [i, p] of polynomials.entries()) await send(i, 'polynomial', p);
  });

  test('round 3: each trustee checks its shares; then the election key is made and the ballot opens', async () => {
    const voutputs: string[] = [];
    for (const [i, memberId] of trustees.entries()) {
      const task = await trusteeTask(db, electionId, memberId);
      assert.equal(task.task, 'voutput');
      if (task.task !== 'voutput') return;
      const certs = readCertificates(group, task.certificates);
      voutputs.push(makeVoutput(group, certs, keys[i]!, task.vinput, random));
      // A trustee with another's keys cannot open the shares dealt to this one.
      if (i === 0)
        assert.throws(
          () => makeVoutput(group, certs, keys[1]!, task.vinput, random),
          /does not authenticate/,
        );
    }
    // Trustee 1's verification key sent as trustee 2's.
    await refusal(send(1, 'voutput', voutputs[0]!), /not the one the trustees’ commitments give/);
    for (const [i, v] of voutputs.entries()) await send(i, 'voutput', v);
    const ready = await trusteeTask(db, electionId, trustees[0]!);
    assert.equal(ready.task, 'wait');
    assert.match((ready as { reason: string }).reason, /any 2 of the 3 trustees can decrypt/);
    const actions = await db
      .selectFrom('audit_log')
      .select('action')
      .where('election_id', '=', electionId)
      .where('action', 'like', 'trustee %')
      .execute();
    assert.equal(actions.length, 10, 'one certificate was discarded by the restart');

    await takeStep(db, electionId, 'open-ballot', officer, { baseUrl: 'https://vote.example' });
    const setup = (await verifiableSetup(db, electionId))!;
    const [item] = readTrustees(group, setup.trustees_json);
    assert.equal(item?.kind, 'Pedersen');
    assert.equal(item?.kind === 'Pedersen' && item.threshold, 2);
    await refusal(send(0, 'voutput', voutputs[0]!), /ballot has opened/);
  });

  test('members vote; two trustees shuffle, in any order; any two decrypt', async () => {
    const { election } = (await verifiableSetup(db, electionId))!;
    const mails = await db
      .selectFrom('outbox')
      .innerJoin('members', 'members.email', 'outbox.recipient')
      .select(['members.id', 'outbox.body_text'])
      .where('outbox.subject', 'like', 'Your voting credential:%')
      .orderBy('members.id')
      .limit(rankings.length)
      .execute();
    for (const [i, ranking] of rankings.entries()) {
      const credential = /^ {4}(\S+)$/m.exec(mails[i]!.body_text)![1]!;
      await castVerifiableBallot(db, {
        electionId,
        memberId: mails[i]!.id,
        ballotJson: createBallot(
          election,
          credential,
          plaintextFor(election.questions[0]!, ranking),
          random,
        ),
      });
    }
    await takeStep(db, electionId, 'close-ballot', officer);

    // Trustee 3 shuffles first, then trustee 1: two shuffles are enough for 2 of 3.
    for (const i of [2, 0]) {
      const task = await trusteeTask(db, electionId, trustees[i]!);
      assert.equal(task.task, 'shuffle');
      if (task.task !== 'shuffle') return;
      const e = readElection(task.electionJson);
      const s = shuffle(e, readEncryptedTally(e.group, task.inputJson), random);
      await recordShuffle(db, electionId, trustees[i]!, writeShuffle(e.group, s));
      if (i === 2) {
        const again = await trusteeTask(db, electionId, trustees[2]!);
        assert.equal(again.task, 'wait');
        assert.deepEqual(again.task === 'wait' && again.waitingFor, [
          trusteeNames[0],
          trusteeNames[1],
        ]);
      }
    }

    // Trustees 2 and 3 decrypt, each with the share their seed opens.
    const decryptBy = async (i: number, keyOf = i) => {
      const task = await trusteeTask(db, electionId, trustees[i]!);
      assert.equal(task.task, 'decrypt');
      if (task.task !== 'decrypt') throw new Error('unreachable');
      const e = readElection(task.electionJson);
      const shareTask = await trusteeTask(db, electionId, trustees[keyOf]!);
      const share = readShare(
        group,
        keys[keyOf]!,
        (shareTask as { encryptedShare: string }).encryptedShare,
      );
      return writePartialDecryption(
        e.group,
        partialDecrypt(e, readEncryptedTally(e.group, task.tallyJson), share, random),
      );
    };
    // Trustee 2's browser cannot open trustee 3's share with trustee 2's seed.
    const task2 = (await trusteeTask(db, electionId, trustees[1]!)) as { encryptedShare: string };
    const task3 = (await trusteeTask(db, electionId, trustees[2]!)) as { encryptedShare: string };
    assert.throws(() => readShare(group, keys[1]!, task3.encryptedShare));
    assert.notEqual(task2.encryptedShare, task3.encryptedShare);
    // Trustee 3's partial decryption sent as trustee 2's.
    await refusal(
      recordPartialDecryption(db, electionId, trustees[1]!, await decryptBy(1, 2)),
      /proof of decryption fails/,
    );
    assert.deepEqual(
      await recordPartialDecryption(db, electionId, trustees[1]!, await decryptBy(1)),
      { complete: false },
    );
    const waiting = await trusteeTask(db, electionId, trustees[1]!);
    assert.deepEqual(waiting.task === 'wait' && waiting.waitingFor, [
      trusteeNames[0],
      trusteeNames[2],
    ]);
    const late = await decryptBy(0);
    assert.deepEqual(
      await recordPartialDecryption(db, electionId, trustees[2]!, await decryptBy(2)),
      { complete: true },
    );
    // Trustee 1 comes too late: nothing more is needed.
    assert.deepEqual(await trusteeTask(db, electionId, trustees[0]!), {
      task: 'done',
      position: 1,
      tookPart: false,
    });
    await refusal(
      recordPartialDecryption(db, electionId, trustees[0]!, late),
      /Enough trustees have already decrypted/,
    );
  });

  test('the count equals the engine’s on the same rankings, and the archive verifies with both verifiers', async () => {
    await expectCountAndArchive(db, electionId, officer, rankings, 2);
  });
});

describe(`a trustee who deals shares that do not match their commitments (${testDatabaseKind})`, () => {
  let database: TestDatabase;
  let db: Kysely<Schema>;

  before(async () => {
    database = await testDatabase();
    db = database.db;
    await seedDemo(db, generateDemo({ seed: 48, today: '2026-11-29', members: 40 }));
  });
  after(() => database.close());

  test('the trustees who were dealt them see it; the returning officer starts again', async () => {
    const group = groupByName(GROUP);
    const members = await db
      .selectFrom('members')
      .select(['id', 'membership_number'])
      .where('email', 'is not', null)
      .where('email', '!=', 'returning.officer@party.example')
      .orderBy('id')
      .limit(5)
      .execute();
    const trustees = members.slice(2, 5).map((m) => m.id);
    const { electionId, officer } = await setUpElection(db, {
      settings: {
        seats: 1,
        method: 'fptp',
        postal: false,
        ballotBox: 'verifiable',
        cryptoGroup: GROUP,
        trusteeThreshold: 2,
      },
      nominees: members.slice(0, 2).map((m) => m.membership_number),
      until: 'candidates_published',
      trusteeIds: trustees,
    });
    const keys = trustees.map(() => deriveKeys(group, generateSeed(random)));
    for (const [i, memberId] of trustees.entries())
      await recordKeySetupStep(
        db,
        electionId,
        memberId,
        'certificate',
        makeCertificate(group, keys[i]!, random),
      );
    const task = (await trusteeTask(db, electionId, trustees[0]!)) as { certificates: string };
    const certs = readCertificates(group, task.certificates);
    for (const [i, memberId] of trustees.entries()) {
      let polynomial = makePolynomial(group, certs, keys[i]!, 2, random);
      if (i === 1) {
        // Trustee 2 deals shares of one polynomial and commits to another:
        // no one but the recipients can tell, so the server accepts it.
        const other = JSON.parse(makePolynomial(group, certs, keys[i]!, 2, random));
        polynomial = JSON.stringify({ ...JSON.parse(polynomial), coefexps: other.coefexps });
      }
      await recordKeySetupStep(db, electionId, memberId, 'polynomial', polynomial);
    }
    const vinput = (await trusteeTask(db, electionId, trustees[0]!)) as { vinput: string };
    assert.throws(
      () => makeVoutput(group, certs, keys[0]!, vinput.vinput, random),
      /trustee 2's share does not match its commitments/,
    );
    await restartKeySetup(db, electionId, officer);
    for (const memberId of trustees)
      assert.equal((await trusteeTask(db, electionId, memberId)).task, 'certificate');
    const restarted = await db
      .selectFrom('audit_log')
      .select('detail')
      .where('election_id', '=', electionId)
      .where('action', '=', 'threshold key setup restarted')
      .executeTakeFirstOrThrow();
    assert.deepEqual(restarted.detail, { discarded: 6 });
    await refusal(
      takeStep(db, electionId, 'open-ballot', officer),
      /must finish making the election key/,
    );
  });
});
