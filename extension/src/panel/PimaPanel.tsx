import React from 'react';
import { SeriesSection } from './SeriesSection';
import { usePanelState } from './usePanelState';

export function PimaPanel() {
  const { series, hostError } = usePanelState();
  return (
    <div className="pima-panel" data-testid="pima-panel">
      <div className="pima-banner" role="note" data-testid="pima-banner">
        Research use only — demonstration model trained on synthetic phantoms. Not for clinical use.
      </div>
      {hostError && (
        <p className="pima-error" role="alert" data-testid="pima-host-error">
          {hostError}
        </p>
      )}
      <SeriesSection series={series} />
    </div>
  );
}
