/**
 * Report figures as vega-lite specs, rendered to standalone SVG strings in Node (no canvas, no fonts
 * fetched, no external URLs). vega is ESM-only with top-level await, so it is loaded with a native
 * dynamic import that neither tsx nor ts-jest rewrites into require().
 */
import type * as VegaTypes from 'vega';
import type * as VegaLiteTypes from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';
import type { LevelEvaluation } from '../analysis';

const nativeImport = new Function('specifier', 'return import(specifier)') as <T>(specifier: string) => Promise<T>;

let libraries: Promise<{ vega: typeof VegaTypes; vl: typeof VegaLiteTypes }> | undefined;
function loadLibraries() {
  // Sequential on purpose: jest's ESM linker fails on two concurrent imports sharing dependencies.
  libraries ??= (async () => {
    const vega = await nativeImport<typeof VegaTypes>('vega');
    const vl = await nativeImport<typeof VegaLiteTypes>('vega-lite');
    return { vega, vl };
  })();
  return libraries;
}

export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const { vega, vl } = await loadLibraries();
  const view = new vega.View(vega.parse(vl.compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * vega numbers clip paths and gradients from 1 in every SVG, so several inlined figures would share ids
 * and clip each other; prefixing ids and their url(#…)/href="#…" references keeps them apart.
 */
export function prefixSvgIds(svg: string, prefix: string): string {
  return svg
    .replace(/\bid="([^"]+)"/g, (_m, id: string) => `id="${prefix}-${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_m, id: string) => `url(#${prefix}-${id})`)
    .replace(/href="#([^"]+)"/g, (_m, id: string) => `href="#${prefix}-${id}"`);
}

const MODEL_COLOURS = ['#4c78a8', '#f58518', '#54a24b', '#b279a2'];

const SIZE = { width: 340, height: 300 };
const unitAxis = (title: string) => ({ title, scale: { domain: [0, 1] }, axis: { tickCount: 5 } });

export interface ModelCurves {
  label: string;
  evaluation: LevelEvaluation;
}

/** ROC of every model at patient level, the first model's bootstrap band shaded, chance diagonal dashed. */
export function rocSpec(models: readonly ModelCurves[]): TopLevelSpec {
  const lines = models.flatMap((m) =>
    (m.evaluation.roc ?? []).map((p, order) => ({
      model: `${m.label} (AUC ${m.evaluation.auc ? m.evaluation.auc.value.toFixed(3) : 'n/a'})`,
      fpr: p.fpr,
      tpr: p.tpr,
      order,
    })),
  );
  const band = models[0]?.evaluation.rocBand;
  const bandValues = band ? band.fpr.map((f, k) => ({ fpr: f, lo: band.tprLower[k], hi: band.tprUpper[k] })) : [];
  return {
    ...SIZE,
    title: 'ROC (patient level)',
    layer: [
      {
        data: { values: bandValues },
        mark: { type: 'area', opacity: 0.2, color: '#4c78a8', interpolate: 'step-after' },
        encoding: { x: { field: 'fpr', type: 'quantitative', ...unitAxis('1 − specificity') }, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' } },
      },
      {
        data: { values: [{ x: 0, y: 0 }, { x: 1, y: 1 }] },
        mark: { type: 'line', strokeDash: [4, 4], color: '#999' },
        encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
      },
      {
        data: { values: lines },
        mark: { type: 'line' },
        encoding: {
          x: { field: 'fpr', type: 'quantitative', ...unitAxis('1 − specificity') },
          y: { field: 'tpr', type: 'quantitative', ...unitAxis('Sensitivity') },
          order: { field: 'order', type: 'quantitative' },
          color: { field: 'model', type: 'nominal', legend: { orient: 'bottom-right', title: null, labelLimit: 320 } },
        },
      },
    ],
  };
}

/** Binned observed fraction (with Wilson bars), the loess smooth and the isotonic fit against the ideal diagonal. */
export function calibrationSpec(models: readonly ModelCurves[]): TopLevelSpec {
  const points = models.flatMap((m) =>
    m.evaluation.calibration.bins.map((b) => ({ model: m.label, predicted: b.meanPredicted, observed: b.observed, lo: b.observedCi[0], hi: b.observedCi[1], n: b.n })),
  );
  const isotonic = models.flatMap((m) =>
    m.evaluation.calibration.isotonic.flatMap((s, k) => [
      { model: m.label, predicted: s.from, observed: s.value, order: 2 * k },
      { model: m.label, predicted: s.to, observed: s.value, order: 2 * k + 1 },
    ]),
  );
  const loess = models.flatMap((m) => m.evaluation.calibration.loess.map((s) => ({ model: m.label, predicted: s.predicted, observed: s.observed })));
  const color = { field: 'model', type: 'nominal' as const, legend: { orient: 'top-left' as const, title: null } };
  return {
    ...SIZE,
    title: 'Calibration (patient level): bins ± Wilson 95% CI, loess smooth (solid), isotonic fit (dotted)',
    layer: [
      {
        data: { values: [{ x: 0, y: 0 }, { x: 1, y: 1 }] },
        mark: { type: 'line', strokeDash: [4, 4], color: '#999' },
        encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } },
      },
      {
        data: { values: loess },
        mark: { type: 'line', strokeWidth: 2 },
        encoding: {
          x: { field: 'predicted', type: 'quantitative', ...unitAxis('Predicted P(PIMA)') },
          y: { field: 'observed', type: 'quantitative', ...unitAxis('Observed fraction PIMA') },
          color,
        },
      },
      {
        data: { values: isotonic },
        mark: { type: 'line', opacity: 0.7, strokeDash: [2, 2] },
        encoding: {
          x: { field: 'predicted', type: 'quantitative', ...unitAxis('Predicted P(PIMA)') },
          y: { field: 'observed', type: 'quantitative', ...unitAxis('Observed fraction PIMA') },
          order: { field: 'order', type: 'quantitative' },
          color,
        },
      },
      {
        data: { values: points },
        layer: [
          { mark: { type: 'rule' }, encoding: { x: { field: 'predicted', type: 'quantitative' }, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color } },
          { mark: { type: 'point', filled: true }, encoding: { x: { field: 'predicted', type: 'quantitative' }, y: { field: 'observed', type: 'quantitative' }, size: { field: 'n', type: 'quantitative', legend: null }, color } },
        ],
      },
    ],
  };
}

