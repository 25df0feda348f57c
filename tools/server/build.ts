/** `npm start` builds the runtime bundles when they are missing or older than their sources. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

function newestMtime(p: string): number {
  if (!existsSync(p)) return 0;
  const s = statSync(p);
  if (!s.isDirectory()) return s.mtimeMs;
  return readdirSync(p).reduce((m, name) => Math.max(m, newestMtime(path.join(p, name))), s.mtimeMs);
}

export function bundlesAreStale(root: string): boolean {
  const built = path.join(root, 'dist', 'pima-ipn', 'extension.js');
  if (!existsSync(built) || !existsSync(path.join(root, 'dist', 'pima-ipn', 'mode.js'))) return true;
  const sources = ['extension/src', 'mode/src', '.webpack', 'package-lock.json'].map(p => newestMtime(path.join(root, p)));
  return Math.max(...sources) > statSync(built).mtimeMs;
}

export function ensureBuild(root: string, log: (m: string) => void = console.log): void {
  if (!bundlesAreStale(root)) return;
  log('Building the extension and mode bundles (npm run build)…');
  const result = spawnSync('npm', ['run', 'build', '--silent'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('the build failed; see the output above');
}
