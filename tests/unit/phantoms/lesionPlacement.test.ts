/** Lesions sit inside the lung, have the asked size, and the manifest's key slice, ROI and extent describe them. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Anatomy, Tissue } from '../../../tools/phantoms/anatomy';
import { generatePatient } from '../../../tools/phantoms/cohort';
import { placeLesion } from '../../../tools/phantoms/lesions';
import { samplePatient, type PatientParams } from '../../../tools/phantoms/params';
import { PatientRenderer } from '../../../tools/phantoms/volume';

describe('lesion placement', () => {
  it('puts the centre of every sampled lesion in lung parenchyma, with diameters of 10-45 mm', () => {
    for (let i = 0; i < 24; i++) {
      const p = samplePatient(77, i, i % 2 ? 'IPN' : 'PIMA');
      const anat = new Anatomy(p.anatomy);
      const c = placeLesion(anat, p.lesion);
      expect(anat.inLung(c[0], c[1], c[2])).toBe(true);
      expect(anat.lungDepth(c[0], c[1], c[2], 3)).toBeGreaterThanOrEqual(3);
      expect(2 * p.lesion.radiusMm).toBeGreaterThanOrEqual(10);
      expect(2 * p.lesion.radiusMm).toBeLessThanOrEqual(45);
    }
  });

  it('draws lesion pixels only where the anatomy is lung, and the manifest matches the rendered lesion', () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'phantom-lesion-'));
    try {
      for (const [index, label] of [[0, 'PIMA'], [1, 'IPN']] as const) {
        const sample = { minSlices: true, test: { matrix: 96 } };
        const res = generatePatient({ cohortSeed: 9, index, label, outDir: tmp, sample });
        const row = res.row;
        const p = row.params as PatientParams;
        expect(row.label).toBe(label);
        expect(row.numSlices).toBeGreaterThanOrEqual(40);
        const key = row.keySliceIndex as number;
        const [k0, k1] = row.bboxK as [number, number];
        expect(k0).toBeGreaterThan(0);
        expect(k1).toBeLessThan((row.numSlices as number) - 1);
        expect(key).toBeGreaterThanOrEqual(k0);
        expect(key).toBeLessThanOrEqual(k1);
        expect(row.sliceIndices).toEqual([key - 1, key, key + 1]);
        // The 3-D box contains the key slice's box.
        const xy = row.bboxXY!;
        const key2d = row.roi!;
        expect(xy.x0 <= key2d.x0 && xy.y0 <= key2d.y0 && xy.x1 >= key2d.x1 && xy.y1 >= key2d.y1).toBe(true);
        // The slab holds the whole lesion: its extent in z matches the lesion size.
        expect((k1 - k0 + 1) * (row.sliceThicknessMm as number)).toBeGreaterThan(p.lesion.radiusMm * 0.8);

        const r = new PatientRenderer(samplePatient(9, index, label, sample));
        const s = r.renderSlice(key, { keepTissue: true });
        const roi = row.roi as { x0: number; y0: number; x1: number; y1: number };
        expect(s.lesionBox).toEqual(roi);
        const t = s.tissue as Uint8Array;
        const ctx = r.anatomy.sliceContext(r.zs[key] as number);
        let lesionPx = 0;
        for (let j = 0; j < r.rows; j++)
          for (let i = 0; i < r.cols; i++) {
            if (t[j * r.cols + i] !== Tissue.Lesion) continue;
            lesionPx++;
            expect(i >= roi.x0 && i < roi.x1 && j >= roi.y0 && j < roi.y1).toBe(true);
            expect(r.anatomy.classify(ctx, r.xs[i] as number, r.ys[j] as number)).toBe(Tissue.Lung);
          }
        expect(lesionPx).toBe(s.lesionArea);
        // The ROI is about the lesion's size (lobes and irregularity make it up to ~2x the nominal diameter).
        const widthMm = (roi.x1 - roi.x0) * (row.pixelSpacingMm as number);
        expect(widthMm).toBeGreaterThan(p.lesion.radiusMm * 0.6);
        expect(widthMm).toBeLessThan(p.lesion.radiusMm * 4.5);
        const [ci, cj] = row.centreIJK as [number, number, number];
        expect(Math.abs(ci - (roi.x0 + roi.x1) / 2)).toBeLessThan(roi.x1 - roi.x0);
        expect(Math.abs(cj - (roi.y0 + roi.y1) / 2)).toBeLessThan(roi.y1 - roi.y0);
      }
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
