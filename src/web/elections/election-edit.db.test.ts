import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createSignInLink } from '../../db/access/sign-in.ts';
import { testDatabaseKind } from '../../db/core/testing.ts';
import { seedDemo } from '../../db/demo/seed.ts';
import { createElection, findElection } from '../../db/elections/elections.ts';
import { freezeRoll } from '../../db/elections/steps.ts';
import { generateDemo } from '../../org/demo/demo.ts';
import { leadershipRule, type NominationRule } from '../../org/elections/nomination-rules.ts';
import { runningExampleSettings } from '../../org/elections/settings.ts';
import { startTestServer, type TestServer } from '../../server/testing.ts';
import { TestClient } from '../shell/test-client.ts';

describe(`changing an election's settings (${testDatabaseKind})`, () => {
  let server: TestServer;
  let admin: TestClient;
  let electionId: number;
  let officerId: number;
  const leadership: NominationRule = {
    all: [{ representativeShare: 0.2 }, { branches: 3 }],
  };

  const idOf = async (email: string) =>
    (
      await server.database.db
        .selectFrom('members')
        .select('id')
        .where('email', '=', email)
        .executeTakeFirstOrThrow()
    ).id;
  const signIn = async (email: string) => {
    const token = await createSignInLink(server.database.db, await idOf(email));
    const client = new TestClient(server.url);
    await client.get(`/sign-in/${token}`);
    await client.post(`/sign-in/${token}`, {});
    return client;
  };

  /** The whole form as the page shows it, with some fields changed. */
  const formWith = async (client: TestClient, changes: Record<string, string>) => {
    const page = await client.get(`/elections/${electionId}/edit`);
    const form: Record<string, string> = {};
    for (const m of page.text.matchAll(/<input[^>]*name="([^"]+)"[^>]*>/g)) {
      const tag = m[0];
      const name = m[1]!;
      if (name === '_csrf') continue;
      if (/type="checkbox"/.test(tag)) {
        if (/checked/.test(tag)) form[name] = 'yes';
      } else form[name] = tag.match(/value="([^"]*)"/)?.[1] ?? '';
    }
    form.method = page.text.match(/<option value="([^"]+)" selected/)![1]!;
    return { ...form, ...changes };
  };

  before(async () => {
    server = await startTestServer();
    const db = server.database.db;
    await seedDemo(db, generateDemo({ seed: 9, today: '2026-11-29', members: 80 }));
    officerId = await idOf('returning.officer@party.example');
    electionId = await createElection(
      db,
      {
        ...runningExampleSettings('2026-11-29'),
        title: 'Regional executive',
        nominationRule: leadership,
      },
      { returningOfficerId: officerId, scrutineerId: null },
      null,
    );
    admin = await signIn('admin@party.example');
  });
  after(() => server.close());

  test('the form shows the settings as they stand; mistakes are refused next to the field', async () => {
    const page = await admin.get(`/elections/${electionId}/edit`);
    assert.equal(page.status, 200);
    assert.match(page.text, /value="Regional executive"/);
    assert.match(page.text, /It is kept as it is/, 'a composite threshold is described, not lost');
    const bad = await admin.post(
      `/elections/${electionId}/edit`,
      await formWith(admin, { title: '', seats: 'three' }),
    );
    assert.equal(bad.status, 400);
    assert.match(bad.text, /id="title-error"[\s\S]*Enter a title/);
    assert.match(bad.text, /id="seats-error"[\s\S]*Seats must be a whole number/);
    assert.equal((await findElection(server.database.db, electionId))!.title, 'Regional executive');
  });

  test('a change is saved in one go and audited with what changed, from and to', async () => {
    const saved = await admin.post(
      `/elections/${electionId}/edit`,
      await formWith(admin, { title: 'Regional executive: 2 seats', seats: '2' }),
    );
    assert.equal(saved.status, 200);
    assert.match(saved.text, /Saved. Changed: title, seats\./);
    const election = (await findElection(server.database.db, electionId))!;
    assert.equal(election.seats, 2);
    assert.deepEqual(election.nomination_rule, leadership);
    const log = await server.database.db
      .selectFrom('audit_log')
      .select(['action', 'detail', 'actor_id'])
      .where('election_id', '=', electionId)
      .where('action', '=', 'settings changed')
      .execute();
    assert.equal(log.length, 1);
    assert.equal(log[0]!.actor_id, await idOf('admin@party.example'));
    assert.deepEqual(log[0]!.detail, {
      title: { from: 'Regional executive', to: 'Regional executive: 2 seats' },
      seats: { from: 3, to: 2 },
    });
  });

  test('once the roll is frozen, the eligibility dates and ways to vote stay; the rest may change', async () => {
    await freezeRoll(server.database.db, electionId, officerId);
    const officer = await signIn('returning.officer@party.example');
    const refused = await officer.post(
      `/elections/${electionId}/edit`,
      await formWith(officer, { joinedBy: '2020-01-01' }),
    );
    assert.equal(refused.status, 400);
    assert.match(refused.text, /id="joinedBy-error"[\s\S]*The roll is frozen/);
    const postal = await officer.post(
      `/elections/${electionId}/edit`,
      await formWith(officer, { postal: '' }),
    );
    assert.match(postal.text, /who votes online and who by post can no longer change/);
    const election = (await findElection(server.database.db, electionId))!;
    assert.notEqual(election.joined_by, '2020-01-01');
    assert.equal(election.postal, true);
    const ok = await officer.post(
      `/elections/${electionId}/edit`,
      await formWith(officer, { minMembershipDays: '730' }),
    );
    assert.match(ok.text, /Changed: days of membership for candidates\./);
    const women = await officer.post(
      `/elections/${electionId}/edit`,
      await formWith(officer, { minimum: '1' }),
    );
    assert.match(women.text, /Changed: minimum seats for women\./);
    // Saved again as it stands, nothing has changed (the stored rule and minimums compare equal).
    const same = await officer.post(`/elections/${electionId}/edit`, await formWith(officer, {}));
    assert.match(same.text, /Nothing was changed\./);
  });

  test("an election is created with the leadership contest's rule, which the edit form shows as chosen", async () => {
    const officerNumber = (
      await server.database.db
        .selectFrom('members')
        .select('membership_number')
        .where('id', '=', officerId)
        .executeTakeFirstOrThrow()
    ).membership_number;
    const form = {
      title: 'Leader',
      body: 'Leader of the party',
      seats: '1',
      method: 'irv',
      ballotCloseAt: '2099-01-12T12:00',
      returningOfficer: officerNumber,
      online: 'yes',
      leadershipRule: 'yes',
    };
    const both = await admin.post('/elections/new', { ...form, branchThreshold: '5' });
    assert.equal(both.status, 400);
    assert.match(both.text, /id="branchThreshold-error"[\s\S]*not both/);
    const created = await admin.post('/elections/new', form);
    assert.equal(created.status, 303);
    const id = Number(created.location!.split('/').at(-1));
    const election = (await findElection(server.database.db, id))!;
    assert.deepEqual(election.nomination_rule, leadershipRule);
    const edit = await admin.get(`/elections/${id}/edit`);
    assert.match(edit.text, /id="leadershipRule"[^>]*checked/);
    const page = await admin.get(`/elections/${id}`);
    assert.match(
      page.text,
      /20% of elected representatives, and \(nominations from at least 5% of branches/,
    );
  });

  test('after nominations close, or for anyone else, nothing changes', async () => {
    const member = await signIn('member@party.example');
    assert.equal((await member.get(`/elections/${electionId}/edit`)).status, 403);
    assert.equal((await member.post(`/elections/${electionId}/edit`, { title: 'x' })).status, 403);
    const form = await formWith(admin, { title: 'Too late' });
    await server.database.db
      .updateTable('elections')
      .set({ stage: 'candidates_published' })
      .where('id', '=', electionId)
      .execute();
    assert.match(
      (await admin.get(`/elections/${electionId}/edit`)).text,
      /the settings can no longer change/,
    );
    const late = await admin.post(`/elections/${electionId}/edit`, form);
    assert.equal(late.status, 400);
    assert.match(late.text, /can only change before nominations close/);
    assert.notEqual((await findElection(server.database.db, electionId))!.title, 'Too late');
  });
});
