import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createBallot } from '../../crypto/ballot.ts';
import { systemRandom } from '../../crypto/random.ts';
import { readTrustees } from '../../crypto/trustees.ts';
import { verifyArchive } from '../../crypto/verify.ts';
import { castVerifiableBallot } from '../../db/ballots/verifiable-box.ts';
import { verifiableSetup } from '../../db/ballots/verifiable-setup.ts';
import { testDatabaseKind } from '../../db/core/testing.ts';
import { seedDemo } from '../../db/demo/seed.ts';
import { nominate } from '../../db/elections/nominations.ts';
import { freezeRoll, takeStep } from '../../db/elections/steps.ts';
import { plaintextFor } from '../../org/ballots/verifiable-ballot.ts';
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
 * Threshold trustees in Debian's Chromium: the administrator chooses 2 of 3
 * trustees; the trustees make the election key together in three rounds on
 * their trustee pages (certificate, polynomial, checked shares), each saving
 * and then choosing their private key file; members vote (through the
 * database: the booth is tested in verifiable.e2e.test.ts); two trustees
 * shuffle, two others decrypt, and the third is told nothing more is needed.
 * Screenshots go to test-results/verifiable-threshold/.
 */
const shots = new URL('../../../test-results/verifiable-threshold/', import.meta.url).pathname;

