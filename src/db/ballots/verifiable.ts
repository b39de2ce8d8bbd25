import { createHmac } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { Refusal } from '../../core/refusal.ts';
import { ArchiveWriter } from '../../crypto/archive.ts';
import { ballotTracker, readBallot } from '../../crypto/ballot.ts';
import { generateCredential } from '../../crypto/credential.ts';
import { generateUuid } from '../../crypto/demo.ts';
import { type Election, makeElection, readElection } from '../../crypto/election.ts';
import { CryptoError } from '../../crypto/errors.ts';
import { groupByName } from '../../crypto/groups.ts';
import { parseJson } from '../../crypto/json.ts';
import {
  mergeShuffled,
  nhCiphertexts,
  readShuffle,
  shuffleProblemOf,
} from '../../crypto/mixnet.ts';
import { makeThresholdParameters, makeVinputs, readCertificates } from '../../crypto/pedersen.ts';
import { type RandomBytes, systemRandom } from '../../crypto/random.ts';
import {
  combineFactors,
  computeResult,
  type EncryptedTally,
  encryptedTally,
  lastBallots,
  type PartialDecryption,
  readEncryptedTally,
  readPartialDecryption,
  writeEncryptedTally,
} from '../../crypto/tally.ts';
import {
  decryptingTrustees,
  electionPublicKey,
  readTrusteeKey,
  readTrustees,
  type TrusteeKind,
  verifyTrusteeKey,
  writeTrustees,
} from '../../crypto/trustees.ts';
import { sharedPool } from '../../crypto/verify-pool.ts';
import { votingCredentialMessage } from '../../mail/templates/index.ts';
import {
  checkCertificate,
  checkPolynomial,
  checkVoutput,
} from '../../org/ballots/pedersen-checks.ts';
import { verifiableQuestion } from '../../org/ballots/verifiable-ballot.ts';
import { audit } from '../core/audit.ts';
import type { Schema } from '../core/schema.ts';

/**
 * The verifiable ballot box (issue 6) inside the election's life: trustees'
 * keys before the ballot opens, credentials and the election's public record
 * when it opens, encrypted ballots while it is open, the encrypted tally at
 * close, then the trustees' shuffles and partial decryptions, each checked
 * before it is kept, and finally the result and the Belenios archive (.bel)
 * that anyone can verify. The server never holds a private key, a plaintext
 * vote, or (once mailed) a private credential.
 */

type Db = Kysely<Schema>;

/** Appoints the trustees of a verifiable election, in order (at creation). */
export async function appointTrustees(trx: Db, electionId: number, memberIds: number[]) {
  if (memberIds.length === 0) return;
  await trx
    .insertInto('trustees')
    .values(
      memberIds.map((member_id, i) => ({ election_id: electionId, position: i + 1, member_id })),
    )
    .execute();
}

/** The trustees with their names and what each has done. */
export async function trusteesOf(db: Db, electionId: number) {
  const trustees = await db
    .selectFrom('trustees')
    .innerJoin('members', 'members.id', 'trustees.member_id')
    .select([
      'trustees.position',
      'trustees.member_id',
      'trustees.public_key',
      sql<string>`members.first_name || ' ' || members.last_name`.as('name'),
    ])
    .where('trustees.election_id', '=', electionId)
    .orderBy('trustees.position')
    .execute();
  const steps = await db
    .selectFrom('trustee_steps')
    .select(['kind', 'position'])
    .where('election_id', '=', electionId)
    .execute();
  const did = (kind: string, position: number) =>
    steps.some((s) => s.kind === kind && s.position === position);
  return trustees.map((t) => ({
    ...t,
    certified: did('certificate', t.position),
    dealt: did('polynomial', t.position),
    checkedShares: did('voutput', t.position),
    shuffled: steps.some((s) => s.kind === 'shuffle' && s.position === t.position),
    decrypted: steps.some((s) => s.kind === 'partial_decryption' && s.position === t.position),
  }));
}

async function lockVerifiable(trx: Db, electionId: number) {
  const election = await trx
    .selectFrom('elections')
    .selectAll()
    .where('id', '=', electionId)
    .forUpdate()
    .executeTakeFirst();
  if (!election) throw new Refusal('There is no such election.');
  if (election.ballot_box !== 'verifiable' || !election.crypto_group)
    throw new Refusal('This election uses the plain ballot box; it has no trustees.');
  return { ...election, crypto_group: election.crypto_group };
}

async function trusteePosition(trx: Db, electionId: number, memberId: number) {
  const row = await trx
    .selectFrom('trustees')
    .select('position')
    .where('election_id', '=', electionId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  if (!row) throw new Refusal('You are not a trustee of this election.');
  return row.position;
}

/** Reads JSON a browser sent, turning a malformed upload into a refusal. */
function checked<T>(what: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof CryptoError)
      throw new Refusal(`The ${what} is not valid: ${error.message}`);
    throw error;
  }
}

/**
 * A trustee's public key with its proof of knowledge (spec 2.0 §4.5), made in
 * their browser. It can be replaced until the ballot opens (a trustee who lost
 * the private key file makes a new one); after that the election key is fixed.
 */
