/**
 * One Node backend measured in its own process (ORT-web's WASM thread count is fixed once per process, and
 * the peak RSS should be this backend's alone). Prints one JSON BackendMeasurement on stdout.
 * Usage: tsx tools/bench/nodeBackend.ts --model DIR --runtime node|web-wasm --threads N --iterations N
 */
import { parseArgs } from 'node:util';
import { createNodeEngine, type NodeRuntime } from '../../extension/src/runtime/node/nodeEngine';
import { benchInputs } from './inputs';
import type { BackendMeasurement } from './stats';
import { warmUp } from './warmUp';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { model: { type: 'string' }, runtime: { type: 'string' }, threads: { type: 'string' }, iterations: { type: 'string' } },
  });
  const runtime = (values.runtime ?? 'node') as NodeRuntime;
  const threads = Number(values.threads ?? 1);
  const iterations = Number(values.iterations ?? 5);
  const model = values.model as string;
  const t0 = performance.now();
  const cold = createNodeEngine({ model, runtime, threads });
  await cold.load();
  const loadColdMs = performance.now() - t0;
  await cold.dispose();
  const t1 = performance.now();
  const engine = createNodeEngine({ model, runtime, threads });
  const status = await engine.load();
  const loadCachedMs = performance.now() - t1;
  const { slices, rois } = benchInputs(5);
  const { firstRunMs, warmupRuns } = await warmUp(async () => (await engine.run(slices.slice(0, 1), rois.slice(0, 1))).timings.inferenceMs);
  const runs: BackendMeasurement['runs'] = { '1': [], '5': [] };
  for (const b of [1, 5])
    for (let i = 0; i < iterations; i++) runs[String(b)].push((await engine.run(slices.slice(0, b), rois.slice(0, b), { batchSize: b })).timings);
  await engine.dispose();
  const out: BackendMeasurement = {
    backend: runtime === 'node' ? 'onnxruntime-node' : 'ort-web wasm (Node)',
    label: status.backend?.label ?? runtime,
    threads,
    loadColdMs,
    loadCachedMs,
    cachedFrom: 'second load in the same process (OS file cache)',
    firstRunMs,
    warmupRuns,
    runs,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((e) => {
  process.stdout.write(`${JSON.stringify({ error: String((e as Error)?.stack ?? e) })}\n`);
  process.exit(1);
});
