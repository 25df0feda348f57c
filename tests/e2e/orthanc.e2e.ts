/**
 * The PACS round trip in the real viewer: a private Orthanc holding the demo data, our server
 * proxying `/dicomweb` to it (`npm start -- --pacs orthanc`), the prebuilt OHIF 3.13.2 in Debian
 * Chromium under our Content-Security-Policy. Opens the PIMA demo study from Orthanc, runs the
 * model on a box over the lesion, saves the SR through STOW-RS, confirms through Orthanc's REST API
 * that the SR is stored and references the analysed series, reopens the study and finds the SR.
 * Throughout, the page may talk to our origin only, and no policy violation may occur.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ensureDemoData } from '../../tools/phantoms/demoData';
import { findStoredSrs, listStudies } from '../../tools/pacs/orthanc';
import { launchBrowser, watchPage, type PageWatch } from './support/browser';
import { watchCsp, type CspWatch } from './support/csp';
import { startOrthancTestServer } from './support/orthancTestServer';
import { outputDir } from './support/testServer';
import { drawRoi, openStudyInMode, scrollToSop } from './support/viewerActions';

let backed: Awaited<ReturnType<typeof startOrthancTestServer>>;
let browser: Browser;
let page: Page;
let watch: PageWatch;
let csp: CspWatch;
let pima: Awaited<ReturnType<typeof ensureDemoData>>['manifest']['patients'][number]['row'];
let pimaImages = 0;
const requested: string[] = [];

before(async () => {
  mkdirSync(outputDir, { recursive: true });
  const demo = await ensureDemoData();
  const patient = demo.manifest.patients.find(p => p.row.label === 'PIMA')!;
  pima = patient.row;
  pimaImages = patient.files.length;
  backed = await startOrthancTestServer();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
  watch = watchPage(page);
  csp = await watchCsp(page);
  page.on('request', r => requested.push(r.url()));
});

after(async () => {
  await browser?.close();
  await backed?.close();
});

test('the demo data is in Orthanc before the viewer opens', async () => {
  assert.deepEqual(backed.uploads.flatMap(u => u.rejected), []);
  const studies = await listStudies(backed.orthanc);
  assert.ok(studies.some(s => s.MainDicomTags.StudyInstanceUID === pima.studyInstanceUid));
  assert.deepEqual(await findStoredSrs(backed.orthanc, pima.studyInstanceUid!), [], 'no SR before the test saves one');
});

test('the study list shows every study stored in Orthanc', async () => {
  await page.goto(`${backed.server.url}/`);
  // The worklist counts the QIDO-RS results ("1-3 of 3") and shows each study's accession number.
  const studies = await listStudies(backed.orthanc);
  const n = studies.length;
  await page.getByText(new RegExp(`^1-${n} of ${n}$`)).first().waitFor({ timeout: 60_000 });
  for (const accession of studies.map(s => s.MainDicomTags.AccessionNumber).filter(Boolean)) {
    await page.getByText(accession, { exact: true }).first().waitFor({ timeout: 10_000 });
  }
});

test('the PIMA demo study opens from Orthanc in our mode and the panel shows CT', async () => {
  const renderMs = await openStudyInMode(page, backed.server.url, pima.studyInstanceUid!);
  await page.getByTestId('pima-series-images').waitFor({ timeout: 30_000 });
  assert.equal(await page.getByTestId('pima-series-modality').textContent(), 'CT');
  assert.equal(Number(await page.getByTestId('pima-series-images').textContent()), pimaImages);
  console.log(`# Orthanc via proxy: navigation to first rendered image ${renderMs} ms, ${pimaImages} images`);
});

test('a box on the lesion and Run give P(PIMA) from the model', async () => {
  await scrollToSop(page, pima.keySopInstanceUid!);
  await drawRoi(page, pima.roi!);
  await page.getByTestId('pima-roi').waitFor();
  const t0 = Date.now();
  await page.getByTestId('pima-run').click();
  const probability = Number(await page.getByTestId('pima-probability').textContent({ timeout: 120_000 }));
  assert.ok(probability >= 0 && probability <= 1, `probability ${probability}`);
  await page.screenshot({ path: path.join(outputDir, 'orthanc-result.png') });
  console.log(`# Orthanc via proxy: click to result ${Date.now() - t0} ms, P(PIMA) = ${probability}`);
});

test('Save SR stores the SR in Orthanc through the proxy, referencing the analysed series', async () => {
  await page.getByTestId('pima-accept').click();
  const stow = page.waitForResponse(r => r.request().method() === 'POST' && r.url().startsWith(`${backed.server.url}/dicomweb/studies`));
  await page.getByTestId('pima-save-sr').click();
  assert.equal((await stow).status(), 200);
  await page.getByTestId('pima-save-message').filter({ hasText: /Saved/ }).waitFor({ timeout: 30_000 });

  const srs = await findStoredSrs(backed.orthanc, pima.studyInstanceUid!);
  assert.equal(srs.length, 1, `SRs in Orthanc: ${JSON.stringify(srs)}`);
  assert.deepEqual(srs[0].referencedSeries, [pima.seriesInstanceUid]);
});

test('reopening the study lists the SR read back from Orthanc', async () => {
  // A fresh page load: OHIF's caches are gone, so the SR can only come from Orthanc's QIDO/WADO.
  await openStudyInMode(page, backed.server.url, pima.studyInstanceUid!);
  const [stored] = await findStoredSrs(backed.orthanc, pima.studyInstanceUid!);
  await page.waitForFunction(
    sop => (window as any).services.displaySetService.getActiveDisplaySets().some((d: any) => d.Modality === 'SR' && d.instances?.some((i: any) => i.SOPInstanceUID === sop)),
    stored.sopInstanceUID,
    { timeout: 30_000 }
  );
  await page.screenshot({ path: path.join(outputDir, 'orthanc-reopened.png') });
});

test('the page talked only to our origin: DICOMweb went through the proxy, never to Orthanc', () => {
  const origin = new URL(backed.server.url).origin;
  const foreign = requested.filter(u => !u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:'));
  assert.deepEqual(foreign, []);
  assert.ok(requested.some(u => u.startsWith(`${origin}/dicomweb/studies/`) && u.includes('/frames/')), 'no WADO-RS frame request seen');
  assert.deepEqual(requested.filter(u => u.includes(`:${new URL(backed.orthanc.url).port}`)), []);
});

test('the viewer and the model ran under our Content-Security-Policy without a single violation', async () => {
  const header = (await page.request.get(`${backed.server.url}/`)).headers()['content-security-policy'];
  assert.match(header ?? '', /default-src 'self'/);
  assert.doesNotMatch(header ?? '', /'unsafe-inline'.*wasm|script-src[^;]*'unsafe-inline'/);
  assert.deepEqual(await csp.violations(), []);
  assert.deepEqual(csp.consoleReports, []);
});

test('the page logged no uncaught error', () => {
  assert.deepEqual(watch.pageErrors, []);
});
