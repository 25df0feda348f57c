import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseManifest } from '../../../extension/src/core/manifest';
import { preprocessSlice } from '../../../extension/src/core/preprocess';
import { readCtDicom } from './readCtDicom';
import { readF32 } from './tinyModel';
import { sampleManifest } from './sampleManifest';

const ROOT = resolve(__dirname, '../../..');
const DIR = join(ROOT, 'tests/fixtures/preprocess-golden');
const cases = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => JSON.parse(readFileSync(join(DIR, f), 'utf8')));

describe('TypeScript preprocessing equals the Python training preprocessing', () => {
  it('has fixtures from both a real (RLE) CT slice and a synthetic one', () => {
    expect(cases.map((c) => c.transferSyntax)).toEqual(expect.arrayContaining(['1.2.840.10008.1.2.5', '1.2.840.10008.1.2.1']));
  });

  it.each(cases.map((c) => [c.tensor.file, c]))('%s', (_file, c) => {
    const slice = readCtDicom(join(ROOT, c.source));
    expect(slice.transferSyntax).toBe(c.transferSyntax);
    expect([slice.rows, slice.columns, slice.rescaleSlope, slice.rescaleIntercept]).toEqual([c.rows, c.columns, c.rescaleSlope, c.rescaleIntercept]);
    // The input block goes through the manifest validator, as it does in the product.
    const input = parseManifest({ ...sampleManifest(), input: c.input }).input;
    const { data, crop } = preprocessSlice(slice, c.roi ?? null, input);
    expect(crop).toEqual(c.cropBox);
    const want = readF32(join(DIR, c.tensor.file));
    expect(data.length).toBe(want.length);
    let max = 0;
    for (let k = 0; k < want.length; k++) max = Math.max(max, Math.abs(data[k] - want[k]));
    expect(max).toBeLessThanOrEqual(c.tolerance);
  });
});
