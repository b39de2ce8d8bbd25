import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { testDatabaseKind } from '../../db/core/testing.ts';
import { seedDemo } from '../../db/demo/seed.ts';
import { signInLinkIn, startTestSmtp } from '../../mail/test-smtp.ts';
import { generateDemo } from '../../org/demo/demo.ts';
import { startTestServer, type TestServer } from '../../server/testing.ts';
import { accessibilityViolations, chromiumMissing, launchChromium } from '../shell/test-browser.ts';

/**
 * A member signs in through the emailed link in Debian's Chromium, once with
 * JavaScript and once without: the pages are server-rendered, so both must work.
 */

const screenshots = new URL('../../../test-results/', import.meta.url).pathname;

describe(`signing in, in a real browser (${testDatabaseKind})`, { skip: chromiumMissing }, () => {
  let server: TestServer;
  let smtp: Awaited<ReturnType<typeof startTestSmtp>>;
  let browser: Browser;

  before(async () => {
    mkdirSync(screenshots, { recursive: true });
    smtp = await startTestSmtp();
    server = await startTestServer({ SMTP_URL: smtp.url });
    await seedDemo(
      server.database.db,
      generateDemo({ seed: 2018, today: '2026-11-29', members: 200 }),
    );
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await smtp?.close();
  });

  async function signInThroughEmail(page: Page) {
    await page.goto(`${server.url}/`);
    // Not signed in: the home page sends us to sign in.
    assert.equal(new URL(page.url()).pathname, '/sign-in');
    await page.getByLabel('Email address').fill('member@party.example');
    await page.getByRole('button', { name: 'Email me a sign-in link' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    const link = signInLinkIn((await smtp.next()).raw);
    await page.goto(link);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Welcome, Sam' }).waitFor();
    assert.equal(new URL(page.url()).pathname, '/');
    assert.match((await page.locator('main').textContent()) ?? '', /Membership number/);
  }

  test('with JavaScript: emailed link to the member home page, with no accessibility violations', async () => {
    const context = await browser.newContext({
      javaScriptEnabled: true,
      viewport: { width: 1100, height: 900 },
    });
    const page = await context.newPage();
    await signInThroughEmail(page);
    await page.screenshot({ path: `${screenshots}home-${testDatabaseKind}.png`, fullPage: true });
    const violations = await accessibilityViolations(page);
    assert.deepEqual(violations, []);
    await context.close();
  });

  test('without JavaScript, on a phone-sized screen: the same journey works', async () => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 390, height: 844 },
    });
    const page = await context.newPage();
    await signInThroughEmail(page);
    await page.screenshot({
      path: `${screenshots}home-no-js-phone-${testDatabaseKind}.png`,
      fullPage: true,
    });
    // Signing out is a plain form too.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await context.close();
  });
});
