import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createSignInLink } from '../../db/access/sign-in.ts';
import { testDatabaseKind } from '../../db/core/testing.ts';
import { seedDemo } from '../../db/demo/seed.ts';
import { generateDemo } from '../../org/demo/demo.ts';
import { startTestServer, type TestServer } from '../../server/testing.ts';
import { TestClient } from '../shell/test-client.ts';

describe(`affiliates and representatives nominate (${testDatabaseKind})`, () => {
  let server: TestServer;
  let numbers: string[];
  const electionId = 1; // the demo's election, taking nominations

  const signIn = async (memberId: number) => {
    const token = await createSignInLink(server.database.db, memberId);
    const client = new TestClient(server.url);
    await client.get(`/sign-in/${token}`);
    await client.post(`/sign-in/${token}`, {});
    return client;
  };
  const idOf = async (email: string) =>
    (
      await server.database.db
        .selectFrom('members')
        .select('id')
        .where('email', '=', email)
        .executeTakeFirstOrThrow()
    ).id;

  before(async () => {
    server = await startTestServer();
    await seedDemo(server.database.db, generateDemo({ seed: 9, today: '2026-11-29', members: 80 }));
    numbers = (
      await server.database.db
        .selectFrom('members')
        .select('membership_number')
        .where('dues_status', '=', 'paid_up')
        .where('joined_on', '<', '2024-01-01')
        .orderBy('id')
        .offset(8)
        .limit(2)
        .execute()
    ).map((m) => m.membership_number);
  });
  after(() => server.close());

  test("an affiliate's officer records its nomination, which the election page counts", async () => {
    const grant = await server.database.db
      .selectFrom('role_grants')
      .innerJoin('affiliates', 'affiliates.id', 'role_grants.affiliate_id')
      .select(['role_grants.member_id', 'affiliates.name'])
      .where('role', '=', 'affiliate_officer')
      .orderBy('affiliates.id')
      .executeTakeFirstOrThrow();
    const officer = await signIn(grant.member_id);
    const election = await officer.get(`/elections/${electionId}`);
    assert.match(election.text, /Record your organisation’s nominations/);
    const form = await officer.get(`/elections/${electionId}/nominate/affiliate`);
    assert.equal(form.status, 200);
    assert.ok(form.text.includes(grant.name));
    const empty = await officer.post(`/elections/${electionId}/nominate/affiliate`, {
      membershipNumber: '',
    });
    assert.equal(empty.status, 400);
    assert.match(empty.text, /id="membershipNumber-error"[\s\S]*Enter the membership number/);
    const done = await officer.post(`/elections/${electionId}/nominate/affiliate`, {
      membershipNumber: numbers[0]!,
    });
    assert.match(done.text, /Nomination of .* recorded/);
    const row = await server.database.db
      .selectFrom('nominations')
      .innerJoin('affiliates', 'affiliates.id', 'nominations.affiliate_id')
      .select(['affiliates.name', 'nominations.branch_id', 'nominations.recorded_by'])
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { name: grant.name, branch_id: null, recorded_by: grant.member_id });
    const after = await officer.get(`/elections/${electionId}`);
    // Branch nominations 0, affiliate nominations 1.
    assert.match(after.text, /<td>0<\/td><td>1<\/td>/);
  });

  test('a member who is no affiliate officer or representative is refused', async () => {
    const member = await signIn(await idOf('member@party.example'));
    assert.equal((await member.get(`/elections/${electionId}/nominate/affiliate`)).status, 403);
    assert.equal(
      (await member.get(`/elections/${electionId}/nominate/representative`)).status,
      403,
    );
    const secretary = await signIn(await idOf('secretary@party.example'));
    const refused = await secretary.post(`/elections/${electionId}/nominate/affiliate`, {
      membershipNumber: numbers[1]!,
    });
    assert.equal(refused.status, 403);
  });

  test('an elected representative makes one nomination', async () => {
    const id = await idOf('organiser@party.example');
    await server.database.db
      .updateTable('members')
      .set({ representative: true })
      .where('id', '=', id)
      .execute();
    const mp = await signIn(id);
    assert.match((await mp.get(`/elections/${electionId}`)).text, /as an elected representative/);
    const first = await mp.post(`/elections/${electionId}/nominate/representative`, {
      membershipNumber: numbers[1]!,
    });
    assert.match(first.text, /Nomination of .* recorded/);
    const second = await mp.post(`/elections/${electionId}/nominate/representative`, {
      membershipNumber: numbers[0]!,
    });
    assert.equal(second.status, 400);
    assert.match(second.text, /You have already made your nomination/);
  });
});
