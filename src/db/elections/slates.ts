import { audit } from '../core/audit.ts';
import type { Db } from '../core/schema.ts';

/**
 * Slates: groups of members who recommend candidates in an order. They are
 * published on the election page and never appear on the ballot.
 */

/** An election's slates by name, one row per recommended candidate in the slate's order. */
export async function slatesOf(db: Db, electionId: number) {
  return db
    .selectFrom('slates')
    .leftJoin('slate_candidates', 'slate_candidates.slate_id', 'slates.id')
    .leftJoin('candidates', 'candidates.id', 'slate_candidates.candidate_id')
    .select([
      'slates.id',
      'slates.name',
      'slates.description',
      'candidates.name as candidate',
      'slate_candidates.position',
    ])
    .where('slates.election_id', '=', electionId)
    .orderBy('slates.name')
    .orderBy('slate_candidates.position')
    .execute();
}

/** Is a slate of this name already published in the election? */
export async function slateNameTaken(db: Db, electionId: number, name: string): Promise<boolean> {
  const taken = await db
    .selectFrom('slates')
    .select('id')
    .where('election_id', '=', electionId)
    .where('name', '=', name)
    .executeTakeFirst();
  return taken !== undefined;
}

/** Publishes a checked slate with its candidates in order, audited, in one transaction. */
export async function publishSlate(
  db: Db,
  slate: {
    electionId: number;
    name: string;
    description: string;
    candidates: { id: number; position: number }[];
  },
  actorId: number,
) {
  await db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('slates')
      .values({
        election_id: slate.electionId,
        name: slate.name,
        description: slate.description,
        published_by: actorId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('slate_candidates')
      .values(
        slate.candidates.map((x) => ({ slate_id: id, candidate_id: x.id, position: x.position })),
      )
      .execute();
    await audit(trx, {
      electionId: slate.electionId,
      actorId,
      action: 'slate published',
      detail: { name: slate.name, candidates: slate.candidates.length },
    });
  });
}
