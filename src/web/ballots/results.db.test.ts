import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { testDatabaseKind } from '../../db/core/testing.ts';
import { seedDemo } from '../../db/demo/seed.ts';
import { generateDemo } from '../../org/demo/demo.ts';
import { startTestServer, type TestServer } from '../../server/testing.ts';
import { signedIn, type TestClient } from '../shell/test-client.ts';
import { declaredElection } from './test-results.ts';

describe(`charts on the results page (${testDatabaseKind})`, () => {
  let server: TestServer;
  let member: TestClient;
  let names: string[];
  let blockId: number;
  let stvId: number;

  before(async () => {
    server = await startTestServer();
    const db = server.database.db;
    await seedDemo(db, generateDemo({ seed: 21, today: '2026-11-29', members: 80 }));
    const nominees = await db
      .selectFrom('members')
      .select(['membership_number', 'first_name', 'last_name'])
      .where('dues_status', '=', 'paid_up')
      .orderBy('id')
      .limit(4)
      .offset(6)
      .execute();
    names = nominees.map((n) => `${n.first_name} ${n.last_name}`);
    const numbers = nominees.map((n) => n.membership_number);
    blockId = await declaredElection(db, 'block-vote', 2, numbers.slice(0, 3), [
      [0, 1],
      [0],
      [2, 0],
    ]);
    // STV, 2 seats, 8 votes: quota 8/3. A's surplus goes to B; D is excluded and B is elected.
    stvId = await declaredElection(db, 'fractional-droop', 2, numbers, [
      [0, 1],
      [0, 1],
      [0, 1],
      [0, 1],
      [2],
      [2],
      [3, 1],
      [1],
    ]);
    member = await signedIn(db, server.url, 'member@party.example');
  });
  after(() => server.close());

  const svgs = (html: string) => html.match(/<svg [\s\S]*?<\/svg>/g) ?? [];

  test('a block vote has one chart of votes per candidate, described in words, beside the table', async () => {
    const page = await member.get(`/elections/${blockId}/results`);
    assert.equal(page.status, 200);
    assert.match(page.text, /<table>/, 'the table is still there');
    const charts = svgs(page.text);
    assert.equal(charts.length, 1);
    const [chart] = charts;
    assert.match(chart!, /role="img"/);
    assert.match(chart!, /aria-labelledby="round-1-title round-1-desc"/);
    assert.match(chart!, /<title id="round-1-title">Votes per candidate<\/title>/);
    const [a, b, c] = names;
    const desc = chart!.match(/<desc[^>]*>([^<]*)<\/desc>/)![1]!;
    assert.match(desc, new RegExp(`${a}: 3, elected`));
    // b and c tie on 1; the draw elects one of them.
    assert.match(desc, new RegExp(`${b}: 1`));
    assert.match(desc, new RegExp(`${c}: 1`));
    assert.equal(desc.match(/elected/g)?.length, 2);
    assert.doesNotMatch(page.text, / style="/, 'no inline styles: the page forbids them');
  });

  test('STV has a chart for every round, showing the transfers and the quota', async () => {
    const page = await member.get(`/elections/${stvId}/results`);
    const result = await server.database.db
      .selectFrom('elections')
      .innerJoin('ballots', 'ballots.id', 'elections.ballot_id')
      .select('ballots.result')
      .where('elections.id', '=', stvId)
      .executeTakeFirstOrThrow();
    const rounds = (result.result as { count: { rounds: unknown[] } }).count.rounds.length;
    assert.ok(rounds >= 3, `${rounds} rounds`);
    const charts = svgs(page.text);
    assert.equal(charts.length, rounds);
    // Round 2 moves A's surplus to B, drawn as a transfer and said in words.
    const [a, b] = names;
    assert.match(charts[1]!, new RegExp(`${b}: [\\d.]+ \\([\\d.]+ transferred in\\)`));
    assert.match(charts[1]!, /\(\+[\d.]+\)<\/text>/);
    assert.match(charts[0]!, new RegExp(`${a}: 4, elected`));
    assert.match(charts[0]!, /quota 2\.6/);
  });
});
