/**
 * Content-Security-Policy violations seen by a page: the browser fires `securitypolicyviolation`
 * in the document (and reports to the console); both are collected so a test can assert that the
 * real viewer runs under our policy without being blocked anywhere.
 */
import type { Page } from 'playwright-core';

export interface CspWatch {
  /** `directive blocked-uri` for each violation event in the document. */
  violations(): Promise<string[]>;
  /** Console messages that mention the policy (workers report only there). */
  consoleReports: string[];
}

export async function watchCsp(page: Page): Promise<CspWatch> {
  await page.addInitScript(() => {
    const w = window as unknown as { __cspViolations: string[] };
    w.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', e => {
      w.__cspViolations.push(`${e.effectiveDirective} ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
    });
  });
  const consoleReports: string[] = [];
  page.on('console', m => {
    if (/Content[ -]Security[ -]Policy/i.test(m.text())) consoleReports.push(m.text());
  });
  return {
    consoleReports,
    violations: () => page.evaluate(() => (window as unknown as { __cspViolations?: string[] }).__cspViolations ?? []),
  };
}
