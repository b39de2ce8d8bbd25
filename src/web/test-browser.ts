import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

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
