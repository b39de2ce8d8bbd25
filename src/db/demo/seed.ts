import { type Kysely, sql } from 'kysely';
import type { DemoOrganisation } from '../../org/demo/demo.ts';
import type { Schema } from '../core/schema.ts';

/** Every table the demo replaces (truncate does not fire the audit log's guard). */
const tables = [
  'audit_log',
  'trustee_steps',
  'verifiable_ballots',
  'verifiable_setups',
  'trustees',
  'postal_papers',
  'ballots',
  'participations',
  'roll_entries',
  'slate_candidates',
  'slates',
  'nominations',
  'candidates',
  'outbox',
  'sessions',
  'sign_in_links',
  'role_grants',
  'elections',
  'members',
  'affiliates',
  'branches',
  'regions',
  'organisation',
];

/**
 * Replaces whatever the database holds with the demo organisation, in one
 * transaction: a failed seed leaves the old data as it was.
 */
export async function seedDemo(db: Kysely<Schema>, demo: DemoOrganisation): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql.raw(`truncate table ${tables.join(', ')} restart identity`).execute(trx);

    await trx
      .insertInto('organisation')
      .values({ name: demo.name, short_name: demo.shortName })
      .execute();
    const regionIds = await insertReturningIds(
      trx,
      'regions',
      demo.regions.map((name) => ({ name })),
    );
    const branchIds = await insertReturningIds(
      trx,
      'branches',
      demo.branches.map((b) => ({ name: b.name, region_id: regionIds[b.region]! })),
    );
    const affiliateIds = await insertReturningIds(
      trx,
      'affiliates',
      demo.affiliates.map((a) => ({
        name: a.name,
        kind: a.kind,
        affiliated_membership: a.affiliatedMembership,
      })),
    );

    const memberIds: number[] = [];
    for (let i = 0; i < demo.members.length; i += 500) {
      const rows = demo.members.slice(i, i + 500).map((m) => ({
        membership_number: m.membershipNumber,
        first_name: m.firstName,
        last_name: m.lastName,
        email: m.email,
        postal_address: m.postalAddress,
        gender: m.gender,
        branch_id: branchIds[m.branch]!,
        joined_on: m.joinedOn,
        dues_status: m.duesStatus,
        paid_up_to: m.paidUpTo,
        representative: m.representative,
      }));
      memberIds.push(...(await insertReturningIds(trx, 'members', rows)));
    }

    const e = demo.election;
    const election = await trx
      .insertInto('elections')
      .values({
        title: e.title,
        body: e.body,
        seats: e.seats,
        method: e.method,
        stage: e.stage,
        joined_by: e.joinedBy,
        paid_up_by: e.paidUpBy,
        nominations_open_at: new Date(e.nominationsOpenAt),
        nominations_close_at: new Date(e.nominationsCloseAt),
        ballot_open_at: new Date(e.ballotOpenAt),
        ballot_close_at: new Date(e.ballotCloseAt),
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    await trx
      .insertInto('role_grants')
      .values(
        demo.grants.map((g) => ({
          member_id: memberIds[g.member]!,
          role: g.role,
          branch_id: g.branch === undefined ? null : branchIds[g.branch]!,
          affiliate_id: g.affiliate === undefined ? null : affiliateIds[g.affiliate]!,
          election_id:
            g.role === 'returning_officer' || g.role === 'scrutineer' ? election.id : null,
        })),
      )
      .execute();
  });
}

async function insertReturningIds<T extends 'regions' | 'branches' | 'affiliates' | 'members'>(
  trx: Kysely<Schema>,
  table: T,
  rows: Parameters<ReturnType<Kysely<Schema>['insertInto']>['values']>[0][],
): Promise<number[]> {
  const inserted = await trx
    .insertInto(table)
    .values(rows as never)
    .returning('id')
    .execute();
  return inserted.map((r) => r.id);
}

/** True when the database has no organisation yet (a first start). */
export async function isEmpty(db: Kysely<Schema>): Promise<boolean> {
  const row = await db.selectFrom('organisation').select('id').executeTakeFirst();
  return row === undefined;
}
