import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Kysely } from 'kysely';
import { Refusal } from '../../core/refusal.ts';
import { createBallot } from '../../crypto/ballot.ts';
import { readElection } from '../../crypto/election.ts';
import { shuffle, writeShuffle } from '../../crypto/mixnet.ts';
import { seededRandom } from '../../crypto/random.ts';
import { partialDecrypt, readEncryptedTally, writePartialDecryption } from '../../crypto/tally.ts';
import { belenios, beleniosTool } from '../../crypto/testing.ts';
import { generateTrusteeKey, writeTrusteeKey } from '../../crypto/trustees.ts';
import { plaintextFor } from '../../org/ballots/verifiable-ballot.ts';
import { generateDemo } from '../../org/demo/demo.ts';
import type { Schema } from '../core/schema.ts';
import { type TestDatabase, testDatabase, testDatabaseKind } from '../core/testing.ts';
import { seedDemo } from '../demo/seed.ts';
import { count, takeStep } from '../elections/steps.ts';
import { setUpElection } from '../elections/test-elections.ts';
import { deliverQueued } from './invitations.ts';
import { recordPartialDecryption, recordShuffle } from './tally.ts';
import { trusteeTask } from './trustee-tasks.ts';
import { recordTrusteeKey } from './trustees.ts';
import { archiveFromSetup } from './verifiable-archive.ts';
import { castVerifiableBallot } from './verifiable-box.ts';
import { verifiableSetup } from './verifiable-setup.ts';
import { expectCountAndArchive } from './verifiable-testing.ts';
import { castBallot } from './voting.ts';

const random = seededRandom('verifiable.db.test');

/** Members on the online roll with the credential each found in their email. */
async function credentialsFromMail(db: Kysely<Schema>, electionId: number) {
  const mails = await db
    .selectFrom('outbox')
    .innerJoin('members', 'members.email', 'outbox.recipient')
    .select(['members.id', 'outbox.body_text'])
    .where('outbox.subject', 'like', 'Your voting credential:%')
    .orderBy('members.id')
    .execute();
  return mails.map((m) => ({
    memberId: m.id,
    credential: /^ {4}(\S+)$/m.exec(m.body_text)![1]!,
    link: new RegExp(`/elections/${electionId}/vote#credential=(\\S+)`).exec(m.body_text)![1]!,
  }));
}

async function refusal(promise: Promise<unknown>, pattern: RegExp) {
  await assert.rejects(promise, (e: unknown) => e instanceof Refusal && pattern.test(e.message));
}

