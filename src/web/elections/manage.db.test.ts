import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createSignInLink } from '../../db/access/sign-in.ts';
import { castVote } from '../../db/ballots/voting.ts';
import { testDatabaseKind } from '../../db/core/testing.ts';
import { seedDemo } from '../../db/demo/seed.ts';
import { createElection } from '../../db/elections/elections.ts';
import { setUpElection } from '../../db/elections/test-elections.ts';
import { signInLinkIn, startTestSmtp } from '../../mail/test-smtp.ts';
import { generateDemo } from '../../org/demo/demo.ts';
import { runningExampleSettings } from '../../org/elections/settings.ts';
import { startTestServer, type TestServer } from '../../server/testing.ts';
import { signedIn, TestClient } from '../shell/test-client.ts';

/**
 * The returning officer's steps that mail members: opening the ballot sends
 * each online member an invitation, and reminders go to those who have not voted.
 */
describe(`ballot invitations and reminders from the manage page (${testDatabaseKind})`, () => {
  let server: TestServer;
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
  let electionId: number;
  let ballotId: number;
  let officer: TestClient;

  before(async () => {
    smtp = await startTestSmtp();
    server = await startTestServer({ SMTP_URL: smtp.url });
    const db = server.database.db;
    await seedDemo(db, generateDemo({ seed: 5, today: '2026-11-29', members: 60 }));
    const nominees = await db
      .selectFrom('members')
      .select('membership_number')
      .where('email', 'in', ['admin@party.example', 'organiser@party.example'])
      .execute();
    const election = await setUpElection(db, {
      settings: { ballotCloseAt: new Date('2099-01-01T12:00:00Z') },
      nominees: nominees.map((n) => n.membership_number),
      until: 'candidates_published',
    });
    electionId = election.electionId;
    ballotId = election.ballotId;
    const ro = election.officer;
    officer = new TestClient(server.url);
    const token = await createSignInLink(db, ro);
    await officer.get(`/sign-in/${token}`);
    await officer.post(`/sign-in/${token}`, {});
  });
  after(async () => {
    await server.close();
    await smtp.close();
  });

  test('opening the ballot mails every online member a personal link that opens their ballot', async () => {
    const db = server.database.db;
    const online = await db
      .selectFrom('roll_entries')
      .innerJoin('members', 'members.id', 'roll_entries.member_id')
      .select('members.email')
      .where('ballot_id', '=', ballotId)
      .where('channel', '=', 'online')
      .execute();
    const postal = await db
      .selectFrom('roll_entries')
      .select('member_id')
      .where('ballot_id', '=', ballotId)
      .where('channel', '=', 'postal')
      .execute();
    assert.ok(
      online.length > 30 && postal.length > 0,
      `${online.length} online, ${postal.length} postal`,
    );

    const page = await officer.post(`/elections/${electionId}/manage/open-ballot`, {});
    assert.equal(page.status, 200);
    assert.match(page.text, new RegExp(`${online.length} invitations are on their way`));
    const mails = [];
    for (let i = 0; i < online.length; i++) mails.push(await smtp.next(15_000));
    assert.deepEqual(
      mails.map((m) => m.to[0]).sort(),
      online.map((o) => o.email).sort(),
      'each online member once, no one by post',
    );

    const mine = mails.find((m) => m.to[0] === 'member@party.example')!;
    const link = new URL(signInLinkIn(mine.raw)).pathname;
    const member = new TestClient(server.url);
    await member.get(link);
    const signedIn = await member.post(link, {});
    assert.equal(signedIn.location, `/elections/${electionId}/vote`);
    const ballot = await member.get(`/elections/${electionId}/vote`);
    assert.match(ballot.text, /Your ballot/);

    // Delivered mail is marked, so another delivery run sends nothing again.
    await new Promise((r) => setTimeout(r, 2_500));
    assert.equal(smtp.received.length, online.length + 0);
    const unsent = await db
      .selectFrom('outbox')
      .select('id')
      .where('sent_at', 'is', null)
      .execute();
    assert.equal(unsent.length, 0);
  });

  test('reminders go only to members who have not voted', async () => {
    const db = server.database.db;
    const member = await db
      .selectFrom('members')
      .select('id')
      .where('email', '=', 'member@party.example')
      .executeTakeFirstOrThrow();
    const candidate = await db
      .selectFrom('candidates')
      .select('id')
      .where('status', '=', 'valid')
      .executeTakeFirstOrThrow();
    await castVote(db, {
      ballotId,
      memberId: member.id,
      marks: [candidate.id],
      channel: 'online',
    });
    const before = smtp.received.length;
    const page = await officer.post(`/elections/${electionId}/manage/remind`, {});
    const sent = Number(page.text.match(/(\d+) reminders are on their way/)![1]);
    const expected =
      (
        await db
          .selectFrom('roll_entries')
          .innerJoin('members', 'members.id', 'roll_entries.member_id')
          .select('members.id')
          .where('ballot_id', '=', ballotId)
          .where('channel', '=', 'online')
          .execute()
      ).length - 1;
    assert.equal(sent, expected);
    for (let i = 0; i < sent; i++) await smtp.next(15_000);
    assert.ok(
      !smtp.received.slice(before).some((m) => m.to[0] === 'member@party.example'),
      'the member who voted is not reminded',
    );
  });
});

