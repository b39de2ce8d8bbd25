import type { Db } from './schema.ts';

/** The organisation's name, for the header of every page; undefined before one is set up. */
export async function organisationName(db: Db): Promise<string | undefined> {
  const org = await db.selectFrom('organisation').select('name').executeTakeFirst();
  return org?.name;
}