export async function recordTrusteeKey(
  db: Db,
  electionId: number,
  memberId: number,
  keyJson: string,
) {
  return db.transaction().execute(async (trx) => {
    const election = await lockVerifiable(trx, electionId);
    if (!beforeBallot(election.stage))
      throw new Refusal('The ballot has opened: the election key can no longer change.');
    const position = await trusteePosition(trx, electionId, memberId);
    if (election.trustee_threshold !== null)
      throw new Refusal(
        'This election’s trustees make the election key together: send your certificate, polynomial and checked shares on your trustee page instead.',
      );
    const group = groupByName(election.crypto_group);
    const key = checked('public key', () =>
      readTrusteeKey(group, parseJson(keyJson, { check: 'trustee key', path: '' }), {
        check: 'trustee key',
        path: '',
      }),
    );
    if (!verifyTrusteeKey(group, key))
      throw new Refusal('The public key’s proof of knowledge does not verify.');
    await trx
      .updateTable('trustees')
      .set({ public_key: JSON.stringify(JSON.parse(keyJson)), key_recorded_at: new Date() })
      .where('election_id', '=', electionId)
      .where('position', '=', position)
      .execute();
    await audit(trx, {
      electionId,
      actorId: memberId,
      action: 'trustee key recorded',
      detail: { trustee: position },
    });
  });
}

const beforeBallot = (stage: string) =>
  ['draft', 'nominations', 'candidates_published'].includes(stage);

type KeySetupKind = 'certificate' | 'polynomial' | 'voutput';
const KEY_SETUP_ROUNDS: readonly KeySetupKind[] = ['certificate', 'polynomial', 'voutput'];

/** What each round's message is called, for pages and refusals. */
export const keySetupNames: Record<KeySetupKind, string> = {
  certificate: 'certificate',
  polynomial: 'polynomial',
  voutput: 'checked shares',
};

/**
 * Threshold key setup (spec 2.0 §3.1.1, §4.6) as it stands: the messages each
 * trustee has sent, by position, and the round under way. Round by round, every
 * trustee sends their certificate, then their polynomial (once every
 * certificate is in), then their checked shares (once every polynomial is in).
 */
async function keySetupState(db: Db, electionId: number, threshold: number) {
  const trustees = await trusteesOf(db, electionId);
  const steps = await db
    .selectFrom('trustee_steps')
    .select(['kind', 'position', 'payload'])
    .where('election_id', '=', electionId)
    .where('kind', 'in', KEY_SETUP_ROUNDS)
    .orderBy('position')
    .execute();
  const sent = (kind: KeySetupKind) =>
    new Map(steps.filter((s) => s.kind === kind).map((s) => [s.position, s.payload]));
  const messages = {
    certificate: sent('certificate'),
    polynomial: sent('polynomial'),
    voutput: sent('voutput'),
  };
  const round: KeySetupKind | 'complete' =
    KEY_SETUP_ROUNDS.find((kind) => messages[kind].size < trustees.length) ?? 'complete';
  const inOrder = (kind: KeySetupKind) => trustees.map((t) => messages[kind].get(t.position)!);
  const waitingFor = (kind: KeySetupKind) =>
    trustees.filter((t) => !messages[kind].has(t.position)).map((t) => t.name);
  return { trustees, threshold, messages, round, inOrder, waitingFor };
}

/** Γ: the certificates in trustees' order, one per line (`certs.jsons`). */
const certificatesText = (certs: readonly string[]) => certs.map((c) => `${c}\n`).join('');

/**
 * The threshold parameters (trustees.json's "Pedersen" item, §4.6.7) from a
 * complete key setup, every message checked again together.
 */
function thresholdParameters(
  group: ReturnType<typeof groupByName>,
  state: Awaited<ReturnType<typeof keySetupState>>,
) {
  return checked('key setup', () =>
    makeThresholdParameters(
      group,
      readCertificates(group, certificatesText(state.inOrder('certificate'))),
      state.inOrder('polynomial'),
      state.inOrder('voutput'),
    ),
  );
}

/**
 * A threshold trustee's message of key setup (spec 2.0 §4.6), made in their
 * browser: their certificate (§4.6.2), their polynomial (§4.6.4) or their
 * voutput (§4.6.6), each checked before it is kept. Each round waits for every
 * trustee; a message once sent cannot be replaced, since the next round is
 * built on it. The last voutput completes the election key.
 */
