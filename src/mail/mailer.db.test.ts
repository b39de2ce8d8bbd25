import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type TestDatabase, testDatabase, testDatabaseKind } from '../db/core/testing.ts';
import { createMailer } from './mailer.ts';
import { startTestSmtp } from './test-smtp.ts';

describe(`the mailer (${testDatabaseKind})`, () => {
  let database: TestDatabase;
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;

  before(async () => {
    database = await testDatabase();
    smtp = await startTestSmtp({ delayMs: 300 });
  });
  after(async () => {
    await smtp.close();
    await database.close();
  });

  test('a message being sent is not sent again by the background delivery', async () => {
    const mailer = createMailer(database.db, {
      smtpUrl: smtp.url,
      from: 'test@grassroots.example',
    });
    const sending = mailer.send({ to: 'ada@example.org', subject: 'Your link', text: 'Hello' });
    await new Promise((r) => setTimeout(r, 100)); // the SMTP server is still taking it
    assert.equal(await mailer.deliverQueued(), 0);
    await sending;
    assert.equal(await mailer.deliverQueued(), 0);
    assert.equal(smtp.received.length, 1);
    mailer.close();
  });

  test('queued mail goes out once, and a failed delivery is retried', async () => {
    await database.db
      .insertInto('outbox')
      .values({ recipient: 'bo@example.org', subject: 'Ballot', body_text: 'Vote' })
      .execute();
    const broken = createMailer(database.db, {
      smtpUrl: 'smtp://127.0.0.1:1',
      from: 'test@grassroots.example',
    });
    assert.equal(await broken.deliverQueued(), 0);
    const row = await database.db
      .selectFrom('outbox')
      .selectAll()
      .where('recipient', '=', 'bo@example.org')
      .executeTakeFirstOrThrow();
    assert.equal(row.sent_at, null);
    assert.equal(row.attempts, 1);
    assert.match(row.last_error ?? '', /ECONNREFUSED|connect/);
    broken.close();
    const mailer = createMailer(database.db, {
      smtpUrl: smtp.url,
      from: 'test@grassroots.example',
    });
    const before = smtp.received.length;
    assert.equal(await mailer.deliverQueued(), 1);
    assert.equal(await mailer.deliverQueued(), 0);
    assert.equal(smtp.received.length, before + 1);
    mailer.close();
  });

  test('a message refused for good (550) is marked bounced, never retried, and the rest still go', async () => {
    const refusing = await startTestSmtp({ rejectRecipients: ['gone@example.org'] });
    await database.db
      .insertInto('outbox')
      .values([
        { recipient: 'gone@example.org', subject: 'Ballot', body_text: 'Vote' },
        { recipient: 'here@example.org', subject: 'Ballot', body_text: 'Vote' },
      ])
      .execute();
    const mailer = createMailer(database.db, {
      smtpUrl: refusing.url,
      from: 'test@grassroots.example',
    });
    assert.equal(await mailer.deliverQueued(), 1);
    assert.deepEqual(
      refusing.received.map((m) => m.to),
      [['here@example.org']],
    );
    const gone = await database.db
      .selectFrom('outbox')
      .selectAll()
      .where('recipient', '=', 'gone@example.org')
      .executeTakeFirstOrThrow();
    assert.ok(gone.bounced_at);
    assert.equal(gone.sent_at, null);
    assert.equal(await mailer.deliverQueued(), 0);
    const after = await database.db
      .selectFrom('outbox')
      .select('attempts')
      .where('recipient', '=', 'gone@example.org')
      .executeTakeFirstOrThrow();
    assert.equal(after.attempts, 1);
    mailer.close();
    await refusing.close();
  });
});
