import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { type Browser, chromium, type Page } from 'playwright-core';
import { createSignInLink } from '../../db/access/sign-in.ts';
import type { TestServer } from '../../server/testing.ts';

/**
 * Debian's Chromium for browser tests (never a downloaded browser). Where it is
 * missing the tests skip with the reason, except under CI, where that fails.
 */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const chromiumMissing: string | false = existsSync(chromiumPath)
  ? false
  : `no Chromium at ${chromiumPath} (apt-get install chromium)`;

if (chromiumMissing && (process.env.CI === 'true' || process.env.CI === '1')) {
  throw new Error(`${chromiumMissing}; with CI=true the browser tests are required`);
}

/** Headless, offline: without these flags Chromium reaches for the network at every start. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
);

/**
 * WCAG 2 A and AA violations axe-core finds on the page. axe is evaluated
 * through the DevTools protocol, which the page's Content-Security-Policy does
 * not govern, so the page's own scripts still run under the real policy.
 */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async () => {
    // biome-ignore lint/suspicious/noExplicitAny: axe is injected into the page at run time
    const result = await (window as any).axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] });
    return result.violations.map(
      (v: { id: string; help: string; nodes: { target: string[] }[] }) =>
        `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
    );
  });
}

/**
 * A browser context of this member's own, signed in through a one-time link
 * (the emailed-link journey itself is proven in browser.e2e.test.ts).
 */
export async function signedIn(
  browser: Browser,
  server: TestServer,
  email: string,
  options: { javaScriptEnabled?: boolean; width?: number } = {},
): Promise<Page> {
  const member = await server.database.db
    .selectFrom('members')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow();
  const token = await createSignInLink(server.database.db, member.id);
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    acceptDownloads: true,
    viewport: { width: options.width ?? 1000, height: 900 },
  });
  const page = await context.newPage();
  await page.goto(`${server.url}/sign-in/${token}`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: /^Welcome/ }).waitFor();
  return page;
}

/** Waits for text on the page; on failure says what the page showed instead. */
export async function see(page: Page, text: string | RegExp, timeout = 10_000) {
  try {
    await page.getByText(text).first().waitFor({ timeout });
  } catch {
    throw new Error(
      `expected ${text} on ${page.url()}, the page says:\n${await page.locator('main').textContent()}`,
    );
  }
}
