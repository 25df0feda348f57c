/** ensureDemoData reuses a complete, current demo folder and rejects stale or partial ones. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEMO_SEED, demoDataIsCurrent, ensureDemoData, STAMP_FILE } from '../../../tools/phantoms/demoData';
import { formatLabelsCsv, type LabelsRow } from '../../../tools/phantoms/labelsCsv';
import { GENERATOR_VERSION } from '../../../tools/phantoms/params';

function fakeDemo(dir: string, version: string, slices: number[]): LabelsRow[] {
  const rows: LabelsRow[] = slices.map((n, i) => ({
    patientId: `PHANTOM-000${i + 1}`,
    label: i === 0 ? 'PIMA' : 'IPN',
    seriesInstanceUid: `2.25.${i + 7}`,
    sliceIndices: [1, 2, 3],
    keySliceIndex: 2,
    numSlices: 3,
  }));
  rows.forEach((r, i) => {
    const d = path.join(dir, r.patientId, r.seriesInstanceUid);
    fs.mkdirSync(d, { recursive: true });
    for (let k = 0; k < (slices[i] as number); k++) fs.writeFileSync(path.join(d, `${String(k + 1).padStart(4, '0')}.dcm`), 'x');
  });
  fs.writeFileSync(path.join(dir, 'labels.csv'), formatLabelsCsv(rows));
  fs.writeFileSync(path.join(dir, STAMP_FILE), JSON.stringify({ generatorVersion: version, seed: DEMO_SEED, patients: 2 }));
  return rows;
}

describe('demo data', () => {
  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'phantom-demo-'));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('returns an existing current demo folder without regenerating it, with files in slice order', async () => {
    fakeDemo(tmp, GENERATOR_VERSION, [3, 3]);
    const before = fs.statSync(path.join(tmp, 'labels.csv')).mtimeMs;
    const t0 = Date.now();
    const { dir, manifest } = await ensureDemoData(tmp);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(dir).toBe(path.resolve(tmp));
    expect(fs.statSync(path.join(tmp, 'labels.csv')).mtimeMs).toBe(before);
    expect(manifest.seed).toBe(DEMO_SEED);
    expect(manifest.patients.map((p) => p.row.label)).toEqual(['PIMA', 'IPN']);
    expect(manifest.patients[0]?.files).toEqual([1, 2, 3].map((k) => path.join('PHANTOM-0001', '2.25.7', `000${k}.dcm`)));
  });

  it('treats another generator version or a missing slice as stale', () => {
    fakeDemo(tmp, '0.0.1', [3, 3]);
    expect(demoDataIsCurrent(tmp)).toBe(false);
    fs.rmSync(tmp, { recursive: true, force: true });
    fs.mkdirSync(tmp);
    fakeDemo(tmp, GENERATOR_VERSION, [3, 2]);
    expect(demoDataIsCurrent(tmp)).toBe(false);
    expect(demoDataIsCurrent(path.join(tmp, 'nothing-here'))).toBe(false);
  });
});