export async function recordKeySetupStep(
  db: Db,
  electionId: number,
  memberId: number,
  kind: KeySetupKind,
  json: string,
) {
  return db.transaction().execute(async (trx) => {
    const election = await lockVerifiable(trx, electionId);
    if (!beforeBallot(election.stage))
      throw new Refusal('The ballot has opened: the election key can no longer change.');
    const position = await trusteePosition(trx, electionId, memberId);
    const threshold = election.trustee_threshold;
    if (threshold === null)
      throw new Refusal(
        'Every trustee of this election makes a key of their own: there is no shared key setup.',
      );
    const state = await keySetupState(trx, electionId, threshold);
    const name = keySetupNames[kind];
    if (state.messages[kind].has(position))
      throw new Refusal(`You have already sent your ${name}; it cannot be replaced.`);
    if (state.round !== kind) {
      const now = state.round === 'complete' ? undefined : state.round;
      throw new Refusal(
        now && KEY_SETUP_ROUNDS.indexOf(now) < KEY_SETUP_ROUNDS.indexOf(kind)
          ? `It is not yet time for your ${name}: every trustee must first send their ${keySetupNames[now]}. Still to do: ${state.waitingFor(now).join(', ')}.`
          : `The round for ${name}s is over.`,
      );
    }
    const group = groupByName(election.crypto_group);
    const payload = checked(name, () => JSON.stringify(parseJson(json, { check: name, path: '' })));
    let verificationKey: unknown;
    if (kind === 'certificate') {
      checked(name, () =>
        checkCertificate(group, payload, [...state.messages.certificate.values()]),
      );
    } else {
      const certs = checked('certificates', () =>
        readCertificates(group, certificatesText(state.inOrder('certificate'))),
      );
      if (kind === 'polynomial')
        checked(name, () => checkPolynomial(group, certs, position - 1, threshold, payload));
      else
        verificationKey = checked(name, () =>
          checkVoutput(group, certs, state.inOrder('polynomial'), position - 1, payload),
        );
    }
    await trx
      .insertInto('trustee_steps')
      .values({ election_id: electionId, kind, position, payload })
      .execute();
    if (kind === 'voutput') {
      // The share's verification key g^S_j, against which this trustee's decryption is checked.
      await trx
        .updateTable('trustees')
        .set({ public_key: JSON.stringify(verificationKey), key_recorded_at: new Date() })
        .where('election_id', '=', electionId)
        .where('position', '=', position)
        .execute();
    }
    await audit(trx, {
      electionId,
      actorId: memberId,
      action: `trustee ${name} recorded`,
      detail: { trustee: position },
    });
    const after = await keySetupState(trx, electionId, threshold);
    if (after.round === 'complete') {
      thresholdParameters(group, after);
      await audit(trx, {
        electionId,
        actorId: memberId,
        action: 'threshold key made',
        detail: { threshold, trustees: after.trustees.length },
      });
    }
    return { round: after.round };
  });
}

/**
 * The returning officer starts a threshold key setup again, before the ballot
 * opens: when a trustee has lost their private key file, or found that a
 * share dealt to them does not match its dealer's commitments. Every message
 * sent so far is discarded; each trustee makes a new certificate.
 */
export async function restartKeySetup(db: Db, electionId: number, actorId: number) {
  return db.transaction().execute(async (trx) => {
    const election = await lockVerifiable(trx, electionId);
    if (!beforeBallot(election.stage))
      throw new Refusal('The ballot has opened: the election key can no longer change.');
    if (election.trustee_threshold === null)
      throw new Refusal('Every trustee of this election makes a key of their own.');
    const discarded = await trx
      .deleteFrom('trustee_steps')
      .where('election_id', '=', electionId)
      .where('kind', 'in', KEY_SETUP_ROUNDS)
      .executeTakeFirst();
    if (Number(discarded.numDeletedRows) === 0)
      throw new Refusal('The trustees’ key setup has not started: there is nothing to restart.');
    await trx
      .updateTable('trustees')
      .set({ public_key: null, key_recorded_at: null })
      .where('election_id', '=', electionId)
      .execute();
    await audit(trx, {
      electionId,
      actorId,
      action: 'threshold key setup restarted',
      detail: { discarded: Number(discarded.numDeletedRows) },
    });
  });
}

/**
 * Opening a verifiable ballot (spec 2.0 §3.1): the election's public record
 * (election.json with the joint public key, trustees.json) and one credential
 * per member on the online roll. Each private credential is mailed to its
 * member and erased from the outbox once sent; only the sorted list of public
 * credentials is kept, so nothing here ties a credential to a member. Runs in
 * the returning officer's open-ballot transaction.
 */
