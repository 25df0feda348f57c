/** The copyable diagnostics block: what a bug report about a run needs, and nothing about the patient. */
import { hostVersions } from '../host/hostContext';
import { EXTENSION_VERSION } from '../id';
import type { ProbeFacts } from '../runtime';
import { analysisStore } from '../state/analysisStore';

function gpuLine(probe: ProbeFacts | null, nav: Navigator | undefined): string {
  if (!probe) return nav && 'gpu' in nav ? 'navigator.gpu present (not probed yet: load the model)' : 'absent';
  const { api, adapter, error } = probe.webgpu;
  if (!api) return 'absent';
  if (!adapter) return `no adapter${error ? ` (${error})` : ''}`;
  const name = [adapter.vendor, adapter.architecture, adapter.description].filter(Boolean).join(' ') || 'unnamed';
  return `${name}${adapter.isFallbackAdapter ? ' [fallback adapter]' : ''}; features: ${adapter.features.join(', ') || 'none'}`;
}

export function diagnosticsText(): string {
  const { engine, run, manifest, probe } = analysisStore.get();
  const nav = typeof navigator !== 'undefined' ? navigator : undefined;
  const lines = [
    `extension: @pima-ipn/ohif-extension ${EXTENSION_VERSION}`,
    `browser: ${nav?.userAgent ?? 'unknown'}`,
    `crossOriginIsolated: ${typeof crossOriginIsolated !== 'undefined' ? crossOriginIsolated : 'unknown'}`,
    `hardwareConcurrency: ${nav?.hardwareConcurrency ?? 'unknown'}`,
    `host: ${hostVersions()}`,
    `webgpu: ${gpuLine(probe, nav)}`,
    `webnn: ${probe ? (probe.webnn.api ? (probe.webnn.contexts.length ? `contexts ${probe.webnn.contexts.join(', ')}` : `no context${probe.webnn.error ? ` (${probe.webnn.error})` : ''}`) : 'absent') : 'not probed yet'}`,
    `runtime: ${engine?.runtimeVersion ?? 'not loaded'}`,
    `model: ${manifest ? `${manifest.id} ${manifest.version} sha256=${manifest.file.sha256}` : 'none'}`,
    `engine: ${engine?.state ?? 'not loaded'}`,
    `backend: ${engine?.backend ? `${engine.backend.label} (${engine.backend.reason}), threads=${engine.backend.threads}` : 'n/a'}`,
    `load: ${engine?.loadMs !== undefined ? `${Math.round(engine.loadMs)} ms${engine.fromCache ? ' (cache)' : ''}` : 'n/a'}`,
  ];
  if (run) {
    const t = run.result.timings;
    lines.push(
      `last run: ${run.result.slices.length} slices, preprocess ${t.preprocessMs.toFixed(1)} ms, inference ${t.inferenceMs.toFixed(1)} ms, postprocess ${t.postprocessMs.toFixed(1)} ms, click-to-overlay ${run.clickToOverlayMs ?? '–'} ms`
    );
  }
  if (engine?.warnings?.length) lines.push(`warnings: ${engine.warnings.join(' | ')}`);
  return lines.join('\n');
}
