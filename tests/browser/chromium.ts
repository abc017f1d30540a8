/** Launches Debian's Chromium through playwright-core (no browser download): fails loudly when there is none. */
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

export function chromiumPath(): string {
  const p = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(p))
    throw new Error(`No Chromium at ${p}. Install it (Debian: apt-get install chromium fonts-noto-cjk) or set CHROMIUM_PATH to a Chromium/Chrome binary.`);
  return p;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-quic', '--no-first-run', '--disable-sync'
    ],
  });
}