export async function setUpBallotBox(
  trx: Db,
  electionId: number,
  baseUrl: string,
  random: RandomBytes = systemRandom,
) {
  const election = await lockVerifiable(trx, electionId);
  const trustees = await trusteesOf(trx, electionId);
  const missing = trustees.filter((t) => !t.public_key).map((t) => t.name);
  if (trustees.length === 0) throw new Refusal('This verifiable election has no trustees.');
  const group = groupByName(election.crypto_group);
  let kinds: TrusteeKind[];
  if (election.trustee_threshold !== null) {
    const state = await keySetupState(trx, electionId, election.trustee_threshold);
    if (state.round !== 'complete')
      throw new Refusal(
        `The trustees must finish making the election key before the ballot opens; still to send their ${keySetupNames[state.round]}: ${state.waitingFor(state.round).join(', ')}.`,
      );
    const { parameters } = thresholdParameters(group, state);
    kinds = readTrustees(group, `[["Pedersen",${parameters}]]`);
  } else {
    if (missing.length > 0)
      throw new Refusal(
        `Every trustee must generate their key before the ballot opens; still to do: ${missing.join(', ')}.`,
      );
    kinds = trustees.map((t) => ({
      kind: 'Single',
      key: readTrusteeKey(group, JSON.parse(t.public_key!), { check: 'trustee key', path: '' }),
    }));
  }
  const candidates = await trx
    .selectFrom('candidates')
    .select('name')
    .where('election_id', '=', electionId)
    .where('status', '=', 'valid')
    .orderBy('name')
    .orderBy('id')
    .execute();
  const question = verifiableQuestion(
    election.method,
    election.seats,
    candidates.map((c) => c.name),
  );
  if (question.type === 'non-homomorphic' && group.embedding) {
    const fits = Math.floor(
      (Number(group.q.toString(2).length) - group.embedding.padding - 8) /
        group.embedding.bitsPerInt,
    );
    if (candidates.length > fits)
      throw new Refusal(
        `A ranked ballot in the ${group.name} group holds at most ${fits} candidates; there are ${candidates.length}.`,
      );
  }
  const uuid = generateUuid(random);
  const crypto = makeElection(
    { name: election.title, description: election.body, questions: [question] },
    group,
    electionPublicKey(group, kinds),
    uuid,
  );
  const voters = await trx
    .selectFrom('roll_entries')
    .innerJoin('members', 'members.id', 'roll_entries.member_id')
    .select(['members.first_name', 'members.email'])
    .where('roll_entries.election_id', '=', electionId)
    .where('roll_entries.channel', '=', 'online')
    .where('members.email', 'is not', null)
    .execute();
  const issued = voters.map((v) => ({ ...v, credential: generateCredential(random) }));
  // PBKDF2 and a power of g per voter: on the worker threads, so that the
  // server keeps answering while a large roll's credentials are derived.
  const publicCredentials = (
    await sharedPool().publicCredentials(
      group,
      uuid,
      issued.map((v) => v.credential),
    )
  ).sort();
  await trx
    .insertInto('verifiable_setups')
    .values({
      election_id: electionId,
      uuid,
      election_json: crypto.json,
      trustees_json: writeTrustees(group, kinds),
      // The list as writePublicCredentials would write it: canonical strings, sorted.
      credentials_json: JSON.stringify(publicCredentials),
      archive_timestamp: Math.floor(Date.now() / 1000),
    })
    .execute();
  for (let i = 0; i < issued.length; i += 500) {
    await trx
      .insertInto('outbox')
      .values(
        issued.slice(i, i + 500).map((v) => {
          const { subject, text } = votingCredentialMessage({
            firstName: v.first_name,
            electionTitle: election.title,
            credential: v.credential,
            voteLink: `${baseUrl}/elections/${electionId}/vote#credential=${v.credential}`,
          });
          return { recipient: v.email!, subject, erase_after_sending: true, body_text: text };
        }),
      )
      .execute();
  }
  return { uuid, credentials: issued.length, fingerprint: crypto.fingerprint };
}

/** The election's public record, once the ballot box is set up. */
export async function verifiableSetup(db: Db, electionId: number) {
  const setup = await db
    .selectFrom('verifiable_setups')
    .selectAll()
    .where('election_id', '=', electionId)
    .executeTakeFirst();
  if (!setup) return undefined;
  return { ...setup, election: readElection(setup.election_json) };
}

/**
 * The election as voting opened it and its public credentials, by setup uuid:
 * neither changes once the ballot box is set up, and reading them for every
 * cast ballot would parse the whole credential list each time.
 */
const boxes = new Map<string, { election: Election; credentials: Set<string> }>();
const BOXES_KEPT = 16;

async function ballotBox(db: Db, electionId: number) {
  const row = await db
    .selectFrom('verifiable_setups')
    .select('uuid')
    .where('election_id', '=', electionId)
    .executeTakeFirst();
  if (!row) return undefined;
  let box = boxes.get(row.uuid);
  if (!box) {
    const setup = await verifiableSetup(db, electionId);
    if (!setup) return undefined;
    // Our own list, checked when written: a set lookup is enough here.
    const credentials = new Set(JSON.parse(setup.credentials_json) as string[]);
    box = { election: setup.election, credentials };
    if (boxes.size >= BOXES_KEPT) boxes.delete(boxes.keys().next().value!);
    boxes.set(row.uuid, box);
  }
  return box;
}

/** Refuses unless voting is open and the member is on the online roll; locks the election row in a transaction. */
async function refuseUnlessOpen(db: Db, input: { electionId: number; memberId: number }) {
  const election = await db
    .selectFrom('elections')
    .select(['stage', 'ballot_close_at', 'allow_revoting', 'revote_key'])
    .where('id', '=', input.electionId)
    .forShare()
    .executeTakeFirst();
  if (!election) throw new Refusal('There is no such election.');
  if (
    election.stage !== 'ballot' ||
    !election.revote_key ||
    (election.ballot_close_at && election.ballot_close_at <= new Date())
  )
    throw new Refusal('Voting is not open for this election.');
  const onRoll = await db
    .selectFrom('roll_entries')
    .select('channel')
    .where('election_id', '=', input.electionId)
    .where('member_id', '=', input.memberId)
    .executeTakeFirst();
  if (onRoll?.channel !== 'online')
    throw new Refusal('You are not on the online roll for this election.');
  return { ...election, revote_key: election.revote_key };
}

