import { createHmac } from 'node:crypto';
import { Refusal } from '../../core/refusal.ts';
import { ballotTracker, readBallot } from '../../crypto/ballot.ts';
import type { Election } from '../../crypto/election.ts';
import { sharedPool } from '../../crypto/verify-pool.ts';
import { audit } from '../core/audit.ts';
import { checked, type Db } from './verifiable-election.ts';
import { verifiableSetup } from './verifiable-setup.ts';

/**
 * The verifiable ballot box while voting is open (spec 2.0 §3.2): members'
 * encrypted ballots, each checked before it is kept, and the public list of
 * their trackers.
 */

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
