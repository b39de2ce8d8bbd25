import type { Kysely } from 'kysely';
import { Refusal } from '../../core/refusal.ts';
import { audit } from '../core/audit.ts';
import type { Schema } from '../core/schema.ts';

/**
 * A ballot invitation that cannot be delivered (DOMAIN.md: "by post to members
 * without a usable email"): the member moves from the online list to the postal
 * list, so they get a paper ballot, and the bounce is recorded on their roll
 * entry and in the audit log. A member who has already voted stays as they
 * are: they need no ballot.
 */
async function moveToPostal(
  trx: Kysely<Schema>,
  electionId: number,
  memberId: number,
  source: 'mail server' | 'recorded by hand',
  actorId: number | null,
): Promise<{ moved: boolean }> {
  const entry = await trx
    .selectFrom('roll_entries')
    .select(['channel', 'bounced_at'])
    .where('election_id', '=', electionId)
    .where('member_id', '=', memberId)
    .forUpdate()
    .executeTakeFirst();
  if (!entry) return { moved: false };
  const voted = await trx
    .selectFrom('participations')
    .select('channel')
    .where('election_id', '=', electionId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
  const moved = entry.channel === 'online' && !voted;
  if (entry.bounced_at === null) {
    await trx
      .updateTable('roll_entries')
      .set({ bounced_at: new Date(), ...(moved ? { channel: 'postal' as const } : {}) })
      .where('election_id', '=', electionId)
      .where('member_id', '=', memberId)
      .execute();
  }
  const { membership_number } = await trx
    .selectFrom('members')
    .select('membership_number')
    .where('id', '=', memberId)
    .executeTakeFirstOrThrow();
  await audit(trx, {
    electionId,
    actorId,
    action: 'ballot invitation bounced',
    detail: { membershipNumber: membership_number, source, movedToPostal: moved },
  });
  return { moved };
}

/** The mail server refused an outbox message for good; if it was a ballot invitation, act on it. */
export async function invitationBounced(db: Kysely<Schema>, outboxId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const message = await trx
      .selectFrom('outbox')
      .select(['election_id', 'member_id'])
      .where('id', '=', outboxId)
      .executeTakeFirst();
    if (message?.election_id == null || message.member_id == null) return;
    await moveToPostal(trx, message.election_id, message.member_id, 'mail server', null);
  });
}

/**
 * The returning officer records a bounce that came back later (a delivery
 * status notification to the sender's address), by the address it bounced from.
 */
export async function recordBounce(
  db: Kysely<Schema>,
  input: { electionId: number; email: string },
  actorId: number | null,
): Promise<{ name: string; moved: boolean }> {
  return db.transaction().execute(async (trx) => {
    const member = await trx
      .selectFrom('members')
      .innerJoin('roll_entries', 'roll_entries.member_id', 'members.id')
      .select(['members.id', 'members.first_name', 'members.last_name'])
      .where('roll_entries.election_id', '=', input.electionId)
      .where('members.email', '=', input.email.trim().toLowerCase())
      .executeTakeFirst();
    if (!member)
      throw new Refusal('No member on this election’s roll has that email address.', 'email');
    const { moved } = await moveToPostal(
      trx,
      input.electionId,
      member.id,
      'recorded by hand',
      actorId,
    );
    await trx
      .updateTable('outbox')
      .set({ bounced_at: new Date() })
      .where('election_id', '=', input.electionId)
      .where('member_id', '=', member.id)
      .where('bounced_at', 'is', null)
      .execute();
    return { name: `${member.first_name} ${member.last_name}`, moved };
  });
}
