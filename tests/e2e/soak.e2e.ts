/**
 * Soak: 1,000 consecutive inferences through the product's own Run command in headless Chromium
 * with the tiny test model, memory sampled after forced garbage collection (main-thread JS heap,
 * and the whole page including the inference worker where `measureUserAgentSpecificMemory` is
 * available); then 100 open/close cycles of the panel, after which our stores' listener counts and
 * the window/document event listeners must be back where they started.
 * SOAK_RUNS overrides the count for a quick local try; CI runs the full 1,000.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { ensureNemaCt1 } from '../../tools/server/demoData';
import { launchBrowser, watchPage, type PageWatch } from './support/browser';
import { repoRoot, startTestServer } from './support/testServer';
import { drawRoi, openStudyInMode } from './support/viewerActions';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const dicomParser = require('dicom-parser') as { parseDicom(b: Uint8Array, o?: { untilTag?: string }): { string(t: string): string | undefined } };

const RUNS = Number(process.env.SOAK_RUNS ?? 1000);
const SAMPLE_EVERY = Math.max(1, Math.round(RUNS / 20));
const PANEL_CYCLES = 100;
const PANEL_ID = '@pima-ipn/ohif-extension.panelModule.pimaIpnPanel';
const OTHER_PANEL_ID = '@ohif/extension-cornerstone.panelModule.panelMeasurement';
/** Growth allowed over the whole soak, after GC: far below one leaked result per run would cost. */
const HEAP_GROWTH_LIMIT_MB = 8;

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let page: Page;
let cdp: CDPSession;
let watch: PageWatch;

before(async () => {
  server = await startTestServer({ modelManifestPath: '/models/tiny-test/manifest.json' });
  browser = await launchBrowser(['--js-flags=--expose-gc', '--enable-precise-memory-info']);
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  cdp = await page.context().newCDPSession(page);
  watch = watchPage(page);
  // The real one-slice NEMA CT1 chest study of the demo data: one slice per run keeps 1,000 runs
  // within CI's time budget while still going through the whole Run path (read, preprocess, infer, overlay).
  const nema = path.join(ensureNemaCt1(repoRoot), 'CT1_RLE.dcm');
  const study = dicomParser.parseDicom(new Uint8Array(readFileSync(nema)), { untilTag: 'x7fe00010' }).string('x0020000d')!.trim();
  await openStudyInMode(page, server.url, study);
  await drawRoi(page, { x0: 120, y0: 200, x1: 180, y1: 260 });
  await page.getByTestId('pima-roi').waitFor();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function heapMb(): Promise<number> {
  return page.evaluate(() => {
    (window as any).gc?.();
    return (performance as any).memory.usedJSHeapSize / 2 ** 20;
  });
}

/** Whole-page memory (all realms, workers included) where the browser offers it (cross-origin isolated pages). */
async function pageMemoryMb(): Promise<number | null> {
  return page.evaluate(async () => {
    const measure = (performance as any).measureUserAgentSpecificMemory;
    if (!crossOriginIsolated || typeof measure !== 'function') return null;
    const result = await Promise.race([measure.call(performance), new Promise(r => setTimeout(() => r(null), 20_000))]);
    return result ? (result as { bytes: number }).bytes / 2 ** 20 : null;
  });
}

/** Resident memory of every process this test started (Chromium's browser, renderer, GPU processes), from /proc. */
function ownProcessesRssMb(): number | null {
  try {
    const parent = new Map<number, number>();
    const rss = new Map<number, number>();
    for (const d of readdirSync('/proc')) {
      if (!/^\d+$/.test(d)) continue;
      try {
        const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        parent.set(Number(d), Number(fields[1]));
        rss.set(Number(d), (Number(fields[21]) * 4096) / 2 ** 20);
      } catch {
        // The process ended while we looked.
      }
    }
    let total = 0;
    for (const [pid, mb] of rss) {
      for (let p = parent.get(pid); p !== undefined && p > 1; p = parent.get(p)) {
        if (p === process.pid) {
          total += mb;
          break;
        }
      }
    }
    return total;
  } catch {
    return null;
  }
}

function slope(xs: number[], ys: number[]): number {
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  xs.forEach((x, i) => {
    num += (x - mx) * (ys[i] - my);
    den += (x - mx) ** 2;
  });
  return den ? num / den : 0;
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];

test(`${RUNS} consecutive inferences keep memory flat`, { timeout: 15 * 60_000 }, async () => {
  // Warm-up: the first runs load the model, compile wasm and fill caches; they are not a leak.
  for (let i = 0; i < 5; i++) {
    const r = await page.evaluate(() => (window as any).commandsManager.runCommand('pimaRun'));
    assert.equal(r.ok, true, r.message);
  }
  const pageStart = await pageMemoryMb();
  const xs: number[] = [];
  const heap: number[] = [];
  const rss: number[] = [];
  const t0 = Date.now();
  let done = 0;
  while (done < RUNS) {
    const batch = Math.min(SAMPLE_EVERY, RUNS - done);
    // The loop runs in the page so the test measures the viewer, not the driver round trips.
    const failures: string[] = await page.evaluate(async n => {
      const bad: string[] = [];
      for (let i = 0; i < n; i++) {
        const r = await (window as any).commandsManager.runCommand('pimaRun');
        if (!r.ok) bad.push(r.message);
      }
      return bad;
    }, batch);
    assert.deepEqual(failures, []);
    done += batch;
    xs.push(done);
    heap.push(await heapMb());
    const r = ownProcessesRssMb();
    if (r !== null) rss.push(r);
  }
  const seconds = (Date.now() - t0) / 1000;
  const pageEnd = await pageMemoryMb();
  const perThousand = slope(xs, heap) * 1000;
  const first = median(heap.slice(0, 3));
  const last = median(heap.slice(-3));
  console.log(`# soak: ${RUNS} runs in ${seconds.toFixed(1)} s (${((seconds * 1000) / RUNS).toFixed(0)} ms/run)`);
  console.log(`# soak JS heap after GC: first ${first.toFixed(2)} MB, last ${last.toFixed(2)} MB, slope ${perThousand.toFixed(3)} MB per 1000 runs`);
  console.log(`# soak JS heap samples (MB): ${heap.map(h => h.toFixed(1)).join(' ')}`);
  console.log(
    pageStart !== null && pageEnd !== null
      ? `# soak page memory incl. workers (measureUserAgentSpecificMemory): first ${pageStart.toFixed(1)} MB, last ${pageEnd.toFixed(1)} MB`
      : '# soak page memory incl. workers: measureUserAgentSpecificMemory not available here'
  );
  if (rss.length === xs.length) {
    console.log(
      `# soak browser processes RSS: first ${median(rss.slice(0, 3)).toFixed(0)} MB, last ${median(rss.slice(-3)).toFixed(0)} MB, slope ${(slope(xs, rss) * 1000).toFixed(1)} MB per 1000 runs`
    );
  }
  await cdp.send('Performance.enable').catch(() => undefined);
  const metrics = await cdp.send('Performance.getMetrics').catch(() => null);
  if (metrics) console.log(`# soak CDP metrics: ${metrics.metrics.filter(m => /JSHeap|Nodes|JSEventListeners|Documents/.test(m.name)).map(m => `${m.name}=${Math.round(m.value)}`).join(' ')}`);
  assert.ok(last - first < HEAP_GROWTH_LIMIT_MB, `JS heap grew ${(last - first).toFixed(2)} MB over ${RUNS} runs`);
  assert.ok(perThousand < HEAP_GROWTH_LIMIT_MB, `JS heap trend ${perThousand.toFixed(2)} MB per 1000 runs`);
  if (pageStart !== null && pageEnd !== null) assert.ok(pageEnd - pageStart < 4 * HEAP_GROWTH_LIMIT_MB, `page memory grew ${(pageEnd - pageStart).toFixed(1)} MB`);
  await page.getByTestId('pima-probability').waitFor();
});

async function listenerCounts(): Promise<{ panelStore: number; analysisStore: number }> {
  return page.evaluate(() => (window as any).__pimaIpnDebug.listenerCounts());
}

/** Event listeners on window and document, counted by the DevTools protocol. */
async function domListenerCount(): Promise<number> {
  let total = 0;
  for (const expression of ['window', 'document']) {
    const { result } = await cdp.send('Runtime.evaluate', { expression });
    const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId! });
    total += listeners.length;
    await cdp.send('Runtime.releaseObject', { objectId: result.objectId! });
  }
  return total;
}

