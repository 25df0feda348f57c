/**
 * The host viewer: the prebuilt @ohif/app@3.13.2 PWA from npm.
 *
 * `npm install @ohif/app@3.13.2` cannot work (its dependency @ohif/i18n@3.13.2 was never published),
 * so the tarball is fetched with `npm pack` and checked against the registry's pinned sha512.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';

export const OHIF_APP_VERSION = '3.13.2';
export const OHIF_APP_INTEGRITY =
  'sha512-WZdxmpmG7rqFgW9ZJLcbgr3XCtLi1KDNPoMaeY5PPe6j4G4fjEjjkycZM6C6Zk2F87BKxFfpq+jd5xXZB9E8EA==';

const repoRoot = path.resolve(__dirname, '..', '..');

export function ohifCacheDir(root = repoRoot): string {
  return path.join(root, '.cache', `ohif-app-${OHIF_APP_VERSION}`);
}

/** Returns the folder holding the viewer's `index.html`, fetching and verifying the package first if needed. */
export function ensureOhifApp(root = repoRoot, log: (m: string) => void = console.log): string {
  const target = ohifCacheDir(root);
  const dist = path.join(target, 'dist');
  if (existsSync(path.join(dist, 'index.html'))) return dist;

  const work = `${target}.tmp-${process.pid}`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  log(`Fetching @ohif/app@${OHIF_APP_VERSION} from the npm registry (once, ~50 MB)…`);
  const out = execFileSync('npm', ['pack', `@ohif/app@${OHIF_APP_VERSION}`, '--pack-destination', work, '--silent'], {
    cwd: work,
    encoding: 'utf8',
  }).trim();
  const tgz = path.join(work, out.split('\n').pop()!.trim());
  const actual = 'sha512-' + createHash('sha512').update(readFileSync(tgz)).digest('base64');
  if (actual !== OHIF_APP_INTEGRITY) {
    rmSync(work, { recursive: true, force: true });
    throw new Error(`@ohif/app@${OHIF_APP_VERSION} tarball integrity mismatch: expected ${OHIF_APP_INTEGRITY}, got ${actual}`);
  }
  execFileSync('tar', ['xzf', tgz, '-C', work]);
  rmSync(target, { recursive: true, force: true });
  renameSync(path.join(work, 'package'), target);
  rmSync(work, { recursive: true, force: true });
  if (!existsSync(path.join(dist, 'index.html'))) throw new Error(`@ohif/app@${OHIF_APP_VERSION} has no dist/index.html`);
  return dist;
}

if (require.main === module) {
  console.log(ensureOhifApp());
}
