import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { testDatabaseKind } from '../../db/core/testing.ts';
import { seedDemo } from '../../db/demo/seed.ts';
import { generateDemo } from '../../org/demo/demo.ts';
import { startTestServer, type TestServer } from '../../server/testing.ts';
import { chromiumMissing, launchChromium, see, signedIn } from '../shell/test-browser.ts';

/**
 * One whole election in Debian's Chromium, as the people involved do it: the
 * administrator creates it, the returning officer opens nominations and freezes
 * the roll, a branch secretary nominates, three members vote (one without
 * JavaScript), the returning officer closes, counts and declares, and a member
 * reads the result. Screenshots of each step go to test-results/.
 */
const shots = new URL('../../../test-results/election/', import.meta.url).pathname;

describe(`a whole election in the browser (${testDatabaseKind})`, { skip: chromiumMissing }, () => {
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    mkdirSync(shots, { recursive: true });
    server = await startTestServer();
    await seedDemo(
      server.database.db,
      generateDemo({ seed: 2018, today: '2026-11-29', members: 200 }),
    );
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const numberOf = async (email: string) =>
    (
      await server.database.db
        .selectFrom('members')
        .select('membership_number')
        .where('email', '=', email)
        .executeTakeFirstOrThrow()
    ).membership_number;

  const as = (email: string, javaScriptEnabled = true) =>
    signedIn(browser, server, email, { javaScriptEnabled });

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: `${shots}${name}.png`, fullPage: true });

  test('create, nominate, vote, close, count and publish', async () => {
    // The administrator creates the election.
    const admin = await as('admin@party.example');
    await admin.goto(`${server.url}/elections/new`);
    await admin.getByRole('button', { name: 'Create the election' }).click();
    assert.match((await admin.locator('.error-summary').textContent()) ?? '', /Enter a title/);
    await admin.locator('#title').fill('Regional executive: two seats');
    await admin.locator('#body').fill('Regional executive');
    await admin.locator('#seats').fill('2');
    await admin.locator('#method').selectOption('block-vote');
    await admin.locator('#branchThreshold').fill('1');
    await admin.locator('#ballotCloseAt').fill('2099-01-12T12:00');
    await admin
      .locator('#returningOfficer')
      .fill(await numberOf('returning.officer@party.example'));
    await admin.locator('#scrutineer').fill(await numberOf('scrutineer@party.example'));
    await shot(admin, '1-create');
    await admin.getByRole('button', { name: 'Create the election' }).click();
    await admin.getByRole('heading', { name: 'Regional executive: two seats' }).waitFor();
    const electionUrl = admin.url();

    // The returning officer opens nominations and freezes the roll.
    const officer = await as('returning.officer@party.example');
    await officer.goto(`${electionUrl}/manage`);
    await officer.getByRole('button', { name: 'Open nominations' }).click();
    await officer.getByRole('button', { name: 'Freeze the roll' }).click();
    await see(officer, /The roll is frozen: \d+ members/);

    // The branch secretary records three nominations.
    const secretary = await as('secretary@party.example');
    const nominees = await server.database.db
      .selectFrom('members')
      .select('membership_number')
      .where('dues_status', '=', 'paid_up')
      .where('joined_on', '<', '2020-01-01')
      .where('email', 'like', '%@members.example')
      .orderBy('id')
      .limit(3)
      .execute();
    for (const [i, n] of nominees.entries()) {
      await secretary.goto(`${electionUrl}/nominate`);
      await secretary
        .getByLabel('Membership number of the member nominated')
        .fill(n.membership_number);
      await secretary.getByRole('button', { name: 'Record the nomination' }).click();
      // A branch nominates up to as many candidates as there are seats: two.
      await see(
        secretary,
        i < 2 ? /Nomination of .* recorded/ : 'Your branch has made all 2 of its nominations.',
      );
    }
    await secretary.goto(electionUrl);
    await shot(secretary, '2-nominations');

    // Each nominee agrees to stand; the first writes a statement.
    for (const [i, n] of nominees.slice(0, 2).entries()) {
      const { email } = await server.database.db
        .selectFrom('members')
        .select('email')
        .where('membership_number', '=', n.membership_number)
        .executeTakeFirstOrThrow();
      const nominee = await as(email!);
      await nominee.goto(`${electionUrl}/candidacy`);
      await nominee.getByRole('button', { name: 'I agree to stand' }).click();
      await see(nominee, 'Thank you: you have agreed to stand.');
      if (i === 0) {
        await nominee
          .getByLabel('What members read about you')
          .fill('Twenty years a branch secretary.\n\nI will publish every NEC vote.');
        await nominee.getByRole('button', { name: 'Save my statement' }).click();
        await see(nominee, 'Your statement is saved.');
      }
      await nominee.context().close();
    }

    await officer.goto(`${electionUrl}/manage`);
    await officer
      .getByRole('button', { name: 'Close nominations and publish the candidates' })
      .click();
    await officer.getByRole('button', { name: 'Open the ballot' }).click();
    await see(officer, 'Done: open the ballot.');

    // Three members vote; the second without JavaScript.
    const candidates = await server.database.db
      .selectFrom('candidates')
      .select('name')
      .orderBy('name')
      .execute();
    const [a, b] = candidates.map((x) => x.name);
    const votes: [string, boolean, string[]][] = [
      ['member@party.example', true, [a!, b!]],
      ['organiser@party.example', false, [a!]],
      ['scrutineer@party.example', true, [a!]],
    ];
    for (const [i, [email, js, choices]] of votes.entries()) {
      const voter = await as(email, js);
      await voter.goto(electionUrl);
      await voter.getByRole('link', { name: 'Vote now' }).click();
      for (const name of choices) await voter.getByLabel(name).check();
      if (i === 0) await shot(voter, '3-ballot');
      await voter.getByRole('button', { name: 'Continue' }).click();
      await voter.getByRole('heading', { name: 'Check your vote' }).waitFor();
      await voter.getByRole('button', { name: 'Cast my vote' }).click();
      await voter.getByRole('heading', { name: 'Your vote has been cast' }).waitFor();
      assert.match(
        (await voter.locator('.receipt').textContent()) ?? '',
        /^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/,
      );
      if (i === 0) await shot(voter, '4-receipt');
      await voter.context().close();
    }

    // Members read the statement on the election page.
    const reader = await as('member@party.example');
    await reader.goto(electionUrl);
    await see(reader, 'I will publish every NEC vote.');
    await reader.context().close();

    // The returning officer closes, counts and declares.
    await officer.goto(`${electionUrl}/manage`);
    await officer.getByRole('button', { name: 'Close the ballot' }).click();
    await officer.getByRole('button', { name: 'Count the votes' }).click();
    await see(officer, /^Counted\./);
    await officer.getByRole('button', { name: 'Declare the result' }).click();
    await see(officer, 'Done: declare the result.');
    await shot(officer, '5-returning-officer');

    // A member reads the result: a 3 votes, b 1.
    const member = await as('member@party.example');
    await member.goto(`${electionUrl}/results`);
    const text = (await member.locator('main').textContent()) ?? '';
    assert.match(
      text,
      new RegExp(
        `${a!.split(' ').at(-1)} topped the ballot, followed by ${b!.split(' ').at(-1)}\\.`,
      ),
    );
    assert.match(text, /Ballots returned3 \(3 online, 0 by post\)/);
    await shot(member, '6-result');
    // Later a member elected stands down; with no candidate left, the seat stays empty.
    await officer.goto(`${electionUrl}/manage`);
    await officer.getByLabel('Who has left the seat').selectOption(b!);
    await officer.getByRole('button', { name: 'Fill the seat by countback' }).click();
    await see(officer, `No candidate is left to take the seat ${b} has left.`);
    await member.goto(`${electionUrl}/results`);
    await see(member, `${b} left the seat on`);

    const blt = await member.request.get(`${electionUrl}/ballots.blt`);
    assert.equal(blt.status(), 200);
    assert.match(await blt.text(), /^2 2\n/);
  });
});
