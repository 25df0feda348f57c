/**
 * The product's server in front of a private Orthanc, as `npm start -- --pacs orthanc` runs it,
 * for end-to-end tests: the demo data uploaded to Orthanc, `/dicomweb` reverse-proxied to it.
 * Reuse this for any browser test that must go through a real PACS (open → run → save SR → reopen).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureOhifApp } from '../../../tools/host/ohifApp';
import { startOrthancBackedServer, type OrthancBackedOptions, type OrthancBackedServer } from '../../../tools/pacs/orthancBackedServer';
import { defaultModelId, manifestPath } from '../../../tools/server/defaultModel';
import { prepareDemoData } from '../../../tools/server/demoData';
import { bundleDir, repoRoot } from './testServer';

export async function startOrthancTestServer(overrides: Partial<OrthancBackedOptions> = {}): Promise<OrthancBackedServer & { notes: string[] }> {
  const demo = await prepareDemoData(repoRoot);
  const modelsDir = path.join(repoRoot, 'models');
  const model = defaultModelId(modelsDir);
  const orthancDir = mkdtempSync(path.join(tmpdir(), 'pima-e2e-orthanc-'));
  const backed = await startOrthancBackedServer({
    ohifDir: ensureOhifApp(repoRoot),
    bundleDir,
    modelsDir,
    modelManifestPath: model ? manifestPath(model) : undefined,
    // A fresh Orthanc per run: the test must see only what it uploaded and stored itself.
    orthancDir,
    uploadDirs: demo.dirs,
    port: 0,
    ...overrides,
  });
  const close = backed.close;
  return Object.assign(backed, {
    notes: demo.notes,
    // The run folder holds a copy of the demo data (~50 MB): remove it with the server.
    close: async () => {
      await close();
      if (!overrides.orthancDir) rmSync(orthancDir, { recursive: true, force: true });
    },
  });
}
