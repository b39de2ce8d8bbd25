import type { Kysely } from 'kysely';
import nodemailer from 'nodemailer';
import { deliverQueued, PermanentDeliveryFailure } from '../db/ballots/index.ts';
import type { Schema } from '../db/core/schema.ts';

export interface Message {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** Records the message in the outbox and, where SMTP is set, delivers it. */
  send(message: Message): Promise<void>;
  /** Sends what is queued in the outbox (invitations, reminders); returns how many went (0 without SMTP). */
  deliverQueued(): Promise<number>;
  close(): void;
}

/**
 * Every message is written to the outbox first. With an SMTP server it is then
 * delivered and marked sent; without one (the embedded setup) it stays there
 * for an administrator to read at /dev/outbox.
 */
export function createMailer(
  db: Kysely<Schema>,
  options: { smtpUrl?: string | undefined; from: string; onError?: (error: unknown) => void },
): Mailer {
  const transport = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : undefined;
  return {
    async send(message) {
      // Claimed from the start, so the background delivery of queued mail
      // does not send it a second time while this send is under way.
      const row = await db
        .insertInto('outbox')
        .values({
          recipient: message.to,
          subject: message.subject,
          body_text: message.text,
          ...(transport ? { claimed_at: new Date(), attempts: 1 } : {}),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (!transport) return;
      try {
        await transport.sendMail({ from: options.from, ...message });
        await db
          .updateTable('outbox')
          .set({ sent_at: new Date() })
          .where('id', '=', row.id)
          .execute();
      } catch (error) {
        // Released to the background delivery, which tries again; the caller's request still succeeds.
        await db
          .updateTable('outbox')
          .set({
            claimed_at: null,
            last_error: String((error as Error).message ?? error).slice(0, 500),
            ...(isPermanent(error) ? { bounced_at: new Date() } : {}),
          })
          .where('id', '=', row.id)
          .execute();
        options.onError?.(error);
      }
    },
    async deliverQueued() {
      if (!transport) return 0;
      let total = 0;
      // Batch after batch while all goes well; after a failure, wait for the next run.
      for (;;) {
        const { claimed, sent, bounced } = await deliverQueued(db, async (m) => {
          try {
            await transport.sendMail({ from: options.from, ...m });
          } catch (error) {
            if (!isPermanent(error)) throw error;
            throw new PermanentDeliveryFailure((error as Error).message, { cause: error });
          }
        });
        total += sent;
        // A bounce is settled for good; any other failure waits for the next run.
        if (claimed === 0 || sent + bounced < claimed) return total;
      }
    },
    close() {
      transport?.close();
    },
  };
}

/**
 * Did the SMTP server refuse for good? A 5xx reply (RFC 5321, 4.2.1), e.g. 550
 * "no such mailbox" on RCPT TO; 4xx replies and lost connections are retried.
 */
function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: unknown }).responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}
