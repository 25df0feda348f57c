/**
 * Every number of a validation run, computed from per-patient results with the metrics library.
 * Patient level is primary (one aggregated probability per patient); slice level is secondary and
 * treats slices as independent, which understates its CIs because slices of a patient are correlated.
 */
import {
  aucDeLong,
  BinaryLabel,
  binnedCalibration,
  bootstrapAucCi,
  bootstrapRocBand,
  brierScore,
  classificationMetrics,
  ClassificationMetrics,
  decisionCurve,
  DecisionCurvePoint,
  DEFAULT_RESAMPLES,
  DEFAULT_SEED,
  isotonicCalibration,
  loessCalibration,
  logisticRecalibration,
  pairedDeLong,
  PairedDeLong,
  rocCurve,
} from '../../extension/src/core/metrics';
import type { CalibrationBin, IsotonicStep, Interval, LogisticRecalibration, RocBand, SmoothPoint, YoudenResult } from '../../extension/src/core/metrics';

export interface PatientScore {
  patientId: string;
  label: BinaryLabel;
  /** Aggregated P(PIMA) of the patient. */
  probability: number;
  sliceProbabilities: number[];
}

export interface ThresholdChoice {
  /** From the model card (manifest.threshold). */
  card: { value: number; method: string };
  /** Youden-optimal on a separate tuning cohort; absent when no tuning cohort was given. */
  youden?: YoudenResult & { tuningPatients: number };
}

export interface AucSummary {
  value: number;
  delong: { ci: Interval; se: number };
  bootstrap: { ci: Interval; resamples: number; seed: number; method: string };
}

export interface LevelEvaluation {
  level: 'patient' | 'slice';
  n: number;
  positives: number;
  negatives: number;
  /** Null when the cohort lacks one of the classes (the AUC is undefined); `notes` says so. */
  auc: AucSummary | null;
  atCardThreshold: ClassificationMetrics;
  atYoudenThreshold?: ClassificationMetrics;
  roc: { fpr: number; tpr: number; threshold: number | null }[] | null;
  rocBand: RocBand | null;
  calibration: {
    bins: CalibrationBin[];
    isotonic: IsotonicStep[];
    /** Loess (local linear, tricube, span 0.75) smooth of outcome on predicted probability. */
    loess: SmoothPoint[];
    recalibration: LogisticRecalibration | null;
    brier: number;
  };
  decisionCurve: DecisionCurvePoint[];
  histogram: { edges: number[]; PIMA: number[]; IPN: number[] };
  notes: string[];
}

export interface ModelEvaluation {
  modelId: string;
  thresholds: ThresholdChoice;
  patient: LevelEvaluation;
  slice: LevelEvaluation;
}

export interface AnalysisOptions {
  resamples?: number;
  seed?: number;
  /** FPR grid of the ROC band. */
  bandGrid?: number[];
}

const HISTOGRAM_EDGES = Array.from({ length: 11 }, (_, i) => i / 10);

export function histogram(probabilities: readonly number[], labels: readonly BinaryLabel[]) {
  const PIMA = new Array<number>(10).fill(0);
  const IPN = new Array<number>(10).fill(0);
  probabilities.forEach((p, i) => {
    const b = Math.min(9, Math.floor(p * 10));
    (labels[i] === 1 ? PIMA : IPN)[b]++;
  });
  return { edges: HISTOGRAM_EDGES, PIMA, IPN };
}

