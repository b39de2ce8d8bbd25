import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabaseKind } from '../../db/core/testing.ts';
import { seedDemo } from '../../db/demo/seed.ts';
import { signInLinkIn, startTestSmtp } from '../../mail/test-smtp.ts';
import { generateDemo } from '../../org/demo/demo.ts';
import { startTestServer, type TestServer } from '../../server/testing.ts';
import { TestClient } from '../shell/test-client.ts';

describe(`signing in by emailed link (${testDatabaseKind})`, () => {
  let server: TestServer;
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;

  before(async () => {
    smtp = await startTestSmtp();
    server = await startTestServer({ SMTP_URL: smtp.url });
    await seedDemo(server.database.db, generateDemo({ seed: 7, today: '2026-11-29', members: 60 }));
  });
  after(async () => {
    await server.close();
    await smtp.close();
  });

  /** Asks for a link for `email` and signs in with it; returns the signed-in client. */
  async function signIn(email: string) {
    const client = new TestClient(server.url);
    await client.get('/sign-in');
    const asked = await client.post('/sign-in', { email });
    assert.equal(asked.status, 303);
    assert.equal(asked.location, '/sign-in/check-email');
    const mail = await smtp.next();
    assert.deepEqual(mail.to, [email]);
    const link = signInLinkIn(mail.raw);
    const path = new URL(link).pathname;
    const page = await client.get(path);
    assert.equal(page.status, 200);
    assert.match(page.text, /Continue signing in/);
    const done = await client.post(path, {});
    assert.equal(done.status, 303);
    assert.equal(done.location, '/');
    return { client, path, setCookie: client.lastSetCookie };
  }

  test('a member asks for a link, it arrives by SMTP, and it opens their home page', async () => {
    const { client } = await signIn('member@party.example');
    const home = await client.get('/');
    assert.equal(home.status, 200);
    assert.match(home.text, /Welcome, Sam/);
    assert.match(home.text, /Your membership/);
    assert.match(home.text, /National Executive Committee/);
  });

  test('the session cookie is HttpOnly and SameSite=Lax, and Secure only over HTTPS', async () => {
    const { setCookie } = await signIn('member@party.example');
    const session = setCookie.find((c) => c.startsWith('gr_session='))!;
    assert.match(session, /HttpOnly/i);
    assert.match(session, /SameSite=Lax/i);
    assert.doesNotMatch(session, /Secure/i, 'plain http on loopback: not Secure');
    // Behind a proxy that says HTTPS, with TRUST_PROXY off, the header is ignored.
    const client = new TestClient(server.url);
    await client.get('/sign-in', { 'x-forwarded-proto': 'https' });
    assert.doesNotMatch(client.lastSetCookie.join(), /Secure/i);
  });

  test('the session is kept on the server: signing out ends it even if the cookie is kept', async () => {
    const { client } = await signIn('member@party.example');
    const cookie = client.cookies.get('gr_session')!;
    const rows = await server.database.db.selectFrom('sessions').select('token_hash').execute();
    assert.ok(
      rows.every((r) => Buffer.from(r.token_hash).toString('base64url') !== cookie),
      'only a hash is stored',
    );
    await client.post('/sign-out', {});
    const replay = new TestClient(server.url);
    replay.cookies.set('gr_session', cookie);
    const home = await replay.get('/');
    assert.equal(home.status, 303);
    assert.equal(home.location, '/sign-in');
  });

  test('a link works once', async () => {
    const { path } = await signIn('member@party.example');
    const again = new TestClient(server.url);
    await again.get('/sign-in');
    const page = await again.get(path);
    assert.equal(page.status, 400);
    assert.match(page.text, /This link has expired/);
    const post = await again.post(path, {});
    assert.equal(post.status, 400);
    assert.equal(again.cookies.get('gr_session'), undefined);
  });

  test('an address not on the roll gets the same answer and no mail', async () => {
    const client = new TestClient(server.url);
    await client.get('/sign-in');
    const before = smtp.received.length;
    const asked = await client.post('/sign-in', { email: 'stranger@example.org' });
    assert.equal(asked.status, 303);
    assert.equal(asked.location, '/sign-in/check-email');
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(smtp.received.length, before);
  });

  test('a badly formed address is refused with a message linked to the field', async () => {
    const client = new TestClient(server.url);
    await client.get('/sign-in');
    const page = await client.post('/sign-in', { email: 'not an address' });
    assert.equal(page.status, 400);
    assert.match(page.text, /There is a problem/);
    assert.match(page.text, /href="#email"/);
    assert.match(page.text, /Enter an email address in the correct format/);
    assert.match(page.text, /<title>Error: Sign in/);
  });

  test('a form without the CSRF token, or from another site, is refused', async () => {
    const client = new TestClient(server.url);
    await client.get('/sign-in');
    const noToken = await client.post('/sign-in', { email: 'member@party.example', _csrf: '' });
    assert.equal(noToken.status, 403);
    const otherSite = await client.post(
      '/sign-in',
      { email: 'member@party.example' },
      { origin: 'https://evil.example' },
    );
    assert.equal(otherSite.status, 403);
  });

  test('sign-in tokens never reach the logs', async () => {
    const { path } = await signIn('member@party.example');
    const token = path.split('/').pop()!;
    const text = JSON.stringify(server.logs);
    assert.ok(!text.includes(token));
    assert.ok(text.includes('/sign-in/[token]'));
    assert.ok(
      server.logs.every((l) => l.msg !== 'request' || typeof l.reqId === 'string'),
      'every request log has a request id',
    );
  });

  test('with SMTP set there is no outbox page, and mail is marked sent', async () => {
    const admin = (await signIn('admin@party.example')).client;
    assert.equal((await admin.get('/dev/outbox')).status, 404);
    const unsent = await server.database.db
      .selectFrom('outbox')
      .select('id')
      .where('sent_at', 'is', null)
      .execute();
    assert.equal(unsent.length, 0);
  });

  test('a message is sent once, even with the background delivery of queued mail running', async () => {
    const client = new TestClient(server.url);
    await client.get('/sign-in');
    const before = smtp.received.length;
    await client.post('/sign-in', { email: 'organiser@party.example' });
    await smtp.next();
    // The background delivery runs every 2 seconds: give it two turns.
    await new Promise((r) => setTimeout(r, 4_500));
    assert.equal(smtp.received.length, before + 1);
  });

  test('/healthz checks the database', async () => {
    const response = await fetch(`${server.url}/healthz`);
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { status: 'ok', database: 'ok' });
  });
});
