/**
 * @jest-environment ./tests/unit/engine/sharedTypedArraysEnvironment.cjs
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseManifest } from '../../../extension/src/core/manifest';
import { OutputShapeError } from '../../../extension/src/core/result';
import { ModelFetchError, ModelIntegrityError, ModelMismatchError } from '../../../extension/src/runtime/errors';
import { createNodeEngine, loadOrt, type NodeRuntime } from '../../../extension/src/runtime/node/nodeEngine';
import { createModelSession } from '../../../extension/src/runtime/sessionCore';
import { alteredTinyModel, maxAbsDiff, readF32, removeAlteredModels, syntheticSlice, TINY_DIR } from './tinyModel';

const golden = JSON.parse(readFileSync(join(TINY_DIR, 'golden/golden.json'), 'utf8'));
const manifest = parseManifest(JSON.parse(readFileSync(join(TINY_DIR, 'manifest.json'), 'utf8')));
const modelBytes = new Uint8Array(readFileSync(join(TINY_DIR, 'model.onnx')));

describe.each<NodeRuntime>(['node', 'web-wasm'])('tiny model on %s', (runtime) => {
  it('reproduces the PyTorch golden outputs to the stated tolerance', async () => {
    const ort = await loadOrt(runtime);
    if (runtime === 'web-wasm') ort.env.wasm.numThreads = 1;
    const session = await createModelSession(ort, modelBytes, manifest, { executionProviders: [runtime === 'node' ? 'cpu' : 'wasm'] });
    try {
      for (const c of golden.cases) {
        const out = await session.run(readF32(join(TINY_DIR, 'golden', c.input.file)), c.input.shape);
        for (const key of ['logits', 'cam', 'attention'] as const) {
          const got = out[key]!;
          expect(got.dims).toEqual(c.outputs[key].shape);
          const ref = readF32(join(TINY_DIR, 'golden', c.outputs[key].file));
          // Raw CAM values reach ~13 and WASM's summation order differs from PyTorch's, so the tolerance
          // is relative to the output's magnitude (an absolute 1e-4 would demand 8-digit agreement there).
          const scale = Math.max(1, ...Array.from(ref, Math.abs));
          expect(maxAbsDiff(got.data, ref)).toBeLessThanOrEqual(golden.tolerance[key] * scale);
        }
      }
    } finally {
      await session.release();
    }
  });
});

describe('node engine', () => {
  it('gives the same probabilities and maps on onnxruntime-node and ORT-web WASM, batched or not', async () => {
    const slices = [syntheticSlice(0), syntheticSlice(2), syntheticSlice(4)];
    const rois = [{ x0: 20, y0: 24, x1: 40, y1: 44 }, null, { x0: 10, y0: 10, x1: 50, y1: 30 }];
    const a = createNodeEngine({ model: TINY_DIR, runtime: 'node', threads: 1 });
    const b = createNodeEngine({ model: TINY_DIR, runtime: 'web-wasm', threads: 1 });
    try {
      const ra = await a.run(slices, rois, { batchSize: 2 });
      const rb = await b.run(slices, rois, { batchSize: 3 });
      expect(ra.slices.map((s) => s.index)).toEqual([0, 1, 2]);
      expect(maxAbsDiff(ra.slices.map((s) => s.probability), rb.slices.map((s) => s.probability))).toBeLessThanOrEqual(1e-4);
      expect(maxAbsDiff(ra.slices[2].attention!.raw.values, rb.slices[2].attention!.raw.values)).toBeLessThanOrEqual(1e-4);
      // 20x20 ROI * 1.5 = 30 < minSizePx 64, so the crop is 64 px centred on (30, 34).
      expect(ra.slices[0].cam!.raw[1].imageRect).toEqual({ x: -2, y: 2, width: 64, height: 64 });
      expect(ra.slices[1].crop).toEqual({ x: 0, y: 0, width: 64, height: 64 });
      expect(ra.aggregate.probability).toBeCloseTo(ra.slices.reduce((s, x) => s + x.probability, 0) / 3, 12);
      expect(a.status().backend?.label).toBe('onnxruntime-node CPU, 1 thread');
      expect(b.status().backend?.label).toBe('ORT-web WASM in Node, 1 thread');
      expect(ra.timings.inferenceMs).toBeGreaterThan(0);
    } finally {
      await a.dispose();
      await b.dispose();
    }
  });
});

describe('bad models are refused with a clear error', () => {
  afterAll(removeAlteredModels);
  const loadErr = async (dir: string) => {
    const e = createNodeEngine({ model: dir, runtime: 'node', threads: 1 });
    try {
      await e.load();
    } catch (err) {
      expect(e.status().state).toBe('error');
      return err as Error;
    }
    throw new Error('load succeeded');
  };

  it('wrong hash names expected and actual', async () => {
    const err = await loadErr(alteredTinyModel({ bytes: (b) => { const c = Buffer.from(b); c[c.length - 10] ^= 0xff; return c; } }));
    expect(err).toBeInstanceOf(ModelIntegrityError);
    expect(err.message).toMatch(new RegExp(`expected ${manifest.file.sha256}, got [0-9a-f]{64}`));
  });

  it('truncated file names expected and actual size', async () => {
    const err = await loadErr(alteredTinyModel({ bytes: (b) => b.subarray(0, 1000) }));
    expect(err).toBeInstanceOf(ModelIntegrityError);
    expect(err.message).toMatch(new RegExp(`expected ${manifest.file.bytes} bytes, got 1000 \\(truncated`));
  });

  it('missing model file', async () => {
    const err = await loadErr(alteredTinyModel({ manifest: (m) => (m.file.url = 'nope.onnx') }));
    expect(err).toBeInstanceOf(ModelFetchError);
    expect(err.message).toMatch(/Model file not found at .*nope\.onnx/);
  });

  it('manifest input/output names that the graph does not have', async () => {
    const err = await loadErr(
      alteredTinyModel({
        manifest: (m) => {
          m.input.name = 'pixels';
          m.outputs.attention.name = 'gate';
        },
      }),
    );
    expect(err).toBeInstanceOf(ModelMismatchError);
    expect(err.message).toMatch(/missing input "pixels" \(graph inputs: input\); output attention "gate"/);
  });

  it('manifest output shapes that the graph does not produce (checked on the first run)', async () => {
    const e = createNodeEngine({ model: alteredTinyModel({ manifest: (m) => (m.outputs.cam.shape = ['N', 2, 14, 14]) }), runtime: 'node', threads: 1 });
    try {
      await expect(e.run([syntheticSlice(0)])).rejects.toThrow(OutputShapeError);
    } finally {
      await e.dispose();
    }
  });

  it('an unsupported image (RGB) is refused before inference', async () => {
    const e = createNodeEngine({ model: TINY_DIR, runtime: 'node', threads: 1 });
    try {
      await expect(e.run([{ ...syntheticSlice(0), samplesPerPixel: 3, photometricInterpretation: 'RGB' }])).rejects.toThrow(/Unsupported image type: RGB/);
    } finally {
      await e.dispose();
    }
  });
});
