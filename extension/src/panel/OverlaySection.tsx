import React from 'react';
import { requestOverlayRender } from '../host/overlayRender';
import { COLORMAPS, legendGradient, type ColormapName } from '../overlay/colormap';
import { analysisStore, type AnalysisState, type MapKind, type OverlaySettings } from '../state/analysisStore';

function update(patch: Partial<OverlaySettings>): void {
  analysisStore.set(s => ({ overlay: { ...s.overlay, ...patch } }));
  void requestOverlayRender();
}

export function OverlaySection({ state }: { state: AnalysisState }) {
  if (!state.run) return null;
  const { overlay, manifest } = state;
  const positive = manifest?.positiveClass ?? 'PIMA';
  const negative = manifest?.classes.find(c => c !== positive) ?? 'IPN';
  const hasAttention = Boolean(state.run.result.slices[0]?.attention);
  return (
    <section className="pima-section" data-testid="pima-overlay">
      <h3>Heat map</h3>
      <div className="pima-row">
        <label className="pima-toggle">
          <input type="checkbox" checked={overlay.visible} onChange={e => update({ visible: e.target.checked })} data-testid="pima-overlay-visible" />
          Show (Shift+H)
        </label>
        <select value={overlay.map} onChange={e => update({ map: e.target.value as MapKind })} data-testid="pima-overlay-map">
          <option value="cam-positive">CAM for {positive}</option>
          <option value="cam-negative">CAM for {negative}</option>
          {hasAttention && <option value="attention">DAS attention</option>}
        </select>
      </div>
      <label className="pima-slider">
        Opacity {overlay.opacity.toFixed(2)}
        <input type="range" min={0} max={1} step={0.05} value={overlay.opacity} onChange={e => update({ opacity: Number(e.target.value) })} data-testid="pima-overlay-opacity" />
      </label>
      <label className="pima-slider">
        Hide below {overlay.threshold.toFixed(2)}
        <input type="range" min={0} max={0.95} step={0.05} value={overlay.threshold} onChange={e => update({ threshold: Number(e.target.value) })} data-testid="pima-overlay-threshold" />
      </label>
      <div className="pima-row">
        <select value={overlay.colormap} onChange={e => update({ colormap: e.target.value as ColormapName })} data-testid="pima-overlay-colormap">
          {COLORMAPS.map(c => (
            <option key={c} value={c}>{c}</option>
          ))}
        </select>
        <select value={overlay.style} onChange={e => update({ style: e.target.value as 'fill' | 'outline' })} data-testid="pima-overlay-style">
          <option value="fill">Fill</option>
          <option value="outline">Outline (iso-contour)</option>
        </select>
      </div>
      <div className="pima-legend" data-testid="pima-legend">
        <div className="pima-legend-bar" style={{ background: legendGradient(overlay.colormap) }} />
        <div className="pima-legend-labels">
          <span>low</span>
          <span>normalised evidence (0–1), not probability</span>
          <span>high</span>
        </div>
        <p className="pima-muted">
          {overlay.map === 'attention'
            ? 'DAS attention: where the last spatial gate of the network looked, whatever the class.'
            : `Class activation map: image regions whose features pushed the score towards ${overlay.map === 'cam-positive' ? positive : negative}; scaled to the slice's maximum.`}
        </p>
      </div>
    </section>
  );
}
