import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createSignInLink } from '../../db/access/sign-in.ts';
import { testDatabaseKind } from '../../db/core/testing.ts';
import { seedDemo } from '../../db/demo/seed.ts';
import { generateDemo } from '../../org/demo/demo.ts';
import { startTestServer, type TestServer } from '../../server/testing.ts';
import { TestClient } from './test-client.ts';

describe(`the embedded setup without SMTP (${testDatabaseKind})`, () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer({ TRUST_PROXY: '1' });
    await seedDemo(server.database.db, generateDemo({ seed: 7, today: '2026-11-29', members: 30 }));
  });
  after(() => server.close());

  async function signInAs(email: string, headers: Record<string, string> = {}) {
    const member = await server.database.db
      .selectFrom('members')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirstOrThrow();
    const token = await createSignInLink(server.database.db, member.id);
    const client = new TestClient(server.url);
    await client.get(`/sign-in/${token}`, headers);
    const done = await client.post(`/sign-in/${token}`, {}, headers);
    assert.equal(done.status, 303);
    return client;
  }

  test('keeps mail in the outbox, which an administrator reads at /dev/outbox', async () => {
    const visitor = new TestClient(server.url);
    await visitor.get('/sign-in');
    await visitor.post('/sign-in', { email: 'member@party.example' });
    const admin = await signInAs('admin@party.example');
    const outbox = await admin.get('/dev/outbox');
    assert.equal(outbox.status, 200);
    assert.match(outbox.text, /To member@party.example/);
    assert.match(outbox.text, /\/sign-in\/[A-Za-z0-9_-]{43}/);
    const row = await server.database.db
      .selectFrom('outbox')
      .select('sent_at')
      .executeTakeFirstOrThrow();
    assert.equal(row.sent_at, null);
  });

  test('no one but an administrator may read the outbox', async () => {
    for (const email of [
      'member@party.example',
      'secretary@party.example',
      'returning.officer@party.example',
    ]) {
      const client = await signInAs(email);
      assert.equal((await client.get('/dev/outbox')).status, 403, email);
    }
    const anonymous = new TestClient(server.url);
    const response = await anonymous.get('/dev/outbox');
    assert.equal(response.status, 303);
    assert.equal(response.location, '/sign-in');
  });

  test('behind a trusted HTTPS proxy the session cookie is Secure', async () => {
    const client = await signInAs('member@party.example', { 'x-forwarded-proto': 'https' });
    assert.ok(client.cookies.has('gr_session'));
    const home = await client.get('/');
    assert.equal(home.status, 200);
    const fresh = new TestClient(server.url);
    await fresh.get('/sign-in', { 'x-forwarded-proto': 'https' });
    assert.match(fresh.lastSetCookie.join(), /Secure/);
  });
});
