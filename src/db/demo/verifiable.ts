import type { Kysely } from 'kysely';
import { createBallot } from '../../crypto/ballot.ts';
import { readElection } from '../../crypto/election.ts';
import { groupByName } from '../../crypto/groups.ts';
import { shuffle, writeShuffle } from '../../crypto/mixnet.ts';
import { type RandomBytes, randomIndex, seededRandom } from '../../crypto/random.ts';
import { partialDecrypt, readEncryptedTally, writePartialDecryption } from '../../crypto/tally.ts';
import { generateTrusteeKey, writeTrusteeKey } from '../../crypto/trustees.ts';
import { credentialIn, votingCredentialSubject } from '../../mail/templates/index.ts';
import { plaintextFor } from '../../org/ballots/index.ts';
import { runningExampleSettings } from '../../org/elections/index.ts';
import {
  castVerifiableBallot,
  recordPartialDecryption,
  recordShuffle,
  recordTrusteeKey,
  trusteeTask,
} from '../ballots/index.ts';
import type { Schema } from '../core/schema.ts';
import { count, createElection, freezeRoll, nominate, takeStep } from '../elections/index.ts';

/**
 * The demo's verifiable election (issue 6): two seats by STV with Belenios
 * ballots in the Ed25519 group, members of long standing on the roll, two
 * trustees (the branch secretary and Sam, the demo member), every step taken
 * as in the product: keys, credentials, encrypted ballots, shuffles, partial
 * decryptions, count, declaration; one member in eight votes. Its record
 * verifies in the browser and with `bin/grassroots verify`. Seeded, so a given
 * seed gives the same ballots and result (keys and credentials are seeded
 * too: demo only).
 */
export async function seedVerifiableDemo(
  db: Kysely<Schema>,
  accounts: {
    admin: number;
    officer: number;
    scrutineer: number;
    trustees: number[];
    secretary: number;
  },
  today: string,
  seed: number,
) {
  const random = seededRandom(`grassroots demo verifiable ${seed}`);
  const day = (offset: number) =>
    new Date(Date.parse(`${today}T12:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
  const settings = {
    ...runningExampleSettings(day(-120)),
    title: 'Standing Orders Committee (verifiable ballot)',
    body: 'Standing Orders Committee',
    seats: 2,
    method: 'scottish-stv',
    // Members of fifteen years' standing.
    joinedBy: day(-15 * 365),
    nominationRule: null,
    postal: false,
    ballotCloseAt: null,
    ballotBox: 'verifiable' as const,
    cryptoGroup: 'Ed25519',
  };
  const electionId = await createElection(
    db,
    settings,
    {
      returningOfficerId: accounts.officer,
      scrutineerId: accounts.scrutineer,
      trusteeIds: accounts.trustees,
    },
    accounts.admin,
  );
  await takeStep(db, electionId, 'open-nominations', accounts.officer);
  const { ballot_id: ballotId } = await db
    .selectFrom('elections')
    .select('ballot_id')
    .where('id', '=', electionId)
    .executeTakeFirstOrThrow();
  const standing = await db
    .selectFrom('members')
    .select(['membership_number', 'branch_id'])
    .where('dues_status', '=', 'paid_up')
    .where('joined_on', '<', day(-4000))
    .where('id', 'not in', [
      accounts.admin,
      accounts.officer,
      accounts.scrutineer,
      ...accounts.trustees,
    ])
    .orderBy('id')
    .offset(20)
    .limit(4)
    .execute();
  for (const m of standing)
    await nominate(
      db,
      { electionId, branchId: m.branch_id, membershipNumber: m.membership_number },
      accounts.secretary,
    );
  await db
    .updateTable('candidates')
    .set({ consented_at: new Date() })
    .where('election_id', '=', electionId)
    .execute();
  await freezeRoll(db, electionId, accounts.officer);
  await takeStep(db, electionId, 'close-nominations', accounts.officer);

  const group = groupByName('Ed25519');
  const keys = accounts.trustees.map(() => generateTrusteeKey(group, random));
  for (const [i, memberId] of accounts.trustees.entries())
    await recordTrusteeKey(
      db,
      ballotId,
      memberId,
      JSON.stringify(writeTrusteeKey(group, keys[i]!.publicKey)),
    );
  await takeStep(db, electionId, 'open-ballot', accounts.officer, { random });

  // Members read their credentials from the mail. Only some vote: every ballot is
  // encrypted, verified, shuffled twice and decrypted here, and the first start
  // should stay quick.
  const mails = await db
    .selectFrom('outbox')
    .innerJoin('members', 'members.email', 'outbox.recipient')
    .select(['outbox.id', 'members.id as memberId', 'outbox.body_text'])
    .where('outbox.subject', '=', votingCredentialSubject(settings.title))
    .orderBy('members.id')
    .execute();
  const setup = await db
    .selectFrom('verifiable_setups')
    .select('election_json')
    .where('ballot_id', '=', ballotId)
    .executeTakeFirstOrThrow();
  const election = readElection(setup.election_json);
  const question = election.questions[0]!;
  for (const mail of mails) {
    if (randomIndex(8, random) !== 0) continue;
    const credential = credentialIn(mail.body_text)!;
    const ranking = preferences(question.answers.length, random);
    await castVerifiableBallot(db, {
      ballotId,
      memberId: mail.memberId,
      ballotJson: createBallot(election, credential, plaintextFor(question, ranking), random),
    });
  }
  // As if delivered: the outbox keeps no credential.
  await db
    .deleteFrom('outbox')
    .where(
      'id',
      'in',
      mails.map((m) => m.id),
    )
    .execute();
  await takeStep(db, electionId, 'close-ballot', accounts.officer);

  for (const memberId of accounts.trustees) {
    const task = await trusteeTask(db, ballotId, memberId);
    if (task.task !== 'shuffle')
      throw new Error(`demo: trustee expected to shuffle, not ${task.task}`);
    const input = readEncryptedTally(group, task.inputJson);
    await recordShuffle(
      db,
      ballotId,
      memberId,
      writeShuffle(group, shuffle(election, input, random)),
    );
  }
  for (const [i, memberId] of accounts.trustees.entries()) {
    const task = await trusteeTask(db, ballotId, memberId);
    if (task.task !== 'decrypt')
      throw new Error(`demo: trustee expected to decrypt, not ${task.task}`);
    const tally = readEncryptedTally(group, task.tallyJson);
    const pd = partialDecrypt(election, tally, keys[i]!.privateKey, random);
    await recordPartialDecryption(db, ballotId, memberId, writePartialDecryption(group, pd));
  }
  await db
    .updateTable('ballots')
    .set({ count_seed: `demo-${seed}` })
    .where('id', '=', ballotId)
    .execute();
  await count(db, electionId, accounts.scrutineer);
  await takeStep(db, electionId, 'declare', accounts.officer);
  await db
    .updateTable('ballots')
    .set({
      closes_at: new Date(`${day(-30)}T17:00:00Z`),
      declared_at: new Date(`${day(-30)}T17:00:00Z`),
    })
    .where('id', '=', ballotId)
    .execute();
  return electionId;
}

/** A ranking of some candidates, the first ones likelier: ballot-paper positions in order. */
function preferences(candidates: number, random: RandomBytes): number[] {
  const left = Array.from({ length: candidates }, (_, i) => i);
  const out: number[] = [];
  const length = 1 + randomIndex(candidates, random);
  while (out.length < length) {
    const pick = Math.min(randomIndex(left.length, random), randomIndex(left.length, random));
    out.push(left.splice(pick, 1)[0]!);
  }
  return out;
}