/** HMAC of the member under the election's revote key: ties their ballots together until close. */
function voterLink(key: Uint8Array, memberId: number) {
  return new Uint8Array(createHmac('sha256', key).update(`verifiable|${memberId}`).digest());
}

/**
 * Accepts a member's encrypted ballot (spec 2.0 §3.2 step 3): voting open, the
 * member on the online roll, the ballot well formed with every proof valid,
 * signed with a credential on the list, not a replay. While voting is open an
 * HMAC ties the member's ballots together (never to their name), so a member
 * cannot use two credentials, nor a credential someone else has used; it is
 * erased at close. Re-voting replaces the earlier ballot only where allowed.
 */
export async function castVerifiableBallot(
  db: Db,
  input: { electionId: number; memberId: number; ballotJson: string },
): Promise<{ tracker: string; replaced: boolean }> {
  try {
    // The proofs are checked first, on a worker thread and outside the
    // transaction: they take milliseconds, and the server goes on serving.
    await refuseUnlessOpen(db, input);
    const box = await ballotBox(db, input.electionId);
    if (!box) throw new Refusal('This election has no verifiable ballot box.');
    const { election: crypto, credentials } = box;
    const tracker = ballotTracker(input.ballotJson);
    const ballot = checked('ballot', () => readBallot(crypto, input.ballotJson, 'ballot'));
    const credential = crypto.group.toString(ballot.credential);
    if (!credentials.has(credential))
      throw new Refusal(
        'Your ballot is signed with a credential that is not on this election’s list: check the credential in your email.',
      );
    const problem = await sharedPool().problem(crypto, input.ballotJson);
    if (problem) throw new Refusal(`Your ballot does not verify: ${problem}`);
    return await db.transaction().execute(async (trx) => {
      // Again, under the lock: voting may have closed meanwhile.
      const election = await refuseUnlessOpen(trx, input);
      const seen = await trx
        .selectFrom('verifiable_ballots')
        .select('id')
        .where('election_id', '=', input.electionId)
        .where('tracker', '=', tracker)
        .executeTakeFirst();
      if (seen) throw new Refusal('This exact ballot has already been cast (a replay).');

      const link = voterLink(election.revote_key, input.memberId);
      const earlier = await trx
        .selectFrom('verifiable_ballots')
        .select(['credential', 'voter_link'])
        .where('election_id', '=', input.electionId)
        .where((eb) => eb.or([eb('voter_link', '=', link), eb('credential', '=', credential)]))
        .execute();
      if (earlier.some((b) => b.credential === credential && !sameBytes(b.voter_link, link)))
        throw new Refusal('This credential has already been used by another member.');
      if (earlier.some((b) => b.credential !== credential))
        throw new Refusal(
          'You have already voted with a different credential: use the one you voted with.',
        );
      const replaced = earlier.length > 0;
      if (replaced && !election.allow_revoting)
        throw new Refusal('You have already voted in this election.');
      if (!replaced)
        await trx
          .insertInto('participations')
          .values({ election_id: input.electionId, member_id: input.memberId, channel: 'online' })
          .execute();
      // Every ballot stays in the public record; the last one of a credential counts (§4.15).
      await trx
        .insertInto('verifiable_ballots')
        .values({
          election_id: input.electionId,
          tracker,
          credential,
          ballot_json: input.ballotJson,
          voter_link: link,
        })
        .execute();
      return { tracker, replaced };
    });
  } catch (caught) {
    const error =
      (caught as { code?: string }).code === '23505'
        ? new Refusal('You have already voted in this election.')
        : caught;
    if (error instanceof Refusal)
      await audit(db, {
        electionId: input.electionId,
        actorId: input.memberId,
        action: 'vote refused',
        detail: { reason: error.message, channel: 'online' },
      });
    throw error;
  }
}

const sameBytes = (a: Uint8Array | null, b: Uint8Array) =>
  a !== null && a.length === b.length && a.every((x, i) => x === b[i]);

/** Cast ballots' trackers in the order received, for the public ballot box page. */
export async function ballotTrackers(db: Db, electionId: number) {
  return (
    await db
      .selectFrom('verifiable_ballots')
      .select('tracker')
      .where('election_id', '=', electionId)
      .orderBy('id')
      .execute()
  ).map((r) => r.tracker);
}

/**
 * At close (spec 2.0 §4.16): the encrypted tally of the last ballot of each
 * credential. The links between a member's ballots go with the revote key.
 * Runs in the returning officer's close-ballot transaction.
 */
