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
