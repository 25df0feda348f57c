/**
 * The foundation end to end: the real prebuilt OHIF 3.13.2 in Debian Chromium, our extension and
 * mode loaded from URLs, DICOM served by our DICOMweb server. Opens the study list, opens the demo
 * study in the PIMA vs IPN mode, waits for cornerstone to render, and checks our panel.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, waitForViewportsRendered, watchPage, type PageWatch } from './support/browser';
import { demoUrl } from '../../tools/server/demoData';
import { outputDir, startTestServer } from './support/testServer';

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let page: Page;
let watch: PageWatch;

before(async () => {
  mkdirSync(outputDir, { recursive: true });
  server = await startTestServer();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  watch = watchPage(page);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

/** The study with the most images: the phantom demo series when present, else the NEMA slice. */
function demoStudy() {
  const studies = [...server.store!.studies.values()];
  const size = (s: (typeof studies)[number]) => Math.max(...[...s.series.values()].map(se => se.instances.size));
  const study = studies.sort((a, b) => size(b) - size(a))[0];
  const series = [...study.series.values()].sort((a, b) => b.instances.size - a.instances.size)[0];
  return { uid: study.studyInstanceUID, images: series.instances.size };
}

test('the study list lists the demo study and offers the PIMA vs IPN mode', async () => {
  const { uid } = demoStudy();
  await page.goto(`${server.url}/`);
  // The worklist renders one row per study; the row shows the patient's id or name.
  const row = page.locator('[data-cy^="studyRow"], tr').filter({ hasText: /PHANTOM|CompressedSamples|1CT1/ }).first();
  await row.waitFor({ timeout: 60_000 });
  await row.click();
  const modeButton = page.getByRole('button', { name: /PIMA vs IPN/ }).first();
  await modeButton.waitFor({ timeout: 30_000 });
  await Promise.all([page.waitForURL(/\/pima-ipn/, { timeout: 60_000 }), modeButton.click()]);
  assert.match(page.url(), /\/pima-ipn/);
  // The worklist opens the study it was clicked on; the demo study (largest series) is opened explicitly next.
  assert.ok(uid.length > 0);
});

test('the demo study renders in our mode and the panel shows its series', async () => {
  const { uid, images } = demoStudy();
  const t0 = Date.now();
  await page.goto(`${server.url}/pima-ipn?StudyInstanceUIDs=${uid}`);
  await waitForViewportsRendered(page);
  const renderMs = Date.now() - t0;

  const panel = page.getByTestId('pima-panel');
  await panel.waitFor({ timeout: 30_000 });
  await page.getByTestId('pima-series-images').waitFor();
  assert.equal(await page.getByTestId('pima-series-modality').textContent(), 'CT');
  assert.equal(Number(await page.getByTestId('pima-series-images').textContent()), images);
  assert.match(await page.getByTestId('pima-banner').textContent() ?? '', /research use only/i);

  // The mode opens CT in the lung window (WL −600 / WW 1500); cornerstone applies the DICOM
  // linear VOI function, so the range ends differ from ±750 by up to a unit.
  const voi = await page.evaluate(() => {
    const cs = (window as any).cornerstone;
    const vp = cs.getRenderingEngines()[0].getViewports()[0];
    return vp.getProperties().voiRange as { lower: number; upper: number };
  });
  assert.ok(Math.abs(voi.lower - -1350) <= 2 && Math.abs(voi.upper - 150) <= 2, `voiRange ${JSON.stringify(voi)}`);

  await page.screenshot({ path: path.join(outputDir, 'viewer-with-panel.png') });
  console.log(`# time from navigation to first rendered image: ${renderMs} ms`);
});

test('scrolling to another slice updates the panel', async () => {
  const { images } = demoStudy();
  assert.ok(images > 1, 'the phantom demo series has many slices');
  const before = await page.getByTestId('pima-series-slice').textContent();
  await page.evaluate(() => {
    const cs = (window as any).cornerstone;
    const vp = cs.getRenderingEngines()[0].getViewports()[0];
    return vp.setImageIdIndex(Math.min(vp.getImageIds().length - 1, vp.getCurrentImageIdIndex() + 3));
  });
  await page.waitForFunction(
    prev => document.querySelector('[data-testid="pima-series-slice"]')?.textContent !== prev,
    before,
    { timeout: 15_000 }
  );
  const after = await page.getByTestId('pima-series-slice').textContent();
  assert.notEqual(after, before);
});

test('the viewer runs cross-origin isolated (COOP/COEP), so WASM inference can use threads', async () => {
  assert.equal(await page.evaluate(() => window.crossOriginIsolated), true);
  assert.equal(await page.evaluate(() => typeof SharedArrayBuffer), 'function');
});

test('the demo URL that npm start prints opens each phantom patient on its key slice', async () => {
  assert.deepEqual(server.demo.map(e => e.label), ['PIMA', 'IPN']);
  for (const e of server.demo) {
    await page.goto(demoUrl(server.url, e));
    await waitForViewportsRendered(page);
    const sop = await page.evaluate(() => {
      const cs = (window as any).cornerstone;
      const vp = cs.getRenderingEngines()[0].getViewports()[0];
      return cs.metaData.get('sopCommonModule', vp.getCurrentImageId())?.sopInstanceUID;
    });
    assert.equal(sop, e.keySopInstanceUid, `${e.label} patient opens on its key slice`);
  }
});

test('the page logged no uncaught error', () => {
  assert.deepEqual(watch.pageErrors, []);
});
