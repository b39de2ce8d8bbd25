import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createSignInLink } from '../../db/access/sign-in.ts';
import { testDatabaseKind } from '../../db/core/testing.ts';
import { seedDemo } from '../../db/demo/seed.ts';
import { nominate } from '../../db/elections/nominations.ts';
import { generateDemo } from '../../org/demo/demo.ts';
import { startTestServer, type TestServer } from '../../server/testing.ts';
import { TestClient } from '../shell/test-client.ts';

describe(`a candidate's statement (${testDatabaseKind})`, () => {
  let server: TestServer;
  let candidate: TestClient;
  const electionId = 1; // the demo's election, taking nominations

  before(async () => {
    server = await startTestServer();
    const db = server.database.db;
    await seedDemo(db, generateDemo({ seed: 9, today: '2026-11-29', members: 80 }));
    const nominee = await db
      .selectFrom('members')
      .select(['id', 'membership_number'])
      .where('dues_status', '=', 'paid_up')
      .where('joined_on', '<', '2024-01-01')
      .where('email', 'is not', null)
      .orderBy('id')
      .offset(8)
      .executeTakeFirstOrThrow();
    const branch = (
      await db.selectFrom('branches').select('id').orderBy('id').executeTakeFirstOrThrow()
    ).id;
    await nominate(
      db,
      { electionId, branchId: branch, membershipNumber: nominee.membership_number },
      null,
    );
    const token = await createSignInLink(db, nominee.id);
    candidate = new TestClient(server.url);
    await candidate.get(`/sign-in/${token}`);
    await candidate.post(`/sign-in/${token}`, {});
  });
  after(() => server.close());

  const statement = [
    'I will **publish** every vote.',
    '',
    '- open selections',
    '- [my record](https://example.org/record)',
    '',
    '<script>alert("x")</script> [bad](javascript:alert(1))',
  ].join('\n');

  test('a preview shows the statement as members will see it, without saving it', async () => {
    const page = await candidate.post(`/elections/${electionId}/candidacy/statement`, {
      statement,
      action: 'preview',
    });
    assert.equal(page.status, 200);
    assert.match(page.text, /Preview: how members will see it/);
    assert.match(page.text, /<p>I will <strong>publish<\/strong> every vote.<\/p>/);
    assert.doesNotMatch(page.text, /Your statement is saved/);
    const saved = await server.database.db
      .selectFrom('candidates')
      .select('statement')
      .where('election_id', '=', electionId)
      .executeTakeFirstOrThrow();
    assert.equal(saved.statement, '');
  });

  test('the saved statement is shown formatted on the election page, with no markup of its own', async () => {
    const page = await candidate.post(`/elections/${electionId}/candidacy/statement`, {
      statement,
      action: 'save',
    });
    assert.match(page.text, /Your statement is saved/);
    const election = await candidate.get(`/elections/${electionId}`);
    assert.match(
      election.text,
      /<ul><li>open selections<\/li><li><a href="https:\/\/example.org\/record" rel="nofollow noopener">my record<\/a><\/li><\/ul>/,
    );
    assert.doesNotMatch(election.text, /<script>alert/);
    assert.doesNotMatch(election.text, /href="javascript:/);
    assert.match(election.text, /&#60;script&#62;alert\(&#34;x&#34;\)&#60;\/script&#62;/);
  });
});
