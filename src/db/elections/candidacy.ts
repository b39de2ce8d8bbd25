import { audit } from '../core/audit.ts';
import type { Db } from '../core/schema.ts';

/** A nominated member's own candidacy in an election: consent to stand, and a statement. */

/** The member's candidacy in the election; undefined if they have not been nominated. */
export async function candidacyOf(db: Db, electionId: number, memberId: number) {
  return db
    .selectFrom('candidates')
    .selectAll()
    .where('election_id', '=', electionId)
    .where('member_id', '=', memberId)
    .executeTakeFirst();
}

/** Who nominated the candidate: a branch or an affiliated organisation per nomination (null for a representative). */
export async function nominationsReceived(db: Db, candidateId: number) {
  return db
    .selectFrom('nominations')
    .leftJoin('branches', 'branches.id', 'nominations.branch_id')
    .leftJoin('affiliates', 'affiliates.id', 'nominations.affiliate_id')
    .select(['branches.name as branch', 'affiliates.name as affiliate'])
    .where('candidate_id', '=', candidateId)
    .execute();
}

/** The candidate agrees to stand; audited. */
export async function consentToStand(
  db: Db,
  candidacy: { electionId: number; candidateId: number },
  actorId: number,
) {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('candidates')
      .set({ consented_at: new Date() })
      .where('id', '=', candidacy.candidateId)
      .execute();
    await audit(trx, {
      electionId: candidacy.electionId,
      actorId,
      action: 'candidate consented',
      detail: { candidateId: candidacy.candidateId },
    });
  });
}

/** Saves the candidate's checked statement; audited with its length, never its text. */
export async function saveStatement(
  db: Db,
  candidacy: { electionId: number; candidateId: number; statement: string },
  actorId: number,
) {
  await db.transaction().execute(async (trx) => {
    await trx
      .updateTable('candidates')
      .set({ statement: candidacy.statement })
      .where('id', '=', candidacy.candidateId)
      .execute();
    await audit(trx, {
      electionId: candidacy.electionId,
      actorId,
      action: 'candidate statement saved',
      detail: { candidateId: candidacy.candidateId, length: candidacy.statement.length },
    });
  });
}
