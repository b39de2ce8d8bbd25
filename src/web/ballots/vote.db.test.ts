import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createSignInLink } from '../../db/access/sign-in.ts';
import { testDatabaseKind } from '../../db/core/testing.ts';
import { seedDemo } from '../../db/demo/seed.ts';
import { takeStep } from '../../db/elections/steps.ts';
import { setUpElection } from '../../db/elections/test-elections.ts';
import { generateDemo } from '../../org/demo/demo.ts';
import { startTestServer, type TestServer } from '../../server/testing.ts';
import { TestClient } from '../shell/test-client.ts';

describe(`voting: a preferential ballot without JavaScript, and the receipt (${testDatabaseKind})`, () => {
  let server: TestServer;
  let electionId: number;
  let ballotId: number;
  let ids: number[];
  let voter: TestClient;
  let receipt: string;

  before(async () => {
    server = await startTestServer();
    const db = server.database.db;
    await seedDemo(db, generateDemo({ seed: 13, today: '2026-11-29', members: 60 }));
    const numbers = (
      await db
        .selectFrom('members')
        .select('membership_number')
        .where('dues_status', '=', 'paid_up')
        .orderBy('id')
        .limit(3)
        .offset(6)
        .execute()
    ).map((m) => m.membership_number);
    const election = await setUpElection(db, {
      settings: { method: 'fractional-droop', seats: 2 },
      nominees: numbers,
      until: 'ballot',
    });
    electionId = election.electionId;
    ballotId = election.ballotId;
    ids = election.candidateIds;
    const member = (
      await db
        .selectFrom('members')
        .select('id')
        .where('email', '=', 'member@party.example')
        .executeTakeFirstOrThrow()
    ).id;
    const token = await createSignInLink(db, member);
    voter = new TestClient(server.url);
    await voter.get(`/sign-in/${token}`);
    await voter.post(`/sign-in/${token}`, {});
  });
  after(() => server.close());

  test('the ballot asks for numbered preferences', async () => {
    const page = await voter.get(`/elections/${electionId}/vote`);
    assert.equal(page.status, 200);
    assert.match(page.text, /Number the candidates in order of preference/);
    assert.equal((page.text.match(/<select /g) ?? []).length, 3);
  });

  test('preferences with a gap are refused with the reason, next to the field', async () => {
    const page = await voter.post(`/elections/${electionId}/vote`, {
      [`rank-${ids[0]}`]: '1',
      [`rank-${ids[1]}`]: '3',
    });
    assert.equal(page.status, 400);
    assert.match(page.text, /Number your preferences 1, 2, 3 and so on, without gaps or repeats/);
  });

  test('check, cast, and the ballot in the box holds the preferences in order', async () => {
    const check = await voter.post(`/elections/${electionId}/vote`, {
      [`rank-${ids[2]}`]: '1',
      [`rank-${ids[0]}`]: '2',
    });
    assert.equal(check.status, 200);
    assert.match(check.text, /Check your vote/);
    const marks = check.text.match(/name="marks" value="([\d,]+)"/)![1];
    assert.equal(marks, `${ids[2]},${ids[0]}`);
    const cast = await voter.post(`/elections/${electionId}/vote/cast`, { marks: marks! });
    assert.match(cast.text, /Your vote has been cast/);
    const ballot = await server.database.db
      .selectFrom('votes')
      .select('marks')
      .where('ballot_id', '=', ballotId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(ballot.marks, [[ids[2]], [ids[0]]]);
    const again = await voter.post(`/elections/${electionId}/vote/cast`, { marks: marks! });
    assert.equal(again.status, 409);
    assert.match(again.text, /You have already voted/);
    receipt = cast.text.match(/<strong class="receipt">([^<]+)<\/strong>/)![1]!;
  });

  test('the receipt finds the ballot in the box, however it is typed; another code does not', async () => {
    const found = await voter.get(
      `/elections/${electionId}/receipt?receipt=${encodeURIComponent(` ${receipt.toLowerCase()} `)}`,
    );
    assert.equal(found.status, 200);
    assert.match(found.text, /Your ballot is in the ballot box/);
    const other = await voter.get(`/elections/${electionId}/receipt?receipt=NOT-A-CODE`);
    assert.equal(other.status, 404);
    assert.match(other.text, /No ballot has that receipt code/);
  });

  test('there is no ballot once voting has closed', async () => {
    const db = server.database.db;
    const officer = (
      await db
        .selectFrom('members')
        .select('id')
        .where('email', '=', 'returning.officer@party.example')
        .executeTakeFirstOrThrow()
    ).id;
    await takeStep(db, electionId, 'close-ballot', officer);
    const page = await voter.get(`/elections/${electionId}/vote`);
    assert.equal(page.status, 400);
    assert.match(page.text, /Voting is not open for this election/);
  });
});
