import type { Db } from '../core/schema.ts';

/** The affiliated organisations (trade unions, socialist societies), by name. */
export async function affiliatedOrganisations(db: Db) {
  return db.selectFrom('affiliates').selectAll().orderBy('name').execute();
}

/** Every affiliated organisation's name, by id. */
export async function affiliateNames(db: Db): Promise<Map<number, string>> {
  const rows = await db.selectFrom('affiliates').select(['id', 'name']).execute();
  return new Map(rows.map((a) => [a.id, a.name]));
}

/** An affiliated organisation's name; it must exist (an officer's grant refers to it). */
export async function affiliateName(db: Db, affiliateId: number): Promise<string> {
  const affiliate = await db
    .selectFrom('affiliates')
    .select('name')
    .where('id', '=', affiliateId)
    .executeTakeFirstOrThrow();
  return affiliate.name;
}
