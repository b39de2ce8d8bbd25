import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabaseKind } from '../../db/core/testing.ts';
import { seedDemo } from '../../db/demo/seed.ts';
import { generateDemo } from '../../org/demo/demo.ts';
import { startTestServer, type TestServer } from '../../server/testing.ts';
import { signedIn } from '../shell/test-client.ts';

/** Text as the page writes it (hono escapes these five characters). */
const html = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (ch) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[ch]};`,
  );

const literally = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe(`the roll's overview and a branch's roll (${testDatabaseKind})`, () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer();
    await seedDemo(server.database.db, generateDemo({ seed: 7, today: '2026-11-29', members: 60 }));
  });
  after(() => server.close());

  test('the administrator sees every branch with its members and how many are paid up, and the affiliates', async () => {
    const db = server.database.db;
    const members = await db.selectFrom('members').select(['branch_id', 'dues_status']).execute();
    const branches = await db.selectFrom('branches').select(['id', 'name']).execute();
    const admin = await signedIn(db, server.url, 'admin@party.example');
    const page = await admin.get('/admin');
    assert.equal(page.status, 200);
    assert.match(page.text, /60 members in 30 branches/);
    for (const b of branches) {
      const own = members.filter((m) => m.branch_id === b.id);
      const paidUp = own.filter((m) => m.dues_status === 'paid_up').length;
      assert.match(
        page.text,
        new RegExp(
          `<a href="/branches/${b.id}">${literally(html(b.name))}</a></td><td>[^<]+</td><td>${own.length}</td><td>${paidUp}</td>`,
        ),
        b.name,
      );
    }
    const affiliates = await db.selectFrom('affiliates').select('name').execute();
    assert.ok(affiliates.length > 0);
    for (const a of affiliates) assert.ok(page.text.includes(`<td>${html(a.name)}</td>`), a.name);
  });

  test("a branch's roll lists its members, surname first, in order", async () => {
    const db = server.database.db;
    const secretary = await db
      .selectFrom('members')
      .select('branch_id')
      .where('email', '=', 'secretary@party.example')
      .executeTakeFirstOrThrow();
    // The page keeps the database's order (its collation), surname first.
    const roll = await db
      .selectFrom('members')
      .select(['first_name', 'last_name'])
      .where('branch_id', '=', secretary.branch_id)
      .orderBy('last_name')
      .orderBy('first_name')
      .execute();
    const officer = await signedIn(db, server.url, 'secretary@party.example');
    const page = await officer.get(`/branches/${secretary.branch_id}`);
    assert.equal(page.status, 200);
    assert.ok(page.text.includes(`<p class="lead">${roll.length} members</p>`));
    const listed = [...page.text.matchAll(/<tr><td>([^<]+)<\/td>/g)].map(([, name]) => name);
    assert.deepEqual(
      listed,
      roll.map((m) => html(`${m.last_name}, ${m.first_name}`)),
    );
  });

  test('a branch that does not exist is not found', async () => {
    const admin = await signedIn(server.database.db, server.url, 'admin@party.example');
    assert.equal((await admin.get('/branches/99999')).status, 404);
    assert.equal((await admin.get('/branches/first')).status, 404);
  });

  test('pages are guarded by role and scope', async () => {
    const db = server.database.db;
    const member = await signedIn(db, server.url, 'member@party.example');
    assert.equal((await member.get('/admin')).status, 403);
    assert.equal((await member.get('/branches/1')).status, 403);

    const secretary = await signedIn(db, server.url, 'secretary@party.example');
    const own = await db
      .selectFrom('members')
      .select('branch_id')
      .where('email', '=', 'secretary@party.example')
      .executeTakeFirstOrThrow();
    const other = await db
      .selectFrom('branches')
      .select('id')
      .where('id', '!=', own.branch_id)
      .executeTakeFirstOrThrow();
    assert.equal((await secretary.get(`/branches/${own.branch_id}`)).status, 200);
    assert.equal(
      (await secretary.get(`/branches/${other.id}`)).status,
      403,
      'a branch officer outside their branch',
    );
    assert.equal((await secretary.get('/admin')).status, 403);

    const admin = await signedIn(db, server.url, 'admin@party.example');
    assert.equal((await admin.get('/admin')).status, 200);
    assert.equal((await admin.get(`/branches/${other.id}`)).status, 200);
  });
});
