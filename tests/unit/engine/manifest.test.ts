import { ManifestError, parseManifest } from '../../../extension/src/core/manifest';
import { sampleManifest } from './sampleManifest';

function problemsOf(json: unknown): string[] {
  try {
    parseManifest(json);
  } catch (e) {
    if (e instanceof ManifestError) return e.problems;
    throw e;
  }
  throw new Error('manifest was accepted');
}

describe('parseManifest', () => {
  it('accepts the documented format and resolves file.url against the manifest URL', () => {
    const m = parseManifest(sampleManifest(), 'http://h/models/x/manifest.json');
    expect(m.file.resolvedUrl).toBe('http://h/models/x/model.onnx');
    expect(m.positiveIndex).toBe(1);
    expect(m.input.windows).toEqual([{ center: -600, width: 1500 }]);
    expect(m.outputs.attention?.shape).toEqual(['N', 1, 7, 7]);
  });

  it('accepts a variant without DAS that omits attention', () => {
    const j = sampleManifest();
    j.architecture.das = false;
    delete j.outputs.attention;
    expect(parseManifest(j).outputs.attention).toBeUndefined();
  });

  it('lists every problem with its JSON path in one error', () => {
    const j = sampleManifest();
    j.file.sha256 = 'xyz';
    j.input.size = 'big';
    delete j.classes;
    const p = problemsOf(j);
    expect(p).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^\$\.file\.sha256: expected 64/),
        expect.stringMatching(/^\$\.input\.size: expected finite number, got string/),
        expect.stringMatching(/^\$\.classes: missing/),
      ]),
    );
  });

  it('refuses a manifest without researchUseOnly: true', () => {
    const j = sampleManifest();
    delete j.researchUseOnly;
    expect(problemsOf(j)).toEqual([expect.stringMatching(/^\$\.researchUseOnly: missing: must be true/)]);
    j.researchUseOnly = false;
    expect(problemsOf(j)).toEqual([expect.stringMatching(/^\$\.researchUseOnly: must be true/)]);
  });

  it('refuses unknown window fields, non-positive widths and a window count that does not fit channelMode', () => {
    const j = sampleManifest();
    j.input.windows = [{ center: -600, width: 0, level: 3 }];
    const p = problemsOf(j);
    expect(p).toEqual(expect.arrayContaining([expect.stringMatching(/windows\[0\]\.level: unknown field/), expect.stringMatching(/windows\[0\]\.width: must be > 0/)]));
    const k = sampleManifest();
    k.input.channelMode = 'windows';
    expect(problemsOf(k)).toEqual([expect.stringMatching(/needs exactly 3 window/)]);
    const u = sampleManifest();
    u.input.channelMode = 'rgb';
    expect(problemsOf(u).join()).toMatch(/channelMode: expected one of "replicate", "windows"/);
  });

  it('refuses wrong types, a positive class not in classes and a class count that disagrees with the logits', () => {
    const j = sampleManifest();
    j.positiveClass = 'Cancer';
    j.outputs.logits.shape = ['N', 3];
    j.input.mean = [0.5, 0.5];
    j.input.std = [0.2, 0, 0.2];
    j.demo = 'yes';
    const p = problemsOf(j).join('\n');
    expect(p).toMatch(/\$\.positiveClass: "Cancer" is not one of classes/);
    expect(p).toMatch(/\$\.outputs\.logits\.shape: has 3 classes but classes lists 2/);
    expect(p).toMatch(/\$\.input\.mean: expected 3 numbers, got 2/);
    expect(p).toMatch(/\$\.input\.std\[1\]: must be > 0/);
    expect(p).toMatch(/\$\.demo: expected boolean, got string/);
  });

  it('refuses a preprocessing version this code does not implement, and fp16 compute without shader-f16', () => {
    const j = sampleManifest();
    j.input.preprocessVersion = 2;
    j.file.compute = 'fp16';
    const p = problemsOf(j).join('\n');
    expect(p).toMatch(/preprocessVersion: this viewer implements preprocessing version 1, the model needs 2/);
    expect(p).toMatch(/requiresShaderF16: an fp16-compute graph needs WebGPU shader-f16/);
  });

  it('refuses reference distributions whose bins do not match the edges, and a DAS-less variant with attention', () => {
    const j = sampleManifest();
    j.validation.referenceDistribution.PIMA = [1, 2, 3];
    j.architecture.das = false;
    const p = problemsOf(j).join('\n');
    expect(p).toMatch(/referenceDistribution\.PIMA: expected 2 bins/);
    expect(p).toMatch(/\$\.outputs\.attention: a variant without DAS/);
  });

  it('refuses non-objects and other schema versions', () => {
    expect(problemsOf([])).toEqual(['$: expected a JSON object, got array']);
    const j = sampleManifest();
    j.schemaVersion = 2;
    expect(problemsOf(j)).toEqual([expect.stringMatching(/schemaVersion 1 is supported, got 2/)]);
  });
});
