/** The copyable diagnostics block: what a bug report about a run needs, and nothing about the patient. */
import { EXTENSION_VERSION } from '../id';
import { analysisStore } from '../state/analysisStore';

export function diagnosticsText(): string {
  const { engine, run, manifest } = analysisStore.get();
  const nav = typeof navigator !== 'undefined' ? navigator : undefined;
  const lines = [
    `extension: @pima-ipn/ohif-extension ${EXTENSION_VERSION}`,
    `browser: ${nav?.userAgent ?? 'unknown'}`,
    `crossOriginIsolated: ${typeof crossOriginIsolated !== 'undefined' ? crossOriginIsolated : 'unknown'}`,
    `hardwareConcurrency: ${nav?.hardwareConcurrency ?? 'unknown'}`,
    `webgpu: ${nav && 'gpu' in nav ? 'navigator.gpu present' : 'absent'}`,
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
