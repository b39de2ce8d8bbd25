import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { generateDemo } from '../../org/demo/demo.ts';
import { type TestDatabase, testDatabase, testDatabaseKind } from '../core/testing.ts';
import { isEmpty, seedDemo } from './seed.ts';

describe(`seeding the demo organisation (${testDatabaseKind})`, () => {
  let database: TestDatabase;
  before(async () => {
    database = await testDatabase();
  });
  after(() => database.close());

  const snapshot = async () => {
    const members = await sql<Record<string, unknown>>`
      select m.membership_number, m.first_name, m.last_name, m.email, m.gender, m.joined_on,
             m.dues_status, m.paid_up_to, b.name as branch, r.name as region
      from members m join branches b on b.id = m.branch_id join regions r on r.id = b.region_id
      order by m.membership_number`.execute(database.db);
    const grants = await sql<Record<string, unknown>>`
      select m.email, g.role, b.name as branch, e.title as election, a.name as affiliate
      from role_grants g join members m on m.id = g.member_id
      left join branches b on b.id = g.branch_id left join elections e on e.id = g.election_id
      left join affiliates a on a.id = g.affiliate_id
      order by m.email, g.role`.execute(database.db);
    return { members: members.rows, grants: grants.rows };
  };

  test('fills an empty database with the party of the running example', async () => {
    assert.equal(await isEmpty(database.db), true);
    await seedDemo(database.db, generateDemo({ seed: 2018, today: '2026-11-29' }));
    assert.equal(await isEmpty(database.db), false);
    const count = async (table: 'regions' | 'branches' | 'members' | 'affiliates' | 'elections') =>
      (
        await database.db
          .selectFrom(table)
          .select(sql<number>`count(*)::int`.as('n'))
          .executeTakeFirstOrThrow()
      ).n;
    assert.equal(await count('regions'), 3);
    assert.equal(await count('branches'), 30);
    assert.ok((await count('members')) >= 3_000);
    assert.equal(await count('affiliates'), 4);
    const election = await database.db
      .selectFrom('elections')
      .selectAll()
      .executeTakeFirstOrThrow();
    assert.equal(election.seats, 3);
    assert.equal(election.stage, 'nominations');
    const unions = await database.db
      .selectFrom('affiliates')
      .select('name')
      .where('kind', '=', 'union')
      .execute();
    assert.equal(unions.length, 2);
  });

  test('reseeding with the same seed gives the same organisation', async () => {
    const first = await snapshot();
    await seedDemo(database.db, generateDemo({ seed: 2018, today: '2026-11-29' }));
    assert.deepEqual(await snapshot(), first);
    await seedDemo(database.db, generateDemo({ seed: 99, today: '2026-11-29' }));
    assert.notDeepEqual((await snapshot()).members, first.members);
  });

  test('the returning officer and scrutineer are appointed to the demo election only', async () => {
    const { grants } = await snapshot();
    const scoped = grants.filter((g) => g.role === 'returning_officer' || g.role === 'scrutineer');
    assert.equal(scoped.length, 2);
    for (const g of scoped) assert.match(String(g.election), /National Executive Committee/);
    const officer = grants.find((g) => g.role === 'branch_officer');
    assert.equal(officer?.email, 'secretary@party.example');
    const affiliateOfficers = grants.filter((g) => g.role === 'affiliate_officer');
    assert.equal(new Set(affiliateOfficers.map((g) => g.affiliate)).size, 4, 'one per affiliate');
    assert.ok(affiliateOfficers.every((g) => g.email));
  });
});
