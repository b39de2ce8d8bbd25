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

/** A refusal a person can act on: the web shows it as a 4xx, the CLI as one line. */
export class Refusal extends Error {
  override name = 'Refusal';
  constructor(
    message: string,
    /** The form field it concerns, if any. */
    readonly field?: string,
  ) {
    super(message);
  }
}
