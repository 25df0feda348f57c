import * as dcmjs from 'dcmjs';
import { buildSrDataset, COMPREHENSIVE_SR, RECTANGLE_TRACKING_ID, roiPolyline, type SrInput } from '../../../extension/src/export/srDocument';
import { newUid } from '../../../extension/src/export/uid';
import type { InferenceResult } from '../../../extension/src/core/result/types';

function fakeResult(p: number): InferenceResult {
  return {
    model: { id: 'm', version: '1.2.3', sha256: 'ab'.repeat(32), demo: true, researchUseOnly: true },
    backend: { name: 'wasm', reason: 'test' },
    slices: [0.6, p, 0.8].map((q, index) => ({
      index,
      probability: q,
      probabilities: [1 - q, q],
      logits: [0, 0],
      crop: { x: 0, y: 0, width: 10, height: 10 },
    })),
    aggregate: { method: 'mean', probability: p, threshold: 0.5, predictedClass: p >= 0.5 ? 'PIMA' : 'IPN', slices: 3 },
    timings: { loadMs: 0, preprocessMs: 1, inferenceMs: 2, postprocessMs: 3 },
    warnings: [],
  };
}

function input(p: number, decision: 'accepted' | 'rejected' | null, comment = ''): SrInput {
  return {
    source: { StudyInstanceUID: '1.2.3', SeriesInstanceUID: '1.2.3.4', PatientName: 'PHANTOM-0001', PatientID: 'PHANTOM-0001', StudyDate: '20260101' },
    roi: { x0: 10.5, y0: 20, x1: 40, y1: 60.25 },
    roiImage: { sopClassUID: '1.2.840.10008.5.1.4.1.1.2', sopInstanceUID: '1.2.3.4.6' },
    analysedImages: ['1.2.3.4.5', '1.2.3.4.6', '1.2.3.4.7'].map(s => ({ sopClassUID: '1.2.840.10008.5.1.4.1.1.2', sopInstanceUID: s })),
    result: fakeResult(p),
    positiveClass: 'PIMA',
    review: { decision, comment },
    modelName: 'SE-DAS demo',
    uids: { series: newUid(), sop: newUid(), tracking: newUid(), device: newUid() },
    now: new Date('2026-12-03T10:11:12Z'),
  };
}

/** Writes the dataset to Part 10 bytes the way OHIF's download and STOW paths do (dcmjs datasetToDict) and reads it back. */
function roundTrip(dataset: Record<string, unknown>): Record<string, any> {
  const { DicomMetaDictionary, DicomMessage, datasetToDict } = dcmjs.data as typeof dcmjs.data & { datasetToDict(d: unknown): { write(): ArrayBuffer } };
  const file = DicomMessage.readFile(datasetToDict(structuredClone(dataset)).write());
  expect(DicomMetaDictionary.naturalizeDataset(file.meta).TransferSyntaxUID).toBe('1.2.840.10008.1.2.1');
  return DicomMetaDictionary.naturalizeDataset(file.dict);
}

const seq = <T>(v: T | T[]): T[] => (Array.isArray(v) ? v : [v]);
const byConcept = (items: any[], meaning: string) => items.find(i => seq(i.ConceptNameCodeSequence)[0].CodeMeaning === meaning);

describe('the DICOM SR of a result', () => {
  test('is a Comprehensive SR with TID 1500 root and survives a Part 10 round trip', () => {
    const ds = roundTrip(buildSrDataset(input(0.731, 'accepted', 'looks right')));
    expect(ds.SOPClassUID).toBe(COMPREHENSIVE_SR);
    expect(ds.Modality).toBe('SR');
    expect(ds.StudyInstanceUID).toBe('1.2.3');
    expect(seq(ds.ContentTemplateSequence)[0].TemplateIdentifier).toBe('1500');
    expect(seq(ds.ConceptNameCodeSequence)[0].CodeValue).toBe('126000');
    expect(seq(ds.CurrentRequestedProcedureEvidenceSequence)[0].ReferencedSeriesSequence).toBeDefined();
  });

  test('carries the ROI, the probability with the model identity, the class and the review', () => {
    const ds = roundTrip(buildSrDataset(input(0.731, 'accepted', 'looks right')));
    const measurements = byConcept(seq(ds.ContentSequence), 'Imaging Measurements');
    const group = seq(measurements.ContentSequence)[0];
    const items = seq(group.ContentSequence);
    expect(byConcept(items, 'Tracking Identifier').TextValue).toBe(RECTANGLE_TRACKING_ID);
    const region = byConcept(items, 'Image Region');
    expect(region.GraphicType).toBe('POLYLINE');
    expect(seq(region.GraphicData).map(Number)).toEqual(roiPolyline({ x0: 10.5, y0: 20, x1: 40, y1: 60.25 }));
    expect(seq(seq(region.ContentSequence)[0].ReferencedSOPSequence)[0].ReferencedSOPInstanceUID).toBe('1.2.3.4.6');
    const num = items.find((i: any) => i.ValueType === 'NUM');
    expect(Number(seq(num.MeasuredValueSequence)[0].NumericValue)).toBeCloseTo(0.731, 6);
    const algo = seq(num.ContentSequence);
    expect(byConcept(algo, 'Algorithm Name').TextValue).toBe('SE-DAS demo');
    expect(byConcept(algo, 'Algorithm Version').TextValue).toBe('m 1.2.3');
    expect(byConcept(algo, 'Algorithm Parameters').TextValue).toContain(`sha256=${'ab'.repeat(32)}`);
    expect(seq(byConcept(items, 'Model output class at the model card threshold').ConceptCodeSequence)[0].CodeValue).toBe('PIMA');
    expect(seq(byConcept(items, 'Reader review of model output').ConceptCodeSequence)[0].CodeValue).toBe('ACCEPTED');
    expect(byConcept(items, 'Comment').TextValue).toBe('looks right');
  });

  test('a low probability is reported as IPN-like and an unreviewed result says so, without a comment item', () => {
    const ds = buildSrDataset(input(0.2, null));
    const group = (byConcept(ds.ContentSequence as any[], 'Imaging Measurements').ContentSequence as any[])[0];
    const items = group.ContentSequence as any[];
    expect(byConcept(items, 'Model output class at the model card threshold').ConceptCodeSequence[0].CodeValue).toBe('IPN');
    expect(byConcept(items, 'Reader review of model output').ConceptCodeSequence[0].CodeValue).toBe('NOT-REVIEWED');
    expect(byConcept(items, 'Comment')).toBeUndefined();
  });

  test('new UIDs are valid 2.25 UIDs of at most 64 characters and differ', () => {
    const a = newUid();
    const b = newUid();
    expect(a).toMatch(/^2\.25\.[1-9][0-9]*$/);
    expect(a.length).toBeLessThanOrEqual(64);
    expect(a).not.toBe(b);
  });
});
