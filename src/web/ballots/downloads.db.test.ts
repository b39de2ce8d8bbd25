import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabaseKind } from '../../db/core/testing.ts';
import { seedDemo } from '../../db/demo/seed.ts';
import { setUpElection } from '../../db/elections/test-elections.ts';
import { generateDemo } from '../../org/demo/demo.ts';
import { startTestServer, type TestServer } from '../../server/testing.ts';
import { signedIn, type TestClient } from '../shell/test-client.ts';
import { declaredElection } from './test-results.ts';

describe(`downloads of a declared result (${testDatabaseKind})`, () => {
  let server: TestServer;
  let member: TestClient;
  let names: string[];
  let declaredId: number;
  let openId: number;

  before(async () => {
    server = await startTestServer();
    const db = server.database.db;
    await seedDemo(db, generateDemo({ seed: 23, today: '2026-11-29', members: 50 }));
    // Named demo accounts: names that need no escaping in any of the files.
    const nominees = [];
    for (const email of [
      'admin@party.example',
      'organiser@party.example',
      'secretary@party.example',
    ])
      nominees.push(
        await db
          .selectFrom('members')
          .select(['membership_number', 'first_name', 'last_name'])
          .where('email', '=', email)
          .executeTakeFirstOrThrow(),
      );
    names = nominees.map((n) => `${n.first_name} ${n.last_name}`);
    const numbers = nominees.map((n) => n.membership_number);
    // Block vote, 2 seats: the first nominee has 3 votes, the others 1 each.
    declaredId = await declaredElection(db, 'block-vote', 2, numbers, [[0, 1], [0], [2, 0]]);
    openId = (await setUpElection(db, { nominees: numbers, until: 'ballot' })).electionId;
    member = await signedIn(db, server.url, 'member@party.example');
  });
  after(() => server.close());

  test('the count as JSON is the result the election stores', async () => {
    const response = await member.get(`/elections/${declaredId}/results.json`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
    const stored = await server.database.db
      .selectFrom('elections')
      .innerJoin('ballots', 'ballots.id', 'elections.ballot_id')
      .select('ballots.result')
      .where('elections.id', '=', declaredId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(JSON.parse(response.text), stored.result);
  });

  test('the votes as CSV: a column per round, and who was elected', async () => {
    const response = await member.get(`/elections/${declaredId}/results.csv`);
    assert.equal(response.status, 200);
    assert.match(
      response.headers.get('content-disposition') ?? '',
      new RegExp(`filename="election-${declaredId}-result.csv"`),
    );
    const rows = response.text.trim().split('\n');
    assert.equal(rows[0], 'candidate,round 1,elected');
    assert.ok(rows.includes(`${names[0]},3,yes`), rows.join('\n'));
    assert.equal(rows.filter((r) => r.endsWith(',yes')).length, 2);
  });

  test('the anonymised ballots as BLT, to recount with any counter', async () => {
    const response = await member.get(`/elections/${declaredId}/ballots.blt`);
    assert.equal(response.status, 200);
    assert.match(
      response.headers.get('content-disposition') ?? '',
      new RegExp(`filename="election-${declaredId}-ballots.blt"`),
    );
    const lines = response.text.trim().split('\n');
    assert.equal(lines[0], '3 2', '3 candidates, 2 seats');
    const end = lines.indexOf('0');
    const weights = lines.slice(1, end).map((l) => Number(l.split(' ')[0]));
    assert.equal(
      weights.reduce((a, b) => a + b, 0),
      3,
      'three ballots',
    );
    // Each candidate's quoted name, then any groups they count towards (a minimum for women).
    for (const name of names)
      assert.ok(
        lines.some((l) => l === `"${name}"` || l.startsWith(`"${name}" `)),
        `${name} in the BLT`,
      );
  });

  test('the full count report as a page', async () => {
    const response = await member.get(`/elections/${declaredId}/report.html`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    for (const name of names) assert.ok(response.text.includes(name), `${name} in the report`);
  });

  test('nothing is offered before the result is declared', async () => {
    for (const file of ['results.json', 'results.csv', 'ballots.blt', 'report.html']) {
      const response = await member.get(`/elections/${openId}/${file}`);
      assert.equal(response.status, 404, file);
      assert.match(response.text, /has not been declared yet/, file);
    }
  });
});