async function setPanel(id: string): Promise<void> {
  await page.evaluate(panel => (window as any).services.panelService.activatePanel(panel, true), id);
}

test(`${PANEL_CYCLES} panel open/close cycles leave no listener behind`, { timeout: 10 * 60_000 }, async () => {
  await setPanel(PANEL_ID);
  await page.getByTestId('pima-panel').waitFor();
  const baseline = await listenerCounts();
  const domBaseline = await domListenerCount();
  assert.ok(baseline.panelStore > 0 && baseline.analysisStore > 0, `the open panel subscribes: ${JSON.stringify(baseline)}`);

  await setPanel(OTHER_PANEL_ID);
  await page.getByTestId('pima-panel').waitFor({ state: 'detached' });
  // Unmounting happens in a microtask after the host's commit; wait for it rather than sleep.
  await page.waitForFunction(() => (window as any).__pimaIpnDebug.listenerCounts().panelStore === 0, undefined, { timeout: 10_000 });
  const closed = await listenerCounts();

  for (let i = 0; i < PANEL_CYCLES; i++) {
    await setPanel(PANEL_ID);
    await page.getByTestId('pima-probability').waitFor({ timeout: 10_000 });
    await setPanel(OTHER_PANEL_ID);
    await page.getByTestId('pima-panel').waitFor({ state: 'detached', timeout: 10_000 });
  }
  await page.waitForFunction(c => JSON.stringify((window as any).__pimaIpnDebug.listenerCounts()) === c, JSON.stringify(closed), { timeout: 10_000 }).catch(() => undefined);
  assert.deepEqual(await listenerCounts(), closed, 'closed panel: same store listeners as after the first close');
  await setPanel(PANEL_ID);
  await page.getByTestId('pima-probability').waitFor();
  await page.waitForFunction(c => JSON.stringify((window as any).__pimaIpnDebug.listenerCounts()) === c, JSON.stringify(baseline), { timeout: 10_000 }).catch(() => undefined);
  const reopened = await listenerCounts();
  const domAfter = await domListenerCount();
  console.log(`# panel cycles: ${PANEL_CYCLES}; store listeners open ${JSON.stringify(baseline)} -> ${JSON.stringify(reopened)}, closed ${JSON.stringify(closed)}; window+document listeners ${domBaseline} -> ${domAfter}`);
  assert.deepEqual(reopened, baseline, 'reopened panel: same store listeners as at the start');
  assert.ok(domAfter <= domBaseline, `window/document listeners ${domBaseline} -> ${domAfter}`);
});

test('the page logged no uncaught error', () => {
  assert.deepEqual(watch.pageErrors, []);
});