/** Net benefit of each model against treat-all and treat-none. */
export function decisionCurveSpec(models: readonly ModelCurves[]): TopLevelSpec {
  const first = models[0]?.evaluation.decisionCurve ?? [];
  const values = [
    ...models.flatMap((m) => m.evaluation.decisionCurve.map((p) => ({ strategy: m.label, threshold: p.threshold, netBenefit: p.model }))),
    ...first.map((p) => ({ strategy: 'Treat all', threshold: p.threshold, netBenefit: p.treatAll })),
    ...first.map((p) => ({ strategy: 'Treat none', threshold: p.threshold, netBenefit: 0 })),
  ];
  // Net benefit never exceeds the prevalence (treat-all at threshold 0), so that bounds the axis.
  const top = Math.max(0.05, ...values.map((v) => v.netBenefit));
  return {
    ...SIZE,
    title: 'Decision curve (patient level)',
    data: { values: values.filter((v) => v.netBenefit >= -0.05) },
    mark: { type: 'line', clip: true },
    encoding: {
      x: { field: 'threshold', type: 'quantitative', title: 'Threshold probability', scale: { domain: [0, 1] } },
      y: { field: 'netBenefit', type: 'quantitative', title: 'Net benefit', scale: { domain: [-0.05, top] } },
      color: {
        field: 'strategy',
        type: 'nominal',
        // Reference strategies in neutral greys so the models' colours stand out.
        scale: { domain: [...models.map((m) => m.label), 'Treat all', 'Treat none'], range: [...MODEL_COLOURS.slice(0, models.length), '#888888', '#222222'] },
        legend: { orient: 'top-right', title: null, labelLimit: 320 },
      },
      strokeDash: { condition: { test: "datum.strategy === 'Treat all' || datum.strategy === 'Treat none'", value: [4, 3] }, value: [1, 0] },
    },
  };
}

/** Counts of patient probabilities per class in ten bins. */
export function histogramSpec(evaluation: LevelEvaluation, title: string): TopLevelSpec {
  const h = evaluation.histogram;
  const values = (['IPN', 'PIMA'] as const).flatMap((cls) =>
    h[cls].map((count, k) => ({ class: cls, from: h.edges[k], to: h.edges[k + 1], count })),
  );
  return {
    width: 300,
    height: 120,
    title,
    data: { values },
    facet: { row: { field: 'class', type: 'nominal', title: null } },
    spec: {
      width: 300,
      height: 110,
      mark: { type: 'rect', stroke: 'white' },
      encoding: {
        x: { field: 'from', type: 'quantitative', title: 'P(PIMA)', scale: { domain: [0, 1] } },
        x2: { field: 'to' },
        y: { field: 'count', type: 'quantitative', title: 'Count' },
        color: { field: 'class', type: 'nominal', scale: { domain: ['IPN', 'PIMA'], range: ['#54a24b', '#e45756'] }, legend: null },
      },
    },
  } as TopLevelSpec;
}

/** 2×2 confusion matrix heat map with counts. */
export function confusionSpec(evaluation: LevelEvaluation, title: string): TopLevelSpec {
  const cm = evaluation.atCardThreshold.confusion;
  const values = [
    { truth: 'PIMA', predicted: 'PIMA', count: cm.tp },
    { truth: 'PIMA', predicted: 'IPN', count: cm.fn },
    { truth: 'IPN', predicted: 'PIMA', count: cm.fp },
    { truth: 'IPN', predicted: 'IPN', count: cm.tn },
  ];
  const axis = (field: string, title: string) => ({ field, type: 'nominal' as const, title, sort: ['PIMA', 'IPN'] });
  return {
    width: 200,
    height: 200,
    title,
    data: { values },
    encoding: { x: axis('predicted', 'Predicted'), y: axis('truth', 'Reference standard') },
    layer: [
      { mark: 'rect', encoding: { color: { field: 'count', type: 'quantitative', scale: { scheme: 'blues' }, legend: null } } },
      { mark: { type: 'text', fontSize: 18 }, encoding: { text: { field: 'count', type: 'quantitative' } } },
    ],
  };
}