describe(`running an election from the manage page (${testDatabaseKind})`, () => {
  let server: TestServer;
  let officer: TestClient;
  let names: string[];
  let electionId: number;
  let ballotId: number;

  before(async () => {
    server = await startTestServer();
    const db = server.database.db;
    await seedDemo(db, generateDemo({ seed: 19, today: '2026-11-29', members: 40 }));
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
    const election = await setUpElection(db, {
      settings: { method: 'block-vote', seats: 2 },
      nominees: nominees.map((n) => n.membership_number),
      until: 'ballot',
    });
    electionId = election.electionId;
    ballotId = election.ballotId;
    // The first two nominees get 2 votes each, the third 1: no draw decides anything.
    const voters = await db
      .selectFrom('roll_entries')
      .select('member_id')
      .where('ballot_id', '=', ballotId)
      .orderBy('member_id')
      .limit(3)
      .execute();
    for (const [i, marks] of [[0, 1], [0, 1], [2]].entries())
      await castVote(db, {
        ballotId,
        memberId: voters[i]!.member_id,
        marks: marks.map((k) => election.candidateIds[k]!),
        channel: 'online',
      });
    officer = await signedIn(db, server.url, 'returning.officer@party.example');
  });
  after(() => server.close());

  test('only the returning officer and the scrutineer run it', async () => {
    const member = await signedIn(server.database.db, server.url, 'member@party.example');
    const page = await member.get(`/elections/${electionId}/manage`);
    assert.equal(page.status, 403);
    assert.match(page.text, /Only this election’s returning officer and scrutineer run it/);
    assert.equal(
      (await member.post(`/elections/${electionId}/manage/close-ballot`, {})).status,
      403,
    );
    assert.equal((await officer.get(`/elections/${electionId}/manage`)).status, 200);
  });

  test('the roll is frozen once, from the page', async () => {
    const db = server.database.db;
    const officerId = (
      await db
        .selectFrom('members')
        .select('id')
        .where('email', '=', 'returning.officer@party.example')
        .executeTakeFirstOrThrow()
    ).id;
    const draft = await createElection(
      db,
      runningExampleSettings('2026-11-29'),
      { returningOfficerId: officerId, scrutineerId: null },
      null,
    );
    const frozen = await officer.post(`/elections/${draft}/manage/freeze-roll`, {});
    assert.equal(frozen.status, 200);
    const { roll_size } = await db
      .selectFrom('elections')
      .innerJoin('ballots', 'ballots.id', 'elections.ballot_id')
      .select('ballots.roll_size')
      .where('elections.id', '=', draft)
      .executeTakeFirstOrThrow();
    assert.match(
      frozen.text,
      new RegExp(`The roll is frozen: ${roll_size} members, \\d+ by post\\.`),
    );
    const again = await officer.post(`/elections/${draft}/manage/freeze-roll`, {});
    assert.equal(again.status, 409);
    assert.match(again.text, /The roll is already frozen/);
  });

  test('close, count and declare; then a vacant seat is filled by countback', async () => {
    const closed = await officer.post(`/elections/${electionId}/manage/close-ballot`, {});
    assert.match(closed.text, /Done: close the ballot\./);
    const counted = await officer.post(`/elections/${electionId}/manage/count`, {});
    assert.equal(counted.status, 200);
    assert.match(counted.text, /Counted\./);
    const declared = await officer.post(`/elections/${electionId}/manage/declare`, {});
    assert.match(declared.text, /Done: declare the result\./);
    const sitting = (text: string) =>
      [...text.matchAll(/<option value="([^"]+)">/g)].map(([, name]) => name).sort();
    assert.deepEqual(sitting(declared.text), [names[0], names[1]].sort());

    const filled = await officer.post(`/elections/${electionId}/manage/vacancy`, {
      vacated: names[0]!,
    });
    assert.equal(filled.status, 200);
    assert.ok(
      filled.text.includes(`${names[2]} takes the seat ${names[0]} has left.`),
      filled.text,
    );
    assert.deepEqual(sitting(filled.text), [names[1], names[2]].sort());
  });

  test('a step that does not exist is not found; one out of turn is refused', async () => {
    assert.equal(
      (await officer.post(`/elections/${electionId}/manage/no-such-step`, {})).status,
      404,
    );
    const late = await officer.post(`/elections/${electionId}/manage/open-ballot`, {});
    assert.equal(late.status, 409);
  });
});
