import type { Db } from './schema.ts';

/**
 * The newest messages in the outbox, newest first: what an administrator reads
 * at /dev/outbox in the embedded setup, where no SMTP server sends them.
 */
export async function newestOutboxMessages(db: Db, limit: number) {
  return db.selectFrom('outbox').selectAll().orderBy('id', 'desc').limit(limit).execute();
}
