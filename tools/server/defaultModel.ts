/** The model the viewer loads by default: the demonstration model, or the tiny test model until it exists. */
import { existsSync } from 'node:fs';
import path from 'node:path';

export const DEMO_MODEL_ID = 'sedas-r50-phantom-demo';
export const TEST_MODEL_ID = 'tiny-test';

export function defaultModelId(modelsDir: string): string | null {
  for (const id of [DEMO_MODEL_ID, TEST_MODEL_ID]) if (existsSync(path.join(modelsDir, id, 'manifest.json'))) return id;
  return null;
}

/** URL path of a model's manifest as the server publishes it under /models/. */
export function manifestPath(id: string): string {
  return `/models/${id}/manifest.json`;
}
