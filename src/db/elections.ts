import { type Kysely, sql } from 'kysely';
import type { ElectionSettings } from '../org/election-settings.ts';
import type { Stage } from '../org/election-stages.ts';
import { audit } from './audit.ts';
import type { Schema } from './schema.ts';
import { appointTrustees } from './verifiable.ts';

export async function createElection(
  db: Kysely<Schema>,
  settings: ElectionSettings,
  officers: { returningOfficerId: number; scrutineerId: number | null; trusteeIds?: number[] },
  actorId: number | null,
): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const { id } = await trx
      .insertInto('elections')
      .values({
        title: settings.title,
        body: settings.body,
        seats: settings.seats,
        method: settings.method,
        stage: 'draft',
        minimums: JSON.stringify(settings.minimums),
        joined_by: settings.joinedBy,
        paid_up_by: settings.paidUpBy,
        candidate_min_membership_days: settings.candidateMinMembershipDays,
        nomination_rule: settings.nominationRule ? JSON.stringify(settings.nominationRule) : null,
        branch_nomination_limit: settings.branchNominationLimit,
        nominations_open_at: settings.nominationsOpenAt,
        nominations_close_at: settings.nominationsCloseAt,
        ballot_open_at: settings.ballotOpenAt,
        ballot_close_at: settings.ballotCloseAt,
        online: settings.online,
        postal: settings.postal,
        postal_wins: settings.postalWins,
        allow_revoting: settings.allowRevoting,
        ballot_box: settings.ballotBox ?? 'plain',
        crypto_group:
          settings.ballotBox === 'verifiable' ? (settings.cryptoGroup ?? 'Ed25519') : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('role_grants')
      .values([
        {
          member_id: officers.returningOfficerId,
          role: 'returning_officer',
          branch_id: null,
          election_id: id,
        },
        ...(officers.scrutineerId === null
          ? []
          : [
              {
                member_id: officers.scrutineerId,
                role: 'scrutineer' as const,
                branch_id: null,
                election_id: id,
              },
            ]),
      ])
      .execute();
    await appointTrustees(trx, id, officers.trusteeIds ?? []);
    await audit(trx, {
      electionId: id,
      actorId,
      action: 'created',
      detail: { ...settings, trustees: officers.trusteeIds ?? [] },
    });
    return id;
  });
}

export type { ElectionSettings };
export type ElectionRow = Awaited<ReturnType<typeof findElection>> & {};

export async function findElection(db: Kysely<Schema>, id: number) {
  return db.selectFrom('elections').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listElections(db: Kysely<Schema>) {
  return db
    .selectFrom('elections')
    .select([
      'id',
      'title',
      'stage',
      'seats',
      'method',
      'roll_size',
      'nominations_close_at',
      'ballot_close_at',
      'declared_at',
    ])
    .orderBy('id')
    .execute();
}

/** Candidates with their nomination counts, in ballot-paper order (surname, then name). */
export async function candidatesOf(db: Kysely<Schema>, electionId: number) {
  return db
    .selectFrom('candidates')
    .leftJoin('nominations', 'nominations.candidate_id', 'candidates.id')
    .select([
      'candidates.id',
      'candidates.name',
      'candidates.member_id',
      'candidates.groups',
      'candidates.statement',
      'candidates.status',
      'candidates.consented_at',
      sql<number>`count(nominations.branch_id)::int`.as('branchNominations'),
      sql<number>`count(nominations.affiliate_id)::int`.as('affiliateNominations'),
    ])
    .where('candidates.election_id', '=', electionId)
    .groupBy('candidates.id')
    .orderBy('candidates.name')
    .execute();
}

export interface BallotCounts {
  issued: number;
  returned: number;
  online: number;
  postal: number;
}

/** Ballots issued (the roll) and returned, by channel. */
export async function ballotCounts(db: Kysely<Schema>, electionId: number): Promise<BallotCounts> {
  const box = await db
    .selectFrom('elections')
    .select('ballot_box')
    .where('id', '=', electionId)
    .executeTakeFirst();
  // A verifiable box's ballots are encrypted and signed by credential: count who voted instead.
  const row = await db
    .selectFrom(box?.ballot_box === 'verifiable' ? 'participations' : 'ballots')
    .select([
      sql<number>`count(*)::int`.as('returned'),
      sql<number>`count(*) filter (where channel = 'online')::int`.as('online'),
      sql<number>`count(*) filter (where channel = 'postal')::int`.as('postal'),
    ])
    .where('election_id', '=', electionId)
    .executeTakeFirstOrThrow();
  const election = await db
    .selectFrom('elections')
    .select('roll_size')
    .where('id', '=', electionId)
    .executeTakeFirst();
  return { issued: election?.roll_size ?? 0, ...row };
}

export const isStage = (value: string): value is Stage =>
  ['draft', 'nominations', 'candidates_published', 'ballot', 'closed', 'declared'].includes(value);
