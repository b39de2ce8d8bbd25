import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabaseKind } from '../../db/core/testing.ts';
import { seedDemo } from '../../db/demo/seed.ts';
import { createElection } from '../../db/elections/elections.ts';
import { generateDemo } from '../../org/demo/demo.ts';
import { runningExampleSettings } from '../../org/elections/settings.ts';
import { startTestServer, type TestServer } from '../../server/testing.ts';
import { signedIn } from './test-client.ts';

/** Text as the page writes it (hono escapes these five characters). */
const html = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (ch) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[ch]};`,
  );

describe(`the member's home page (${testDatabaseKind})`, () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer();
    const db = server.database.db;
    await seedDemo(db, generateDemo({ seed: 31, today: '2026-11-29', members: 40 }));
    const officer = await db
      .selectFrom('members')
      .select('id')
      .where('email', '=', 'returning.officer@party.example')
      .executeTakeFirstOrThrow();
    await createElection(
      db,
      { ...runningExampleSettings('2026-11-29'), title: 'A draft nobody sees yet' },
      { returningOfficerId: officer.id, scrutineerId: null },
      null,
    );
  });
  after(() => server.close());

  test('a member sees their membership and the elections under way, not drafts', async () => {
    const db = server.database.db;
    const me = await db
      .selectFrom('members')
      .innerJoin('branches', 'branches.id', 'members.branch_id')
      .innerJoin('regions', 'regions.id', 'branches.region_id')
      .select(['membership_number', 'branches.name as branch', 'regions.name as region'])
      .where('email', '=', 'member@party.example')
      .executeTakeFirstOrThrow();
    const underWay = await db
      .selectFrom('elections')
      .select(['id', 'title'])
      .where('stage', '!=', 'draft')
      .execute();
    assert.ok(underWay.length > 0);
    const member = await signedIn(db, server.url, 'member@party.example');
    const page = await member.get('/');
    assert.equal(page.status, 200);
    assert.match(page.text, /<h1>Welcome, Sam<\/h1>/);
    assert.match(page.text, /<dt>Name<\/dt><dd>Sam Carter<\/dd>/);
    assert.ok(page.text.includes(`<dd>${me.membership_number}</dd>`));
    assert.ok(page.text.includes(`<dd>${html(me.branch)}, ${html(me.region)}</dd>`));
    assert.doesNotMatch(page.text, /Your roles/);
    for (const e of underWay) assert.ok(page.text.includes(`href="/elections/${e.id}"`), e.title);
    assert.doesNotMatch(page.text, /A draft nobody sees yet/);
  });

  test('officers see their roles, each with the branch, organisation or election it is for', async () => {
    const db = server.database.db;
    const demoElection = await db
      .selectFrom('elections')
      .select('title')
      .where('stage', '!=', 'draft')
      .orderBy('id')
      .executeTakeFirstOrThrow();
    const officer = await signedIn(db, server.url, 'returning.officer@party.example');
    assert.ok(
      (await officer.get('/')).text.includes(`Returning officer for ${html(demoElection.title)}`),
    );

    const secretary = await db
      .selectFrom('members')
      .innerJoin('branches', 'branches.id', 'members.branch_id')
      .select('branches.name')
      .where('email', '=', 'secretary@party.example')
      .executeTakeFirstOrThrow();
    const branchOfficer = await signedIn(db, server.url, 'secretary@party.example');
    assert.ok(
      (await branchOfficer.get('/')).text.includes(`Branch officer of ${html(secretary.name)}`),
    );

    const affiliateOfficer = await db
      .selectFrom('role_grants')
      .innerJoin('members', 'members.id', 'role_grants.member_id')
      .innerJoin('affiliates', 'affiliates.id', 'role_grants.affiliate_id')
      .select(['members.email', 'affiliates.name'])
      .where('role', '=', 'affiliate_officer')
      .orderBy('role_grants.id')
      .executeTakeFirstOrThrow();
    const affiliate = await signedIn(db, server.url, affiliateOfficer.email!);
    assert.ok(
      (await affiliate.get('/')).text.includes(
        `Affiliate officer of ${html(affiliateOfficer.name)}`,
      ),
    );
  });
});
