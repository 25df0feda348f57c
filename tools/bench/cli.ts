/**
 * npm run bench [-- --model DIR] [--iterations N] [--skip-browser] [--webgpu-iterations N] [--json FILE]
 *
 * Side by side on the same synthetic 512x512 slices: onnxruntime-node (native, the reference), ORT-web WASM in
 * Node (1 thread and threaded), the engine in headless Chromium (WASM threaded, cross-origin isolated),
 * WebNN when Chromium exposes it, and WebGPU on whatever adapter exists (SwiftShader here: tiny model only).
 * Targets are recorded, not asserted: browser CPU path <= 1.5x native per slice; pre+post <= 20% of inference.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isSoftwareAdapter } from '../../extension/src/runtime/backendChoice';
import { buildHarness, openBrowser, startBenchServer } from './browserBackend';
import { summarise, type BackendMeasurement } from './stats';

const repoRoot = path.resolve(__dirname, '..', '..');

function defaultModel(): string {
  const demo = path.join(repoRoot, 'models', 'sedas-r50-phantom-demo');
  return existsSync(path.join(demo, 'manifest.json')) ? demo : path.join(repoRoot, 'models', 'tiny-test');
}

function nodeMeasure(model: string, runtime: 'node' | 'web-wasm', threads: number, iterations: number): BackendMeasurement {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'nodeBackend.ts'), '--model', model, '--runtime', runtime, '--threads', String(threads), '--iterations', String(iterations)],
    { cwd: repoRoot, encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as BackendMeasurement;
  } catch {
    return { backend: runtime, label: runtime, threads, loadColdMs: NaN, loadCachedMs: NaN, cachedFrom: '', runs: {}, peakRssMb: NaN, error: r.stderr.slice(-500) };
  }
}

const fmt = (v: number, d = 0) => (Number.isFinite(v) ? v.toFixed(d) : '–');

function table(rows: BackendMeasurement[]): string {
  const native = rows.find((r) => r.backend === 'onnxruntime-node' && !r.error);
  const ref = native ? summarise(native) : null;
  const head = ['backend', 'threads', 'load cold ms', 'load cached ms', '1st run ms', 'warm-up runs', 'b1 ms/slice', 'b5 ms/slice', '× native b1', '× native b5', 'pre ms', 'post ms', 'pre+post % of b1 inf', 'peak RSS MB'];
  const body = rows.map((r) => {
    if (r.error) return [r.backend, ...head.slice(1).map(() => '')];
    const s = summarise(r);
    return [
      r.backend,
      String(r.threads),
      fmt(r.loadColdMs),
      fmt(r.loadCachedMs),
      fmt(r.firstRunMs ?? NaN),
      fmt(r.warmupRuns ?? NaN),
      fmt(s.perSliceB1, 1),
      fmt(s.perSliceB5, 1),
      ref ? fmt(s.perSliceB1 / ref.perSliceB1, 2) : '–',
      ref ? fmt(s.perSliceB5 / ref.perSliceB5, 2) : '–',
      fmt(s.prePerSlice, 1),
      fmt(s.postPerSlice, 2),
      fmt((100 * s.prePostPerSlice) / s.perSliceB1, 1),
      fmt(r.peakRssMb),
    ];
  });
  const widths = head.map((h, k) => Math.max(h.length, ...body.map((b) => (b[k] ?? '').length)));
  const line = (cells: string[]) => `| ${cells.map((c, k) => (k === 0 ? c.padEnd(widths[k]) : c.padStart(widths[k]))).join(' | ')} |`;
  const out = [line(head), `|${widths.map((w, k) => (k === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`, ...body.map(line)];
  const notes = rows
    .filter((r) => r.error || r.note)
    .map((r) => `- ${r.backend}: ${r.error ? (/^(skipped|not available|no adapter)/.test(r.error) ? r.error : `FAILED: ${r.error}`) : r.note}`);
  return [...out, ...(notes.length ? ['', ...notes] : [])].join('\n');
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      model: { type: 'string' },
      iterations: { type: 'string' },
      'webgpu-iterations': { type: 'string' },
      'skip-browser': { type: 'boolean' },
      json: { type: 'string' },
    },
  });
  const model = path.resolve(values.model ?? defaultModel());
  const iterations = Number(values.iterations ?? 5);
  const manifest = JSON.parse(readFileSync(path.join(model, 'manifest.json'), 'utf8'));
  const threads = Math.min(4, cpus().length);
  console.log(`Model ${manifest.id}@${manifest.version} (${(manifest.file.bytes / 1e6).toFixed(1)} MB, ${manifest.file.weights}) from ${path.relative(repoRoot, model) || model}`);
  console.log(`Inputs: synthetic 512x512 CT slices, lesion ROI crop -> ${manifest.input.size}²; ${iterations} timed runs per batch size (median); ${cpus().length} CPU cores.`);

  const rows: BackendMeasurement[] = [];
  const step = (m: BackendMeasurement) => {
    rows.push(m);
    console.log(`  measured ${m.backend}${m.error ? ' (failed)' : ''}`);
  };
  step({ ...nodeMeasure(model, 'node', threads, iterations), backend: 'onnxruntime-node' });
  step({ ...nodeMeasure(model, 'web-wasm', 1, iterations), backend: 'ort-web wasm, Node, 1 thread' });
  step({ ...nodeMeasure(model, 'web-wasm', threads, iterations), backend: `ort-web wasm, Node, ${threads} threads` });

  if (!values['skip-browser']) {
    buildHarness(repoRoot);
    const server = await startBenchServer(repoRoot, model);
    const manifestUrl = '/model/manifest.json';
    try {
      const plain = await openBrowser(server, manifestUrl, []);
      try {
        step({ ...(await plain.measure('wasm', iterations, [1, 5], 'chromium wasm')), backend: 'Chromium engine, WASM (COOP/COEP)' });
      } finally {
        await plain.close();
      }

      const webnn = await openBrowser(server, manifestUrl, ['--enable-features=WebMachineLearningNeuralNetwork']);
      try {
        if (webnn.probe.webnn.contexts.length) step({ ...(await webnn.measure('webnn', iterations, [1, 5], 'webnn')), backend: `Chromium engine, WebNN (${webnn.probe.webnn.contexts.join('/')})` });
        else
          rows.push({
            backend: 'Chromium engine, WebNN',
            label: 'webnn',
            threads: 0,
            loadColdMs: NaN,
            loadCachedMs: NaN,
            cachedFrom: '',
            runs: {},
            peakRssMb: NaN,
            error: `not available: ${webnn.probe.webnn.api ? `navigator.ml present but no context (${webnn.probe.webnn.error ?? 'unknown'})` : 'navigator.ml absent even with --enable-features=WebMachineLearningNeuralNetwork'}`,
          });
      } finally {
        await webnn.close();
      }

      const gpu = await openBrowser(server, manifestUrl, ['--enable-unsafe-webgpu']);
      try {
        const adapter = gpu.probe.webgpu.adapter;
        const software = adapter ? isSoftwareAdapter(adapter) : false;
        const tinyEnough = manifest.file.bytes < 10e6;
        const gpuIters = Number(values['webgpu-iterations'] ?? (software ? 1 : iterations));
        if (!adapter) rows.push({ backend: 'Chromium engine, WebGPU', label: 'webgpu', threads: 0, loadColdMs: NaN, loadCachedMs: NaN, cachedFrom: '', runs: {}, peakRssMb: NaN, error: `no adapter (${gpu.probe.webgpu.error ?? ''})` });
        else if (software && !tinyEnough)
          rows.push({ backend: 'Chromium engine, WebGPU (software)', label: 'webgpu', threads: 0, loadColdMs: NaN, loadCachedMs: NaN, cachedFrom: '', runs: {}, peakRssMb: NaN, error: `skipped: the only adapter is a software one (${adapter.architecture || adapter.vendor}); run with --model models/tiny-test to exercise it` });
        else {
          const m = await gpu.measure('webgpu', gpuIters, software ? [1] : [1, 5], 'webgpu');
          step({ ...m, backend: `Chromium engine, WebGPU (${software ? 'software ' : ''}${adapter.architecture || adapter.vendor})`, note: `${software ? `software fallback adapter, ${gpuIters} iteration(s), batch 1 only; auto-choice refuses it. ` : ''}${m.note ?? ''}`.trim() });
        }
      } finally {
        await gpu.close();
      }
    } finally {
      await server.close();
    }
  }

  console.log('');
  console.log(table(rows));
  const native = rows.find((r) => r.backend === 'onnxruntime-node' && !r.error);
  const browser = rows.find((r) => r.backend.startsWith('Chromium engine, WASM') && !r.error);
  if (native && browser) {
    const n = summarise(native);
    const b = summarise(browser);
    console.log('');
    console.log(`Target (recorded, not asserted): browser CPU path <= 1.5x native per slice: b1 ${(b.perSliceB1 / n.perSliceB1).toFixed(2)}x, b5 ${(b.perSliceB5 / n.perSliceB5).toFixed(2)}x -> ${b.perSliceB1 / n.perSliceB1 <= 1.5 ? 'met' : 'NOT met'}`);
    console.log(`Target (recorded, not asserted): pre+post <= 20% of inference (browser, b1): ${((100 * b.prePostPerSlice) / b.perSliceB1).toFixed(1)}% -> ${b.prePostPerSlice / b.perSliceB1 <= 0.2 ? 'met' : 'NOT met'}`);
  }
  const jsonPath = values.json ?? path.join(repoRoot, 'test-output', 'bench', `bench-${manifest.id}.json`);
  mkdirSync(path.dirname(jsonPath), { recursive: true });
  writeFileSync(jsonPath, JSON.stringify({ model: manifest.id, version: manifest.version, iterations, date: new Date().toISOString(), rows }, null, 2));
  console.log(`\nRaw measurements: ${path.relative(repoRoot, jsonPath)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
