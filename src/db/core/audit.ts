import type { Kysely } from 'kysely';
import type { Schema } from './schema.ts';

/** Adds a line to the append-only audit log: who did what to which election. */
export async function audit(
  db: Kysely<Schema>,
  entry: {
    electionId: number | null;
    actorId: number | null;
    action: string;
    detail?: Record<string, unknown>;
  },
) {
  await db
    .insertInto('audit_log')
    .values({
      election_id: entry.electionId,
      actor_id: entry.actorId,
      action: entry.action,
      detail: JSON.stringify(entry.detail ?? {}),
    })
    .execute();
}
