import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { Refusal } from '../../core/refusal.ts';
import { isMarking, markLimit } from '../../org/ballots/verifiable-ballot.ts';
import { audit } from '../core/audit.ts';
import type { Channel, Schema } from '../core/schema.ts';
import { checkPostalPaper } from './postal-papers.ts';

/**
 * Checks a member's marks against the election: known, valid candidates, no
 * one twice, and for marking methods no more than the seats (FPTP: one).
 * Returns the marks as ranks of candidate ids.
 */
export function checkMarks(
  marks: number[],
  election: { method: string; seats: number },
  validIds: Set<number>,
): number[][] {
  if (marks.length === 0) throw new Refusal('Choose at least one candidate.', 'marks');
  if (new Set(marks).size !== marks.length)
    throw new Refusal('You chose the same candidate more than once.', 'marks');
  for (const id of marks)
    if (!validIds.has(id)) throw new Refusal('That candidate is not on this ballot.', 'marks');
  const limit = markLimit(election.method, election.seats, validIds.size);
  if (isMarking(election.method) && marks.length > limit) {
    throw new Refusal(
      `Vote for up to ${limit} ${limit === 1 ? 'candidate' : 'candidates'}; you chose ${marks.length}.`,
      'marks',
    );
  }
  return marks.map((id) => [id]);
}

const hash = (text: string) => new Uint8Array(createHash('sha256').update(text).digest());

/** A receipt a member can read out or type: 12 letters and digits in groups of four, no look-alikes. */
function newReceipt(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(12);
  const code = [...bytes].map((b) => alphabet[b % 32]).join('');
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

/** A ballot to cast: whose, for which election, the marks (candidate ids in order), how it came. */
export interface CastInput {
  electionId: number;
  memberId: number;
  marks: number[];
  channel: Channel;
  /** Who typed in a postal ballot. */
  enteredBy?: number;
  /** The number printed on a postal ballot paper (src/db/ballots/postal-papers.ts). */
  paperNumber?: string;
}

/**
 * Casts a member's ballot, in one transaction. The ballot goes into the box with
 * no member id and no time; the member is marked as having voted, apart. Until
 * close, an HMAC of the member under the election's revote key lets a later
 * ballot replace an earlier one where the rules allow (re-voting online; a postal
 * ballot replacing an online one when postal wins). The member gets a receipt.
 */
export async function castBallot(
  db: Kysely<Schema>,
  input: CastInput,
): Promise<{ receipt: string; replaced: boolean }> {
  try {
    return await cast(db, input);
  } catch (caught) {
    // Two ballots from one member at the same moment: the second one's
    // participation row breaks the primary key. It is a double vote.
    const error =
      (caught as { code?: string }).code === '23505'
        ? new Refusal('You have already voted in this election.')
        : caught;
    // Refused attempts are logged for the scrutineer, after the rollback (never the marks).
    if (error instanceof Refusal && error.field !== 'marks') {
      await audit(db, {
        electionId: input.electionId,
        actorId: input.enteredBy ?? input.memberId,
        action: 'vote refused',
        detail: { reason: error.message, channel: input.channel },
      });
    }
    throw error;
  }
}

function cast(
  db: Kysely<Schema>,
  input: CastInput,
): Promise<{ receipt: string; replaced: boolean }> {
  return db.transaction().execute(async (trx) => {
    const election = await trx
      .selectFrom('elections')
      .select([
        'id',
        'stage',
        'method',
        'seats',
        'allow_revoting',
        'postal_wins',
        'revote_key',
        'ballot_close_at',
        'ballot_box',
      ])
      .where('id', '=', input.electionId)
      // Shared: ballots are cast side by side; closing the ballot (FOR UPDATE)
      // waits for those under way and then no more can start.
      .forShare()
      .executeTakeFirst();
    if (!election) throw new Refusal('There is no such election.');
    if (
      election.stage !== 'ballot' ||
      (election.ballot_close_at && election.ballot_close_at <= new Date())
    ) {
      throw new Refusal('Voting is not open for this election.');
    }
    // A verifiable election takes only ballots encrypted and signed in the booth
    // (src/db/ballots/verifiable-box.ts); a plain ballot would count for nothing and block the member.
    if (election.ballot_box === 'verifiable')
      throw new Refusal(
        'This election takes encrypted ballots only: vote in its booth, on the ballot page.',
      );
    const onRoll = await trx
      .selectFrom('roll_entries')
      .select('channel')
      .where('election_id', '=', input.electionId)
      .where('member_id', '=', input.memberId)
      .executeTakeFirst();
    if (!onRoll) {
      throw new Refusal('You are not on the roll for this election.');
    }
    if (input.channel === 'postal')
      await checkPostalPaper(trx, input.electionId, input.memberId, input.paperNumber);
    const valid = await trx
      .selectFrom('candidates')
      .select('id')
      .where('election_id', '=', input.electionId)
      .where('status', '=', 'valid')
      .execute();
    const marks = checkMarks(input.marks, election, new Set(valid.map((c) => c.id)));

    const link = election.revote_key
      ? new Uint8Array(
          createHmac('sha256', election.revote_key).update(String(input.memberId)).digest(),
        )
      : null;
    const previous = await trx
      .selectFrom('participations')
      .select('channel')
      .where('election_id', '=', input.electionId)
      .where('member_id', '=', input.memberId)
      .executeTakeFirst();
    let replaced = false;
    if (previous) {
      const mayReplace =
        link !== null &&
        ((input.channel === 'online' && previous.channel === 'online' && election.allow_revoting) ||
          (input.channel === 'postal' && previous.channel === 'online' && election.postal_wins));
      if (!mayReplace) {
        throw new Refusal(
          previous.channel === 'postal'
            ? 'A postal ballot from this member has already been counted in.'
            : 'You have already voted in this election.',
        );
      }
      await trx.deleteFrom('ballots').where('revote_link', '=', link).execute();
      await trx
        .updateTable('participations')
        .set({ channel: input.channel })
        .where('election_id', '=', input.electionId)
        .where('member_id', '=', input.memberId)
        .execute();
      replaced = true;
    } else {
      await trx
        .insertInto('participations')
        .values({
          election_id: input.electionId,
          member_id: input.memberId,
          channel: input.channel,
        })
        .execute();
    }
    const receipt = newReceipt();
    await trx
      .insertInto('ballots')
      .values({
        election_id: input.electionId,
        receipt_hash: hash(receipt),
        marks: JSON.stringify(marks),
        channel: input.channel,
        revote_link: link,
      })
      .execute();
    if (input.channel === 'postal') {
      // Who entered a postal ballot is audited; whose ballot it was is not.
      await audit(trx, {
        electionId: input.electionId,
        actorId: input.enteredBy ?? null,
        action: 'postal ballot entered',
        detail: { replaced },
      });
    }
    return { receipt, replaced };
  });
}

/** Is the ballot with this receipt in the box? (It never says how it was marked.) */
export async function receiptIsInBox(
  db: Kysely<Schema>,
  electionId: number,
  receipt: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('ballots')
    .select('id')
    .where('election_id', '=', electionId)
    .where('receipt_hash', '=', hash(receipt.trim().toUpperCase()))
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Where a member stands in an election: on the roll (and by which channel), and
 * whether they have voted (and how). Either is undefined when they are not.
 */
export async function voterStatus(db: Kysely<Schema>, electionId: number, memberId: number) {
  const onRoll = await db
    .selectFrom('roll_entries')
    .select('channel')
    .where('election_id', '=', electionId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  const voted = await db
    .selectFrom('participations')
    .select('channel')
    .where('election_id', '=', electionId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  return { onRoll, voted };
}
