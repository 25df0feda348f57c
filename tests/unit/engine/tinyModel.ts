import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const TINY_DIR = resolve(__dirname, '../../../models/tiny-test');

export function tinyManifestJson(): Record<string, any> {
  return JSON.parse(readFileSync(join(TINY_DIR, 'manifest.json'), 'utf8'));
}

const tempDirs: string[] = [];

/** Removes the folders alteredTinyModel made (call from afterAll). */
export function removeAlteredModels(): void {
  for (const d of tempDirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** A temp copy of the tiny model folder with the manifest and/or model bytes altered. */
export function alteredTinyModel(edit: { manifest?: (m: Record<string, any>) => void; bytes?: (b: Buffer) => Buffer }): string {
  const dir = mkdtempSync(join(tmpdir(), 'tiny-bad-'));
  tempDirs.push(dir);
  const m = tinyManifestJson();
  edit.manifest?.(m);
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(m));
  if (edit.bytes) writeFileSync(join(dir, 'model.onnx'), edit.bytes(readFileSync(join(TINY_DIR, 'model.onnx'))));
  else copyFileSync(join(TINY_DIR, 'model.onnx'), join(dir, 'model.onnx'));
  return dir;
}

/** Reads a golden .bin (little-endian float32) into a Float32Array. */
export function readF32(path: string): Float32Array {
  const b = readFileSync(path);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k] - b[k]));
  return m;
}

/** A synthetic 64x64 CT slice (stored values, intercept -1024): lung background with a bright disk. */
export function syntheticSlice(seed: number, rows = 64, columns = 64) {
  const px = new Int16Array(rows * columns);
  for (let y = 0; y < rows; y++)
    for (let x = 0; x < columns; x++) {
      const d = Math.hypot(x - 30 - seed, y - 34 + seed);
      px[y * columns + x] = d < 8 + seed ? 1064 : 200 + ((x * 7 + y * 13 + seed * 31) % 50);
    }
  return { pixelData: px, rows, columns, rescaleSlope: 1, rescaleIntercept: -1024, id: `synthetic-${seed}` };
}
