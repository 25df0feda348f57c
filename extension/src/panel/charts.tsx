/**
 * Two small SVG charts drawn from data, no library: where this case's P(PIMA) falls in the validation
 * cohort's distribution (with the decision threshold), and the per-slice probabilities.
 */
import React from 'react';

export interface ReferenceDistribution {
  edges: number[];
  counts: Record<string, number[]>;
}

const COLORS = ['hsl(200 80% 60%)', 'hsl(28 90% 60%)'];

export function ReferenceStrip({ dist, classes, probability, threshold }: { dist: ReferenceDistribution; classes: string[]; probability: number; threshold: number }) {
  const width = 240;
  const height = 64;
  const { edges } = dist;
  const bins = edges.length - 1;
  const max = Math.max(1, ...classes.flatMap(c => dist.counts[c] ?? []));
  const x = (v: number) => 4 + ((v - edges[0]) / (edges[bins] - edges[0])) * (width - 8);
  const barW = (width - 8) / bins / classes.length;
  return (
    <svg width={width} height={height + 14} role="img" aria-label="Validation cohort distribution of P(PIMA)" data-testid="pima-reference-strip">
      {classes.map((c, ci) =>
        (dist.counts[c] ?? []).map((n, i) => {
          const h = (n / max) * (height - 6);
          return <rect key={`${c}${i}`} x={x(edges[i]) + ci * barW} y={height - h} width={Math.max(1, barW - 1)} height={h} fill={COLORS[ci % 2]} opacity={0.8} />;
        })
      )}
      <line x1={x(threshold)} x2={x(threshold)} y1={0} y2={height} stroke="white" strokeDasharray="3 2" />
      <path d={`M${x(probability) - 5} 0 L${x(probability) + 5} 0 L${x(probability)} 8 Z`} fill="hsl(0 90% 65%)" data-testid="pima-reference-marker" />
      <text x={4} y={height + 12} fontSize={10} fill="currentColor">0</text>
      <text x={width - 10} y={height + 12} fontSize={10} fill="currentColor">1</text>
      {classes.map((c, ci) => (
        <text key={c} x={40 + ci * 70} y={height + 12} fontSize={10} fill={COLORS[ci % 2]}>■ {c}</text>
      ))}
    </svg>
  );
}

export function SliceChart({ points, threshold }: { points: Array<{ label: string; p: number }>; threshold: number }) {
  const width = 240;
  const height = 60;
  const barW = Math.min(28, (width - 8) / Math.max(1, points.length));
  return (
    <svg width={width} height={height + 14} role="img" aria-label="Per-slice probability" data-testid="pima-slice-chart">
      <line x1={0} x2={width} y1={height - threshold * height} y2={height - threshold * height} stroke="white" strokeDasharray="3 2" />
      {points.map((pt, i) => (
        <g key={pt.label}>
          <rect x={4 + i * barW} y={height - pt.p * height} width={barW - 3} height={pt.p * height} fill={pt.p >= threshold ? COLORS[1] : COLORS[0]}>
            <title>{`${pt.label}: ${pt.p.toFixed(3)}`}</title>
          </rect>
          <text x={4 + i * barW} y={height + 11} fontSize={9} fill="currentColor">{pt.label}</text>
        </g>
      ))}
    </svg>
  );
}
