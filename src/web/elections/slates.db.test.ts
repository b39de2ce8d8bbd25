import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createSignInLink } from '../../db/access/sign-in.ts';
import { testDatabaseKind } from '../../db/core/testing.ts';
import { seedDemo } from '../../db/demo/seed.ts';
import { nominate } from '../../db/elections/nominations.ts';
import { generateDemo } from '../../org/demo/demo.ts';
import { startTestServer, type TestServer } from '../../server/testing.ts';
import { TestClient } from '../shell/test-client.ts';

describe(`publishing a slate (${testDatabaseKind})`, () => {
  let server: TestServer;
  let member: TestClient;
  const candidates: number[] = [];
  const electionId = 1; // the demo's election, taking nominations

  before(async () => {
    server = await startTestServer();
    const db = server.database.db;
    await seedDemo(db, generateDemo({ seed: 9, today: '2026-11-29', members: 80 }));
    const numbers = (
      await db
        .selectFrom('members')
        .select('membership_number')
        .where('dues_status', '=', 'paid_up')
        .where('joined_on', '<', '2024-01-01')
        .orderBy('id')
        .limit(3)
        .offset(6)
        .execute()
    ).map((m) => m.membership_number);
    const branch = (
      await db.selectFrom('branches').select('id').orderBy('id').executeTakeFirstOrThrow()
    ).id;
    for (const n of numbers)
      candidates.push(
        (await nominate(db, { electionId, branchId: branch, membershipNumber: n }, null))
          .candidateId,
      );
    const { id } = await db
      .selectFrom('members')
      .select('id')
      .where('email', '=', 'member@party.example')
      .executeTakeFirstOrThrow();
    const token = await createSignInLink(db, id);
    member = new TestClient(server.url);
    await member.get(`/sign-in/${token}`);
    await member.post(`/sign-in/${token}`, {});
  });
  after(() => server.close());

  test('a member publishes a slate with a recommended order, and members read it on the election page', async () => {
    const [a, b] = candidates;
    const sent = await member.post(`/elections/${electionId}/slates`, {
      name: 'Members First',
      description: 'Democracy from below.',
      [`order-${b}`]: '1',
      [`order-${a}`]: '2',
    });
    assert.equal(sent.status, 303);
    const page = await member.get(`/elections/${electionId}`);
    const names = await server.database.db
      .selectFrom('candidates')
      .select(['id', 'name'])
      .execute();
    const name = (id: number) => names.find((n) => n.id === id)!.name;
    assert.match(
      page.text,
      new RegExp(
        `<h3>Members First</h3><p>Democracy from below.</p><ol><li>${name(b!)}</li><li>${name(a!)}</li></ol>`,
      ),
    );
  });

  test('a slate without a name, with gaps in its order, or named twice is refused, field by field', async () => {
    const [a, b] = candidates;
    const bad = await member.post(`/elections/${electionId}/slates`, {
      name: '',
      [`order-${a}`]: '1',
      [`order-${b}`]: '3',
    });
    assert.equal(bad.status, 400);
    assert.match(bad.text, /href="#name">Enter a name for the slate/);
    assert.match(bad.text, /href="#candidates">Number your order 1, 2, 3/);
    const twice = await member.post(`/elections/${electionId}/slates`, {
      name: 'Members First',
      [`order-${a}`]: '1',
    });
    assert.equal(twice.status, 400);
    assert.match(twice.text, /already published/);
  });
});
