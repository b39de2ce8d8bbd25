import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabaseKind } from '../../db/core/testing.ts';
import { seedDemo } from '../../db/demo/seed.ts';
import { generateDemo } from '../../org/demo/demo.ts';
import { startTestServer, type TestServer } from '../../server/testing.ts';
import { signedIn } from '../shell/test-client.ts';

describe(`a branch records its nominations (${testDatabaseKind})`, () => {
  let server: TestServer;
  let numbers: string[];
  const electionId = 1; // the demo's election, taking nominations

  const branchNominations = async () =>
    (
      await server.database.db
        .selectFrom('nominations')
        .select('id')
        .where('branch_id', 'is not', null)
        .execute()
    ).length;

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
        .limit(3)
        .execute()
    ).map((m) => m.membership_number);
  });
  after(() => server.close());

  test('only a branch officer records nominations', async () => {
    const member = await signedIn(server.database.db, server.url, 'member@party.example');
    const page = await member.get(`/elections/${electionId}/nominate`);
    assert.equal(page.status, 403);
    assert.match(page.text, /Only branch officers record nominations/);
  });

  test('the secretary nominates one member; an empty number is refused next to the field', async () => {
    const secretary = await signedIn(server.database.db, server.url, 'secretary@party.example');
    const empty = await secretary.post(`/elections/${electionId}/nominate`, {
      membershipNumber: ' ',
    });
    assert.equal(empty.status, 400);
    assert.match(empty.text, /Enter the membership number of the member your branch nominates/);
    const page = await secretary.post(`/elections/${electionId}/nominate`, {
      membershipNumber: numbers[2]!,
    });
    assert.equal(page.status, 200);
    assert.match(page.text, /Nomination of .+ recorded\./);
    assert.equal(await branchNominations(), 1);
  });

  test("a branch meeting's votes are counted and its winners nominated", async () => {
    const secretary = await signedIn(server.database.db, server.url, 'secretary@party.example');
    const page = await secretary.post(`/elections/${electionId}/nominate/meeting`, {
      votes: `${numbers[0]} 10\n${numbers[1]} 5`,
    });
    assert.equal(page.status, 200);
    assert.match(page.text, /The meeting nominated .+, .+\./);
    assert.equal(await branchNominations(), 3);
  });
});
