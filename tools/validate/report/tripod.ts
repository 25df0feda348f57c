/**
 * TRIPOD+AI (Collins et al., BMJ 2024) and CLAIM (2024 update) reporting items, filled with what the
 * validation tool knows and explicitly marked for the authors where it cannot know (eligibility,
 * reference standard, ethics, …). Item labels are paraphrased topics, not the checklists' wording.
 */
import type { ReportData } from './reportTypes';

export const TO_BE_COMPLETED = 'To be completed by the authors';

export interface ChecklistItem {
  topic: string;
  /** Checklist references, e.g. "TRIPOD+AI 8a; CLAIM 7". */
  refs: string;
  /** Null when the tool cannot know it: rendered as TO_BE_COMPLETED. */
  value: string | null;
}

const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : 'n/a');

export function checklistItems(r: ReportData): ChecklistItem[] {
  const primary = r.models[0];
  const ev = r.evaluations[0];
  const inp = primary.input;
  const windows = inp.windows.map((w) => `centre ${w.center} HU / width ${w.width} HU`).join('; ');
  const thresholdText = [
    `Card threshold ${r.thresholds.card.value} (${r.thresholds.card.method}); score ≥ threshold → PIMA.`,
    r.thresholds.youden
      ? `Youden-optimal threshold ${r.thresholds.youden.threshold.toFixed(4)} fitted on a separate tuning cohort of ${r.thresholds.youden.tuningPatients} patients (J = ${r.thresholds.youden.j.toFixed(3)}), never on the test cohort.`
      : 'No tuning cohort was given, so no data-driven threshold was fitted (none is fitted on the test cohort).',
  ].join(' ');
  const excluded = r.cohort.excluded;
  const missing =
    excluded.length === 0
      ? `All ${r.cohort.patientsInLabels} patients in the labels file were analysed; no imputation.`
      : `${excluded.length} of ${r.cohort.patientsInLabels} patients were excluded and not imputed (complete-case analysis): ` +
        excluded.map((e) => `${e.patientId} (${e.reason})`).join('; ') + '.';
  const auc = ev.patient.auc;
  return [
    { topic: 'Title and study type', refs: 'TRIPOD+AI 1; CLAIM 1', value: null },
    { topic: 'Study objective: validation of a diagnostic classification model (PIMA vs IPN on CT)', refs: 'TRIPOD+AI 3; CLAIM 3', value: 'External or internal validation of an existing model; the validation type must be stated by the authors.' },
    { topic: 'Data source and setting', refs: 'TRIPOD+AI 5a; CLAIM 7', value: `${r.data.kind === 'dicomweb' ? 'DICOMweb server' : 'DICOM folder'}: ${r.data.source}. Institution, scanners and dates: ${TO_BE_COMPLETED.toLowerCase()}.` },
    { topic: 'Study dates (recruitment, imaging)', refs: 'TRIPOD+AI 5b; CLAIM 8', value: null },
    { topic: 'Eligibility criteria', refs: 'TRIPOD+AI 6a; CLAIM 9', value: null },
    { topic: 'Reference standard (outcome definition: histopathology?)', refs: 'TRIPOD+AI 7a; CLAIM 14–16', value: null },
    { topic: 'Outcome classes and positive class', refs: 'TRIPOD+AI 7a', value: `Labels from ${r.data.labels}: PIMA (positive, 1) vs IPN (0).` },
    { topic: 'Predictors / model input', refs: 'TRIPOD+AI 8a; CLAIM 11–13', value: `CT slices listed per patient in the labels file (${r.cohort.slices} slices); ROI crop from the labels file.` },
    {
      topic: 'Pre-processing',
      refs: 'TRIPOD+AI 9; CLAIM 12',
      value: `Preprocessing v${inp.preprocessVersion}: HU via rescale slope/intercept; square crop of ${inp.crop.scale}× the ROI's longer side (min ${inp.crop.minSizePx} px, padded ${inp.crop.padHU} HU); bilinear resize to ${inp.size}×${inp.size}; window ${windows} (${inp.channelMode}); normalised with mean [${inp.mean.join(', ')}], std [${inp.std.join(', ')}].`,
    },
    { topic: 'Sample size (test cohort)', refs: 'TRIPOD+AI 10; CLAIM 20', value: `${r.cohort.evaluated} patients analysed (${r.cohort.positives} PIMA, ${r.cohort.negatives} IPN), ${r.cohort.slices} slices. Justification of the size: ${TO_BE_COMPLETED.toLowerCase()}.` },
    { topic: 'Missing data handling', refs: 'TRIPOD+AI 11; CLAIM 19', value: missing },
    {
      topic: 'Model',
      refs: 'TRIPOD+AI 12a–c; CLAIM 22–24',
      value: r.models
        .map((m) => `${m.name} — id ${m.id} v${m.version}, ${m.architecture.variant} (${m.architecture.parameters.toLocaleString('en-US')} parameters), ${m.weights} weights, ONNX sha256 ${m.sha256}, backend ${m.backend}${m.demo ? ', DEMONSTRATION weights' : ''}.`)
        .join(' '),
    },
    {
      topic: 'Data partition (training / tuning / test)',
      refs: 'TRIPOD+AI 12d; CLAIM 21',
      value: `Training (from the model card): ${JSON.stringify(primary.training.data ?? primary.training.split ?? 'not stated')}. Tuning: ${r.cohort.tuningPatients ? `${r.cohort.tuningPatients} patients (${r.data.tuningLabels})` : 'none'}. Test: ${r.cohort.evaluated} patients from ${r.data.labels}. Independence of the test cohort from training: ${TO_BE_COMPLETED.toLowerCase()}.`,
    },
    { topic: 'Patient-level aggregation', refs: 'TRIPOD+AI 12e', value: `Patient probability = ${primary.aggregation} of the slice probabilities P(PIMA) = softmax(logits)[PIMA].` },
    { topic: 'Decision thresholds', refs: 'TRIPOD+AI 12f; CLAIM 25', value: thresholdText },
    {
      topic: 'Performance measures and statistical methods',
      refs: 'TRIPOD+AI 12g; CLAIM 28–29',
      value: 'AUC (Mann–Whitney) with DeLong 95% CI clipped to [0,1] and stratified bootstrap percentile CI (2,000 resamples, seeded); sensitivity, specificity, PPV, NPV, accuracy with Clopper–Pearson and Wilson 95% CIs; F1; paired DeLong test for model comparison; calibration (binned with Wilson CIs, loess smooth, isotonic fit, logistic intercept/slope, Brier); decision-curve analysis. Patient level primary, slice level secondary.',
    },
    {
      topic: 'Main results (patient level, first model)',
      refs: 'TRIPOD+AI 20–23; CLAIM 30–35',
      value: auc
        ? `AUC ${auc.value.toFixed(3)} (DeLong 95% CI ${auc.delong.ci.map((v) => v.toFixed(3)).join('–')}); sensitivity ${pct(ev.patient.atCardThreshold.sensitivity.value)}, specificity ${pct(ev.patient.atCardThreshold.specificity.value)} at the card threshold.`
        : 'AUC undefined: the test cohort lacks one class.',
    },
    { topic: 'Participant characteristics (age, sex, lesion size, …)', refs: 'TRIPOD+AI 20b; CLAIM 31', value: null },
    { topic: 'Subgroup / fairness analyses', refs: 'TRIPOD+AI 14, 23b', value: null },
    { topic: 'Failure analysis of misclassified cases', refs: 'CLAIM 37', value: null },
    { topic: 'Intended use and limitations (from the model card)', refs: 'TRIPOD+AI 25–26; CLAIM 38', value: `${primary.intendedUse} Limitations: ${primary.limitations.join(' ')}` },
    { topic: 'Ethics approval and consent', refs: 'TRIPOD+AI 27c; CLAIM 4', value: null },
    { topic: 'Funding and conflicts of interest', refs: 'TRIPOD+AI 27a–b; CLAIM 42', value: null },
    { topic: 'Code and model availability', refs: 'TRIPOD+AI 18f; CLAIM 41', value: `Validation tool ${r.software.tool}; model ${primary.id} v${primary.version} (sha256 ${primary.sha256}).` },
  ];
}
