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

/** Joins per-slice outputs (each batch 1, or any batch) along the batch dimension, in order. */
export function concatBatches(parts: readonly RawOutputs[]): RawOutputs {
  if (parts.length === 1) return parts[0];
  const join = (pick: (o: RawOutputs) => RawOutputs['logits'] | undefined): RawOutputs['logits'] | undefined => {
    const list = parts.map(pick);
    if (list.some((t) => !t)) return undefined;
    const ts = list as RawOutputs['logits'][];
    const data = new Float32Array(ts.reduce((n, t) => n + t.data.length, 0));
    let at = 0;
    for (const t of ts) {
      data.set(t.data, at);
      at += t.data.length;
    }
    return { data, dims: [ts.reduce((n, t) => n + t.dims[0], 0), ...ts[0].dims.slice(1)] };
  };
  const out: RawOutputs = { logits: join((o) => o.logits)! };
  const cam = join((o) => o.cam);
  const attention = join((o) => o.attention);
  if (cam) out.cam = cam;
  if (attention) out.attention = attention;
  return out;
}

/** Runs a batch one slice at a time (for a session compiled with the batch dimension pinned to 1). */
export async function runOneByOne(session: ModelSession, data: Float32Array, dims: readonly number[]): Promise<RawOutputs> {
  const per = data.length / dims[0];
  const parts: RawOutputs[] = [];
  for (let b = 0; b < dims[0]; b++) parts.push(await session.run(data.subarray(b * per, (b + 1) * per), [1, ...dims.slice(1)]));
  return concatBatches(parts);
}
