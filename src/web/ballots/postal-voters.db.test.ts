import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createSignInLink } from '../../db/access/sign-in.ts';
import { testDatabaseKind } from '../../db/core/testing.ts';
import { seedDemo } from '../../db/demo/seed.ts';
import { setUpElection } from '../../db/elections/test-elections.ts';
import { startTestSmtp } from '../../mail/test-smtp.ts';
import { generateDemo } from '../../org/demo/demo.ts';
import { startTestServer, type TestServer } from '../../server/testing.ts';
import { TestClient } from '../shell/test-client.ts';

/**
 * Postal voters: an invitation the mail server refuses (550) puts the member on
 * the postal list; a bounce that comes back later is recorded by hand; papers
 * are numbered; a lost paper is replaced and the original can no longer count.
 */
describe(`bounced invitations and replacement postal ballots (${testDatabaseKind})`, () => {
  let server: TestServer;
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
  let electionId: number;
  let ballotId: number;
  let officer: TestClient;
  const bouncing = 'member@party.example';

  const rollEntry = (email: string) =>
    server.database.db
      .selectFrom('roll_entries')
      .innerJoin('members', 'members.id', 'roll_entries.member_id')
      .select(['roll_entries.channel', 'roll_entries.bounced_at', 'members.membership_number'])
      .where('roll_entries.ballot_id', '=', ballotId)
      .where('members.email', '=', email)
      .executeTakeFirstOrThrow();

  before(async () => {
    smtp = await startTestSmtp({ rejectRecipients: [bouncing] });
    server = await startTestServer({ SMTP_URL: smtp.url });
    const db = server.database.db;
    await seedDemo(db, generateDemo({ seed: 5, today: '2026-11-29', members: 60 }));
    const nominees = await db
      .selectFrom('members')
      .select('membership_number')
      .where('email', 'in', ['admin@party.example', 'organiser@party.example'])
      .execute();
    const election = await setUpElection(db, {
      settings: { ballotCloseAt: new Date('2099-01-01T12:00:00Z'), postal: true },
      nominees: nominees.map((n) => n.membership_number),
      until: 'candidates_published',
    });
    electionId = election.electionId;
    ballotId = election.ballotId;
    officer = new TestClient(server.url);
    const token = await createSignInLink(db, election.officer);
    await officer.get(`/sign-in/${token}`);
    await officer.post(`/sign-in/${token}`, {});
  });
  after(async () => {
    await server.close();
    await smtp.close();
  });

  test('the postal list downloads as CSV and the page counts it, before any paper is numbered', async () => {
    const postal = await server.database.db
      .selectFrom('roll_entries')
      .select('member_id')
      .where('ballot_id', '=', ballotId)
      .where('channel', '=', 'postal')
      .execute();
    assert.ok(postal.length > 0);
    const list = await officer.get(`/elections/${electionId}/postal-list`);
    assert.equal(list.status, 200);
    assert.match(list.headers.get('content-type') ?? '', /^text\/csv/);
    const rows = list.text.trim().split('\n');
    assert.equal(rows[0], 'membership_number,name,postal_address,reason,paper_number');
    // Before the ballot opens only members without an email vote by post, and no paper has a number.
    assert.ok(rows.slice(1).every((r) => r.endsWith(',no email,')));
    assert.equal(rows.length - 1, postal.length);
    const page = await officer.get(`/elections/${electionId}/postal-voters`);
    assert.match(page.text, new RegExp(`<dt>On the postal list</dt>\\s*<dd>${postal.length}</dd>`));
    assert.match(
      page.text,
      new RegExp(`<dt>Without an email address</dt>\\s*<dd>${postal.length}</dd>`),
    );
  });

  test('an invitation refused with 550 moves the member to the postal list, and is not retried', async () => {
    const db = server.database.db;
    assert.equal((await rollEntry(bouncing)).channel, 'online');
    const online = await db
      .selectFrom('roll_entries')
      .select('member_id')
      .where('ballot_id', '=', ballotId)
      .where('channel', '=', 'online')
      .execute();
    await officer.post(`/elections/${electionId}/manage/open-ballot`, {});
    // Everyone else is mailed; the refused one never arrives.
    for (let i = 0; i < online.length - 1; i++) await smtp.next(15_000);
    let entry = await rollEntry(bouncing);
    for (let i = 0; i < 50 && entry.channel !== 'postal'; i++) {
      await new Promise((r) => setTimeout(r, 200));
      entry = await rollEntry(bouncing);
    }
    assert.equal(entry.channel, 'postal');
    assert.ok(entry.bounced_at);
    const message = await db
      .selectFrom('outbox')
      .select(['attempts', 'bounced_at', 'sent_at', 'last_error'])
      .where('recipient', '=', bouncing)
      .executeTakeFirstOrThrow();
    assert.equal(message.sent_at, null);
    assert.ok(message.bounced_at);
    assert.match(message.last_error ?? '', /550|No such mailbox/);
    // Later delivery runs leave it alone.
    await new Promise((r) => setTimeout(r, 2_500));
    const again = await db
      .selectFrom('outbox')
      .select('attempts')
      .where('recipient', '=', bouncing)
      .executeTakeFirstOrThrow();
    assert.equal(again.attempts, message.attempts);
    assert.ok(!smtp.received.some((m) => m.to.includes(bouncing)));

    const list = await officer.get(`/elections/${electionId}/postal-list`);
    const row = list.text.split('\n').find((l) => l.startsWith(entry.membership_number));
    assert.match(row ?? '', /,email bounced,$/);
    const log = await officer.get(`/elections/${electionId}/audit?format=csv`);
    assert.match(log.text, /ballot invitation bounced,.*mail server.*""movedToPostal"":true/);
  });

  test('a bounce that came back later is recorded by hand; a wrong address is refused next to the field', async () => {
    const wrong = await officer.post(`/elections/${electionId}/postal-voters/bounce`, {
      email: 'nobody@example.org',
    });
    assert.equal(wrong.status, 400);
    assert.match(wrong.text, /id="email-error"[\s\S]*No member on this election’s roll/);
    const page = await officer.post(`/elections/${electionId}/postal-voters/bounce`, {
      email: 'SECRETARY@party.example',
    });
    assert.equal(page.status, 200);
    assert.match(page.text, /is now on the postal list/);
    assert.equal((await rollEntry('secretary@party.example')).channel, 'postal');
  });

  test('papers are numbered; a replacement cancels the lost one, which can then not be counted', async () => {
    const db = server.database.db;
    const issued = await officer.post(`/elections/${electionId}/postal-voters/issue`, {});
    const postal = await db
      .selectFrom('roll_entries')
      .select('member_id')
      .where('ballot_id', '=', ballotId)
      .where('channel', '=', 'postal')
      .execute();
    assert.match(issued.text, new RegExp(`${postal.length} postal papers issued`));
    const { membership_number: number } = await rollEntry(bouncing);
    const paperOf = async () =>
      (await officer.get(`/elections/${electionId}/postal-list`)).text
        .split('\n')
        .find((l) => l.startsWith(number))!
        .split(',')
        .at(-1)!;
    const original = await paperOf();
    assert.match(original, /^[A-Z2-9]{4}-[A-Z2-9]{4}$/);

    const missing = await officer.post(`/elections/${electionId}/postal-voters/replace`, {
      membershipNumber: number,
    });
    assert.equal(missing.status, 400);
    assert.match(missing.text, /id="reason-error"[\s\S]*Choose why a replacement is needed/);
    const replaced = await officer.post(`/elections/${electionId}/postal-voters/replace`, {
      membershipNumber: number,
      reason: 'lost',
    });
    assert.equal(replaced.status, 200);
    const fresh = await paperOf();
    assert.notEqual(fresh, original);
    assert.ok(replaced.text.includes(`Paper ${original} is cancelled`));
    assert.ok(replaced.text.includes(`the new paper ${fresh}`));

    // The original comes back: refused, next to the paper number, and logged.
    const old = await officer.post(`/elections/${electionId}/postal`, {
      membershipNumber: number,
      paperNumber: original,
      preferences: '1',
    });
    assert.equal(old.status, 400);
    assert.match(old.text, /id="paperNumber-error"[\s\S]*was cancelled \(lost\)/);
    const noNumber = await officer.post(`/elections/${electionId}/postal`, {
      membershipNumber: number,
      preferences: '1',
    });
    assert.match(noNumber.text, /Enter the ballot paper number/);
    const someoneElses = (await officer.get(`/elections/${electionId}/postal-list`)).text
      .split('\n')
      .slice(1)
      .find((l) => l && !l.startsWith(number))!
      .split(',')
      .at(-1)!;
    const wrongPaper = await officer.post(`/elections/${electionId}/postal`, {
      membershipNumber: number,
      paperNumber: someoneElses,
      preferences: '1',
    });
    assert.match(wrongPaper.text, /was issued to another member/);
    const unknown = await officer.post(`/elections/${electionId}/postal`, {
      membershipNumber: number,
      paperNumber: 'AAAA-AAAA',
      preferences: '1',
    });
    assert.match(unknown.text, /There is no ballot paper AAAA-AAAA in this election/);
    const good = await officer.post(`/elections/${electionId}/postal`, {
      membershipNumber: number,
      paperNumber: fresh.toLowerCase(),
      preferences: '1',
    });
    assert.equal(good.status, 200);
    assert.match(good.text, /Postal ballot entered/);
    const ballots = await db
      .selectFrom('votes')
      .select('id')
      .where('ballot_id', '=', ballotId)
      .where('channel', '=', 'postal')
      .execute();
    assert.equal(ballots.length, 1);
    // Once voted, no further replacement.
    const late = await officer.post(`/elections/${electionId}/postal-voters/replace`, {
      membershipNumber: number,
      reason: 'spoilt',
    });
    assert.match(late.text, /already voted; a replacement ballot cannot be issued/);

    const log = await officer.get(`/elections/${electionId}/audit?format=csv`);
    const line = log.text.split('\n').find((l) => l.includes('replacement postal ballot issued'));
    for (const part of [
      `""membershipNumber"": ""${number}""`,
      '""reason"": ""lost""',
      `""cancelled"": ""${original}""`,
      `""issued"": ""${fresh}""`,
    ])
      assert.ok(line?.replace(/"":""/g, '"": ""').includes(part), `${part} in ${line}`);
    assert.match(log.text, /vote refused,.*was cancelled/);
  });

  test('only the returning officer manages postal voters', async () => {
    const { id } = await server.database.db
      .selectFrom('members')
      .select('id')
      .where('email', '=', 'scrutineer@party.example')
      .executeTakeFirstOrThrow();
    const token = await createSignInLink(server.database.db, id);
    const other = new TestClient(server.url);
    await other.get(`/sign-in/${token}`);
    await other.post(`/sign-in/${token}`, {});
    assert.equal((await other.get(`/elections/${electionId}/postal-voters`)).status, 403);
  });
});
