/** Same seed -> byte-identical DICOM; a different seed -> different images. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generatePatient } from '../../../tools/phantoms/cohort';

const small = { test: { matrix: 96, numSlices: 5 } };

function files(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

describe('phantom determinism', () => {
  let tmp: string;
  beforeAll(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'phantom-det-'));
  });
  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('writes byte-identical files for the same seed and patient', () => {
    const a = generatePatient({ cohortSeed: 11, index: 3, label: 'PIMA', outDir: path.join(tmp, 'a'), sample: small });
    const b = generatePatient({ cohortSeed: 11, index: 3, label: 'PIMA', outDir: path.join(tmp, 'b'), sample: small });
    const fa = files(path.join(tmp, 'a'));
    const fb = files(path.join(tmp, 'b'));
    expect(fa.map((f) => path.relative(path.join(tmp, 'a'), f))).toEqual(fb.map((f) => path.relative(path.join(tmp, 'b'), f)));
    expect(fa).toHaveLength(5);
    for (let i = 0; i < fa.length; i++) expect(fs.readFileSync(fa[i] as string).equals(fs.readFileSync(fb[i] as string))).toBe(true);
    expect(a.row).toEqual(b.row);
  });

  it('changes the pixels when the seed changes', () => {
    generatePatient({ cohortSeed: 12, index: 3, label: 'PIMA', outDir: path.join(tmp, 'c'), sample: small });
    const fa = files(path.join(tmp, 'a'));
    const fc = files(path.join(tmp, 'c'));
    const tail = (f: string): Buffer => fs.readFileSync(f).subarray(-96 * 96 * 2);
    expect(tail(fa[2] as string).equals(tail(fc[2] as string))).toBe(false);
  });
});
