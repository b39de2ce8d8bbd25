import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabaseKind } from '../../db/core/testing.ts';
import { seedDemo } from '../../db/demo/seed.ts';
import { setUpElection } from '../../db/elections/test-elections.ts';
import { generateDemo } from '../../org/demo/demo.ts';
import { startTestServer, type TestServer } from '../../server/testing.ts';
import { signedIn, type TestClient } from '../shell/test-client.ts';

describe(`an election's audit log (${testDatabaseKind})`, () => {
  let server: TestServer;
  let electionId: number;
  let officer: TestClient;
  let rollSize: number;

  before(async () => {
    server = await startTestServer();
    const db = server.database.db;
    await seedDemo(db, generateDemo({ seed: 17, today: '2026-11-29', members: 40 }));
    const nominees = await db
      .selectFrom('members')
      .select('membership_number')
      .where('email', 'in', ['admin@party.example', 'organiser@party.example'])
      .execute();
    const election = await setUpElection(db, {
      nominees: nominees.map((n) => n.membership_number),
      until: 'ballot',
    });
    electionId = election.electionId;
    rollSize = (await db
      .selectFrom('ballots')
      .select('roll_size')
      .where('id', '=', election.ballotId)
      .executeTakeFirstOrThrow())!.roll_size!;
    officer = await signedIn(db, server.url, 'returning.officer@party.example');
  });
  after(() => server.close());

  test('the returning officer reads every change in order, with who made it', async () => {
    const page = await officer.get(`/elections/${electionId}/audit`);
    assert.equal(page.status, 200);
    assert.match(page.text, /<h1>Audit log<\/h1>/);
    const actions = [...page.text.matchAll(/<tr><td>[^<]*<\/td><td>([^<]*)<\/td><td>([a-z ]+)/g)];
    assert.deepEqual(
      actions.map(([, , action]) => action),
      [
        'created',
        'open nominations',
        'nomination recorded',
        'nomination recorded',
        'roll frozen',
        'close nominations and publish the candidates',
        'open the ballot',
      ],
    );
    // The election was created by the system (no one signed in); the steps by the officer.
    assert.equal(actions[0]![1], 'System');
    assert.equal(actions.at(-1)![1], 'Ruth Ellison');
  });

  test('the log downloads as CSV, with each change’s detail as JSON', async () => {
    const csv = await officer.get(`/elections/${electionId}/audit?format=csv`);
    assert.equal(csv.status, 200);
    assert.match(
      csv.headers.get('content-disposition') ?? '',
      new RegExp(`filename="election-${electionId}-audit.csv"`),
    );
    const rows = csv.text.trim().split('\n');
    assert.equal(rows[0], 'id,at,who,action,detail');
    assert.equal(rows.length - 1, 7);
    const frozen = rows.find((r) => r.includes(',roll frozen,'));
    assert.match(
      frozen ?? '',
      new RegExp(
        `^\\d+,\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z,Ruth Ellison,roll frozen,"\\{""size"":${rollSize},`,
      ),
    );
  });

  test('a member who neither runs nor scrutinises the election cannot read it', async () => {
    const member = await signedIn(server.database.db, server.url, 'member@party.example');
    assert.equal((await member.get(`/elections/${electionId}/audit`)).status, 403);
    assert.equal((await member.get(`/elections/${electionId}/audit?format=csv`)).status, 403);
  });
});
