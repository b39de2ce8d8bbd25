/**
 * `npm run bench:election [-- VOTERS]`: one election of VOTERS members (default
 * 100,000) on the embedded database (PGlite, in a temporary data folder), every
 * ballot cast through the same use case members use, then closed, counted and
 * declared, and the results page rendered. A benchmark, never a test.
 *
 * Ends with one line: `voters=100000 cast_s=… count_publish_s=…`
 * (count_publish_s: close the ballot, count, declare, render the results page).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSignInLink, useSignInLink } from '../src/db/access/sign-in.ts';
import { castBallot } from '../src/db/ballots/voting.ts';
import { openDatabase } from '../src/db/core/database.ts';
import { migrate } from '../src/db/core/migrate.ts';
import { seedDemo } from '../src/db/demo/seed.ts';
import { createElection } from '../src/db/elections/elections.ts';
import { nominate } from '../src/db/elections/nominations.ts';
import { count, freezeRoll, takeStep } from '../src/db/elections/steps.ts';
import { createMailer } from '../src/mail/mailer.ts';
import { generateDemo } from '../src/org/demo/demo.ts';
import { runningExampleSettings } from '../src/org/elections/settings.ts';
import { createLogger } from '../src/server/logger.ts';
import { createApp } from '../src/web/shell/app.tsx';

const voters = Number(process.argv[2] ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), 'grassroots-bench-election-'));
const seconds = (from: number) => ((performance.now() - from) / 1000).toFixed(2);

try {
  const database = await openDatabase({ kind: 'pglite', dataDir: dir });
  const db = database.db;
  await migrate(db);
  // Enough members that `voters` of them are on the roll (lapsed members are not).
  const demo = generateDemo({
    seed: 7,
    today: '2026-11-29',
    members: Math.ceil(voters * 1.4) + 10,
  });
  let t = performance.now();
  await seedDemo(db, demo);
  console.log(`seeded ${demo.members.length} members in ${seconds(t)} s`);

  const ids = await db
    .selectFrom('members')
    .select(['id', 'membership_number', 'email'])
    .orderBy('id')
    .execute();
  const officer = ids.find((m) => m.email === 'returning.officer@party.example')!.id;
  const electionId = await createElection(
    db,
    {
      ...runningExampleSettings('2026-11-29'),
      nominationRule: null,
      candidateMinMembershipDays: null,
      ballotCloseAt: null,
      postal: false,
    },
    { returningOfficerId: officer, scrutineerId: null },
    null,
  );
  await takeStep(db, electionId, 'open-nominations', officer);
  const branches = (await db.selectFrom('branches').select('id').orderBy('id').execute()).map(
    (b) => b.id,
  );
  for (let k = 0; k < 6; k++) {
    await nominate(
      db,
      { electionId, branchId: branches[k]!, membershipNumber: ids[100 + k]!.membership_number },
      officer,
    );
  }
  await db.updateTable('candidates').set({ consented_at: new Date() }).execute();
  t = performance.now();
  const roll = await freezeRoll(db, electionId, officer);
  console.log(`froze a roll of ${roll.size} in ${seconds(t)} s`);
  await takeStep(db, electionId, 'close-nominations', officer);
  await takeStep(db, electionId, 'open-ballot', officer);
  const candidates = (await db.selectFrom('candidates').select('id').orderBy('id').execute()).map(
    (c) => c.id,
  );
  const onRoll = (
    await db
      .selectFrom('roll_entries')
      .select('member_id')
      .where('election_id', '=', electionId)
      .orderBy('member_id')
      .execute()
  ).slice(0, voters);
  if (onRoll.length < voters) throw new Error(`only ${onRoll.length} members on the roll`);

  t = performance.now();
  let state = 1;
  for (const [i, { member_id }] of onRoll.entries()) {
    state = (state * 48_271) % 2_147_483_647;
    const first = state % 6;
    const marks = [candidates[first]!, candidates[(first + 1 + (state % 5)) % 6]!];
    await castBallot(db, {
      electionId,
      memberId: member_id,
      marks: state % 3 === 0 ? marks.slice(0, 1) : marks,
      channel: 'online',
    });
    if ((i + 1) % 10_000 === 0) console.log(`  cast ${i + 1} ballots, ${seconds(t)} s`);
  }
  const castS = seconds(t);

  t = performance.now();
  await takeStep(db, electionId, 'close-ballot', officer);
  const result = await count(db, electionId, officer);
  await takeStep(db, electionId, 'declare', officer);
  const app = createApp({
    db,
    mailer: createMailer(db, { from: 'bench' }),
    log: createLogger('warn'),
    baseUrl: 'http://localhost',
    trustProxy: false,
    outboxPage: true,
  });
  // The results page as a signed-in member sees it.
  const session = (await useSignInLink(db, await createSignInLink(db, officer)))?.sessionToken;
  const page = await app.request(`/elections/${electionId}/results`, {
    headers: { cookie: `gr_session=${session}` },
  });
  if (page.status !== 200) throw new Error(`results page: ${page.status}`);
  await page.text();
  const countPublishS = seconds(t);
  console.log(result.summary);
  await database.close();
  console.log(`voters=${voters} cast_s=${castS} count_publish_s=${countPublishS}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
