import { createHash, createHmac, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import { Refusal } from '../../core/refusal.ts';
import { checkMarks } from '../../org/ballots/marks.ts';
import { audit } from '../core/audit.ts';
import type { Channel, Schema } from '../core/schema.ts';
import { ballotOptions, lockBallot, noun } from './ballots.ts';
import { checkPostalPaper } from './postal-papers.ts';

const hash = (text: string) => new Uint8Array(createHash('sha256').update(text).digest());

/** A receipt a member can read out or type: 12 letters and digits in groups of four, no look-alikes. */
function newReceipt(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = randomBytes(12);
  const code = [...bytes].map((b) => alphabet[b % 32]).join('');
  return `${code.slice(0, 4)}-${code.slice(4, 8)}-${code.slice(8)}`;
}

/** A vote to cast: whose, on which ballot, the marks (option or candidate ids in order), how it came. */
export interface CastInput {
  ballotId: number;
  memberId: number;
  marks: number[];
  channel: Channel;
  /** Who typed in a postal vote, or one given in the room. */
  enteredBy?: number;
  /** The number printed on a postal ballot paper (src/db/ballots/postal-papers.ts). */
  paperNumber?: string;
}

/**
 * Casts a member's vote, in one transaction. The vote goes into the box with no
 * member id and no time, weighing what the member's roll entry weighs; the
 * member is marked as having voted, apart. Until close, an HMAC of the member
 * under the ballot's revote key lets a later vote replace an earlier one where
 * the rules allow (re-voting online; a postal vote replacing an online one when
 * postal wins). The member gets a receipt.
 */
export async function castVote(
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
        ? new Refusal(`You have already voted in this ${await nounOf(db, input.ballotId)}.`)
        : caught;
    // Refused attempts are logged for the scrutineer, after the rollback (never the marks).
    if (error instanceof Refusal && error.field !== 'marks') {
      await audit(db, {
        ballotId: input.ballotId,
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
    const ballot = await lockBallot(trx, input.ballotId, 'share');
    const what = noun(ballot);
    if (ballot.state !== 'open' || (ballot.closes_at && ballot.closes_at <= new Date())) {
      throw new Refusal(`Voting is not open for this ${what}.`);
    }
    // A verifiable box takes only ballots encrypted and signed in the booth
    // (src/db/ballots/verifiable-box.ts); a plain vote would count for nothing and block the member.
    if (ballot.box === 'verifiable')
      throw new Refusal(
        `This ${what} takes encrypted ballots only: vote in its booth, on the ballot page.`,
      );
    if (input.channel === 'in_room' && !ballot.in_room)
      throw new Refusal(`This ${what} takes no votes in the room.`);
    const onRoll = await trx
      .selectFrom('roll_entries')
      .select(['channel', 'weight'])
      .where('ballot_id', '=', input.ballotId)
      .where('member_id', '=', input.memberId)
      .executeTakeFirst();
    if (!onRoll) {
      throw new Refusal(`You are not on the roll for this ${what}.`);
    }
    if (input.channel === 'postal')
      await checkPostalPaper(trx, ballot, input.memberId, input.paperNumber);
    const options = await ballotOptions(trx, ballot);
    const marks = checkMarks(
      input.marks,
      {
        question: ballot.question,
        method: ballot.method,
        seats: ballot.seats,
        maxMarks: ballot.max_marks,
      },
      new Set(options.map((o) => o.id)),
    );

    const link = ballot.revote_key
      ? new Uint8Array(
          createHmac('sha256', ballot.revote_key).update(String(input.memberId)).digest(),
        )
      : null;
    const previous = await trx
      .selectFrom('participations')
      .select('channel')
      .where('ballot_id', '=', input.ballotId)
      .where('member_id', '=', input.memberId)
      .executeTakeFirst();
    let replaced = false;
    if (previous) {
      const mayReplace =
        link !== null &&
        ((input.channel === 'online' && previous.channel === 'online' && ballot.allow_revoting) ||
          (input.channel === 'postal' && previous.channel === 'online' && ballot.postal_wins));
      if (!mayReplace) {
        throw new Refusal(
          previous.channel === 'postal'
            ? 'A postal ballot from this member has already been counted in.'
            : `You have already voted in this ${what}.`,
        );
      }
      await trx.deleteFrom('votes').where('revote_link', '=', link).execute();
      await trx
        .updateTable('participations')
        .set({ channel: input.channel })
        .where('ballot_id', '=', input.ballotId)
        .where('member_id', '=', input.memberId)
        .execute();
      replaced = true;
    } else {
      await trx
        .insertInto('participations')
        .values({
          ballot_id: input.ballotId,
          member_id: input.memberId,
          channel: input.channel,
        })
        .execute();
    }
    const receipt = newReceipt();
    await trx
      .insertInto('votes')
      .values({
        ballot_id: input.ballotId,
        receipt_hash: hash(receipt),
        marks: JSON.stringify(marks),
        channel: input.channel,
        revote_link: link,
        weight: onRoll.weight,
      })
      .execute();
    if (input.channel !== 'online') {
      // Who entered a postal vote (or one given in the room) is audited; whose vote it was is not.
      await audit(trx, {
        ballotId: input.ballotId,
        actorId: input.enteredBy ?? null,
        action: input.channel === 'postal' ? 'postal ballot entered' : 'vote in the room entered',
        detail: { replaced },
      });
    }
    return { receipt, replaced };
  });
}

/** Is the vote with this receipt in the box? (It never says how it was marked.) */
export async function receiptIsInBox(
  db: Kysely<Schema>,
  ballotId: number,
  receipt: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('votes')
    .select('id')
    .where('ballot_id', '=', ballotId)
    .where('receipt_hash', '=', hash(receipt.trim().toUpperCase()))
    .executeTakeFirst();
  return row !== undefined;
}

async function nounOf(db: Kysely<Schema>, ballotId: number) {
  const election = await db
    .selectFrom('elections')
    .select('id')
    .where('ballot_id', '=', ballotId)
    .executeTakeFirst();
  return noun({ election_id: election?.id ?? null });
}

/**
 * Where a member stands on a ballot: on the roll (and by which channel), and
 * whether they have voted (and how). Either is undefined when they are not.
 */
export async function voterStatus(db: Kysely<Schema>, ballotId: number, memberId: number) {
  const onRoll = await db
    .selectFrom('roll_entries')
    .select('channel')
    .where('ballot_id', '=', ballotId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  const voted = await db
    .selectFrom('participations')
    .select('channel')
    .where('ballot_id', '=', ballotId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  return { onRoll, voted };
}
