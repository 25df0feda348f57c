/**
 * Debian's Chromium driven by playwright-core, with the flags a closed network needs (no
 * background traffic to Google hosts) and software WebGL through SwiftShader.
 */
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CLOSED_NETWORK_FLAGS = [
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
  '--enable-unsafe-swiftshader',
  '--use-angle=swiftshader',
  '--ignore-gpu-blocklist',
];

export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  // Playwright gives each launch a fresh temporary --user-data-dir.
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CLOSED_NETWORK_FLAGS, ...extraArgs] });
}

export interface PageWatch {
  pageErrors: string[];
  consoleErrors: string[];
}

/** Records uncaught exceptions and console errors for later assertions. */
export function watchPage(page: Page): PageWatch {
  const watch: PageWatch = { pageErrors: [], consoleErrors: [] };
  page.on('pageerror', e => watch.pageErrors.push(`${e.name}: ${e.message}`));
  page.on('console', m => {
    if (m.type() === 'error') watch.consoleErrors.push(m.text());
  });
  return watch;
}

/** Waits until cornerstone reports every viewport of every rendering engine as rendered. */
export async function waitForViewportsRendered(page: Page, timeout = 90_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const cs = (window as unknown as { cornerstone?: { getRenderingEngines?: () => Array<{ getViewports: () => Array<{ viewportStatus?: string }> }> } }).cornerstone;
      const engines = cs?.getRenderingEngines?.() ?? [];
      const viewports = engines.flatMap(e => e.getViewports());
      return viewports.length > 0 && viewports.every(v => v.viewportStatus === 'rendered');
    },
    undefined,
    { timeout, polling: 250 }
  );
}
