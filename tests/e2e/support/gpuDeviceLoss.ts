/**
 * Simulated GPU device loss for the inference worker: records every GPUDevice the worker requests (ORT creates
 * its own) so a test can destroy them, which is what a driver reset or GPU process crash looks like to WebGPU.
 */
import type { Page, Worker } from 'playwright-core';

const RECORD_DEVICES =
  "(() => { if (!self.GPUAdapter) return 'no WebGPU'; const orig = GPUAdapter.prototype.requestDevice; self.__pimaDevices = []; " +
  'GPUAdapter.prototype.requestDevice = function (...a) { return orig.apply(this, a).then(d => { self.__pimaDevices.push(d); return d; }); }; return \'recording\'; })()';

export interface DeviceLossControl {
  /** Resolves once every inference worker seen so far records its devices. */
  recording(): Promise<void>;
  /** Destroys the devices of every live inference worker; the number destroyed. */
  destroyAll(): Promise<number>;
}

export function controlInferenceDevices(page: Page): DeviceLossControl {
  const workers: Worker[] = [];
  const patched: Promise<unknown>[] = [];
  page.on('worker', (wk) => {
    // Only our inference worker: ORT's pthread workers sit in Atomics.wait and never answer an evaluate.
    if (!/pima-ipn-inference/.test(wk.url())) return;
    workers.push(wk);
    patched.push(wk.evaluate(RECORD_DEVICES).catch(() => 'gone'));
  });
  const withTimeout = <T>(p: Promise<T>, fallback: T, ms = 5_000) =>
    Promise.race([p, new Promise<T>((r) => setTimeout(() => r(fallback), ms))]);
  return {
    recording: async () => {
      await Promise.all(patched);
    },
    destroyAll: async () => {
      let n = 0;
      for (const wk of workers)
        n += await withTimeout(wk.evaluate('(self.__pimaDevices || []).map(d => d.destroy()).length').then(Number).catch(() => 0), 0);
      return n;
    },
  };
}