describe(`a verifiable STV election from trustees' keys to a verified archive (${testDatabaseKind})`, () => {
  let database: TestDatabase;
  let db: Kysely<Schema>;
  let electionId: number;
  let officer: number;
  let trustees: number[];
  const keys: ReturnType<typeof generateTrusteeKey<unknown>>[] = [];
  let voters: Awaited<ReturnType<typeof credentialsFromMail>>;
  const rankings: number[][] = [
    [0, 1, 2],
    [1, 0],
    [2, 1, 0],
    [1, 2],
    [0, 2],
  ];

  before(async () => {
    database = await testDatabase();
    db = database.db;
    await seedDemo(db, generateDemo({ seed: 43, today: '2026-11-29', members: 60 }));
    const members = await db
      .selectFrom('members')
      .select(['id', 'membership_number'])
      .where('email', 'is not', null)
      .where('email', '!=', 'returning.officer@party.example')
      .orderBy('id')
      .limit(5)
      .execute();
    trustees = [members[3]!.id, members[4]!.id];
    const election = await setUpElection(db, {
      settings: {
        seats: 2,
        method: 'scottish-stv',
        postal: false,
        ballotBox: 'verifiable',
        cryptoGroup: 'RFC-3526-2048',
      },
      nominees: members.slice(0, 3).map((m) => m.membership_number),
      until: 'candidates_published',
      trusteeIds: trustees,
    });
    electionId = election.electionId;
    officer = election.officer;
  });
  after(() => database.close());

  test('the ballot cannot open until every trustee has made a key', async () => {
    const group = (await trusteeTask(db, electionId, trustees[0]!)) as { group: string };
    assert.equal(group.group, 'RFC-3526-2048');
    const { groupByName } = await import('../../crypto/groups.ts');
    for (const _ of trustees) keys.push(generateTrusteeKey(groupByName(group.group), random));
    const json = (i: number) =>
      JSON.stringify(writeTrusteeKey(groupByName(group.group), keys[i]!.publicKey));
    await recordTrusteeKey(db, electionId, trustees[0]!, json(0));
    await refusal(takeStep(db, electionId, 'open-ballot', officer), /still to do: /);
    // A key whose proof of knowledge is for another key is refused.
    const forged = JSON.parse(json(1));
    forged.pok = JSON.parse(json(0)).pok;
    await refusal(
      recordTrusteeKey(db, electionId, trustees[1]!, JSON.stringify(forged)),
      /proof of knowledge/,
    );
    await refusal(recordTrusteeKey(db, electionId, officer, json(1)), /not a trustee/);
    await recordTrusteeKey(db, electionId, trustees[1]!, json(1));
    await takeStep(db, electionId, 'open-ballot', officer, { baseUrl: 'https://vote.example' });
    voters = await credentialsFromMail(db, electionId);
    const roll = await db
      .selectFrom('roll_entries')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('election_id', '=', electionId)
      .where('channel', '=', 'online')
      .executeTakeFirstOrThrow();
    assert.equal(voters.length, Number(roll.n), 'one credential per member on the online roll');
    assert.ok(voters.every((v) => v.link === v.credential));
    const setup = (await verifiableSetup(db, electionId))!;
    assert.equal(JSON.parse(setup.credentials_json).length, voters.length);
    assert.doesNotMatch(setup.credentials_json, new RegExp(voters[0]!.credential));
  });

  test('members cast encrypted ballots; bad ones are refused', async () => {
    const { election } = (await verifiableSetup(db, electionId))!;
    const make = (credential: string, ranking: number[]) =>
      createBallot(election, credential, plaintextFor(election.questions[0]!, ranking), random);
    for (const [i, ranking] of rankings.entries()) {
      const v = voters[i]!;
      const { tracker } = await castVerifiableBallot(db, {
        electionId,
        memberId: v.memberId,
        ballotJson: make(v.credential, ranking),
      });
      assert.match(tracker, /^[A-Za-z0-9+/]{43}$/);
    }
    const [first, second, , , , sixth] = voters;
    // Voting again is refused: this election does not allow re-voting.
    await refusal(
      castVerifiableBallot(db, {
        electionId,
        memberId: first!.memberId,
        ballotJson: make(first!.credential, [2]),
      }),
      /already voted/,
    );
    // Another member's credential.
    await refusal(
      castVerifiableBallot(db, {
        electionId,
        memberId: sixth!.memberId,
        ballotJson: make(second!.credential, [2]),
      }),
      /used by another member/,
    );
    // A ballot with one digit of a proof changed.
    const tampered = make(sixth!.credential, [1]).replace(
      /"response":"(\d)/,
      (_, d) => `"response":"${(Number(d) + 1) % 10}`,
    );
    await refusal(
      castVerifiableBallot(db, { electionId, memberId: sixth!.memberId, ballotJson: tampered }),
      /does not verify|not valid/,
    );
    // A credential not on the list.
    await refusal(
      castVerifiableBallot(db, {
        electionId,
        memberId: sixth!.memberId,
        ballotJson: make('2A5-Bb8-9cd-EFG-hij', [1]).replace(/x/, 'x'),
      }),
      /not on this election’s list|credential/,
    );
    // A plain ballot (say, a hand-made form post) is refused: it could not be counted.
    await refusal(
      castBallot(db, { electionId, memberId: sixth!.memberId, marks: [], channel: 'online' }),
      /encrypted ballots only/,
    );
    const refused = await db
      .selectFrom('audit_log')
      .select('detail')
      .where('election_id', '=', electionId)
      .where('action', '=', 'vote refused')
      .execute();
    assert.equal(refused.length, 5);
  });

  test('a ballot made by belenios-tool for this election is accepted, and counts', async (t) => {
    const tool = beleniosTool();
    if (tool !== true) return t.skip(tool);
    const setup = (await verifiableSetup(db, electionId))!;
    const dir = mkdtempSync(join(tmpdir(), 'verifiable-tool-ballot-'));
    try {
      // belenios-tool reads the election from an archive holding the Setup event.
      writeFileSync(join(dir, `${setup.uuid}.bel`), archiveFromSetup(setup).bytes());
      const voter = voters[5]!;
      writeFileSync(join(dir, 'cred'), voter.credential);
      writeFileSync(join(dir, 'vote'), JSON.stringify([[2, 0, 1]]));
      const ballotJson = belenios(dir, [
        'election',
        'generate-ballot',
        '--privcred',
        'cred',
        '--ballot',
        'vote',
      ]).trim();
      await castVerifiableBallot(db, { electionId, memberId: voter.memberId, ballotJson });
      // The same ballot sent again is a replay, whoever sends it.
      await refusal(
        castVerifiableBallot(db, { electionId, memberId: voter.memberId, ballotJson }),
        /replay/,
      );
      // Candidate 2 first, then candidate 0: the ranking the count must see.
      rankings.push([2, 0]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('trustees shuffle in turn and decrypt; wrong work is refused', async () => {
    await takeStep(db, electionId, 'close-ballot', officer);
    await refusal(count(db, electionId, officer), /not yet decrypted/);
    const second = await trusteeTask(db, electionId, trustees[1]!);
    assert.deepEqual(second, { task: 'wait', position: 2, reason: 'Trustee 1 shuffles first.' });
    for (const [i, memberId] of trustees.entries()) {
      const task = await trusteeTask(db, electionId, memberId);
      assert.equal(task.task, 'shuffle');
      if (task.task !== 'shuffle') return;
      const election = readElection(task.electionJson);
      const input = readEncryptedTally(election.group, task.inputJson);
      assert.equal(input[0]!.length, rankings.length);
      const s = shuffle(election, input, random);
      if (i === 0) {
        // A shuffle that drops a ballot.
        const dropped = { ...s, ciphertexts: [s.ciphertexts[0]!.slice(1)] };
        await refusal(
          recordShuffle(db, electionId, memberId, writeShuffle(election.group, dropped)),
          /a ballot was dropped/,
        );
      }
      await recordShuffle(db, electionId, memberId, writeShuffle(election.group, s));
    }
    for (const [i, memberId] of trustees.entries()) {
      const task = await trusteeTask(db, electionId, memberId);
      assert.equal(task.task, 'decrypt');
      if (task.task !== 'decrypt') return;
      const election = readElection(task.electionJson);
      const tally = readEncryptedTally(election.group, task.tallyJson);
      if (i === 0) {
        // Decrypting with someone else's key.
        const forged = partialDecrypt(election, tally, keys[1]!.privateKey, random);
        await refusal(
          recordPartialDecryption(
            db,
            electionId,
            memberId,
            writePartialDecryption(election.group, forged),
          ),
          /proof of decryption fails/,
        );
      }
      const pd = partialDecrypt(election, tally, keys[i]!.privateKey, random);
      await recordPartialDecryption(
        db,
        electionId,
        memberId,
        writePartialDecryption(election.group, pd),
      );
    }
    assert.equal((await trusteeTask(db, electionId, trustees[0]!)).task, 'done');
  });

  test('the count equals the engine counting the same rankings, and the archive verifies', async () => {
    await expectCountAndArchive(db, electionId, officer, rankings, 2);
  });

  test('a credential email is erased from the outbox once delivered', async () => {
    const sent: string[] = [];
    while ((await deliverQueued(db, async (m) => void sent.push(m.text))).claimed > 0);
    assert.ok(sent.some((text) => text.includes(voters[0]!.credential)));
    const left = await db
      .selectFrom('outbox')
      .select('body_text')
      .where('subject', 'like', 'Your voting credential:%')
      .execute();
    assert.ok(left.length > 0);
    assert.ok(left.every((m) => m.body_text.startsWith('(Erased once sent')));
  });
});
