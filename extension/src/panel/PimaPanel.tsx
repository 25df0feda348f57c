import React from 'react';
import { activeDataSourceSupportsStore } from '../host/dataSource';
import { InputSection } from './InputSection';
import { ModelSection } from './ModelSection';
import { OverlaySection } from './OverlaySection';
import { ResultSection } from './ResultSection';
import { ReviewSection } from './ReviewSection';
import { SeriesSection } from './SeriesSection';
import { useAnalysisState } from './useAnalysisState';
import { usePanelState } from './usePanelState';

export function PimaPanel() {
  const { series, roi, hostError } = usePanelState();
  const analysis = useAnalysisState();
  const demo = analysis.manifest?.demo ?? true;
  return (
    <div className="pima-panel" data-testid="pima-panel">
      <div className="pima-banner" role="note" data-testid="pima-banner">
        {demo
          ? 'Research use only — demonstration model trained on synthetic phantoms. Not for clinical use.'
          : 'Research use only — not a medical device. Not for clinical use.'}
      </div>
      {hostError && (
        <p className="pima-error" role="alert" data-testid="pima-host-error">
          {hostError}
        </p>
      )}
      <SeriesSection series={series} />
      <ModelSection state={analysis} />
      <InputSection state={analysis} roi={roi} isCt={series?.modality === 'CT'} />
      {analysis.run && series && analysis.run.seriesInstanceUID !== series.seriesInstanceUID && (
        <p className="pima-warning" role="note" data-testid="pima-result-other-series">
          The result below is for another series (the one the ROI was drawn on); its heat map shows only on that series.
        </p>
      )}
      <ResultSection state={analysis} />
      <OverlaySection state={analysis} />
      <ReviewSection state={analysis} canStore={activeDataSourceSupportsStore()} />
    </div>
  );
}