export async function tallyAtClose(trx: Db, electionId: number) {
  const setup = await verifiableSetup(trx, electionId);
  if (!setup) throw new Refusal('This election has no verifiable ballot box.');
  const rows = await trx
    .selectFrom('verifiable_ballots')
    .select(['credential', 'ballot_json'])
    .where('election_id', '=', electionId)
    .orderBy('id')
    .execute();
  const counted = lastBallots(rows).map((r) => ({
    ballot: readBallot(setup.election, r.ballot_json),
    weight: 1n,
  }));
  const tally = encryptedTally(setup.election, counted);
  await trx
    .updateTable('verifiable_setups')
    .set({
      encrypted_tally: writeEncryptedTally(setup.election.group, tally),
      tallied: counted.length,
    })
    .where('election_id', '=', electionId)
    .execute();
  await trx
    .updateTable('verifiable_ballots')
    .set({ voter_link: null })
    .where('election_id', '=', electionId)
    .execute();
  return counted.length;
}

const ranked = (election: Election) => election.questions.some((q) => q.type === 'non-homomorphic');

/** Where the tally stands after the close: what the next trustee must do. */
async function tallyState(db: Db, electionId: number) {
  const setup = await verifiableSetup(db, electionId);
  if (!setup?.encrypted_tally) return undefined;
  const { election } = setup;
  const group = election.group;
  const tally = readEncryptedTally(group, setup.encrypted_tally);
  const trustees = readTrustees(group, setup.trustees_json);
  const steps = await db
    .selectFrom('trustee_steps')
    .select(['kind', 'position', 'payload'])
    .where('election_id', '=', electionId)
    // In the order recorded: each shuffle's input is the one before's output.
    .orderBy('seq')
    .execute();
  const shuffles = steps.filter((s) => s.kind === 'shuffle');
  const decryptions = steps.filter((s) => s.kind === 'partial_decryption');
  // How many must shuffle and decrypt: every Single trustee, and k of a Pedersen group.
  const needed = trustees.reduce((n, t) => n + (t.kind === 'Single' ? 1 : t.threshold), 0);
  // The next input is the last shuffle's output (§3.4). Each shuffle was checked,
  // proofs and all, when it was recorded; only its ciphertexts are read again here.
  const last = shuffles.at(-1);
  const input = !ranked(election)
    ? []
    : last
      ? readEncryptedTally(
          group,
          JSON.stringify((JSON.parse(last.payload) as { ciphertexts: unknown }).ciphertexts),
          'shuffle',
        )
      : nhCiphertexts(election, tally);
  const shufflesDone = !ranked(election) || shuffles.length >= needed;
  const decryptable: EncryptedTally = ranked(election)
    ? mergeShuffled(election, tally, input)
    : tally;
  return {
    setup,
    election,
    tally,
    trustees,
    needed,
    threshold: trustees.some((t) => t.kind === 'Pedersen'),
    shuffles,
    decryptions,
    input,
    shufflesDone,
    decryptable,
  };
}

type TallyState = NonNullable<Awaited<ReturnType<typeof tallyState>>>;

/** What a trustee is asked to do now; to shuffle or decrypt, with the tally as it stands. */
async function nextTask(db: Db, electionId: number, memberId: number) {
  const position = await trusteePosition(db, electionId, memberId);
  const election = await db
    .selectFrom('elections')
    .select(['stage', 'crypto_group', 'trustee_threshold'])
    .where('id', '=', electionId)
    .executeTakeFirstOrThrow();
  const mine = await db
    .selectFrom('trustees')
    .select('public_key')
    .where('election_id', '=', electionId)
    .where('position', '=', position)
    .executeTakeFirstOrThrow();
  const group = election.crypto_group!;
  const threshold = election.trustee_threshold;
  if (beforeBallot(election.stage)) {
    if (threshold === null)
      return { task: 'key' as const, position, group, hasKey: mine.public_key !== null };
    const setup = await keySetupState(db, electionId, threshold);
    const trustees = setup.trustees.length;
    if (setup.round === 'complete')
      return {
        task: 'wait' as const,
        position,
        reason: `The election key is made: any ${threshold} of the ${trustees} trustees can decrypt the result. Keep your private key file safe; you will need it once voting has closed.`,
      };
    if (setup.messages[setup.round].has(position)) {
      const waitingFor = setup.waitingFor(setup.round);
      return {
        task: 'wait' as const,
        position,
        reason: `You have sent your ${keySetupNames[setup.round]}. Waiting for the other trustees to send theirs (${trustees - waitingFor.length} of ${trustees} sent).`,
        waitingFor,
      };
    }
    const base = { position, group, threshold, trustees, setup };
    if (setup.round === 'certificate') return { ...base, task: 'certificate' as const };
    if (setup.round === 'polynomial') return { ...base, task: 'polynomial' as const };
    return { ...base, task: 'voutput' as const };
  }
  const state = await tallyState(db, electionId);
  if (!state) return { task: 'wait' as const, position, reason: 'The ballot is still open.' };
  const { setup, shuffles, decryptions, shufflesDone, needed } = state;
  const names = async (done: readonly { position: number }[]) =>
    (await trusteesOf(db, electionId))
      .filter((t) => !done.some((d) => d.position === t.position))
      .map((t) => t.name);
  if (setup.result_json)
    return {
      task: 'done' as const,
      position,
      tookPart: decryptions.some((d) => d.position === position),
    };
  if (!shufflesDone) {
    if (shuffles.some((s) => s.position === position))
      return {
        task: 'wait' as const,
        position,
        reason: state.threshold
          ? `You have shuffled. Waiting for ${needed - shuffles.length} more of the other trustees to shuffle; any of them can.`
          : 'The other trustees are shuffling.',
        ...(state.threshold && { waitingFor: await names(shuffles) }),
      };
    // Every trustee in turn; with threshold trustees, the first k to come, in any order.
    if (!state.threshold && shuffles.length + 1 !== position)
      return {
        task: 'wait' as const,
        position,
        reason: `Trustee ${shuffles.length + 1} shuffles first.`,
      };
    return { task: 'shuffle' as const, position, state };
  }
  if (decryptions.some((d) => d.position === position))
    return {
      task: 'wait' as const,
      position,
      reason: state.threshold
        ? `Your partial decryption is recorded. Waiting for ${needed - decryptions.length} more of the other trustees to decrypt; any of them can.`
        : 'The other trustees are decrypting.',
      ...(state.threshold && { waitingFor: await names(decryptions) }),
    };
  return { task: 'decrypt' as const, position, state };
}

