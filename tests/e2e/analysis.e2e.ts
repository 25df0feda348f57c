/**
 * What a radiologist does with the panel, end to end in the real viewer: open the demo study, put a
 * box on the lesion, press Run, read the probability and per-slice chart, see the heat map on that
 * slice only, change opacity, toggle it with the hotkey, accept, and save the DICOM SR (STOW-RS to
 * the embedded server), which OHIF then lists in the study.
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import * as dcmjs from 'dcmjs';
import type { Browser, Page } from 'playwright-core';
import { ensureDemoData } from '../../tools/phantoms/demoData';
import { launchBrowser, watchPage, type PageWatch } from './support/browser';
import { outputDir, startTestServer } from './support/testServer';
import { currentImageId, drawRoi, heatmapFillOnPage, heatmapNodes, imageBoxOnPage, openStudyInMode, scrollToIndex, scrollToSop } from './support/viewerActions';

let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let page: Page;
let watch: PageWatch;
let pima: Awaited<ReturnType<typeof ensureDemoData>>['manifest']['patients'][number]['row'];
let roiImageId = '';
let roiIndex = -1;

before(async () => {
  mkdirSync(outputDir, { recursive: true });
  const demo = await ensureDemoData();
  pima = demo.manifest.patients.find(p => p.row.label === 'PIMA')!.row;
  server = await startTestServer();
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
  watch = watchPage(page);
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test('without an ROI the panel asks for one and Run explains what is missing', async () => {
  await openStudyInMode(page, server.url, pima.studyInstanceUid!);
  await page.getByTestId('pima-roi-prompt').waitFor();
  await page.getByTestId('pima-run').click();
  const error = await page.getByTestId('pima-error').textContent({ timeout: 60_000 });
  assert.match(error ?? '', /Draw a rectangle/);
});

test('a box on the lesion and Run show P(PIMA), the per-slice chart and the heat map on that slice', async () => {
  roiIndex = await scrollToSop(page, pima.keySopInstanceUid!);
  roiImageId = await currentImageId(page);
  await drawRoi(page, pima.roi!);
  await page.getByTestId('pima-roi').waitFor();
  const t0 = Date.now();
  await page.getByTestId('pima-run').click();
  const probability = Number(await page.getByTestId('pima-probability').textContent({ timeout: 120_000 }));
  const clickToResult = Date.now() - t0;
  assert.ok(probability >= 0 && probability <= 1, `probability ${probability}`);
  assert.match((await page.getByTestId('pima-class').textContent()) ?? '', /(PIMA|IPN)-like/);
  await page.getByTestId('pima-slice-chart').waitFor();
  assert.equal(await page.locator('[data-testid="pima-slice-chart"] rect').count(), 3, 'ROI slice ± 1 neighbour');

  const nodes = await heatmapNodes(page);
  const fill = nodes.find(n => n.kind === 'fill');
  assert.ok(fill, `heat map fill drawn: ${JSON.stringify(nodes)}`);
  assert.equal(fill.imageId, roiImageId);
  assert.ok(nodes.some(n => n.kind === 'label'), 'method/model label drawn');
  await page.screenshot({ path: path.join(outputDir, 'analysis-heatmap.png') });
  console.log(`# click to result: ${clickToResult} ms`);
});

test('the heat map lands on the crop it was computed for, centred on the ROI, and follows zoom and pan', async () => {
  const manifest = await page.evaluate(async () => (await fetch((window as any).config.pimaIpn.modelManifestUrl)).json());
  const roi = pima.roi!;
  // The crop is the square of side max(scale × longer ROI side, minimum) centred on the ROI (preprocessing spec step 2).
  const side = Math.max(manifest.input.crop.scale * Math.max(roi.x1 - roi.x0, roi.y1 - roi.y0), manifest.input.crop.minSizePx);
  const cx = (roi.x0 + roi.x1) / 2;
  const cy = (roi.y0 + roi.y1) / 2;
  const crop = { x0: cx - side / 2, y0: cy - side / 2, x1: cx + side / 2, y1: cy + side / 2 };
  const check = async (what: string) => {
    const want = await imageBoxOnPage(page, crop);
    const got = await heatmapFillOnPage(page);
    assert.ok(got, `${what}: heat map drawn`);
    assert.ok(got.hrefLength > 200, `${what}: the fill carries PNG data`);
    for (const k of ['cx', 'cy', 'w', 'h'] as const) assert.ok(Math.abs(got[k] - want[k]) <= 2, `${what}: ${k} ${got[k].toFixed(1)} vs crop ${want[k].toFixed(1)}`);
    return got;
  };
  const before = await check('as drawn');
  await page.evaluate(() => {
    const vp = (window as any).cornerstone.getRenderingEngines()[0].getViewports()[0];
    vp.setZoom(vp.getZoom() * 2);
    vp.setPan([40, -25]);
    vp.render();
  });
  await page.waitForFunction(w => {
    const n = document.querySelector('.svg-layer [data-pima-heatmap="fill"]');
    return !!n && Math.abs(n.getBoundingClientRect().width - 2 * w) < 3;
  }, before.w, { timeout: 10_000 });
  const zoomed = await check('zoomed and panned');
  assert.ok(Math.abs(zoomed.w - 2 * before.w) <= 3, 'twice as wide at twice the zoom');
  await page.evaluate(() => {
    const vp = (window as any).cornerstone.getRenderingEngines()[0].getViewports()[0];
    vp.resetCamera();
    vp.render();
  });
  await page.waitForFunction(w => Math.abs((document.querySelector('.svg-layer [data-pima-heatmap="fill"]')?.getBoundingClientRect().width ?? 0) - w) < 2, before.w);
});

test('the result sits on the validation cohort\'s distribution with the threshold line', async () => {
  const manifest = await page.evaluate(async () => (await fetch((window as any).config.pimaIpn.modelManifestUrl)).json());
  assert.ok(manifest.validation?.referenceDistribution, `the default model (${manifest.id}) ships its validation distribution`);
  await page.getByTestId('pima-reference-strip').waitFor();
  assert.equal(await page.getByTestId('pima-reference-marker').count(), 1);
});

test('the heat map appears only on the slices it was computed for', async () => {
  await scrollToIndex(page, roiIndex >= 20 ? roiIndex - 20 : roiIndex + 20);
  // Annotations are redrawn on the frame after the image; wait for that redraw, then look.
  await page.waitForFunction(() => !document.querySelector('.svg-layer [data-pima-heatmap]'), undefined, { timeout: 10_000 });
  assert.deepEqual(await heatmapNodes(page), []);
  await scrollToIndex(page, roiIndex);
  await page.waitForFunction(() => Boolean(document.querySelector('.svg-layer [data-pima-heatmap="fill"]')), undefined, { timeout: 10_000 });
  assert.equal((await heatmapNodes(page)).find(n => n.kind === 'fill')?.imageId, roiImageId);
});

test('opacity, outline style and the Shift+H hotkey change what is drawn', async () => {
  await page.getByTestId('pima-overlay-opacity').fill('0.8');
  await page.waitForFunction(() => document.querySelector('.svg-layer [data-pima-heatmap="fill"]')?.getAttribute('opacity') === '0.8');
  await page.getByTestId('pima-overlay-style').selectOption('outline');
  await page.waitForFunction(() => Boolean(document.querySelector('.svg-layer [data-pima-heatmap="outline"]')));
  assert.equal(await page.locator('.svg-layer [data-pima-heatmap="fill"]').count(), 0);
  await page.getByTestId('pima-overlay-style').selectOption('fill');

  // Hotkeys are ignored while a form control has focus, as in any OHIF panel.
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Shift+H');
  await page.waitForFunction(() => !document.querySelector('.svg-layer [data-pima-heatmap]'));
  await page.keyboard.press('Shift+H');
  await page.waitForFunction(() => Boolean(document.querySelector('.svg-layer [data-pima-heatmap="fill"]')));
});

test('"Run on slice change" analyses the slice the user scrolls to, once, with the same box', async () => {
  await page.getByTestId('pima-autorun').check();
  const target = roiIndex >= 10 ? roiIndex - 5 : roiIndex + 5;
  // Scroll through several slices quickly: the run for the slice scrolled to last must follow.
  for (const k of [target - 2, target - 1, target].map(i => Math.max(0, i))) await scrollToIndex(page, k);
  const targetImageId = await currentImageId(page);
  await page.waitForFunction(id => document.querySelector('.svg-layer [data-pima-heatmap="fill"]')?.getAttribute('data-image-id') === id, targetImageId, {
    timeout: 120_000,
  });
  await page.getByTestId('pima-autorun').uncheck();
  const chart = await page.locator('[data-testid="pima-slice-chart"] rect').count();
  assert.equal(chart, 3, 'the slice ± 1 neighbour');
  // Back to the ROI-centred result the review and the SR below are about.
  await scrollToIndex(page, roiIndex);
  await page.getByTestId('pima-run').click();
  await page.waitForFunction(id => document.querySelector('.svg-layer [data-pima-heatmap="fill"]')?.getAttribute('data-image-id') === id, roiImageId, { timeout: 120_000 });
  await page.waitForFunction(() => !document.querySelector('[data-testid="pima-run"]')?.hasAttribute('disabled'));
});

test('accept, comment and Save SR store a valid TID 1500 SR that OHIF lists in the study', async () => {
  await page.getByTestId('pima-accept').click();
  await page.getByTestId('pima-comment').fill('box on the consolidation');
  const stow = page.waitForRequest(r => r.method() === 'POST' && r.url().includes('/dicomweb/studies'));
  await page.getByTestId('pima-save-sr').click();
  const request = await stow;
  assert.match(request.headers()['content-type'] ?? '', /multipart\/related/);
  await page.getByTestId('pima-save-message').filter({ hasText: /Saved/ }).waitFor({ timeout: 30_000 });

  const study = server.store!.studies.get(pima.studyInstanceUid!)!;
  const srSeries = [...study.series.values()].find(s => [...s.instances.values()][0].sopClassUID === '1.2.840.10008.5.1.4.1.1.88.33');
  assert.ok(srSeries, 'SR stored on the server');
  const sr = [...srSeries.instances.values()][0];
  const { readFileSync } = await import('node:fs');
  const bytes = readFileSync(sr.file);
  const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(
    dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)).dict
  );
  assert.equal(ds.Modality, 'SR');
  const text = JSON.stringify(ds);
  assert.ok(text.includes('ACCEPTED') && text.includes('box on the consolidation'), 'review stored');
  assert.ok(text.includes(pima.keySopInstanceUid!), 'references the ROI slice');

  // OHIF added the SR to its study metadata: an SR display set now exists.
  await page.waitForFunction(
    () => (window as any).services.displaySetService.getActiveDisplaySets().some((d: any) => d.Modality === 'SR'),
    undefined,
    { timeout: 30_000 }
  );
  await page.screenshot({ path: path.join(outputDir, 'analysis-saved.png') });
});

test('Download SR and JSON save files: a Part 10 SR naming the model and the review, and the full result', async () => {
  const { readFileSync } = await import('node:fs');
  const [sr] = await Promise.all([page.waitForEvent('download'), page.getByTestId('pima-download-sr').click()]);
  assert.match(sr.suggestedFilename(), /\.dcm$/);
  const bytes = readFileSync((await sr.path())!);
  assert.equal(bytes.subarray(128, 132).toString('latin1'), 'DICM', 'a Part 10 file');
  const file = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(file.dict);
  assert.equal(ds.SOPClassUID, '1.2.840.10008.5.1.4.1.1.88.33');
  assert.equal(ds.StudyInstanceUID, pima.studyInstanceUid);
  const text = JSON.stringify(ds);
  assert.ok(text.includes('ACCEPTED') && text.includes('sha256='), 'review and model hash in the SR');

  const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('pima-download-json').click()]);
  const result = JSON.parse(readFileSync((await json.path())!, 'utf8'));
  assert.equal(result.kind, 'pima-ipn-result');
  assert.equal(result.researchUseOnly, true);
  assert.ok(result.slices.length >= 1 && Array.isArray(result.slices[0].cam.raw[1].values), 'raw maps exported');
  assert.equal(result.review.decision, 'accepted');
});

test('reopening the study lists the SR, and loading it restores the lesion box as a RectangleROI', async () => {
  await openStudyInMode(page, server.url, pima.studyInstanceUid!);
  const restored = await page.evaluate(async () => {
    const w = window as any;
    const sr = w.services.displaySetService.getActiveDisplaySets().find((d: any) => d.Modality === 'SR');
    if (!sr) return { listed: false, tools: [] as string[] };
    await sr.load?.();
    await w.commandsManager.runCommand('hydrateStructuredReport', { displaySetInstanceUID: sr.displaySetInstanceUID });
    return { listed: true, tools: w.cornerstoneTools.annotation.state.getAllAnnotations().map((a: any) => a.metadata.toolName) };
  });
  assert.ok(restored.listed, 'SR listed after reopening the study');
  assert.ok(restored.tools.includes('RectangleROI'), `tools after hydration: ${restored.tools.join(', ')}`);
});

test('the page logged no uncaught error', () => {
  assert.deepEqual(watch.pageErrors, []);
});
