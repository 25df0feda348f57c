/** labels.csv: exact columns, RFC 4180 round trip, tolerant reading of minimal CSVs, balanced label assignment. */
import { formatLabelsCsv, LABELS_COLUMNS, parseCsvRecords, parseLabelsCsv, type LabelsRow } from '../../../tools/phantoms/labelsCsv';
import { assignLabels } from '../../../tools/phantoms/params';

const row: LabelsRow = {
  patientId: 'PHANTOM-0001',
  label: 'PIMA',
  studyInstanceUid: '2.25.1',
  seriesInstanceUid: '2.25.2',
  keySliceIndex: 42,
  sliceIndices: [41, 42, 43],
  keySopInstanceUid: '2.25.3',
  roi: { x0: 10, y0: 20, x1: 40, y1: 55 },
  centreMm: [1.5, -2.25, -130.4],
  centreIJK: [25, 37, 42],
  bboxK: [30, 50],
  bboxXY: { x0: 8, y0: 18, x1: 44, y1: 57 },
  rows: 512,
  columns: 512,
  numSlices: 80,
  pixelSpacingMm: 0.7,
  sliceThicknessMm: 1.25,
  params: { note: 'has "quotes", commas, and\na newline', n: [1, 2] },
};

describe('labels.csv', () => {
  it('writes the agreed header in the agreed order', () => {
    const header = formatLabelsCsv([row]).split('\n')[0];
    expect(header).toBe(
      'patient_id,label,study_instance_uid,series_instance_uid,key_slice_index,slice_indices,key_sop_instance_uid,roi_x0,roi_y0,roi_x1,roi_y1,' +
        'centre_x_mm,centre_y_mm,centre_z_mm,centre_i,centre_j,centre_k,bbox_k0,bbox_k1,bbox_x0,bbox_y0,bbox_x1,bbox_y1,rows,columns,num_slices,pixel_spacing_mm,slice_thickness_mm,params',
    );
    expect(LABELS_COLUMNS).toHaveLength(29);
  });

  it('round-trips a row, including a params JSON that needs quoting', () => {
    const text = formatLabelsCsv([row, { ...row, patientId: 'PHANTOM-0002', label: 'IPN' }]);
    const records = parseCsvRecords(text);
    expect(records).toHaveLength(3);
    expect(records[1]).toHaveLength(29);
    expect(parseLabelsCsv(text)).toEqual([row, { ...row, patientId: 'PHANTOM-0002', label: 'IPN' }]);
  });

  it('reads a research group CSV with only the required columns', () => {
    const rows = parseLabelsCsv('patient_id,label,series_instance_uid,slice_indices\r\nP1,ipn,1.2.3,7\r\nP2,PIMA,1.2.4,3;4;5\r\n');
    expect(rows).toEqual([
      { patientId: 'P1', label: 'IPN', seriesInstanceUid: '1.2.3', sliceIndices: [7] },
      { patientId: 'P2', label: 'PIMA', seriesInstanceUid: '1.2.4', sliceIndices: [3, 4, 5] },
    ]);
  });

  it('rejects unknown labels, partial ROIs and missing columns', () => {
    expect(() => parseLabelsCsv('patient_id,label,series_instance_uid,slice_indices\nP1,TB,1.2,1\n')).toThrow(/PIMA or IPN/);
    expect(() => parseLabelsCsv('patient_id,label,series_instance_uid,slice_indices,roi_x0\nP1,IPN,1.2,1,5\n')).toThrow(/all four roi/);
    expect(() => parseLabelsCsv('patient_id,label,slice_indices\nP1,IPN,1\n')).toThrow(/series_instance_uid/);
    expect(() => parseLabelsCsv('patient_id,label,series_instance_uid,slice_indices\nP1,IPN,1.2,1;x\n')).toThrow(/not a number/);
  });
});

describe('label assignment', () => {
  it('gives exactly round(n * fraction) PIMA labels, shuffled by the seed', () => {
    for (const [n, f] of [[10, 0.5], [7, 0.5], [200, 0.5], [9, 0.3]] as const) {
      const l = assignLabels(n, 3, f);
      expect(l).toHaveLength(n);
      expect(l.filter((x) => x === 'PIMA')).toHaveLength(Math.round(n * f));
    }
    expect(assignLabels(20, 1)).toEqual(assignLabels(20, 1));
    expect(assignLabels(20, 1)).not.toEqual(assignLabels(20, 2));
  });
});