/** What a trustee is asked to do now, with the data their browser needs. */
export async function trusteeTask(db: Db, electionId: number, memberId: number) {
  const next = await nextTask(db, electionId, memberId);
  if (next.task === 'certificate' || next.task === 'polynomial' || next.task === 'voutput') {
    const { setup, ...task } = next;
    if (next.task === 'certificate') return { ...task, task: 'certificate' as const };
    const certs = setup.inOrder('certificate');
    const certificates = certificatesText(certs);
    if (next.task === 'polynomial') return { ...task, task: 'polynomial' as const, certificates };
    const group = groupByName(next.group);
    const vinput = checked('polynomials', () =>
      makeVinputs(group, readCertificates(group, certificates), setup.inOrder('polynomial')),
    )[next.position - 1]!;
    return { ...task, task: 'voutput' as const, certificates, vinput };
  }
  if (next.task !== 'shuffle' && next.task !== 'decrypt') return next;
  const { state, position } = next;
  const electionJson = state.setup.election_json;
  const write = (tally: EncryptedTally) => writeEncryptedTally(state.election.group, tally);
  if (next.task === 'shuffle')
    return { task: 'shuffle' as const, position, electionJson, inputJson: write(state.input) };
  return {
    task: 'decrypt' as const,
    position,
    electionJson,
    tallyJson: write(state.decryptable),
    // A threshold trustee's share, encrypted for them in key setup (their `.dkey`).
    ...(state.threshold && { encryptedShare: await encryptedShare(db, electionId, position) }),
  };
}

async function encryptedShare(db: Db, electionId: number, position: number) {
  const row = await db
    .selectFrom('trustee_steps')
    .select('payload')
    .where('election_id', '=', electionId)
    .where('kind', '=', 'voutput')
    .where('position', '=', position)
    .executeTakeFirstOrThrow();
  return (JSON.parse(row.payload) as { private_key: string }).private_key;
}

/** A trustee's shuffle with its proof (spec 2.0 §3.4, §4.17), checked before it is kept. */
export async function recordShuffle(db: Db, electionId: number, memberId: number, json: string) {
  return db.transaction().execute(async (trx) => {
    await lockVerifiable(trx, electionId);
    const task = await nextTask(trx, electionId, memberId);
    if (task.task !== 'shuffle')
      throw new Refusal(task.task === 'wait' ? task.reason : 'There is nothing to shuffle now.');
    const { state } = task;
    const shuffled = checked('shuffle', () => readShuffle(state.election.group, json));
    const problem = await sharedPool().runSteps(
      state.election.group,
      shuffleProblemOf(state.election, state.input, shuffled),
    );
    if (problem)
      throw new Refusal(
        `The shuffle does not verify: ${problem}${state.threshold && state.shuffles.length > 0 ? '. If another trustee shuffled while yours was being made, reload the page and shuffle again.' : ''}`,
      );
    await trx
      .insertInto('trustee_steps')
      .values({ election_id: electionId, kind: 'shuffle', position: task.position, payload: json })
      .execute();
    await audit(trx, {
      electionId,
      actorId: memberId,
      action: 'ballots shuffled',
      detail: { trustee: task.position },
    });
  });
}

/**
 * A trustee's partial decryption with proofs (spec 2.0 §4.18), checked against
 * their public key. The last one completes the tally: the result (§4.19) and
 * the archive are written.
 */
