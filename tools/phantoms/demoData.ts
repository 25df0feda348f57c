/**
 * The demo study that `npm start` opens: two synthetic patients (PHANTOM-0001 PIMA-like,
 * PHANTOM-0002 IPN-like) generated with a fixed seed into .cache/demo-data, regenerated only when
 * missing or made by another generator version (a stamp file records which).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateCohort } from './cohort';
import { readLabelsCsv, type LabelsRow } from './labelsCsv';
import { GENERATOR_VERSION } from './params';

export const DEMO_SEED = 20260107;
export const DEMO_SLICE_RANGE: [number, number] = [44, 56];
export const STAMP_FILE = '.phantom-stamp.json';

export interface DemoPatient {
  row: LabelsRow;
  /** DICOM files relative to the demo folder, in slice order (k = 0 first). */
  files: string[];
}

export interface DemoManifest {
  generatorVersion: string;
  seed: number;
  labelsCsv: string;
  patients: DemoPatient[];
}

export const DEFAULT_DEMO_DIR = path.resolve(__dirname, '..', '..', '.cache', 'demo-data');

interface Stamp {
  generatorVersion: string;
  seed: number;
  patients: number;
}

function readStamp(dir: string): Stamp | null {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, STAMP_FILE), 'utf8')) as Stamp;
  } catch {
    return null;
  }
}

function listFiles(dir: string, row: LabelsRow): string[] {
  const rel = path.join(row.patientId, row.seriesInstanceUid);
  const names = fs.readdirSync(path.join(dir, rel)).filter((f) => f.endsWith('.dcm')).sort();
  return names.map((f) => path.join(rel, f));
}

function loadManifest(dir: string): DemoManifest {
  const labelsCsv = path.join(dir, 'labels.csv');
  const rows = readLabelsCsv(labelsCsv);
  return {
    generatorVersion: GENERATOR_VERSION,
    seed: DEMO_SEED,
    labelsCsv,
    patients: rows.map((row) => ({ row, files: listFiles(dir, row) })),
  };
}

/** True when `dir` holds a complete demo study from this generator version and seed. */
export function demoDataIsCurrent(dir: string): boolean {
  const stamp = readStamp(dir);
  if (!stamp || stamp.generatorVersion !== GENERATOR_VERSION || stamp.seed !== DEMO_SEED) return false;
  try {
    const m = loadManifest(dir);
    return m.patients.length === 2 && m.patients.every((p) => p.row.numSlices === p.files.length);
  } catch {
    return false;
  }
}

/** Generates the demo study if needed and returns where it is plus its manifest. */
export async function ensureDemoData(dir: string = DEFAULT_DEMO_DIR): Promise<{ dir: string; manifest: DemoManifest }> {
  const abs = path.resolve(dir);
  if (!demoDataIsCurrent(abs)) {
    // Generate beside the target and swap in, so a half-written folder is never served.
    const tmp = `${abs}.tmp-${process.pid}`;
    fs.rmSync(tmp, { recursive: true, force: true });
    await generateCohort({ out: tmp, patients: 2, seed: DEMO_SEED, labels: ['PIMA', 'IPN'], sample: { sliceRange: DEMO_SLICE_RANGE } });
    const stamp: Stamp = { generatorVersion: GENERATOR_VERSION, seed: DEMO_SEED, patients: 2 };
    fs.writeFileSync(path.join(tmp, STAMP_FILE), JSON.stringify(stamp, null, 2) + '\n');
    fs.rmSync(abs, { recursive: true, force: true });
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.renameSync(tmp, abs);
  }
  return { dir: abs, manifest: loadManifest(abs) };
}

if (require.main === module) {
  const t0 = Date.now();
  ensureDemoData(process.argv[2])
    .then(({ dir, manifest }) => {
      console.log(`demo data in ${dir} (${((Date.now() - t0) / 1000).toFixed(1)} s):`);
      for (const p of manifest.patients) console.log(`  ${p.row.patientId} ${p.row.label} ${p.files.length} slices, key slice ${p.row.keySliceIndex}`);
    })
    .catch((e: unknown) => {
      console.error(e);
      process.exit(1);
    });
}
