import { type Kysely, sql } from 'kysely';
import type { Schema } from './schema.ts';

/**
 * Adds a line to the append-only audit log: who did what to which ballot or
 * election. A line about a ballot that belongs to an election names the
 * election too (looked up here), so the election's audit page shows it.
 */
export async function audit(
  db: Kysely<Schema>,
  entry: {
    electionId?: number | null;
    ballotId?: number | null;
    actorId: number | null;
    action: string;
    detail?: Record<string, unknown>;
  },
) {
  const ballotId = entry.ballotId ?? null;
  const electionId = entry.electionId ?? null;
  await db
    .insertInto('audit_log')
    .values({
      election_id:
        electionId === null && ballotId !== null
          ? sql<number | null>`(select id from elections where ballot_id = ${ballotId})`
          : electionId,
      ballot_id:
        ballotId === null && electionId !== null
          ? sql<number | null>`(select ballot_id from elections where id = ${electionId})`
          : ballotId,
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