export async function recordPartialDecryption(
  db: Db,
  electionId: number,
  memberId: number,
  json: string,
) {
  return db.transaction().execute(async (trx) => {
    await lockVerifiable(trx, electionId);
    const task = await nextTask(trx, electionId, memberId);
    if (task.task === 'done' && !task.tookPart)
      throw new Refusal(
        'Enough trustees have already decrypted the tally: your partial decryption is not needed.',
      );
    if (task.task !== 'decrypt')
      throw new Refusal(task.task === 'wait' ? task.reason : 'There is nothing to decrypt now.');
    const { state } = task;
    const { election, trustees, decryptable } = state;
    const pd = checked('partial decryption', () =>
      readPartialDecryption(election.group, json, 'partial decryption'),
    );
    const owner = decryptingTrustees(trustees)[task.position - 1]!;
    const problem = await sharedPool().partialDecryptionProblem(
      election,
      decryptable,
      owner.key.publicKey,
      pd,
    );
    if (problem) throw new Refusal(`The partial decryption does not verify: ${problem}`);
    await trx
      .insertInto('trustee_steps')
      .values({
        election_id: electionId,
        kind: 'partial_decryption',
        position: task.position,
        payload: json,
      })
      .execute();
    await audit(trx, {
      electionId,
      actorId: memberId,
      action: 'partial decryption recorded',
      detail: { trustee: task.position },
    });
    const decryptions = [...state.decryptions, { position: task.position, payload: json }].sort(
      (a, b) => a.position - b.position,
    );
    const owned = new Map<number, PartialDecryption>(
      decryptions.map((d) => [
        d.position,
        readPartialDecryption(election.group, d.payload, 'partial decryption'),
      ]),
    );
    if (owned.size < state.needed) return { complete: false };
    const factors = combineFactors(election, trustees, decryptable, owned);
    const result = computeResult(election, decryptable, factors, BigInt(state.setup.tallied ?? 0));
    const resultJson = JSON.stringify({ result });
    const archive = await writeArchive(trx, state, decryptions, resultJson);
    await trx
      .updateTable('verifiable_setups')
      .set({ result_json: resultJson, archive })
      .where('election_id', '=', electionId)
      .execute();
    await audit(trx, { electionId, actorId: memberId, action: 'tally decrypted', detail: {} });
    return { complete: true };
  });
}

/** An archive holding the election's Setup event (spec 2.0 §4.4): what a voting tool reads. */
export function archiveFromSetup(setup: {
  archive_timestamp: number;
  election_json: string;
  trustees_json: string;
  credentials_json: string;
}): ArchiveWriter {
  const archive = new ArchiveWriter(setup.archive_timestamp);
  const hashes = {
    election: archive.addData(setup.election_json),
    trustees: archive.addData(setup.trustees_json),
    credentials: archive.addData(setup.credentials_json),
  };
  archive.addEvent('Setup', archive.addData(JSON.stringify(hashes)));
  return archive;
}

/**
 * The Belenios archive (spec 2.0 §4.4), in the order belenios-tool writes it:
 * Setup, every ballot as cast, EndBallots, the encrypted tally, shuffles,
 * partial decryptions, Result.
 */
async function writeArchive(
  db: Db,
  state: TallyState,
  decryptions: readonly { position: number; payload: string }[],
  resultJson: string,
): Promise<Uint8Array> {
  const { setup, election } = state;
  const electionId = setup.election_id;
  const archive = archiveFromSetup(setup);
  const ballots = await db
    .selectFrom('verifiable_ballots')
    .select('ballot_json')
    .where('election_id', '=', electionId)
    .orderBy('id')
    .execute();
  for (const b of ballots) archive.addEvent('Ballot', archive.addData(b.ballot_json));
  archive.addEvent('EndBallots');
  const tallyHash = archive.addData(setup.encrypted_tally!);
  const tallied = setup.tallied ?? 0;
  archive.addEvent(
    'EncryptedTally',
    archive.addData(
      JSON.stringify({ num_tallied: tallied, total_weight: tallied, encrypted_tally: tallyHash }),
    ),
  );
  if (ranked(election)) {
    for (const s of state.shuffles) {
      const payload = archive.addData(s.payload);
      archive.addEvent('Shuffle', archive.addData(JSON.stringify({ owner: s.position, payload })));
    }
    archive.addEvent('EndShuffles');
  }
  for (const d of decryptions) {
    const payload = archive.addData(d.payload);
    archive.addEvent(
      'PartialDecryption',
      archive.addData(JSON.stringify({ owner: d.position, payload })),
    );
  }
  archive.addEvent('Result', archive.addData(resultJson));
  return archive.bytes();
}

/** The decrypted result: per-candidate totals (marking methods) or each shuffled ranked ballot. */
export async function decryptedResult(db: Db, electionId: number) {
  const setup = await verifiableSetup(db, electionId);
  if (!setup?.result_json) return undefined;
  const result = (JSON.parse(setup.result_json) as { result: (number[] | number[][])[] })
    .result[0]!;
  return { election: setup.election, result, tallied: setup.tallied ?? 0 };
}

/** The archive, once the tally is decrypted. */
export async function verifiableArchive(db: Db, electionId: number) {
  const row = await db
    .selectFrom('verifiable_setups')
    .select(['uuid', 'archive'])
    .where('election_id', '=', electionId)
    .executeTakeFirst();
  return row?.archive ? { uuid: row.uuid, bytes: row.archive } : undefined;
}
