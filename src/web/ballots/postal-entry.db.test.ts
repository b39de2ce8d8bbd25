import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { castVote } from '../../db/ballots/voting.ts';
import { testDatabaseKind } from '../../db/core/testing.ts';
import { seedDemo } from '../../db/demo/seed.ts';
import { setUpElection } from '../../db/elections/test-elections.ts';
import { generateDemo } from '../../org/demo/demo.ts';
import { startTestServer, type TestServer } from '../../server/testing.ts';
import { signedIn, type TestClient } from '../shell/test-client.ts';

describe(`entering postal ballots (${testDatabaseKind})`, () => {
  let server: TestServer;
  let electionId: number;
  let ballotId: number;
  let candidateIds: number[];
  let names: string[];
  let officer: TestClient;

  /** A member on the roll who votes by this channel, and has not voted. */
  const voterBy = async (channel: 'online' | 'postal') =>
    server.database.db
      .selectFrom('roll_entries')
      .innerJoin('members', 'members.id', 'roll_entries.member_id')
      .leftJoin('participations', (join) =>
        join
          .onRef('participations.member_id', '=', 'members.id')
          .on('participations.ballot_id', '=', ballotId),
      )
      .select(['members.id', 'members.membership_number'])
      .where('roll_entries.ballot_id', '=', ballotId)
      .where('roll_entries.channel', '=', channel)
      .where('participations.member_id', 'is', null)
      .orderBy('members.id')
      .executeTakeFirstOrThrow();

  const postalBallots = async () =>
    (
      await server.database.db
        .selectFrom('votes')
        .select('id')
        .where('ballot_id', '=', ballotId)
        .where('channel', '=', 'postal')
        .execute()
    ).length;

  before(async () => {
    server = await startTestServer();
    const db = server.database.db;
    await seedDemo(db, generateDemo({ seed: 5, today: '2026-11-29', members: 60 }));
    const nominees = await db
      .selectFrom('members')
      .select(['membership_number', 'first_name', 'last_name'])
      .where('email', 'in', ['admin@party.example', 'organiser@party.example'])
      .execute();
    // The paper lists the candidates by name.
    names = nominees.map((n) => `${n.first_name} ${n.last_name}`).sort();
    const election = await setUpElection(db, {
      settings: { postal: true },
      nominees: nominees.map((n) => n.membership_number),
      until: 'ballot',
    });
    electionId = election.electionId;
    ballotId = election.ballotId;
    candidateIds = election.candidateIds;
    officer = await signedIn(db, server.url, 'returning.officer@party.example');
  });
  after(() => server.close());

  test('the form lists the candidates by their number on the paper', async () => {
    const page = await officer.get(`/elections/${electionId}/postal`);
    assert.equal(page.status, 200);
    assert.match(page.text, /<h1>Enter a postal ballot<\/h1>/);
    assert.ok(page.text.includes(`The paper lists: 1 ${names[0]}; 2 ${names[1]}.`), page.text);
  });

  test('an unknown membership number is refused next to its field', async () => {
    const page = await officer.post(`/elections/${electionId}/postal`, {
      membershipNumber: 'NOBODY',
      preferences: '1',
    });
    assert.equal(page.status, 400);
    assert.match(
      page.text,
      /id="membershipNumber-error"[\s\S]*There is no member with that membership number/,
    );
  });

  test('a number not on the paper is refused next to the preferences', async () => {
    const { membership_number } = await voterBy('postal');
    const page = await officer.post(`/elections/${electionId}/postal`, {
      membershipNumber: membership_number,
      preferences: '1 9',
    });
    assert.equal(page.status, 400);
    assert.match(
      page.text,
      /id="preferences-error"[\s\S]*Use the numbers 1 to 2 printed on the paper/,
    );
    assert.equal(await postalBallots(), 0);
  });

  test('a postal voter’s ballot is entered, the number read as the envelope gives it', async () => {
    const { membership_number } = await voterBy('postal');
    const page = await officer.post(`/elections/${electionId}/postal`, {
      membershipNumber: ` ${membership_number.toLowerCase()} `,
      preferences: '2, 1',
    });
    assert.equal(page.status, 200);
    assert.match(page.text, /Postal ballot entered\./);
    assert.equal(await postalBallots(), 1);
  });

  test('a postal ballot replaces the member’s online vote', async () => {
    const voter = await voterBy('online');
    await castVote(server.database.db, {
      ballotId,
      memberId: voter.id,
      marks: [candidateIds[0]!],
      channel: 'online',
    });
    const page = await officer.post(`/elections/${electionId}/postal`, {
      membershipNumber: voter.membership_number,
      preferences: '2',
    });
    assert.equal(page.status, 200);
    assert.match(page.text, /it replaces the member’s online vote/);
    assert.equal(await postalBallots(), 2);
  });

  test('only those who count the election enter ballots', async () => {
    const member = await signedIn(server.database.db, server.url, 'member@party.example');
    assert.equal((await member.get(`/elections/${electionId}/postal`)).status, 403);
    const { membership_number } = await voterBy('postal');
    const refused = await member.post(`/elections/${electionId}/postal`, {
      membershipNumber: membership_number,
      preferences: '1',
    });
    assert.equal(refused.status, 403);
    assert.equal(await postalBallots(), 2);
  });
});
