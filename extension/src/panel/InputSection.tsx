import React from 'react';
import { NO_ROI_MESSAGE, runAnalysis } from '../analysis/analysisController';
import type { FoundRoi } from '../host/rectangleRoi';
import { analysisStore, type AnalysisState } from '../state/analysisStore';

export function InputSection({ state, roi, isCt }: { state: AnalysisState; roi: FoundRoi | null; isCt: boolean }) {
  const neighbours = state.manifest?.input.neighbours ?? 0;
  const r = roi?.roi;
  return (
    <section className="pima-section" data-testid="pima-input">
      <h3>Lesion box</h3>
      {r ? (
        <p data-testid="pima-roi">
          ROI {Math.round(r.x1 - r.x0)}×{Math.round(r.y1 - r.y0)} px at ({Math.round(r.x0)}, {Math.round(r.y0)})
        </p>
      ) : (
        <p className="pima-prompt" data-testid="pima-roi-prompt">{NO_ROI_MESSAGE}</p>
      )}
      {state.checks.map(c => (
        <p key={c.code} className={c.level === 'error' ? 'pima-error' : 'pima-warning'} data-testid={`pima-check-${c.code}`}>
          {c.level === 'error' ? 'Out of scope: ' : 'Warning: '}
          {c.message}
        </p>
      ))}
      <div className="pima-row">
        <button
          className="pima-button"
          data-testid="pima-run"
          disabled={state.running || !isCt}
          onClick={() => void runAnalysis()}
          title={`Runs the model on the ROI slice ± ${neighbours} neighbouring slice(s)`}
        >
          {state.running ? 'Running…' : `Run (ROI slice ± ${neighbours})`}
        </button>
        <label className="pima-toggle">
          <input
            type="checkbox"
            checked={state.autoRun}
            onChange={e => analysisStore.set({ autoRun: e.target.checked })}
            data-testid="pima-autorun"
          />
          Run on slice change
        </label>
      </div>
      {state.error && (
        <p className="pima-error" role="alert" data-testid="pima-error">
          {state.error}
        </p>
      )}
    </section>
  );
}
