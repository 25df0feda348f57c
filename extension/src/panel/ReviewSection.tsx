import React from 'react';
import { saveReport, downloadResultJson } from '../export/saveReport';
import { analysisStore, type AnalysisState } from '../state/analysisStore';

function setReview(decision: 'accepted' | 'rejected' | null, comment?: string) {
  analysisStore.set(s =>
    s.run
      ? { run: { ...s.run, review: { decision, comment: comment ?? s.run.review.comment, at: new Date().toISOString() } } }
      : {}
  );
}

export function ReviewSection({ state, canStore }: { state: AnalysisState; canStore: boolean }) {
  const { run, lastSaved } = state;
  const [busy, setBusy] = React.useState(false);
  const [message, setMessage] = React.useState<string | null>(null);
  if (!run) return null;
  const act = (fn: () => Promise<unknown> | unknown, done: string) => async () => {
    setBusy(true);
    setMessage(null);
    try {
      await fn();
      setMessage(done);
    } catch (error) {
      setMessage(`Failed: ${(error as Error).message}`);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="pima-section" data-testid="pima-review">
      <h3>Review and save</h3>
      <div className="pima-row">
        <button
          className={`pima-button ${run.review.decision === 'accepted' ? '' : 'secondary'}`}
          onClick={() => setReview(run.review.decision === 'accepted' ? null : 'accepted')}
          data-testid="pima-accept"
          aria-pressed={run.review.decision === 'accepted'}
        >
          Accept
        </button>
        <button
          className={`pima-button ${run.review.decision === 'rejected' ? '' : 'secondary'}`}
          onClick={() => setReview(run.review.decision === 'rejected' ? null : 'rejected')}
          data-testid="pima-reject"
          aria-pressed={run.review.decision === 'rejected'}
        >
          Reject
        </button>
      </div>
      <textarea
        className="pima-textarea"
        placeholder="Optional comment (stored with the result)"
        value={run.review.comment}
        onChange={e => setReview(run.review.decision, e.target.value)}
        data-testid="pima-comment"
        rows={2}
      />
      <div className="pima-row">
        <button className="pima-button" disabled={busy || !canStore} onClick={act(() => saveReport('dataSource'), 'Saved as DICOM SR to the server.')} data-testid="pima-save-sr" title={canStore ? 'STOW-RS to the active data source' : 'The active data source cannot store'}>
          Save SR
        </button>
        <button className="pima-button secondary" disabled={busy} onClick={act(() => saveReport('download'), 'SR downloaded.')} data-testid="pima-download-sr">
          Download SR
        </button>
        <button className="pima-button secondary" disabled={busy} onClick={act(() => downloadResultJson(), 'JSON downloaded.')} data-testid="pima-download-json">
          JSON
        </button>
      </div>
      {message && <p className={message.startsWith('Failed') ? 'pima-error' : 'pima-muted'} data-testid="pima-save-message">{message}</p>}
      {lastSaved && <p className="pima-muted">Last saved ({lastSaved.kind}) at {lastSaved.at.slice(11, 19)}</p>}
    </section>
  );
}
