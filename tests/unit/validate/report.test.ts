import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { aucMannWhitney, BinaryLabel, mulberry32 } from '../../../extension/src/core/metrics';
import { compareModels, evaluateModel, PatientScore } from '../../../tools/validate/analysis';
import type { ReportData, ReportModel } from '../../../tools/validate/report/reportTypes';
import { TO_BE_COMPLETED } from '../../../tools/validate/report/tripod';
import { writeReport } from '../../../tools/validate/report/writeReport';

function synthetic(seed: number, noise: number): PatientScore[] {
  const rnd = mulberry32(seed);
  return Array.from({ length: 40 }, (_, i) => {
    const label: BinaryLabel = i % 2 === 0 ? 1 : 0;
    const slices = [0, 1, 2].map(() => Math.min(1, Math.max(0, 0.5 + (label ? 0.2 : -0.2) + noise * (rnd() - 0.5))));
    return { patientId: `P${String(i).padStart(3, '0')}`, label, probability: slices.reduce((a, b) => a + b) / 3, sliceProbabilities: slices };
  });
}

function model(id: string): ReportModel {
  return {
    id,
    version: '1.0.0',
    name: `Synthetic ${id}`,
    sha256: 'ab'.repeat(32),
    weights: 'fp32',
    architecture: { variant: 'se_das_resnet50', backbone: 'resnet50', se: true, das: true, parameters: 1234 },
    input: {
      name: 'input', size: 224, channelMode: 'replicate', windows: [{ center: -600, width: 1500 }],
      mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225], crop: { scale: 1.5, minSizePx: 64, padHU: -1000 },
      neighbours: 1, preprocessVersion: 1,
    },
    aggregation: 'mean',
    threshold: { value: 0.5, method: 'fixed' },
    training: { data: 'synthetic phantoms' },
    intendedUse: 'Demonstration.',
    limitations: ['Synthetic data <only>.'],
    demo: true,
    researchUseOnly: true,
    backend: 'test',
  };
}

describe('writeReport', () => {
  const a = synthetic(1, 0.9);
  const b = synthetic(2, 1.6);
  const thresholds = {
    card: { value: 0.5, method: 'fixed' },
    youden: { threshold: 0.47, j: 0.6, sensitivity: 0.8, specificity: 0.8, tuningPatients: 12 },
  };
  const data: ReportData = {
    title: 'Validation report (synthetic test)',
    generatedAt: '2026-01-01T00:00:00Z',
    software: { tool: 'validate-test', node: process.version },
    data: { source: '/data/cohort', kind: 'folder', labels: 'labels.csv', tuningLabels: 'tuning.csv' },
    cohort: { patientsInLabels: 41, evaluated: 40, positives: 20, negatives: 20, slices: 120, excluded: [{ patientId: 'P999', reason: 'series <missing>' }], tuningPatients: 12, warnings: ['1 unreadable file'] },
    models: [model('model-a'), model('model-b')],
    thresholds,
    evaluations: [
      evaluateModel('model-a', a, thresholds, { resamples: 200 }),
      evaluateModel('model-b', b, thresholds, { resamples: 200 }),
    ],
    comparison: compareModels('model-a', a, 'model-b', b),
  };

  let html = '';
  let json: ReportData;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'report-'));
    const out = await writeReport(dir, data);
    html = readFileSync(out.html, 'utf8');
    json = JSON.parse(readFileSync(out.json, 'utf8'));
  });

  it('inlines five SVG figures and loads nothing from outside', () => {
    expect(html.match(/<svg[\s>]/g)).toHaveLength(5);
    expect(html).not.toMatch(/<script|<link|<img|url\([^#]/i);
    // Ids must be unique across the inlined figures, and every url(#id) must point at one of them.
    const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids).size).toBe(ids.length);
    for (const m of html.matchAll(/url\(#([^)]+)\)/g)) expect(ids).toContain(m[1]);
    // The only URLs allowed are the SVG namespace identifiers, which browsers never fetch.
    const urls = (html.match(/https?:\/\/[^\s"'<>)]+/g) ?? []).filter((u) => !/^http:\/\/www\.w3\.org\//.test(u));
    expect(urls).toEqual([]);
  });
  it('draws both models in the ROC legend and shows the paired test', () => {
    expect(html).toContain('model-a (AUC ');
    expect(html).toContain('model-b (AUC ');
    expect(html).toMatch(/Paired DeLong test, model-a vs model-b on 40 patients/);
  });
  it('writes every number to report.json, matching an independent AUC', () => {
    const pa = json.evaluations[0].patient;
    expect(pa.auc!.value).toBeCloseTo(aucMannWhitney(a.map((p) => p.probability), a.map((p) => p.label)), 12);
    expect(pa.auc!.bootstrap.resamples).toBe(200);
    expect(json.evaluations[0].slice.n).toBe(120);
    expect(json.comparison!.test!.difference).toBeCloseTo(pa.auc!.value - json.evaluations[1].patient.auc!.value, 12);
    expect(pa.atYoudenThreshold!.threshold).toBe(0.47);
  });
  it('fills the TRIPOD+AI / CLAIM section and marks what only the authors know', () => {
    expect(html).toContain('Reporting checklist (TRIPOD+AI / CLAIM)');
    expect((html.match(new RegExp(TO_BE_COMPLETED, 'g')) ?? []).length).toBeGreaterThan(5);
    expect(html).toContain('P999 (series &lt;missing&gt;)');
    expect(html).toContain('centre -600 HU / width 1500 HU');
    expect(html).toContain('tuning cohort of 12 patients');
  });
  it('says research use only and escapes text from inputs', () => {
    expect(html).toContain('Research use only');
    expect(html).toContain('<b>demonstration model</b>');
    expect(html).toContain('Synthetic data &lt;only&gt;.');
    expect(html).not.toContain('<only>');
  });
});
