/** The mean-HU baseline reads the key slice's ROI from DICOM and scores it with the shared AUC. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { computeBaseline, roiMeanHU } from '../../../tools/phantoms/baseline';
import { generateCohort } from '../../../tools/phantoms/cohort';
import { readHuSlice, seriesFiles } from '../../../tools/phantoms/dicomRead';

describe('mean-HU baseline', () => {
  it('averages exactly the pixels of the half-open ROI box', () => {
    const hu = new Float32Array(16).map((_, i) => i);
    // Columns 1..2, rows 1..2 of a 4x4 image: values 5, 6, 9, 10.
    expect(roiMeanHU(hu, 4, { x0: 1, y0: 1, x1: 3, y1: 3 })).toBe(7.5);
    expect(() => roiMeanHU(hu, 4, { x0: 2, y0: 2, x1: 2, y1: 3 })).toThrow(/empty/);
  });

  it('scores a generated cohort from its DICOM files and labels.csv', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'phantom-base-'));
    try {
      const res = await generateCohort({ out: tmp, patients: 4, seed: 3, sample: { test: { matrix: 64, numSlices: 3 } } });
      const b = computeBaseline(tmp, res.rows);
      expect(b.patients).toBe(4);
      expect(b.perPatient.filter((p) => p.label === 'PIMA')).toHaveLength(2);
      const row = res.rows[0];
      if (!row?.roi) throw new Error('row without ROI');
      const s = readHuSlice(seriesFiles(tmp, row)[row.keySliceIndex as number] as string);
      expect(b.perPatient[0]?.meanHU).toBeCloseTo(roiMeanHU(s.hu, s.columns, row.roi), 6);
      // A lesion ROI is denser than aerated lung and lighter than bone on average.
      for (const p of b.perPatient) expect(p.meanHU).toBeGreaterThan(-850);
      expect(b.auc).toBeGreaterThanOrEqual(0);
      expect(b.auc).toBeLessThanOrEqual(1);
      expect(b.aucEitherDirection).toBe(Math.max(b.auc, 1 - b.auc));
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
