/**
 * Measures the browser engine (module worker + onnxruntime-web) in headless Debian Chromium on the harness
 * page, sampling the RSS of the browser's process tree for the peak memory.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import type { BackendRequest, ProbeFacts } from '../../extension/src/runtime/backendChoice';
import { CHROMIUM_PATH, NO_NETWORK_FLAGS } from '../browser/chromium';
import { startIsolatedServer, type IsolatedServer } from './isolatedServer';
import type { BackendMeasurement } from './stats';

const BASE_FLAGS = [...NO_NETWORK_FLAGS, '--enable-unsafe-swiftshader'];

export function buildHarness(repoRoot: string): void {
  execFileSync(process.execPath, [path.join(repoRoot, 'node_modules/webpack-cli/bin/cli.js'), '--config', '.webpack/webpack.harness.cjs'], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

/** Sum of RSS over every descendant of this process (the browser and its renderer/GPU/utility children). */
function descendantsRssMb(): number {
  const parent = new Map<number, number>();
  const rss = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      parent.set(Number(d), Number(fields[1]));
      rss.set(Number(d), Number(fields[21]) * 4096);
    } catch {
      /* process ended */
    }
  }
  let total = 0;
  for (const pid of rss.keys()) {
    let p = parent.get(pid);
    while (p && p !== process.pid && p > 1) p = parent.get(p);
    if (p === process.pid) total += rss.get(pid) ?? 0;
  }
  return total / 2 ** 20;
}

export interface BrowserSession {
  browser: Browser;
  probe: ProbeFacts;
  measure(backend: BackendRequest, iterations: number, batchSizes: number[], label: string): Promise<BackendMeasurement>;
  close(): Promise<void>;
}

export async function openBrowser(server: IsolatedServer, manifestUrl: string, extraFlags: string[]): Promise<BrowserSession> {
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...BASE_FLAGS, ...extraFlags] });
  const page = await browser.newPage();
  await page.goto(`${server.url}/index.html`);
  await page.waitForSelector('body[data-ready="true"]', { state: 'attached', timeout: 60_000 });
  const probe = await page.evaluate(() => window.engineHarness.probe());
  return {
    browser,
    probe,
    async measure(backend, iterations, batchSizes, label) {
      let peak = descendantsRssMb();
      const timer = setInterval(() => (peak = Math.max(peak, descendantsRssMb())), 250);
      try {
        const r = await page.evaluate((req) => window.engineHarness.bench(req), { manifestUrl, backend, iterations, batchSizes });
        if ('error' in r) return { backend: label, label, threads: 0, loadColdMs: NaN, loadCachedMs: NaN, cachedFrom: '', runs: {}, peakRssMb: peak, error: r.error };
        return {
          backend: label,
          label: r.status.backend?.label ?? backend,
          threads: r.status.backend?.threads ?? 0,
          loadColdMs: r.loadColdMs,
          loadCachedMs: r.loadCachedMs,
          cachedFrom: r.status.fromCache ? 'Cache Storage' : 'network (cache not used)',
          firstRunMs: r.firstRunMs,
          warmupRuns: r.warmupRuns,
          runs: r.runs,
          peakRssMb: peak,
          ...(r.status.backend?.note ? { note: r.status.backend.note } : {}),
        };
      } finally {
        clearInterval(timer);
      }
    },
    close: () => browser.close(),
  };
}

export async function startBenchServer(repoRoot: string, modelDir: string): Promise<IsolatedServer> {
  return startIsolatedServer([
    ['/model/', modelDir],
    ['/', path.join(repoRoot, 'dist', 'test-harness')],
  ]);
}