describe(`threshold trustees in the browser (${testDatabaseKind})`, {
  skip: chromiumMissing,
}, () => {
  let server: TestServer;
  let browser: Browser;

  before(async () => {
    mkdirSync(shots, { recursive: true });
    server = await startTestServer();
    await seedDemo(
      server.database.db,
      generateDemo({ seed: 2019, today: '2026-11-29', members: 40 }),
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
  const as = (email: string) => signedIn(browser, server, email, { width: 900 });
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: `${shots}${name}.png`, fullPage: true });

  test('2 of 3 trustees: key setup in three rounds, shuffles and a 2-of-3 decryption', async () => {
    const people = await db()
      .selectFrom('members')
      .select(['id', 'email', 'membership_number', 'first_name', 'last_name'])
      .where('email', 'like', '%@members.example')
      .where('dues_status', '=', 'paid_up')
      .where('joined_on', '<', '2020-01-01')
      .orderBy('id')
      .limit(6)
      .execute();
    const trustees = people.slice(0, 3).map((m) => ({
      id: m.id,
      email: m.email!,
      number: m.membership_number,
      name: `${m.first_name} ${m.last_name}`,
    }));
    const nominees = people.slice(3);

    // The administrator creates the election: 3 trustees, any 2 of whom can decrypt.
    const admin = await as('admin@party.example');
    await admin.goto(`${server.url}/elections/new`);
    await admin.locator('#title').fill('Standing orders committee');
    await admin.locator('#body').fill('Standing orders committee');
    await admin.locator('#seats').fill('2');
    await admin.locator('#method').selectOption('scottish-stv');
    await admin.locator('#ballotCloseAt').fill('2099-01-12T12:00');
    await admin
      .locator('#returningOfficer')
      .fill((await member('returning.officer@party.example')).membership_number);
    await admin.locator('#ballotBox-verifiable').check();
    await admin.locator('#cryptoGroup').selectOption('Ed25519');
    await admin.locator('#trustees').fill(trustees.map((t) => t.number).join('\n'));
    await admin.locator('#trusteeThreshold').fill('4');
    await admin.getByRole('button', { name: 'Create the election' }).click();
    assert.match(
      (await admin.locator('.error-summary').textContent()) ?? '',
      /must be a whole number from 1 to 3/,
    );
    await admin.locator('#trusteeThreshold').fill('2');
    await admin.getByRole('button', { name: 'Create the election' }).click();
    await admin.getByRole('heading', { name: 'Standing orders committee' }).waitFor();
    const electionUrl = admin.url();
    const electionId = Number(electionUrl.split('/').at(-1));
    const stored = await db()
      .selectFrom('elections')
      .select('trustee_threshold')
      .where('id', '=', electionId)
      .executeTakeFirstOrThrow();
    assert.equal(stored.trustee_threshold, 2);
    await admin.context().close();

    const officerId = (await member('returning.officer@party.example')).id;
    await takeStep(db(), electionId, 'open-nominations', officerId);
    const branches = await db().selectFrom('branches').select('id').orderBy('id').execute();
    for (const [i, n] of nominees.entries())
      await nominate(
        db(),
        { electionId, branchId: branches[i]!.id, membershipNumber: n.membership_number },
        officerId,
      );
    await db()
      .updateTable('candidates')
      .set({ consented_at: new Date() })
      .where('election_id', '=', electionId)
      .execute();
    await freezeRoll(db(), electionId, officerId);
    await takeStep(db(), electionId, 'close-nominations', officerId);

    // Round 1: each trustee makes a certificate and saves the private key file (the seed).
    const keyFiles: string[] = [];
    for (const [i, t] of trustees.entries()) {
      const page = await as(t.email);
      await page.goto(`${electionUrl}/trustee`);
      await page.getByRole('heading', { name: 'Round 1 of 3: make your certificate' }).waitFor();
      const downloading = page.waitForEvent('download');
      await page.getByRole('button', { name: 'Make my keys' }).click();
      const download = await downloading;
      const path = `${shots}trustee-${i + 1}.key`;
      await download.saveAs(path);
      assert.match(readFileSync(path, 'utf8'), /^[1-9A-HJ-NP-Za-km-z]{22}\n$/, 'a seed');
      if (i === 0) {
        await shot(page, '1-certificate');
        assert.deepEqual(await accessibilityViolations(page), []);
      }
      await page.getByRole('button', { name: /send my certificate/ }).click();
      await see(page, 'Your certificate is recorded.');
      if (i === 0) {
        // The page says who we are waiting for.
        await see(page, 'Waiting for the other trustees to send theirs (1 of 3 sent).');
        assert.deepEqual(
          await page.getByRole('list', { name: 'Still to do' }).locator('li').allTextContents(),
          [trustees[1]!.name, trustees[2]!.name],
        );
        await shot(page, '2-waiting');
        assert.deepEqual(await accessibilityViolations(page), []);
      }
      keyFiles.push(path);
      await page.context().close();
    }

    // Rounds 2 and 3: the polynomial, then the check of the shares, each from the key file.
    const rounds = [
      { heading: 'Round 2 of 3: deal the shares', button: 'Make and send my polynomial' },
      { heading: 'Round 3 of 3: check your shares', button: 'Check my shares and send them' },
    ];
    for (const [r, round] of rounds.entries()) {
      for (const [i, t] of trustees.entries()) {
        const page = await as(t.email);
        await page.goto(`${electionUrl}/trustee`);
        await page.getByRole('heading', { name: round.heading }).waitFor();
        if (r === 1 && i === 1) {
          // Another trustee's key file is refused in the browser, before anything is sent.
          await page.locator('#private-key').setInputFiles(keyFiles[0]!);
          await page.getByRole('button', { name: round.button }).click();
          await see(page, /This private key file does not match the certificate you sent/);
        }
        await page.locator('#private-key').setInputFiles(keyFiles[i]!);
        await page.getByRole('button', { name: round.button }).click();
        await see(
          page,
          r === 0 ? 'Your polynomial is recorded.' : 'Your shares check out and are recorded.',
          30_000,
        );
        if (r === 1 && i === 2) {
          await see(page, /The election key is made: any 2 of the 3 trustees can decrypt/);
          await shot(page, '3-key-made');
        }
        await page.context().close();
      }
    }

    // The returning officer sees each trustee's part, and opens the ballot.
    const officer = await as('returning.officer@party.example');
    await officer.goto(`${electionUrl}/manage`);
    await see(officer, 'Trustees: any 2 of the 3 can decrypt');
    assert.equal(
      await officer.getByRole('button', { name: 'Start the trustees’ key setup again' }).count(),
      1,
    );
    assert.equal(
      await officer.getByRole('cell', { name: 'Shares checked (round 3 of 3)' }).count(),
      3,
    );
    await officer.getByRole('button', { name: 'Open the ballot' }).click();
    await see(officer, 'Done: open the ballot.');
    const setup = (await verifiableSetup(db(), electionId))!;
    assert.equal(readTrustees(setup.election.group, setup.trustees_json)[0]?.kind, 'Pedersen');

    // Two members vote (the booth itself is tested in verifiable.e2e.test.ts).
    const mails = await db()
      .selectFrom('outbox')
      .innerJoin('members', 'members.email', 'outbox.recipient')
      .select(['members.id', 'outbox.body_text'])
      .where('outbox.subject', 'like', 'Your voting credential:%')
      .orderBy('members.id')
      .limit(2)
      .execute();
    for (const [v, ranking] of [
      [0, 1, 2],
      [2, 0],
    ].entries()) {
      const credential = /^ {4}(\S+)$/m.exec(mails[v]!.body_text)![1]!;
      await castVerifiableBallot(db(), {
        electionId,
        memberId: mails[v]!.id,
        ballotJson: createBallot(
          setup.election,
          credential,
          plaintextFor(setup.election.questions[0]!, ranking),
          systemRandom,
        ),
      });
    }
    await takeStep(db(), electionId, 'close-ballot', officerId);

    // Trustees 3 and 1 shuffle (any two, in the order they come); trustees 2 and 3 decrypt.
    for (const i of [2, 0]) {
      const page = await as(trustees[i]!.email);
      await page.goto(`${electionUrl}/trustee`);
      await page.getByRole('button', { name: 'Shuffle the ballots' }).click();
      await see(page, 'Your shuffle is verified and recorded.', 60_000);
      await page.context().close();
    }
    for (const i of [1, 2]) {
      const page = await as(trustees[i]!.email);
      await page.goto(`${electionUrl}/trustee`);
      await see(page, 'Any 2 of the 3 trustees can decrypt the tally');
      await page.locator('#private-key').setInputFiles(keyFiles[i]!);
      await page.getByRole('button', { name: 'Decrypt my share' }).click();
      await see(page, 'Your partial decryption is verified and recorded.', 60_000);
      if (i === 1) await see(page, 'Waiting for 1 more of the other trustees to decrypt');
      else await shot(page, '4-decrypted');
      await page.context().close();
    }
    const late = await as(trustees[0]!.email);
    await late.goto(`${electionUrl}/trustee`);
    await see(late, /enough trustees took part, so nothing more is needed from you/);
    await shot(late, '5-not-needed');
    assert.deepEqual(await accessibilityViolations(late), []);

    const archive = await late.request.get(`${electionUrl}/archive.bel`);
    const verification = verifyArchive(new Uint8Array(await archive.body()));
    assert.ok(verification.ok, JSON.stringify(verification.checks.filter((c) => !c.ok)));
    assert.equal(verification.result?.[0]?.length, 2, 'two ballots decrypted');
    await late.context().close();
    await officer.context().close();
  });
});
