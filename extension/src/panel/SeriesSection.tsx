import React from 'react';
import type { ActiveSeries } from '../host/activeSeries';

export function SeriesSection({ series }: { series: ActiveSeries | null }) {
  if (!series) {
    return (
      <section className="pima-section" data-testid="pima-series-empty">
        <h3>Active series</h3>
        <p className="pima-muted">No series in the active viewport.</p>
      </section>
    );
  }
  const slice = series.sliceIndex === null ? '–' : `${series.sliceIndex + 1} / ${series.numImages}`;
  return (
    <section className="pima-section" data-testid="pima-series">
      <h3>Active series</h3>
      <dl className="pima-grid">
        <dt>Modality</dt>
        <dd data-testid="pima-series-modality">{series.modality}</dd>
        <dt>Description</dt>
        <dd data-testid="pima-series-description">{series.seriesDescription || '(none)'}</dd>
        <dt>Images</dt>
        <dd data-testid="pima-series-images">{series.numImages}</dd>
        <dt>Slice</dt>
        <dd data-testid="pima-series-slice">{slice}</dd>
      </dl>
      {series.modality !== 'CT' && (
        <p className="pima-warning" role="alert" data-testid="pima-series-warning">
          This series is {series.modality}, not CT: the model only accepts CT.
        </p>
      )}
    </section>
  );
}
