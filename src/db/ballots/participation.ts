import { type Kysely, sql } from 'kysely';
import type { Schema } from '../core/schema.ts';

export interface BallotCounts {
  issued: number;
  returned: number;
  online: number;
  postal: number;
}

/** Ballots issued (the roll) and returned, by channel. */
export async function ballotCounts(db: Kysely<Schema>, ballotId: number): Promise<BallotCounts> {
  const ballot = await db
    .selectFrom('ballots')
    .select(['box', 'roll_size'])
    .where('id', '=', ballotId)
    .executeTakeFirst();
  // A verifiable box's ballots are encrypted and signed by credential: count who voted instead.
  const row = await db
    .selectFrom(ballot?.box === 'verifiable' ? 'participations' : 'votes')
    .select([
      sql<number>`count(*)::int`.as('returned'),
      sql<number>`count(*) filter (where channel = 'online')::int`.as('online'),
      sql<number>`count(*) filter (where channel = 'postal')::int`.as('postal'),
    ])
    .where('ballot_id', '=', ballotId)
    .executeTakeFirstOrThrow();
  return { issued: ballot?.roll_size ?? 0, ...row };
}
