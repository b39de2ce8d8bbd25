import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { verifyArchive } from '../../crypto/verify.ts';
import { testDatabaseKind } from '../../db/core/testing.ts';
import { seedDemo } from '../../db/demo/seed.ts';
import { nominate } from '../../db/elections/nominations.ts';
import { freezeRoll, takeStep } from '../../db/elections/steps.ts';
import { generateDemo } from '../../org/demo/demo.ts';
import { startTestServer, type TestServer } from '../../server/testing.ts';
import {
  accessibilityViolations,
  chromiumMissing,
  launchChromium,
  see,
  signedIn,
} from '../shell/test-browser.ts';

/**
 * A verifiable STV election in Debian's Chromium (issue 6): the administrator
 * chooses the verifiable ballot box and two trustees; each trustee makes a key
 * in their browser and saves the private key file; members vote in the booth
 * with the credential link from their email, one auditing a ballot first; the
 * trustees shuffle and decrypt in their browsers from their key files; the
 * returning officer counts and declares; a member verifies the whole election
 * in the browser. Screenshots go to test-results/verifiable/.
 */
const shots = new URL('../../../test-results/verifiable/', import.meta.url).pathname;

describe(`a verifiable election in the browser (${testDatabaseKind})`, {
  skip: chromiumMissing,
}, () => {
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    mkdirSync(shots, { recursive: true });
    server = await startTestServer();
    await seedDemo(
      server.database.db,
      generateDemo({ seed: 2018, today: '2026-11-29', members: 40 }),
    );
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const db = () => server.database.db;
  const member = (email: string) =>
    db()
      .selectFrom('members')
      .select(['id', 'membership_number'])
      .where('email', '=', email)
      .executeTakeFirstOrThrow();

  const as = (email: string, javaScriptEnabled = true) =>
    signedIn(browser, server, email, { javaScriptEnabled, width: 900 });

  const shot = (page: Page, name: string) =>
    page.screenshot({ path: `${shots}${name}.png`, fullPage: true });

  test('trustees, booth with audit, shuffles, decryption and verification in the browser', async () => {
    const voters = (
      await db()
        .selectFrom('members')
        .select(['email', 'membership_number'])
        .where('email', 'like', '%@members.example')
        .where('dues_status', '=', 'paid_up')
        .where('joined_on', '<', '2020-01-01')
        .orderBy('id')
        .limit(5)
        .execute()
    ).map((m) => ({ email: m.email!, number: m.membership_number }));
    const [trusteeA, trusteeB, ...nominees] = voters;

    // The administrator creates the election with a verifiable ballot box.
    const admin = await as('admin@party.example');
    await admin.goto(`${server.url}/elections/new`);
    await admin.locator('#title').fill('Policy forum: two seats');
    await admin.locator('#body').fill('Policy forum');
    await admin.locator('#seats').fill('2');
    await admin.locator('#method').selectOption('scottish-stv');
    await admin.locator('#ballotCloseAt').fill('2099-01-12T12:00');
    await admin
      .locator('#returningOfficer')
      .fill((await member('returning.officer@party.example')).membership_number);
    await admin.locator('#ballotBox-verifiable').check();
    await admin.locator('#cryptoGroup').selectOption('Ed25519');
    await admin.getByRole('button', { name: 'Create the election' }).click();
    assert.match(
      (await admin.locator('.error-summary').textContent()) ?? '',
      /Enter between 1 and 9 trustees/,
    );
    await admin.locator('#trustees').fill(`${trusteeA!.number}\n${trusteeB!.number}`);
    await admin.getByRole('button', { name: 'Create the election' }).click();
    await admin.getByRole('heading', { name: 'Policy forum: two seats' }).waitFor();
    const electionUrl = admin.url();
    const electionId = Number(electionUrl.split('/').at(-1));

    // Nominations, as the plain flow has them (tested in election.e2e.test.ts).
    const officerId = (await member('returning.officer@party.example')).id;
    await takeStep(db(), electionId, 'open-nominations', officerId);
    const branches = await db().selectFrom('branches').select('id').orderBy('id').execute();
    for (const [i, n] of nominees.entries())
      await nominate(
        db(),
        { electionId, branchId: branches[i]!.id, membershipNumber: n.number },
        officerId,
      );
    await db()
      .updateTable('candidates')
      .set({ consented_at: new Date() })
      .where('election_id', '=', electionId)
      .execute();
    await freezeRoll(db(), electionId, officerId);
    await takeStep(db(), electionId, 'close-nominations', officerId);

    // Each trustee makes a key in the browser and keeps the private key file.
    const keyFiles: string[] = [];
    for (const [i, t] of [trusteeA!, trusteeB!].entries()) {
      const page = await as(t.email);
      await page.goto(`${electionUrl}/trustee`);
      await page.getByRole('heading', { name: `You are trustee ${i + 1}` }).waitFor();
      const downloading = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Make my key' }).click();
      const download = await downloading;
      const path = `${shots}trustee-${i + 1}-key.json`;
      await download.saveAs(path);
      assert.match(
        readFileSync(path, 'utf8'),
        /^"\d+"$/,
        'the private key file is a JSON string of the key',
      );
      if (i === 0) {
        await shot(page, '1-trustee-key');
        assert.deepEqual(await accessibilityViolations(page), []);
      }
      await page.getByRole('button', { name: /send my public key/ }).click();
      await see(page, 'Your public key is recorded.');
      keyFiles.push(path);
      await page.context().close();
    }
    const stored = await db()
      .selectFrom('trustees')
      .select('public_key')
      .where('election_id', '=', electionId)
      .execute();
    for (const [i, path] of keyFiles.entries())
      assert.doesNotMatch(
        stored[i]!.public_key!,
        new RegExp(JSON.parse(readFileSync(path, 'utf8'))),
        'no private key on the server',
      );

    // The returning officer opens the ballot: credentials go out by email.
    const officer = await as('returning.officer@party.example');
    await officer.goto(`${electionUrl}/manage`);
    await officer.getByRole('button', { name: 'Open the ballot' }).click();
    await see(officer, 'Done: open the ballot.');
    const credentialOf = async (email: string) => {
      const mail = await db()
        .selectFrom('outbox')
        .select('body_text')
        .where('recipient', '=', email)
        .where('subject', 'like', 'Your voting credential:%')
        .executeTakeFirstOrThrow();
      return /(\/elections\/\d+\/vote#credential=\S+)/.exec(mail.body_text)![1]!;
    };

    // Without JavaScript the booth says why it cannot work.
    const noScript = await as(nominees[0]!.email, false);
    await noScript.goto(`${electionUrl}/vote`);
    await see(noScript, 'Voting in this election needs JavaScript');
    await noScript.context().close();

    // Three members vote; the first audits a ballot before casting another.
    const preferences = [
      [0, 1, 2],
      [1, 0],
      [2, 1, 0],
    ];
    const trackers: string[] = [];
    for (const [v, order] of preferences.entries()) {
      const voter = [trusteeA!, trusteeB!, nominees[0]!][v]!;
      const page = await as(voter.email);
      await page.goto(`${server.url}${await credentialOf(voter.email)}`);
      await page.getByRole('heading', { name: 'Your ballot' }).waitFor();
      assert.doesNotMatch(page.url(), /credential/, 'the credential leaves the address bar');
      assert.match(
        await page.locator('#credential').inputValue(),
        /^\w{3}-\w{3}-\w{3}-\w{3}-\w{3}$/,
      );
      for (const [rank, position] of order.entries())
        await page.locator(`#p${position}`).selectOption(String(rank + 1));
      await page.getByRole('button', { name: 'Encrypt my ballot' }).click();
      await see(page, 'Your ballot is encrypted.');
      if (v === 0) {
        await shot(page, '2-booth-encrypted');
        assert.deepEqual(await accessibilityViolations(page), []);
        await page.getByRole('button', { name: 'Audit this ballot instead' }).click();
        await see(
          page,
          /Audit passed: the encrypted ballot with tracker \S+ holds exactly the choices shown/,
        );
        assert.equal(
          await page.locator('#cast').isVisible(),
          false,
          'an audited ballot cannot be cast',
        );
        await shot(page, '3-booth-audited');
        await page.getByRole('button', { name: 'Encrypt my ballot' }).click();
        await see(page, 'Your ballot is encrypted.');
      }
      if (v === 1) {
        // On a phone: the long tracker wraps, nothing overflows the screen.
        await page.setViewportSize({ width: 390, height: 844 });
        const overflow = await page.evaluate(
          () => document.documentElement.scrollWidth > window.innerWidth,
        );
        assert.equal(overflow, false, 'the booth fits a phone screen');
        await shot(page, '2b-booth-phone');
      }
      const tracker = (await page.locator('#tracker').textContent())!;
      await page.getByRole('button', { name: 'Cast this ballot' }).click();
      await see(page, 'Your vote has been cast');
      assert.equal(await page.locator('strong.tracker').textContent(), tracker);
      trackers.push(tracker);
      if (v === 0) {
        await shot(page, '4-cast');
        await page.getByRole('link', { name: 'public ballot box' }).click();
        await see(page, `Your ballot ${tracker} is in the ballot box.`);
      }
      await page.context().close();
    }

    await officer.goto(`${electionUrl}/manage`);
    await officer.getByRole('button', { name: 'Close the ballot' }).click();
    await see(officer, 'Done: close the ballot.');

    // The trustees shuffle in turn, then each decrypts with their key file.
    for (const task of ['shuffle', 'decrypt'] as const) {
      for (const [i, t] of [trusteeA!, trusteeB!].entries()) {
        const page = await as(t.email);
        await page.goto(`${electionUrl}/trustee`);
        if (task === 'shuffle') {
          await page.getByRole('button', { name: 'Shuffle the ballots' }).click();
          await see(page, 'Your shuffle is verified and recorded.', 60_000);
        } else {
          await page.locator('#private-key').setInputFiles(keyFiles[i]!);
          await page.getByRole('button', { name: 'Decrypt my share' }).click();
          await see(page, 'Your partial decryption is verified and recorded.', 60_000);
        }
        if (i === 1 && task === 'decrypt') await shot(page, '5-trustee-decrypted');
        await page.context().close();
      }
    }

    // The returning officer counts and declares.
    await officer.goto(`${electionUrl}/manage`);
    await officer.getByRole('button', { name: 'Count the votes' }).click();
    await see(officer, /^Counted\./);
    await officer.getByRole('button', { name: 'Declare the result' }).click();
    await shot(officer, '6-manage');

    // Anyone verifies the election in their browser.
    const auditor = await as(nominees[1]!.email);
    await auditor.goto(`${electionUrl}/verify`);
    await auditor.getByRole('button', { name: 'Verify the election' }).click();
    await see(auditor, /Every check passed \(8 of 8\)/, 120_000);
    await shot(auditor, '7-verified');
    assert.deepEqual(await accessibilityViolations(auditor), []);

    // The archive the page checked is the one the server publishes, and our verifier agrees.
    const archive = await auditor.request.get(`${electionUrl}/archive.bel`);
    const verification = verifyArchive(new Uint8Array(await archive.body()));
    assert.ok(verification.ok);
    assert.equal(verification.result?.[0]?.length, 3, 'three ballots decrypted');
  });
});
