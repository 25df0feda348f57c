import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseLabelsCsv } from '../../../tools/phantoms/labelsCsv';
import { LabelsError, loadLabelRows, toLabelRows } from '../../../tools/validate/labelRows';

describe('toLabelRows', () => {
  it('uses the lesion box, else a 1-pixel box at the lesion centre (the minimum crop), else the whole slice', () => {
    const rows = toLabelRows(
      parseLabelsCsv(
        'patient_id,label,series_instance_uid,slice_indices,roi_x0,roi_y0,roi_x1,roi_y1,centre_i,centre_j,centre_k\n' +
          'A,PIMA,1.1,4;5,10,20,30,40,,,\n' +
          'B,IPN,1.2,7,,,,,50,60,7\n' +
          'C,ipn,1.3,2,,,,,,,\n',
      ),
      'x.csv',
    );
    expect(rows.map((r) => r.roi)).toEqual([{ x0: 10, y0: 20, x1: 30, y1: 40 }, { x0: 50, y0: 60, x1: 51, y1: 61 }, null]);
    expect(rows[2].label).toBe('IPN');
  });
  it('refuses repeated patients and empty slice lists, naming the file', () => {
    const rows = parseLabelsCsv('patient_id,label,series_instance_uid,slice_indices\nA,PIMA,1.1,1\nA,IPN,1.2,2\nB,IPN,1.3,\n');
    expect(() => toLabelRows(rows, 'x.csv')).toThrow(/x\.csv: patient_id A appears more than once; patient B: slice_indices is empty/);
  });
  it('wraps parser and file errors as LabelsError with the path', () => {
    const dir = mkdtempSync(join(tmpdir(), 'labels-'));
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'patient_id,label,series_instance_uid,slice_indices\nA,MAYBE,1.1,1\n');
    expect(() => loadLabelRows(bad)).toThrow(LabelsError);
    expect(() => loadLabelRows(bad)).toThrow(/bad\.csv: labels CSV line 2: label must be PIMA or IPN/);
    expect(() => loadLabelRows(join(dir, 'absent.csv'))).toThrow(/cannot read labels file .*absent\.csv \(ENOENT\)/);
  });
});
