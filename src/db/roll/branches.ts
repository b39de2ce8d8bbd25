import { sql } from 'kysely';
import type { Db } from '../core/schema.ts';

/** Every branch by region, with its members and how many of them are paid up: the administrator's overview. */
export async function branchOverview(db: Db) {
  return db
    .selectFrom('branches')
    .innerJoin('regions', 'regions.id', 'branches.region_id')
    .leftJoin('members', 'members.branch_id', 'branches.id')
    .select([
      'branches.id',
      'branches.name',
      'regions.name as region',
      sql<number>`count(members.id)::int`.as('members'),
      sql<number>`count(members.id) filter (where members.dues_status = 'paid_up')::int`.as(
        'paidUp',
      ),
    ])
    .groupBy(['branches.id', 'branches.name', 'regions.name'])
    .orderBy('regions.name')
    .orderBy('branches.name')
    .execute();
}

/** A branch's roll, surname first, for its officers; undefined if there is no such branch. */
export async function branchRoll(db: Db, branchId: number) {
  const branch = await db
    .selectFrom('branches')
    .select('name')
    .where('id', '=', branchId)
    .executeTakeFirst();
  if (!branch) return undefined;
  const members = await db
    .selectFrom('members')
    .select(['membership_number', 'first_name', 'last_name', 'joined_on', 'dues_status'])
    .where('branch_id', '=', branchId)
    .orderBy('last_name')
    .orderBy('first_name')
    .execute();
  return { name: branch.name, members };
}

/** Every branch's name, by id. */
export async function branchNames(db: Db): Promise<Map<number, string>> {
  const rows = await db.selectFrom('branches').select(['id', 'name']).execute();
  return new Map(rows.map((b) => [b.id, b.name]));
}
