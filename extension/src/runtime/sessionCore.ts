import type { ModelManifest } from '../core/manifest/types';
import type { RawOutputs } from '../core/result/buildResult';
import { ModelMismatchError } from './errors';
import type { OrtModuleLike, OrtSessionLike, OrtTensorLike } from './ortTypes';

/** An ORT session bound to a manifest: checked names, one entry point per batch, explicit release. */
export interface ModelSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  run(data: Float32Array, dims: readonly number[]): Promise<RawOutputs>;
  release(): Promise<void>;
}

/** Compares the graph's declared inputs/outputs with the manifest and throws one error naming every difference. */
export function checkSessionNames(manifest: ModelManifest, inputNames: readonly string[], outputNames: readonly string[]): void {
  const problems: string[] = [];
  if (!inputNames.includes(manifest.input.name))
    problems.push(`input "${manifest.input.name}" (graph inputs: ${inputNames.join(', ') || 'none'})`);
  for (const [key, spec] of Object.entries(manifest.outputs))
    if (spec && !outputNames.includes(spec.name)) problems.push(`output ${key} "${spec.name}" (graph outputs: ${outputNames.join(', ')})`);
  if (problems.length)
    throw new ModelMismatchError(`The model graph does not match its manifest (${manifest.id}@${manifest.version}): missing ${problems.join('; ')}`);
}

function toFloat32(t: OrtTensorLike, name: string): Float32Array {
  if (t.type !== 'float32' || !(t.data instanceof Float32Array))
    throw new ModelMismatchError(`Model output "${name}" is ${t.type}, expected float32`);
  // Copy: the tensor's buffer may belong to the runtime and is released right after.
  return new Float32Array(t.data);
}

export async function createModelSession(
  ort: OrtModuleLike,
  bytes: Uint8Array,
  manifest: ModelManifest,
  options: Record<string, unknown>,
): Promise<ModelSession> {
  const session: OrtSessionLike = await ort.InferenceSession.create(bytes, options);
  try {
    checkSessionNames(manifest, session.inputNames, session.outputNames);
  } catch (e) {
    await session.release();
    throw e;
  }
  const fetches = [manifest.outputs.logits.name, manifest.outputs.cam?.name, manifest.outputs.attention?.name].filter(
    (n): n is string => !!n,
  );
  return {
    inputNames: session.inputNames,
    outputNames: session.outputNames,
    async run(data, dims) {
      const input = new ort.Tensor('float32', data, dims);
      let out: Record<string, OrtTensorLike> | undefined;
      try {
        out = await session.run({ [manifest.input.name]: input }, fetches);
        const get = (name: string) => {
          const t = (out as Record<string, OrtTensorLike>)[name];
          if (!t) throw new ModelMismatchError(`Model run returned no output "${name}"`);
          return { data: toFloat32(t, name), dims: Array.from(t.dims) };
        };
        const raw: RawOutputs = { logits: get(manifest.outputs.logits.name) };
        if (manifest.outputs.cam) raw.cam = get(manifest.outputs.cam.name);
        if (manifest.outputs.attention) raw.attention = get(manifest.outputs.attention.name);
        return raw;
      } finally {
        input.dispose();
        if (out) for (const t of Object.values(out)) t.dispose();
      }
    },
    release: () => session.release(),
  };
}
