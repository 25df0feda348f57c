/** Page-level helpers for the browser tests; launching Chromium lives in tools/browser/chromium.ts. */
import type { Page } from 'playwright-core';

export { CHROMIUM_PATH, CLOSED_NETWORK_FLAGS, launchBrowser, waitForViewportsRendered } from '../../../tools/browser/chromium';

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
