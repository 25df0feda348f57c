/**
 * A tiny phantom cohort (64×64 matrix, 10 slices) from the project's generator, cached in the OS temp
 * folder by size, seed, labels and generator version: generating it dominates these tests' run time,
 * and the generator is deterministic for a seed. Tests must not write into the returned folder.
 */
import { existsSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCohort } from '../../../../tools/phantoms/cohort';
import { GENERATOR_VERSION } from '../../../../tools/phantoms/params';

export async function tinyCohort(seed: number, labels: ('PIMA' | 'IPN')[]): Promise<string> {
  const dir = join(tmpdir(), `pima-ipn-validate-fixture-${GENERATOR_VERSION}-${seed}-${labels.join('')}`);
  if (existsSync(join(dir, 'complete'))) return dir;
  const staging = mkdtempSync(join(tmpdir(), 'pima-ipn-validate-staging-'));
  await generateCohort({ out: staging, patients: labels.length, seed, labels, sample: { test: { matrix: 64, numSlices: 10 } } });
  writeFileSync(join(staging, 'complete'), '');
  try {
    if (!existsSync(join(dir, 'complete'))) rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
  } catch (e) {
    // Another test file finished the same fixture first (jest runs files in parallel): use that one.
    if (!existsSync(join(dir, 'complete'))) throw e;
    rmSync(staging, { recursive: true, force: true });
  }
  return dir;
}
