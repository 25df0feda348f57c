import React from 'react';
import type { AnalysisState } from '../state/analysisStore';
import { ReferenceStrip, SliceChart } from './charts';

export function ResultSection({ state }: { state: AnalysisState }) {
  const { run, manifest } = state;
  if (!run) return null;
  const { aggregate, slices, timings, model } = run.result;
  const positive = manifest?.positiveClass ?? 'PIMA';
  const ref = manifest?.validation.referenceDistribution;
  const classes = manifest?.classes ?? ['IPN', 'PIMA'];
  return (
    <section className="pima-section" data-testid="pima-result">
      <h3>Result</h3>
      <p className="pima-probability">
        P({positive}) = <strong data-testid="pima-probability">{aggregate.probability.toFixed(3)}</strong>
      </p>
      <p data-testid="pima-class">
        Model output at threshold {aggregate.threshold}: <strong>{aggregate.predictedClass}-like</strong>
        {model.demo && <span className="pima-muted"> (demonstration model — not a diagnosis)</span>}
      </p>
      <p className="pima-muted">
        {aggregate.method} of {aggregate.slices} slice(s) · {model.id} v{model.version}
      </p>
      {ref && (
        <figure className="pima-figure">
          <figcaption>Where this case falls among the validation cohort's patients</figcaption>
          <ReferenceStrip
            dist={{ edges: ref.edges, counts: Object.fromEntries(classes.map(c => [c, (ref[c] as number[]) ?? []])) }}
            classes={classes}
            probability={aggregate.probability}
            threshold={aggregate.threshold}
          />
        </figure>
      )}
      <figure className="pima-figure">
        <figcaption>P({positive}) per slice</figcaption>
        <SliceChart points={slices.map((s, i) => ({ label: String(run.sliceIndices[i] + 1), p: s.probability }))} threshold={aggregate.threshold} />
      </figure>
      <p className="pima-muted" data-testid="pima-timings">
        {run.result.backend.name} · preprocess {timings.preprocessMs.toFixed(0)} ms · inference {timings.inferenceMs.toFixed(0)} ms ·
        postprocess {timings.postprocessMs.toFixed(0)} ms
        {run.clickToOverlayMs !== null && ` · click to overlay ${run.clickToOverlayMs} ms`}
      </p>
      {run.result.warnings.map(w => (
        <p key={w} className="pima-warning">{w}</p>
      ))}
    </section>
  );
}
