/**
 * The prebuilt host ships compiled Tailwind: only the classes it used exist. We bring our own
 * prefixed CSS, themed through the host's CSS variables so the panel matches light/dark themes.
 */
const CSS = `
.pima-ipn-island { height: 100%; overflow: auto; }
.pima-panel { display: flex; flex-direction: column; gap: 10px; padding: 8px; font-size: 13px; color: hsl(var(--foreground, 0 0% 95%)); }
.pima-banner { background: hsl(38 92% 50% / 0.18); border: 1px solid hsl(38 92% 50% / 0.7); border-radius: 6px; padding: 6px 8px; font-weight: 600; }
.pima-section { border: 1px solid hsl(var(--border, 217 33% 25%)); border-radius: 6px; padding: 8px; }
.pima-section h3 { margin: 0 0 6px; font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: hsl(var(--muted-foreground, 215 20% 65%)); }
.pima-grid { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; margin: 0; }
.pima-grid dt { color: hsl(var(--muted-foreground, 215 20% 65%)); }
.pima-grid dd { margin: 0; word-break: break-word; }
.pima-muted { color: hsl(var(--muted-foreground, 215 20% 65%)); margin: 0; }
.pima-warning { color: hsl(38 92% 60%); margin: 6px 0 0; }
.pima-error { color: hsl(0 84% 65%); margin: 0; }
.pima-button { background: hsl(var(--primary, 210 90% 55%)); color: hsl(var(--primary-foreground, 0 0% 100%)); border: 0; border-radius: 4px; padding: 4px 10px; cursor: pointer; font: inherit; }
.pima-button:disabled { opacity: .5; cursor: default; }
.pima-row { display: flex; flex-wrap: wrap; gap: 6px; align-items: center; margin-top: 6px; }
.pima-toggle { display: inline-flex; gap: 4px; align-items: center; cursor: pointer; }
.pima-slider { display: flex; flex-direction: column; gap: 2px; margin-top: 6px; }
.pima-slider input { width: 100%; }
.pima-prompt { border-left: 3px solid hsl(var(--primary, 210 90% 55%)); padding-left: 6px; margin: 0; }
.pima-status { margin-top: 6px; }
.pima-progress { width: 100%; }
.pima-probability { font-size: 18px; margin: 0 0 4px; }
.pima-figure { margin: 8px 0 0; }
.pima-figure figcaption { font-size: 11px; color: hsl(var(--muted-foreground, 215 20% 65%)); }
.pima-legend-bar { height: 10px; border-radius: 2px; margin-top: 8px; }
.pima-legend-labels { display: flex; justify-content: space-between; gap: 6px; font-size: 11px; text-align: center; }
.pima-pre { white-space: pre-wrap; font-size: 11px; max-height: 160px; overflow: auto; }
.pima-textarea { width: 100%; margin-top: 6px; background: transparent; color: inherit; border: 1px solid hsl(var(--border, 217 33% 25%)); border-radius: 4px; font: inherit; }
.pima-link { color: hsl(var(--primary, 210 90% 55%)); }
.pima-panel select { background: hsl(var(--background, 222 47% 11%)); color: inherit; border: 1px solid hsl(var(--border, 217 33% 25%)); border-radius: 4px; font: inherit; }
.pima-button.secondary { background: hsl(var(--secondary, 217 33% 25%)); color: hsl(var(--secondary-foreground, 0 0% 95%)); }
`;

const STYLE_ID = 'pima-ipn-styles';

export function injectStyles(doc: Document = document): void {
  if (doc.getElementById(STYLE_ID)) return;
  const style = doc.createElement('style');
  style.id = STYLE_ID;
  style.textContent = CSS;
  doc.head.appendChild(style);
}
