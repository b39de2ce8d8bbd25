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

/** An election's audit log in order, each line with the name of who acted (none for the system). */
export async function auditLogOf(db: Kysely<Schema>, electionId: number) {
  return db
    .selectFrom('audit_log')
    .leftJoin('members', 'members.id', 'audit_log.actor_id')
    .select([
      'audit_log.id',
      'audit_log.at',
      'audit_log.action',
      'audit_log.detail',
      'members.first_name',
      'members.last_name',
    ])
    .where('audit_log.election_id', '=', electionId)
    .orderBy('audit_log.id')
    .execute();
}
