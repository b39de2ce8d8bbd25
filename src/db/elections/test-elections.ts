import type { Kysely } from 'kysely';
import { type ElectionSettings, runningExampleSettings } from '../../org/elections/settings.ts';
import type { Schema } from '../core/schema.ts';
import { createElection } from './elections.ts';
import { nominate } from './nominations.ts';
import { freezeRoll, takeStep } from './steps.ts';

/**
 * For tests: an election on a seeded demo organisation, taken through the
 * returning officer's steps up to `until`. Each nominee is nominated by a
 * branch of their own and consents. No nomination threshold, no minimum
 * membership, no closing time unless `settings` says otherwise.
 */
export async function setUpElection(
  db: Kysely<Schema>,
  options: {
    settings?: Partial<ElectionSettings>;
    nominees: string[];
    until: 'candidates_published' | 'ballot';
    /** Trustees of a verifiable ballot box. */
    trusteeIds?: number[];
  },
) {
  const officer = (
    await db
      .selectFrom('members')
      .select('id')
      .where('email', '=', 'returning.officer@party.example')
      .executeTakeFirstOrThrow()
  ).id;
  const electionId = await createElection(
    db,
    {
      ...runningExampleSettings('2026-11-29'),
      nominationRule: null,
      candidateMinMembershipDays: null,
      ballotCloseAt: null,
      ...options.settings,
    },
    { returningOfficerId: officer, scrutineerId: null, trusteeIds: options.trusteeIds ?? [] },
    null,
  );
  await takeStep(db, electionId, 'open-nominations', officer);
  const branches = (await db.selectFrom('branches').select('id').orderBy('id').execute()).map(
    (b) => b.id,
  );
  const candidateIds: number[] = [];
  for (const [k, membershipNumber] of options.nominees.entries()) {
    const made = await nominate(
      db,
      { electionId, branchId: branches[k % branches.length]!, membershipNumber },
      officer,
    );
    candidateIds.push(made.candidateId);
  }
  await db
    .updateTable('candidates')
    .set({ consented_at: new Date() })
    .where('election_id', '=', electionId)
    .execute();
  await freezeRoll(db, electionId, officer);
  await takeStep(db, electionId, 'close-nominations', officer);
  if (options.until === 'ballot') await takeStep(db, electionId, 'open-ballot', officer);
  return { electionId, candidateIds, officer };
}
