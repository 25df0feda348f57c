/**
 * @jest-environment ./tests/unit/models/ortNodeEnvironment.cjs
 *
 * Every committed model folder with golden fixtures (models/<id>/golden/golden.json, written by
 * models/pima_ipn/export.py from the PyTorch reference) must reproduce the PyTorch outputs in
 * onnxruntime-node (CPU EP) and onnxruntime-web (wasm EP, run in Node), and its manifest must
 * describe the file and graph that are actually there.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseManifest } from '../../../extension/src/core/manifest';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const ortNode = require('onnxruntime-node') as typeof import('onnxruntime-node');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ortWeb = require('onnxruntime-web') as typeof import('onnxruntime-web');

interface TensorFile {
  file: string;
  shape: number[];
  name?: string;
}
interface GoldenCase {
  name: string;
  input: TensorFile;
  outputs: Record<string, TensorFile>;
}
interface Golden {
  model: string;
  dtype: 'float32';
  /** Per output: pass when maxAbsDiff <= tolerance * max(1, max|reference|). */
  tolerance: Record<string, number>;
  cases: GoldenCase[];
}

const MODELS_DIR = resolve(__dirname, '../../../models');
const modelIds = existsSync(MODELS_DIR)
  ? readdirSync(MODELS_DIR).filter((d) => existsSync(join(MODELS_DIR, d, 'golden', 'golden.json')))
  : [];

function readF32(path: string, shape: number[]): Float32Array {
  const buf = readFileSync(path);
  const n = shape.reduce((a, b) => a * b, 1);
  if (buf.byteLength !== n * 4) throw new Error(`${path}: ${buf.byteLength} bytes, expected ${n * 4} for [${shape}]`);
  // Copy so the view is aligned regardless of the Buffer pool offset.
  const out = new Float32Array(n);
  new Uint8Array(out.buffer).set(buf);
  return out;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    if (!(d <= m)) m = Number.isNaN(d) ? Infinity : d;
  }
  return m;
}

const measured: Record<string, Record<string, number>> = {};

afterAll(() => {
  // The measured differences are quoted in each model card; keep them where a reader can rerun them.
  const dir = resolve(__dirname, '../../../test-output');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'models-onnx-parity.json'), JSON.stringify(measured, null, 2));
});

test('at least the tiny test model has golden fixtures', () => {
  expect(modelIds).toContain('tiny-test');
});

describe.each(modelIds)('model %s', (id) => {
  const dir = join(MODELS_DIR, id);
  const goldenDir = join(dir, 'golden');
  const golden = JSON.parse(readFileSync(join(goldenDir, 'golden.json'), 'utf8')) as Golden;
  const modelPath = resolve(goldenDir, golden.model);
  const manifestJson = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as unknown;

  test('manifest validates and matches the file (sha256, bytes)', () => {
    const m = parseManifest(manifestJson);
    const bytes = readFileSync(join(dir, m.file.url));
    expect(resolve(dir, m.file.url)).toBe(modelPath);
    expect(bytes.byteLength).toBe(m.file.bytes);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(m.file.sha256);
    expect(m.researchUseOnly).toBe(true);
  });

  for (const [runtime, ort] of [
    ['onnxruntime-node', ortNode],
    ['onnxruntime-web (wasm)', ortWeb],
  ] as const) {
    test(`${runtime} reproduces the PyTorch golden outputs`, async () => {
      if (ort === ortWeb) {
        ortWeb.env.wasm.numThreads = 1;
      }
      const session = await (ort as typeof ortNode).InferenceSession.create(readFileSync(modelPath), {
        executionProviders: [ort === ortWeb ? 'wasm' : 'cpu'],
      } as never);
      const m = parseManifest(manifestJson);
      const declared = [m.outputs.logits.name, m.outputs.cam?.name, m.outputs.attention?.name].filter(Boolean);
      expect([...session.outputNames].sort()).toEqual([...declared].sort());
      expect(session.inputNames).toEqual([m.input.name]);
      for (const c of golden.cases) {
        const x = readF32(join(goldenDir, c.input.file), c.input.shape);
        expect(c.input.shape.slice(1)).toEqual([3, m.input.size, m.input.size]);
        const feeds = { [m.input.name]: new ort.Tensor('float32', x, c.input.shape) };
        const out = await session.run(feeds as never);
        for (const [name, spec] of Object.entries(c.outputs)) {
          const got = out[name];
          expect(got).toBeDefined();
          expect(Array.from(got.dims)).toEqual(spec.shape);
          const ref = readF32(join(goldenDir, spec.file), spec.shape);
          const diff = maxAbsDiff(got.data as Float32Array, ref);
          (measured[`${id} ${runtime}`] ??= {})[`${c.name}.${name}`] = diff;
          // Raw CAMs reach |10| and more; float32 summation order differs between runtimes.
          const scale = Math.max(1, maxAbsDiff(ref, new Float32Array(ref.length)));
          expect(diff).toBeLessThanOrEqual(golden.tolerance[name] * scale);
        }
      }
      await session.release();
    });
  }
});
