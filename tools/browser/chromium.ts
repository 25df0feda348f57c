/**
 * Debian's Chromium driven by playwright-core, with the flags a closed network needs (no background
 * traffic to Google hosts) and software WebGL through SwiftShader; shared by the browser tests and the
 * start-up benchmark, which must see the viewer the same way.
 */
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** No traffic to Google hosts, no first-run UI, no sandbox (containers). */
export const NO_NETWORK_FLAGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/** The viewer's browser: no network beyond the page, and WebGL through SwiftShader. */
export const CLOSED_NETWORK_FLAGS = [...NO_NETWORK_FLAGS, '--enable-unsafe-swiftshader', '--use-angle=swiftshader', '--ignore-gpu-blocklist'];

export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  // Playwright gives each launch a fresh temporary --user-data-dir.
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CLOSED_NETWORK_FLAGS, ...extraArgs] });
}

/** Waits until cornerstone reports every viewport of every rendering engine as rendered. */
export async function waitForViewportsRendered(page: Page, timeout = 90_000, polling = 250): Promise<void> {
  await page.waitForFunction(
    () => {
      const cs = (window as unknown as { cornerstone?: { getRenderingEngines?: () => Array<{ getViewports: () => Array<{ viewportStatus?: string }> }> } }).cornerstone;
      const engines = cs?.getRenderingEngines?.() ?? [];
      const viewports = engines.flatMap(e => e.getViewports());
      return viewports.length > 0 && viewports.every(v => v.viewportStatus === 'rendered');
    },
    undefined,
    { timeout, polling }
  );
}
