import type { Kysely } from 'kysely';
import { Refusal } from '../../core/refusal.ts';
import { ballotInvitationMessage, erasedCredentialText } from '../../mail/templates/index.ts';
import { hashToken, newToken } from '../access/index.ts';
import { audit } from '../core/audit.ts';
import type { Schema } from '../core/schema.ts';
import { findBallot, votePath } from './ballots.ts';
import { invitationBounced } from './bounces.ts';

/**
 * Queues a ballot invitation (or reminder) to every member on the online roll
 * who has an email and, for reminders, has not voted: each message carries a
 * personal one-time link that signs the member in and opens the ballot, valid
 * until voting closes. Members without an email are on the postal list and get
 * no mail. Queued in one transaction; delivery is the outbox's job.
 */
export async function queueInvitations(
  db: Kysely<Schema>,
  ballotId: number,
  kind: 'invitation' | 'reminder',
  options: { baseUrl: string; actorId: number | null },
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const ballot = await findBallot(trx, ballotId);
    if (!ballot) throw new Refusal('There is no such ballot.');
    const { title, closes_at } = ballot;
    let query = trx
      .selectFrom('roll_entries')
      .innerJoin('members', 'members.id', 'roll_entries.member_id')
      .select(['members.id', 'members.first_name', 'members.email'])
      .where('roll_entries.ballot_id', '=', ballotId)
      .where('roll_entries.channel', '=', 'online')
      .where('members.email', 'is not', null);
    if (kind === 'reminder') {
      query = query.where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('participations')
              .select('member_id')
              .whereRef('participations.member_id', '=', 'members.id')
              .where('participations.ballot_id', '=', ballotId),
          ),
        ),
      );
    }
    const members = await query.execute();
    const expires = closes_at ?? new Date(Date.now() + 30 * 24 * 3_600_000);
    for (let i = 0; i < members.length; i += 500) {
      const batch = members.slice(i, i + 500).map((m) => ({ ...m, token: newToken() }));
      await trx
        .insertInto('sign_in_links')
        .values(
          batch.map((m) => ({
            token_hash: hashToken(m.token),
            member_id: m.id,
            expires_at: expires,
            next_path: votePath(ballot),
          })),
        )
        .execute();
      await trx
        .insertInto('outbox')
        .values(
          batch.map((m) => {
            const { subject, text } = ballotInvitationMessage({
              kind,
              firstName: m.first_name,
              ballotTitle: title,
              closesAt: closes_at,
              link: `${options.baseUrl}/sign-in/${m.token}`,
            });
            return {
              recipient: m.email!,
              ballot_id: ballotId,
              member_id: m.id,
              subject,
              body_text: text,
            };
          }),
        )
        .execute();
    }
    await audit(trx, {
      ballotId,
      actorId: options.actorId,
      action: `${kind}s queued`,
      detail: { count: members.length },
    });
    return members.length;
  });
}

/**
 * Delivers queued mail. A short transaction claims up to `batch` unsent
 * messages with FOR UPDATE SKIP LOCKED (so two servers never take the same
 * one) and stamps them claimed; they are then sent outside it (the embedded
 * database is one connection, which must not wait on an SMTP server) and each
 * is marked sent as soon as it goes. A failure is recorded and retried later,
 * at most 5 times, unless the refusal is permanent (`PermanentDeliveryFailure`,
 * an SMTP 5xx): then it is marked bounced, never retried, and a ballot
 * invitation's member moves to the postal list (src/db/ballots/bounces.ts). A message
 * claimed by a process that died is retried after ten minutes; only a crash
 * between sending and marking can send one twice.
 */
export async function deliverQueued(
  db: Kysely<Schema>,
  send: (message: { to: string; subject: string; text: string }) => Promise<void>,
  batch = 50,
): Promise<{ claimed: number; sent: number; bounced: number }> {
  const stale = new Date(Date.now() - 10 * 60_000);
  const claimed = await db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('outbox')
      .select(['id', 'recipient', 'subject', 'body_text'])
      .where('sent_at', 'is', null)
      .where('attempts', '<', 5)
      .where('bounced_at', 'is', null)
      .where((eb) => eb.or([eb('claimed_at', 'is', null), eb('claimed_at', '<', stale)]))
      .orderBy('id')
      .limit(batch)
      .forUpdate()
      .skipLocked()
      .execute();
    if (rows.length > 0) {
      await trx
        .updateTable('outbox')
        .set((eb) => ({ claimed_at: new Date(), attempts: eb('attempts', '+', 1) }))
        .where(
          'id',
          'in',
          rows.map((r) => r.id),
        )
        .execute();
    }
    return rows;
  });
  let sent = 0;
  let bounced = 0;
  for (const row of claimed) {
    try {
      await send({ to: row.recipient, subject: row.subject, text: row.body_text });
      await db
        .updateTable('outbox')
        .set({ sent_at: new Date() })
        .where('id', '=', row.id)
        .execute();
      // A voting credential is the member's alone: once delivered, the server forgets it.
      await db
        .updateTable('outbox')
        .set({ body_text: erasedCredentialText })
        .where('id', '=', row.id)
        .where('erase_after_sending', '=', true)
        .execute();
      sent++;
    } catch (error) {
      const permanent = error instanceof PermanentDeliveryFailure;
      await db
        .updateTable('outbox')
        .set({
          claimed_at: null,
          last_error: String((error as Error).message ?? error).slice(0, 500),
          ...(permanent ? { bounced_at: new Date() } : {}),
        })
        .where('id', '=', row.id)
        .execute();
      if (permanent) {
        bounced++;
        await invitationBounced(db, row.id);
      }
    }
  }
  return { claimed: claimed.length, sent, bounced };
}

/** A refusal the mail server says is final (SMTP 5xx): the message is not tried again. */
export class PermanentDeliveryFailure extends Error {
  override name = 'PermanentDeliveryFailure';
}
