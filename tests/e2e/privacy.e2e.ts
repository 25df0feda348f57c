/**
 * "No pixel leaves the browser": every network request of a full session (open the study, run the
 * model, change the overlay, export JSON and the SR file, store the SR) is recorded, from the page
 * and from its workers, and each must go to the viewer's own origin or to the DICOMweb server the
 * viewer is configured with. The only write is the STOW-RS of the SR, which carries no pixel data.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page, Request } from 'playwright-core';
import { ensureDemoData } from '../../tools/phantoms/demoData';
import { launchBrowser, watchPage, type PageWatch } from './support/browser';
import { startTestServer } from './support/testServer';
import { drawRoi, openStudyInMode, scrollToSop } from './support/viewerActions';

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let watch: PageWatch;
const requests: Array<{ url: string; method: string; resourceType: string; body: Buffer | null; headers: Record<string, string> }> = [];
const sockets: string[] = [];

before(async () => {
  server = await startTestServer();
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1400, height: 900 }, acceptDownloads: true });
  // The context sees requests of every page and of their dedicated workers (the inference worker).
  context.on('request', (r: Request) =>
    requests.push({ url: r.url(), method: r.method(), resourceType: r.resourceType(), body: r.postDataBuffer(), headers: r.headers() })
  );
  page = await context.newPage();
  page.on('websocket', ws => sockets.push(ws.url()));
  watch = watchPage(page);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('a full session talks only to the viewer origin and the configured DICOMweb server', async () => {
  const demo = await ensureDemoData();
  const pima = demo.manifest.patients.find(p => p.row.label === 'PIMA')!.row;
  await openStudyInMode(page, server.url, pima.studyInstanceUid!);
  await scrollToSop(page, pima.keySopInstanceUid!);
  await drawRoi(page, pima.roi!);
  await page.getByTestId('pima-roi').waitFor();
  await page.getByTestId('pima-run').click();
  await page.getByTestId('pima-probability').waitFor({ timeout: 120_000 });
  await page.getByTestId('pima-overlay-opacity').fill('0.6');
  await page.evaluate(() => (window as any).commandsManager.runCommand('pimaToggleOverlay'));
  await page.evaluate(() => (window as any).commandsManager.runCommand('pimaToggleOverlay'));

  const json = page.waitForEvent('download');
  assert.equal(await page.evaluate(() => (window as any).commandsManager.runCommand('pimaExportJson')), undefined, 'JSON export reported no failure');
  assert.match((await json).suggestedFilename(), /\.json$/);
  const sr = page.waitForEvent('download');
  const downloaded = await page.evaluate(() => (window as any).commandsManager.runCommand('pimaDownloadReport'));
  assert.equal(downloaded?.ok, undefined, `SR download failed: ${downloaded?.message}`);
  assert.match((await sr).suggestedFilename(), /\.dcm$/);
  await page.getByTestId('pima-save-sr').click();
  await page.getByTestId('pima-save-message').filter({ hasText: /Saved/ }).waitFor({ timeout: 30_000 });

  // What the viewer is configured to talk to, read from its own config rather than assumed.
  const allowed = await page.evaluate(() => {
    const w = window as any;
    const roots = (w.config.dataSources ?? []).flatMap((d: any) => [d.configuration?.qidoRoot, d.configuration?.wadoRoot, d.configuration?.wadoUriRoot]);
    return [window.location.origin, ...roots.filter(Boolean).map((u: string) => new URL(u, window.location.href).origin)];
  });
  const origins = new Set(allowed);
  assert.ok(requests.length > 20, `recorded ${requests.length} requests`);
  const foreign = requests.filter(r => !/^(data|blob):/.test(r.url) && !origins.has(new URL(r.url).origin));
  assert.deepEqual(foreign.map(r => `${r.method} ${r.url}`), [], 'no request to another origin');
  assert.deepEqual(sockets, [], 'no WebSocket');

  // The page's own resource timing agrees (it also lists requests the browser served from cache).
  const timed: string[] = await page.evaluate(() => performance.getEntriesByType('resource').map(e => e.name));
  assert.deepEqual(timed.filter(u => !/^(data|blob):/.test(u) && !origins.has(new URL(u).origin)), []);

  // The model was fetched by the inference worker, so worker traffic was seen too.
  assert.ok(requests.some(r => /\/models\/.+\.onnx$/.test(r.url)) || requests.some(r => /\/models\/.+manifest\.json$/.test(r.url)), 'model requests recorded');

  // The only requests that send data are STOW-RS posts of the SR document: no image pixels.
  const writes = requests.filter(r => !['GET', 'HEAD', 'OPTIONS'].includes(r.method));
  assert.ok(writes.length >= 1, 'the SR was stored');
  for (const w of writes) {
    assert.match(new URL(w.url).pathname, /^\/dicomweb\/studies/, `${w.method} ${w.url}`);
    assert.match(w.headers['content-type'] ?? '', /multipart\/related/);
    const text = (w.body ?? Buffer.alloc(0)).toString('latin1');
    assert.ok(text.includes('1.2.840.10008.5.1.4.1.1.88.'), 'an SR (Structured Report) SOP class');
    assert.ok(!text.includes('\u00e0\u007f\u0010\u0000'), 'no Pixel Data element in the upload');
  }
  const counts = requests.reduce<Record<string, number>>((acc, r) => ((acc[r.resourceType] = (acc[r.resourceType] ?? 0) + 1), acc), {});
  console.log(`# privacy: ${requests.length} requests, all to ${[...origins].join(', ')}; by type ${JSON.stringify(counts)}; ${writes.length} write(s), all STOW-RS of an SR`);
});

test('the page logged no uncaught error', () => {
  assert.deepEqual(watch.pageErrors, []);
});
