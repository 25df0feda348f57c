/** Starts the product's own server (as `npm start` does) for a test, on a free loopback port. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureOhifApp } from '../../../tools/host/ohifApp';
import { startServer, type RunningServer, type ServerOptions } from '../../../tools/server/app';
import { prepareDemoData, type DemoEntry } from '../../../tools/server/demoData';
import { defaultModelId, manifestPath } from '../../../tools/server/defaultModel';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const bundleDir = path.join(repoRoot, 'dist', 'pima-ipn');
export const outputDir = path.join(repoRoot, 'test-output', 'e2e');

export async function startTestServer(overrides: Partial<ServerOptions> = {}): Promise<RunningServer & { notes: string[]; demo: DemoEntry[] }> {
  const demo = await prepareDemoData(repoRoot);
  const server = await startServer({
    ohifDir: ensureOhifApp(repoRoot),
    bundleDir,
    modelsDir: path.join(repoRoot, 'models'),
    modelManifestPath: manifestPath(defaultModelId(path.join(repoRoot, 'models')) ?? 'none'),
    dataDirs: demo.dirs,
    stowDir: mkdtempSync(path.join(tmpdir(), 'pima-stow-')),
    port: 0,
    ...overrides,
  });
  return Object.assign(server, { notes: demo.notes, demo: demo.entries });
}
