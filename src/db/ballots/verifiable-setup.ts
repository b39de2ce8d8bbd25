import { Refusal } from '../../core/refusal.ts';
import { generateCredential } from '../../crypto/credential.ts';
import { generateUuid } from '../../crypto/demo.ts';
import { makeElection, readElection } from '../../crypto/election.ts';
import { groupByName } from '../../crypto/groups.ts';
import { type RandomBytes, systemRandom } from '../../crypto/random.ts';
import {
  electionPublicKey,
  readTrusteeKey,
  readTrustees,
  type TrusteeKind,
  writeTrustees,
} from '../../crypto/trustees.ts';
import { sharedPool } from '../../crypto/verify-pool.ts';
import { votingCredentialMessage } from '../../mail/templates/index.ts';
import { keySetupNames } from '../../org/ballots/trustee-tasks.ts';
import { verifiableQuestion } from '../../org/ballots/verifiable-ballot.ts';
import { ballotOptions, votePath } from './ballots.ts';
import { keySetupState, thresholdParameters } from './key-setup.ts';
import { trusteesOf } from './trustees.ts';
import { type Db, lockVerifiable } from './verifiable-election.ts';

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
  ballotId: number,
  baseUrl: string,
  random: RandomBytes = systemRandom,
) {
  const election = await lockVerifiable(trx, ballotId);
  const trustees = await trusteesOf(trx, ballotId);
  const missing = trustees.filter((t) => !t.public_key).map((t) => t.name);
  if (trustees.length === 0) throw new Refusal('This verifiable election has no trustees.');
  const group = groupByName(election.crypto_group);
  let kinds: TrusteeKind[];
  if (election.trustee_threshold !== null) {
    const state = await keySetupState(trx, ballotId, election.trustee_threshold);
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
  const candidates = (await ballotOptions(trx, election)).map((o) => ({ name: o.label }));
  const question = verifiableQuestion(
    election.method,
    election.seats,
    candidates.map((c) => c.name),
  );
  // Belenios's description: the election's body, or a ballot's own title.
  const description =
    election.election_id === null
      ? election.title
      : (
          await trx
            .selectFrom('elections')
            .select('body')
            .where('id', '=', election.election_id)
            .executeTakeFirstOrThrow()
        ).body;
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
    { name: election.title, description, questions: [question] },
    group,
    electionPublicKey(group, kinds),
    uuid,
  );
  const voters = await trx
    .selectFrom('roll_entries')
    .innerJoin('members', 'members.id', 'roll_entries.member_id')
    .select(['members.first_name', 'members.email'])
    .where('roll_entries.ballot_id', '=', ballotId)
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
      ballot_id: ballotId,
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
            ballotTitle: election.title,
            credential: v.credential,
            voteLink: `${baseUrl}${votePath(election)}#credential=${v.credential}`,
          });
          return { recipient: v.email!, subject, erase_after_sending: true, body_text: text };
        }),
      )
      .execute();
  }
  return { uuid, credentials: issued.length, fingerprint: crypto.fingerprint };
}

/** The election's public record, once the ballot box is set up. */
export async function verifiableSetup(db: Db, ballotId: number) {
  const setup = await db
    .selectFrom('verifiable_setups')
    .selectAll()
    .where('ballot_id', '=', ballotId)
    .executeTakeFirst();
  if (!setup) return undefined;
  return { ...setup, election: readElection(setup.election_json) };
}
