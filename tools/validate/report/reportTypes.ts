/** The report's single source of truth: written verbatim as report.json, rendered as report.html. */
import type { ModelManifest } from '../../../extension/src/core/manifest';
import type { ModelComparison, ModelEvaluation, ThresholdChoice } from '../analysis';

export interface ReportModel {
  id: string;
  version: string;
  name: string;
  sha256: string;
  weights: string;
  architecture: ModelManifest['architecture'];
  input: ModelManifest['input'];
  aggregation: string;
  threshold: ModelManifest['threshold'];
  training: Record<string, unknown>;
  intendedUse: string;
  limitations: string[];
  demo: boolean;
  researchUseOnly: boolean;
  /** Inference backend actually used (e.g. onnxruntime-node cpu). */
  backend: string;
}

export interface ExcludedCase {
  patientId: string;
  reason: string;
}

export interface ReportData {
  title: string;
  generatedAt: string;
  software: { tool: string; node: string; [component: string]: string };
  data: { source: string; kind: 'folder' | 'dicomweb'; labels: string; tuningLabels?: string };
  cohort: {
    patientsInLabels: number;
    evaluated: number;
    positives: number;
    negatives: number;
    slices: number;
    excluded: ExcludedCase[];
    tuningPatients?: number;
    /** Problems with the data that did not stop the run (unreadable files, ignored checkpoint lines). */
    warnings: string[];
  };
  models: ReportModel[];
  thresholds: ThresholdChoice;
  evaluations: ModelEvaluation[];
  comparison?: ModelComparison;
}

export function reportModelFromManifest(m: ModelManifest, backend: string): ReportModel {
  return {
    id: m.id,
    version: m.version,
    name: m.name,
    sha256: m.file.sha256,
    weights: m.file.weights,
    architecture: m.architecture,
    input: m.input,
    aggregation: m.aggregation,
    threshold: m.threshold,
    training: m.training,
    intendedUse: m.intendedUse,
    limitations: m.limitations,
    demo: m.demo,
    researchUseOnly: m.researchUseOnly,
    backend,
  };
}
