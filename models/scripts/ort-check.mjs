// Parity (against a model folder's golden/) and speed of an ONNX file in onnxruntime-node (CPU EP)
// and onnxruntime-web (wasm EP, in Node). Python has no onnxruntime here, so the numbers for the
// model cards come from this script:
//   node models/scripts/ort-check.mjs models/<id> [other.onnx ...] [--threads 2] [--runs 5]
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ortNode = require('onnxruntime-node');
const ortWeb = await import('onnxruntime-web');

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args.splice(i, 2)[1]) : def;
};
const threads = opt('--threads', 2);
const runs = opt('--runs', 5);
const [dir, ...extra] = args;
const golden = JSON.parse(readFileSync(join(dir, 'golden', 'golden.json'), 'utf8'));
const f32 = (p) => {
  const b = readFileSync(p);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};
ortWeb.env.wasm.numThreads = threads;

async function check(label, ort, ep, file) {
  const opts = ep === 'cpu' ? { executionProviders: ['cpu'], intraOpNumThreads: threads } : { executionProviders: ['wasm'] };
  const t0 = performance.now();
  const s = await ort.InferenceSession.create(readFileSync(file), opts);
  const createMs = performance.now() - t0;
  const res = { label, file, bytes: readFileSync(file).byteLength, createMs: Math.round(createMs), maxAbsDiff: {} };
  for (const c of golden.cases) {
    const x = f32(join(dir, 'golden', c.input.file));
    const out = await s.run({ input: new ort.Tensor('float32', x, c.input.shape) });
    for (const [name, spec] of Object.entries(c.outputs)) {
      const ref = f32(join(dir, 'golden', spec.file));
      let m = 0;
      for (let i = 0; i < ref.length; i++) m = Math.max(m, Math.abs(ref[i] - out[name].data[i]));
      res.maxAbsDiff[`${c.name}.${name}`] = m;
    }
  }
  const size = golden.cases[0].input.shape[2];
  const one = new ort.Tensor('float32', new Float32Array(3 * size * size).fill(0.1), [1, 3, size, size]);
  const times = [];
  for (let i = 0; i < runs + 1; i++) {
    const t = performance.now();
    await s.run({ input: one });
    if (i > 0) times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  res.b1MedianMs = Math.round(times[Math.floor(times.length / 2)] * 10) / 10;
  await s.release();
  return res;
}

const files = [resolve(dir, 'golden', golden.model), ...extra];
for (const f of files) {
  for (const [label, ort, ep] of [['onnxruntime-node', ortNode, 'cpu'], ['onnxruntime-web-wasm', ortWeb, 'wasm']]) {
    console.log(JSON.stringify(await check(label, ort, ep, f)));
  }
}
