/**
 * npm run phantoms:baseline -- --data DIR
 * The trivial baseline the lesion distributions are tuned against: mean HU inside the ROI box on
 * the key slice, per patient, and its AUC for PIMA vs IPN. Lower mean HU is scored as more
 * PIMA-like (mucin, ground glass, air); the AUC is reported for that direction and for the better
 * of the two, so a baseline that works "backwards" is not missed.
 */
import * as path from 'node:path';
import { aucMannWhitney } from '../../extension/src/core/metrics/auc';
import { readHuSlice, seriesFiles } from './dicomRead';
import { readLabelsCsv, type LabelsRow } from './labelsCsv';

export interface BaselineResult {
  patients: number;
  meanHU: { PIMA: number; IPN: number };
  /** AUC of score = -meanHU (low attenuation -> PIMA). */
  auc: number;
  /** max(auc, 1 - auc): how separable the classes are by mean HU in either direction. */
  aucEitherDirection: number;
  perPatient: Array<{ patientId: string; label: 'PIMA' | 'IPN'; meanHU: number }>;
}

/** Mean HU over the ROI box [x0, x1) x [y0, y1) of a slice. */
export function roiMeanHU(hu: Float32Array, columns: number, roi: { x0: number; y0: number; x1: number; y1: number }): number {
  let s = 0;
  let n = 0;
  for (let y = roi.y0; y < roi.y1; y++)
    for (let x = roi.x0; x < roi.x1; x++) {
      s += hu[y * columns + x] as number;
      n++;
    }
  if (n === 0) throw new Error('empty ROI');
  return s / n;
}

export function computeBaseline(dataDir: string, rows: LabelsRow[]): BaselineResult {
  const perPatient: BaselineResult['perPatient'] = [];
  for (const row of rows) {
    if (!row.roi) throw new Error(`${row.patientId}: the baseline needs ROI columns`);
    const k = row.keySliceIndex ?? (row.sliceIndices[Math.floor(row.sliceIndices.length / 2)] as number);
    const files = seriesFiles(dataDir, row);
    const s = readHuSlice(files[k] as string);
    perPatient.push({ patientId: row.patientId, label: row.label, meanHU: roiMeanHU(s.hu, s.columns, row.roi) });
  }
  const labels = perPatient.map((p) => (p.label === 'PIMA' ? 1 : 0) as 0 | 1);
  const auc = aucMannWhitney(
    perPatient.map((p) => -p.meanHU),
    labels,
  );
  const mean = (l: 'PIMA' | 'IPN'): number => {
    const v = perPatient.filter((p) => p.label === l).map((p) => p.meanHU);
    return v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
  };
  return { patients: perPatient.length, meanHU: { PIMA: mean('PIMA'), IPN: mean('IPN') }, auc, aucEitherDirection: Math.max(auc, 1 - auc), perPatient };
}

function main(): void {
  const argv = process.argv.slice(2);
  const i = argv.indexOf('--data');
  const data = i >= 0 ? argv[i + 1] : undefined;
  if (!data) throw new Error('usage: npm run phantoms:baseline -- --data DIR');
  const res = computeBaseline(data, readLabelsCsv(path.join(data, 'labels.csv')));
  console.log(
    `mean-HU-in-ROI baseline on ${res.patients} patients: mean HU PIMA ${res.meanHU.PIMA.toFixed(1)}, IPN ${res.meanHU.IPN.toFixed(1)}; ` +
      `AUC (low HU = PIMA) ${res.auc.toFixed(3)}, either direction ${res.aucEitherDirection.toFixed(3)}`,
  );
}

if (require.main === module) {
  try {
    main();
  } catch (e) {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  }
}