export function evaluateLevel(
  level: 'patient' | 'slice',
  probabilities: readonly number[],
  labels: readonly BinaryLabel[],
  thresholds: ThresholdChoice,
  options: AnalysisOptions = {},
): LevelEvaluation {
  const positives = labels.filter((l) => l === 1).length;
  const negatives = labels.length - positives;
  const bothClasses = positives > 0 && negatives > 0;
  const notes: string[] = [];
  if (!bothClasses) notes.push('Only one class is present: AUC, ROC and calibration slope are undefined.');
  if (level === 'slice') {
    notes.push('Slice-level intervals treat slices as independent; slices of one patient are correlated, so these CIs are too narrow.');
  }
  const resamples = options.resamples ?? DEFAULT_RESAMPLES;
  const seed = options.seed ?? DEFAULT_SEED;
  let auc: AucSummary | null = null;
  let roc: LevelEvaluation['roc'] = null;
  let rocBand: RocBand | null = null;
  if (bothClasses) {
    const d = aucDeLong(probabilities, labels);
    const b = bootstrapAucCi(probabilities, labels, { resamples, seed });
    auc = { value: d.auc, delong: { ci: d.ci, se: d.se }, bootstrap: { ci: b.ci, resamples, seed, method: b.method } };
    roc = rocCurve(probabilities, labels).map((p) => ({
      fpr: p.fpr,
      tpr: p.tpr,
      threshold: Number.isFinite(p.threshold) ? p.threshold : null,
    }));
    if (level === 'patient') {
      const grid = options.bandGrid ?? Array.from({ length: 51 }, (_, i) => i / 50);
      rocBand = bootstrapRocBand(probabilities, labels, grid, { resamples, seed });
    }
  }
  const recalibration = bothClasses ? logisticRecalibration(probabilities, labels) : null;
  if (recalibration && !recalibration.converged) {
    notes.push('Logistic recalibration did not converge (e.g. the classes are perfectly separated): the calibration slope is not estimable.');
  }
  return {
    level,
    n: labels.length,
    positives,
    negatives,
    auc,
    atCardThreshold: classificationMetrics(probabilities, labels, thresholds.card.value),
    atYoudenThreshold: thresholds.youden
      ? classificationMetrics(probabilities, labels, thresholds.youden.threshold)
      : undefined,
    roc,
    rocBand,
    calibration: {
      bins: binnedCalibration(probabilities, labels, 10),
      isotonic: isotonicCalibration(probabilities, labels),
      loess: loessCalibration(probabilities, labels),
      recalibration,
      brier: brierScore(probabilities, labels),
    },
    decisionCurve: decisionCurve(probabilities, labels),
    histogram: histogram(probabilities, labels),
    notes,
  };
}

export function evaluateModel(
  modelId: string,
  patients: readonly PatientScore[],
  thresholds: ThresholdChoice,
  options: AnalysisOptions = {},
): ModelEvaluation {
  if (patients.length === 0) throw new Error(`no evaluated patients for model ${modelId}`);
  const sliceProbabilities: number[] = [];
  const sliceLabels: BinaryLabel[] = [];
  for (const p of patients) {
    for (const s of p.sliceProbabilities) {
      sliceProbabilities.push(s);
      sliceLabels.push(p.label);
    }
  }
  return {
    modelId,
    thresholds,
    patient: evaluateLevel('patient', patients.map((p) => p.probability), patients.map((p) => p.label), thresholds, options),
    slice: evaluateLevel('slice', sliceProbabilities, sliceLabels, thresholds, options),
  };
}

export interface ModelComparison {
  level: 'patient';
  modelA: string;
  modelB: string;
  patients: number;
  test: PairedDeLong | null;
  notes: string[];
}

/** Paired DeLong on the patients both models scored (matched by patient id, so order does not matter). */
export function compareModels(
  modelA: string,
  a: readonly PatientScore[],
  modelB: string,
  b: readonly PatientScore[],
): ModelComparison {
  const byId = new Map(b.map((p) => [p.patientId, p]));
  const common = a.filter((p) => byId.has(p.patientId));
  const notes: string[] = [];
  if (common.length < a.length || common.length < b.length) {
    notes.push(`Compared on the ${common.length} patients scored by both models (A: ${a.length}, B: ${b.length}).`);
  }
  const labels = common.map((p) => p.label);
  const hasBoth = labels.includes(1) && labels.includes(0);
  if (!hasBoth) notes.push('Only one class among the common patients: no AUC comparison is possible.');
  return {
    level: 'patient',
    modelA,
    modelB,
    patients: common.length,
    test: hasBoth
      ? pairedDeLong(common.map((p) => p.probability), common.map((p) => byId.get(p.patientId)!.probability), labels)
      : null,
    notes,
  };
}
