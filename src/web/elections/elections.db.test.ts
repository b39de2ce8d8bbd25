import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createSignInLink } from '../../db/access/sign-in.ts';
import { castVote } from '../../db/ballots/voting.ts';
import { testDatabaseKind } from '../../db/core/testing.ts';
import { seedDemo } from '../../db/demo/seed.ts';
import { takeStep } from '../../db/elections/steps.ts';
import { setUpElection } from '../../db/elections/test-elections.ts';
import { generateDemo } from '../../org/demo/demo.ts';
import { startTestServer, type TestServer } from '../../server/testing.ts';
import { TestClient } from '../shell/test-client.ts';

/** The election page's "Can I vote?": what it tells each member, at each stage. */
describe(`the election page tells a member whether they can vote (${testDatabaseKind})`, () => {
  let server: TestServer;
  let electionId: number;
  let ballotId: number;
  let candidateIds: number[];
  let officer: number;
  const demoElection = 1; // taking nominations, the roll not yet frozen

  const as = async (memberId: number) => {
    const token = await createSignInLink(server.database.db, memberId);
    const client = new TestClient(server.url);
    await client.get(`/sign-in/${token}`);
    await client.post(`/sign-in/${token}`, {});
    return client;
  };
  const canIVote = async (memberId: number, id: number) => {
    const page = await (await as(memberId)).get(`/elections/${id}`);
    assert.equal(page.status, 200);
    return page.text.match(/<h2>Can I vote\?<\/h2>(<p>.*?<\/p>)/)![1]!;
  };
  const memberWhere = async (column: 'email' | 'dues_status', value: string) =>
    (
      await server.database.db
        .selectFrom('members')
        .select('id')
        .where(column, '=', value as never)
        .orderBy('id')
        .executeTakeFirstOrThrow()
    ).id;
  const onRoll = async (channel: 'online' | 'postal') =>
    (
      await server.database.db
        .selectFrom('roll_entries')
        .select('member_id')
        .where('ballot_id', '=', ballotId)
        .where('channel', '=', channel)
        .orderBy('member_id')
        .executeTakeFirstOrThrow()
    ).member_id;

  before(async () => {
    server = await startTestServer();
    const db = server.database.db;
    await seedDemo(db, generateDemo({ seed: 5, today: '2026-11-29', members: 60 }));
    const nominees = await db
      .selectFrom('members')
      .select('membership_number')
      .where('email', 'in', ['admin@party.example', 'organiser@party.example'])
      .execute();
    const election = await setUpElection(db, {
      nominees: nominees.map((n) => n.membership_number),
      until: 'candidates_published',
    });
    ({ electionId, ballotId, candidateIds, officer } = election);
  });
  after(() => server.close());

  test('before the roll is frozen: whether the member will be on it, and if not, why', async () => {
    const member = await memberWhere('email', 'member@party.example');
    assert.match(
      await canIVote(member, demoElection),
      /You will be on the roll when it is frozen, as things stand\./,
    );
    const lapsed = await memberWhere('dues_status', 'lapsed');
    assert.match(await canIVote(lapsed, demoElection), /You will not be able to vote: [^<]+\./);
  });

  test('once it is frozen: on the roll, by which channel, or not on it and why', async () => {
    assert.match(
      await canIVote(await onRoll('online'), electionId),
      /<p>You are on the roll\.<\/p>/,
    );
    assert.match(
      await canIVote(await onRoll('postal'), electionId),
      /You are on the roll and will get a ballot by post\./,
    );
    const lapsed = await memberWhere('dues_status', 'lapsed');
    assert.match(
      await canIVote(lapsed, electionId),
      /You are not on the roll for this election: [^<]+\./,
    );
  });

  test('while voting is open: a way to vote, then thanks once the member has voted', async () => {
    await takeStep(server.database.db, electionId, 'open-ballot', officer);
    const voter = await onRoll('online');
    assert.ok((await canIVote(voter, electionId)).includes(`href="/elections/${electionId}/vote"`));
    await castVote(server.database.db, {
      ballotId,
      memberId: voter,
      marks: [candidateIds[0]!],
      channel: 'online',
    });
    assert.match(await canIVote(voter, electionId), /You have voted\. Thank you\./);
  });
});
