import type { Kysely } from 'kysely';
import nodemailer from 'nodemailer';
import { deliverQueued } from '../db/invitations.ts';
import type { Schema } from '../db/schema.ts';

export interface Message {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  /** Records the message in the outbox and, where SMTP is set, delivers it. */
  send(message: Message): Promise<void>;
  /** Sends what is queued in the outbox (invitations, reminders); 0 without SMTP. */
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
      const row = await db
        .insertInto('outbox')
        .values({ recipient: message.to, subject: message.subject, body_text: message.text })
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
        // Left unsent in the outbox; the caller's request still succeeds.
        options.onError?.(error);
      }
    },
    async deliverQueued() {
      if (!transport) return 0;
      let total = 0;
      for (;;) {
        const sent = await deliverQueued(db, async (m) => {
          await transport.sendMail({ from: options.from, ...m });
        });
        total += sent;
        if (sent === 0) return total;
      }
    },
    close() {
      transport?.close();
    },
  };
}
