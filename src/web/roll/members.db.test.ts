import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createSignInLink } from '../../db/access/sign-in.ts';
import { testDatabaseKind } from '../../db/core/testing.ts';
import { seedDemo } from '../../db/demo/seed.ts';
import { generateDemo } from '../../org/demo/demo.ts';
import { startTestServer, type TestServer } from '../../server/testing.ts';
import { TestClient } from '../shell/test-client.ts';

const header =
  'membership_number,first_name,last_name,email,postal_address,gender,branch,joined_on,dues_status,paid_up_to,representative';

describe(`importing and exporting members (${testDatabaseKind})`, () => {
  let server: TestServer;
  let admin: TestClient;
  const members = async () =>
    (await server.database.db.selectFrom('members').select('id').execute()).length;

  before(async () => {
    server = await startTestServer();
    await seedDemo(server.database.db, generateDemo({ seed: 3, today: '2026-11-29', members: 40 }));
    admin = await signInAs('admin@party.example');
  });
  after(() => server.close());

  async function signInAs(email: string) {
    const member = await server.database.db
      .selectFrom('members')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    const token = await createSignInLink(server.database.db, member.id);
    const client = new TestClient(server.url);
    await client.get(`/sign-in/${token}`);
    await client.post(`/sign-in/${token}`, {});
    return client;
  }

  test('a file with bad rows lists every problem and imports nothing', async () => {
    const before = await members();
    const page = await admin.upload(
      '/admin/members/import',
      { import: 'yes' },
      {
        field: 'file',
        name: 'members.csv',
        text: `${header}\nN1,Ada,Lovelace,ada@example.org,,woman,Aldermoor,2017-08-24,paid_up,2027-08-24\nN2,Bo,,,,,Atlantis,2020-01-01,paid_up,\n`,
      },
    );
    assert.equal(page.status, 400);
    assert.match(page.text, /The file has 2 problem\(s\); nothing was imported/);
    assert.match(page.text, /<td>3<\/td><td>last_name<\/td><td>is empty<\/td>/);
    assert.match(
      page.text,
      /there is no branch called &#39;Atlantis&#39;|there is no branch called 'Atlantis'/,
    );
    assert.equal(await members(), before);
  });

  test('a clean file is only checked until the administrator says import', async () => {
    const before = await members();
    const file = {
      field: 'file',
      name: 'members.csv',
      text: `${header}\nN1,Ada,Lovelace,ada@example.org,,woman,Aldermoor,2017-08-24,paid_up,2027-08-24\n`,
    };
    const checked = await admin.upload('/admin/members/import', {}, file);
    assert.equal(checked.status, 200);
    assert.match(checked.text, /The file is clean: 1 members/);
    assert.equal(await members(), before);
    const imported = await admin.upload('/admin/members/import', { import: 'yes' }, file);
    assert.match(imported.text, /Imported: 1 members added, 0 updated/);
    assert.equal(await members(), before + 1);
    const again = await admin.upload('/admin/members/import', { import: 'yes' }, file);
    assert.match(again.text, /0 members added, 1 updated/);
    const log = await server.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('action', '=', 'members imported')
      .execute();
    assert.equal(log.length, 2);
  });

  test('export gives every member in the import format', async () => {
    const response = await admin.get('/admin/members/export');
    assert.equal(response.status, 200);
    const lines = response.text.trim().split('\n');
    assert.equal(lines[0], header);
    assert.equal(lines.length - 1, await members());
    assert.ok(
      lines.some((l) =>
        l.startsWith(
          'N1,Ada,Lovelace,ada@example.org,,woman,Aldermoor,2017-08-24,paid_up,2027-08-24',
        ),
      ),
    );
  });

  test('only administrators import and export', async () => {
    const secretary = await signInAs('secretary@party.example');
    assert.equal((await secretary.get('/admin/members/export')).status, 403);
    const refused = await secretary.upload(
      '/admin/members/import',
      { import: 'yes' },
      { field: 'file', name: 'x.csv', text: header },
    );
    assert.equal(refused.status, 403);
  });
});
