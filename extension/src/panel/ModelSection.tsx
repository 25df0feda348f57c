import React, { useState } from 'react';
import { cardUrl, clearCachedModel, loadModel } from '../analysis/analysisController';
import type { AnalysisState } from '../state/analysisStore';
import { diagnosticsText } from './diagnostics';

export function ModelSection({ state }: { state: AnalysisState }) {
  const { manifest, engine, progress, manifestError } = state;
  const [copied, setCopied] = useState(false);
  const loading = engine?.state === 'loading';
  const pct = progress && progress.total ? Math.round((100 * progress.loaded) / progress.total) : null;
  const card = cardUrl();
  return (
    <section className="pima-section" data-testid="pima-model">
      <h3>Model</h3>
      {manifestError && !manifest && <p className="pima-error" role="alert">{manifestError}</p>}
      {manifest && (
        <dl className="pima-grid">
          <dt>Name</dt>
          <dd data-testid="pima-model-name">{manifest.name}</dd>
          <dt>Version</dt>
          <dd>{manifest.id} v{manifest.version}</dd>
          <dt>Trained on</dt>
          <dd>{String(manifest.training?.data ?? 'not stated')}</dd>
          <dt>Threshold</dt>
          <dd>{manifest.threshold.value} ({manifest.threshold.method})</dd>
        </dl>
      )}
      {card && (
        <a href={card} target="_blank" rel="noreferrer" className="pima-link" data-testid="pima-card-link">
          Full model card
        </a>
      )}
      <div className="pima-status" data-testid="pima-model-status">
        Status: {engine?.state ?? 'not loaded'}
        {engine?.backend && (
          <span data-testid="pima-backend">
            {' '}· {engine.backend.reason}
          </span>
        )}
        {engine?.fromCache && ' · from cache'}
      </div>
      {loading && (
        <progress className="pima-progress" max={100} value={pct ?? undefined} data-testid="pima-progress">
          {pct ?? ''}%
        </progress>
      )}
      {engine?.backend?.note && <p className="pima-warning">{engine.backend.note}</p>}
      {engine?.warnings?.map(w => (
        <p key={w} className="pima-warning">{w}</p>
      ))}
      {engine?.error && <p className="pima-error" role="alert">{engine.error}</p>}
      <div className="pima-row">
        <button className="pima-button secondary" onClick={() => void loadModel()} disabled={loading} data-testid="pima-load">
          {engine?.state === 'ready' ? 'Reload model' : 'Load model'}
        </button>
        <button className="pima-button secondary" onClick={() => void clearCachedModel()} data-testid="pima-clear-cache">
          Clear model cache
        </button>
        <button
          className="pima-button secondary"
          onClick={() => {
            void navigator.clipboard?.writeText(diagnosticsText()).then(() => setCopied(true));
          }}
        >
          {copied ? 'Copied' : 'Copy diagnostics'}
        </button>
      </div>
      <details>
        <summary>Diagnostics</summary>
        <pre className="pima-pre" data-testid="pima-diagnostics">{diagnosticsText()}</pre>
      </details>
    </section>
  );
}
