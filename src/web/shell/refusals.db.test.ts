import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import pino from 'pino';
import { Refusal } from '../../core/refusal.ts';
import { type TestDatabase, testDatabase, testDatabaseKind } from '../../db/core/testing.ts';
import { createMailer } from '../../mail/mailer.ts';
import { createApp } from './app.tsx';
import { attempt } from './refusals.ts';

describe(`refusals, handled in one place (${testDatabaseKind})`, () => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>;

  before(async () => {
    database = await testDatabase();
    app = createApp({
      db: database.db,
      mailer: createMailer(database.db, { from: 'grassroots@party.example' }),
      log: pino({ level: 'silent' }),
      baseUrl: 'http://127.0.0.1',
      trustProxy: false,
      outboxPage: false,
    });
    // Routes added for the test, past every page's: a use case's refusal nobody
    // takes up, one a form takes up, and a bug.
    app.get('/test/refused', () => {
      throw new Refusal('The roll is already frozen.');
    });
    app.get('/test/form', async (c) => {
      const outcome = await attempt(async () => {
        throw new Refusal('There is no member with that membership number', 'number');
      });
      return 'refused' in outcome
        ? c.text(`${outcome.refused.field}: ${outcome.refused.message}`, 400)
        : c.text('done');
    });
    app.get('/test/bug', () => {
      throw new TypeError('x is undefined');
    });
  });
  after(() => database.close());

  test('a refusal no form takes up is a 400 page with its message', async () => {
    const response = await app.request('/test/refused');
    assert.equal(response.status, 400);
    const html = await response.text();
    assert.match(html, /<h1>There is a problem<\/h1>/);
    assert.match(html, /<p>The roll is already frozen.<\/p>/);
  });

  test('a form takes its refusal up, with the field, beside which it shows it', async () => {
    const response = await app.request('/test/form');
    assert.equal(response.status, 400);
    assert.equal(await response.text(), 'number: There is no member with that membership number');
  });

  test('anything else is a bug: a 500 that says nothing of it', async () => {
    const response = await app.request('/test/bug');
    assert.equal(response.status, 500);
    assert.doesNotMatch(await response.text(), /undefined/);
  });
});
