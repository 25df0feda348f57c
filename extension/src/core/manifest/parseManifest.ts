import type {
  Aggregation,
  ChannelMode,
  CropSpec,
  Estimate,
  ManifestFile,
  ManifestInput,
  ManifestOutputs,
  ModelManifest,
  OutputSpec,
  WeightsFormat,
  WindowSpec,
} from './types';

/** Thrown with every problem found, each prefixed by its JSON path, so a broken manifest is fixed in one pass. */
export class ManifestError extends Error {
  readonly problems: string[];
  constructor(problems: string[], sourceUrl?: string) {
    super(
      `Invalid model manifest${sourceUrl ? ` (${sourceUrl})` : ''}: ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`,
    );
    this.name = 'ManifestError';
    this.problems = problems;
  }
}

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const describe = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** Collects problems instead of stopping at the first one; every getter returns a harmless default on failure. */
class Checker {
  readonly problems: string[] = [];

  fail(path: string, msg: string): void {
    this.problems.push(`${path}: ${msg}`);
  }

  obj(parent: Obj, key: string, path: string, optional = false): Obj | undefined {
    const v = parent[key];
    if (v === undefined && optional) return undefined;
    if (!isObj(v)) {
      this.fail(`${path}.${key}`, v === undefined ? 'missing (object required)' : `expected object, got ${describe(v)}`);
      return undefined;
    }
    return v;
  }

  str(parent: Obj, key: string, path: string, opts: { optional?: boolean; nonEmpty?: boolean } = {}): string {
    const v = parent[key];
    if (v === undefined && opts.optional) return '';
    if (typeof v !== 'string') {
      this.fail(`${path}.${key}`, v === undefined ? 'missing (string required)' : `expected string, got ${describe(v)}`);
      return '';
    }
    if (opts.nonEmpty !== false && v.trim() === '') this.fail(`${path}.${key}`, 'must not be empty');
    return v;
  }

  num(
    parent: Obj,
    key: string,
    path: string,
    opts: { optional?: boolean; int?: boolean; min?: number; max?: number; gt?: number } = {},
  ): number {
    const v = parent[key];
    if (v === undefined && opts.optional) return NaN;
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      this.fail(`${path}.${key}`, v === undefined ? 'missing (number required)' : `expected finite number, got ${describe(v)}`);
      return NaN;
    }
    if (opts.int && !Number.isInteger(v)) this.fail(`${path}.${key}`, `expected integer, got ${v}`);
    if (opts.min !== undefined && v < opts.min) this.fail(`${path}.${key}`, `must be >= ${opts.min}, got ${v}`);
    if (opts.max !== undefined && v > opts.max) this.fail(`${path}.${key}`, `must be <= ${opts.max}, got ${v}`);
    if (opts.gt !== undefined && !(v > opts.gt)) this.fail(`${path}.${key}`, `must be > ${opts.gt}, got ${v}`);
    return v;
  }

  bool(parent: Obj, key: string, path: string, optional = false): boolean {
    const v = parent[key];
    if (v === undefined && optional) return false;
    if (typeof v !== 'boolean') {
      this.fail(`${path}.${key}`, v === undefined ? 'missing (boolean required)' : `expected boolean, got ${describe(v)}`);
      return false;
    }
    return v;
  }

  oneOf<T extends string>(parent: Obj, key: string, path: string, allowed: readonly T[], optional = false): T {
    const v = parent[key];
    if (v === undefined && optional) return allowed[0];
    if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v)) {
      this.fail(`${path}.${key}`, `expected one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, got ${JSON.stringify(v)}`);
      return allowed[0];
    }
    return v as T;
  }

  arr(parent: Obj, key: string, path: string, optional = false): unknown[] | undefined {
    const v = parent[key];
    if (v === undefined && optional) return undefined;
    if (!Array.isArray(v)) {
      this.fail(`${path}.${key}`, v === undefined ? 'missing (array required)' : `expected array, got ${describe(v)}`);
      return undefined;
    }
    return v;
  }

  numArray(parent: Obj, key: string, path: string, opts: { length?: number; optional?: boolean; gt?: number } = {}): number[] {
    const a = this.arr(parent, key, path, opts.optional);
    if (!a) return [];
    if (opts.length !== undefined && a.length !== opts.length)
      this.fail(`${path}.${key}`, `expected ${opts.length} numbers, got ${a.length}`);
    a.forEach((x, i) => {
      if (typeof x !== 'number' || !Number.isFinite(x)) this.fail(`${path}.${key}[${i}]`, `expected finite number, got ${describe(x)}`);
      else if (opts.gt !== undefined && !(x > opts.gt)) this.fail(`${path}.${key}[${i}]`, `must be > ${opts.gt}, got ${x}`);
    });
    return a.filter((x): x is number => typeof x === 'number');
  }

  range(parent: Obj, key: string, path: string): [number, number] | undefined {
    if (parent[key] === undefined) return undefined;
    const r = this.numArray(parent, key, path, { length: 2 });
    if (r.length === 2 && !(r[0] <= r[1])) this.fail(`${path}.${key}`, `range must be [min, max] with min <= max, got [${r.join(', ')}]`);
    return r.length === 2 ? [r[0], r[1]] : undefined;
  }

  strArray(parent: Obj, key: string, path: string, optional = false): string[] {
    const a = this.arr(parent, key, path, optional);
    if (!a) return [];
    a.forEach((x, i) => {
      if (typeof x !== 'string' || x === '') this.fail(`${path}.${key}[${i}]`, `expected non-empty string, got ${describe(x)}`);
    });
    return a.filter((x): x is string => typeof x === 'string');
  }

  noUnknownKeys(o: Obj, path: string, allowed: readonly string[]): void {
    for (const k of Object.keys(o)) if (!allowed.includes(k)) this.fail(`${path}.${k}`, `unknown field (allowed: ${allowed.join(', ')})`);
  }
}

const WEIGHTS: readonly WeightsFormat[] = ['fp32', 'fp16', 'int8'];
const CHANNEL_MODES: readonly ChannelMode[] = ['replicate', 'windows'];
const AGGREGATIONS: readonly Aggregation[] = ['mean', 'max', 'median'];
/** The only preprocessing this code implements (docs/architecture.md, "Preprocessing specification (version 1)"). */
export const SUPPORTED_PREPROCESS_VERSION = 1;

function resolveUrl(url: string, base?: string): string {
  if (!base) return url;
  // A relative manifest URL (e.g. "/models/x/manifest.json") is relative to the page; the worker that
  // downloads the model has another base, so make it absolute here while the page's location is known.
  const page = (globalThis as { location?: { href?: string } }).location?.href;
  try {
    return new URL(url, page ? new URL(base, page) : base).href;
  } catch {
    return url;
  }
}

function parseOutput(c: Checker, outputs: Obj, key: string, path: string, optional: boolean): OutputSpec | undefined {
  const o = c.obj(outputs, key, path, optional);
  if (!o) return undefined;
  const p = `${path}.${key}`;
  const name = c.str(o, 'name', p);
  const shapeRaw = c.arr(o, 'shape', p) ?? [];
  shapeRaw.forEach((d, i) => {
    if (!(typeof d === 'string' || (typeof d === 'number' && Number.isInteger(d) && d > 0)))
      c.fail(`${p}.shape[${i}]`, `expected a positive integer or a symbolic name, got ${JSON.stringify(d)}`);
  });
  return { name, shape: shapeRaw.filter((d): d is number | string => typeof d === 'string' || typeof d === 'number') };
}

function parseEstimate(c: Checker, parent: Obj, key: string, path: string, lo: number, hi: number): Estimate | undefined {
  const o = c.obj(parent, key, path, true);
  if (!o) return undefined;
  const p = `${path}.${key}`;
  const value = c.num(o, 'value', p, { min: lo, max: hi });
  const ci = c.numArray(o, 'ci95', p, { length: 2 });
  if (ci.length === 2 && !(ci[0] <= ci[1])) c.fail(`${p}.ci95`, `lower bound above upper bound: [${ci.join(', ')}]`);
  const method = c.str(o, 'method', p);
  return { value, ci95: [ci[0] ?? NaN, ci[1] ?? NaN], method };
}

function parseInput(c: Checker, root: Obj): ManifestInput {
  const p = '$.input';
  const i = c.obj(root, 'input', '$') ?? {};
  const name = c.str(i, 'name', p);
  const size = c.num(i, 'size', p, { int: true, min: 8, max: 1024 });
  const channelMode = c.oneOf(i, 'channelMode', p, CHANNEL_MODES);
  const windowsRaw = c.arr(i, 'windows', p) ?? [];
  const windows: WindowSpec[] = [];
  windowsRaw.forEach((w, k) => {
    const wp = `${p}.windows[${k}]`;
    if (!isObj(w)) {
      c.fail(wp, `expected object {center, width}, got ${describe(w)}`);
      return;
    }
    c.noUnknownKeys(w, wp, ['center', 'width', 'name']);
    const center = c.num(w, 'center', wp, { min: -4096, max: 65535 });
    const width = c.num(w, 'width', wp, { gt: 0 });
    const wname = c.str(w, 'name', wp, { optional: true });
    windows.push(wname ? { center, width, name: wname } : { center, width });
  });
  const wantWindows = channelMode === 'replicate' ? 1 : 3;
  if (windowsRaw.length !== wantWindows)
    c.fail(`${p}.windows`, `channelMode "${channelMode}" needs exactly ${wantWindows} window(s), got ${windowsRaw.length}`);
  const mean = c.numArray(i, 'mean', p, { length: 3 });
  const std = c.numArray(i, 'std', p, { length: 3, gt: 0 });
  const cr = c.obj(i, 'crop', p) ?? {};
  const cp = `${p}.crop`;
  c.noUnknownKeys(cr, cp, ['scale', 'minSizePx', 'padHU']);
  const crop: CropSpec = {
    scale: c.num(cr, 'scale', cp, { gt: 0, max: 20 }),
    minSizePx: c.num(cr, 'minSizePx', cp, { min: 1 }),
    padHU: c.num(cr, 'padHU', cp),
  };
  const neighbours = c.num(i, 'neighbours', p, { int: true, min: 0, max: 10 });
  const preprocessVersion = c.num(i, 'preprocessVersion', p, { int: true });
  if (Number.isFinite(preprocessVersion) && preprocessVersion !== SUPPORTED_PREPROCESS_VERSION)
    c.fail(`${p}.preprocessVersion`, `this viewer implements preprocessing version ${SUPPORTED_PREPROCESS_VERSION}, the model needs ${preprocessVersion}`);
  return {
    name,
    size,
    channelMode,
    windows,
    mean: [mean[0], mean[1], mean[2]],
    std: [std[0], std[1], std[2]],
    crop,
    neighbours,
    preprocessVersion,
  };
}

function parseFile(c: Checker, root: Obj, sourceUrl?: string): ManifestFile {
  const p = '$.file';
  const f = c.obj(root, 'file', '$') ?? {};
  const url = c.str(f, 'url', p);
  const sha256 = c.str(f, 'sha256', p);
  if (sha256 && !/^[0-9a-f]{64}$/.test(sha256)) c.fail(`${p}.sha256`, 'expected 64 lower-case hex digits');
  const bytes = c.num(f, 'bytes', p, { int: true, min: 1 });
  const weights = c.oneOf(f, 'weights', p, WEIGHTS);
  const compute = f.compute === undefined ? 'fp32' : c.oneOf(f, 'compute', p, ['fp32', 'fp16'] as const);
  const requiresShaderF16 = f.requiresShaderF16 === undefined ? false : c.bool(f, 'requiresShaderF16', p);
  const opset = f.opset === undefined ? NaN : c.num(f, 'opset', p, { int: true, min: 7 });
  if (compute === 'fp16' && f.requiresShaderF16 === false)
    c.fail(`${p}.requiresShaderF16`, 'an fp16-compute graph needs WebGPU shader-f16; it must be true');
  return { url, resolvedUrl: resolveUrl(url, sourceUrl), sha256, bytes, weights, compute, requiresShaderF16, opset };
}

function parseOutputs(c: Checker, root: Obj): ManifestOutputs {
  const o = c.obj(root, 'outputs', '$') ?? {};
  const p = '$.outputs';
  c.noUnknownKeys(o, p, ['logits', 'cam', 'attention']);
  const logits = parseOutput(c, o, 'logits', p, false) ?? { name: '', shape: [] };
  const cam = parseOutput(c, o, 'cam', p, true);
  const attention = parseOutput(c, o, 'attention', p, true);
  if (logits.shape.length && logits.shape.length !== 2) c.fail(`${p}.logits.shape`, `expected [N, classes], got rank ${logits.shape.length}`);
  for (const [k, spec] of [['cam', cam], ['attention', attention]] as const)
    if (spec && spec.shape.length !== 4) c.fail(`${p}.${k}.shape`, `expected [N, C, h, w], got rank ${spec.shape.length}`);
  const names = [logits.name, cam?.name, attention?.name].filter((n): n is string => !!n);
  if (new Set(names).size !== names.length) c.fail(p, `output names must be distinct, got ${names.join(', ')}`);
  const out: ManifestOutputs = { logits };
  if (cam) out.cam = cam;
  if (attention) out.attention = attention;
  return out;
}

/**
 * Validates a manifest.json (schemaVersion 1) and returns it typed, with file.url resolved against
 * sourceUrl. Throws ManifestError listing every problem with its JSON path.
 */
export function parseManifest(json: unknown, sourceUrl?: string): ModelManifest {
  const c = new Checker();
  if (!isObj(json)) throw new ManifestError([`$: expected a JSON object, got ${describe(json)}`], sourceUrl);
  const root = json;
  if (root.schemaVersion !== 1) c.fail('$.schemaVersion', `only schemaVersion 1 is supported, got ${JSON.stringify(root.schemaVersion)}`);
  const id = c.str(root, 'id', '$');
  if (id && !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id)) c.fail('$.id', 'must be a folder-safe identifier ([A-Za-z0-9._-])');
  const version = c.str(root, 'version', '$');
  const name = c.str(root, 'name', '$');

  const a = c.obj(root, 'architecture', '$') ?? {};
  const architecture = {
    variant: c.str(a, 'variant', '$.architecture'),
    backbone: c.str(a, 'backbone', '$.architecture'),
    se: c.bool(a, 'se', '$.architecture'),
    das: c.bool(a, 'das', '$.architecture'),
    parameters: c.num(a, 'parameters', '$.architecture', { int: true, min: 1 }),
    ...(typeof a.description === 'string' ? { description: a.description } : {}),
  };

  const file = parseFile(c, root, sourceUrl);
  const input = parseInput(c, root);
  const outputs = parseOutputs(c, root);
  if (architecture.das === false && outputs.attention)
    c.fail('$.outputs.attention', 'a variant without DAS has no attention map; remove this output');

  const classes = c.strArray(root, 'classes', '$');
  if (classes.length && classes.length < 2) c.fail('$.classes', 'need at least 2 classes');
  if (new Set(classes).size !== classes.length) c.fail('$.classes', 'class names must be distinct');
  const positiveClass = c.str(root, 'positiveClass', '$');
  const positiveIndex = classes.indexOf(positiveClass);
  if (positiveClass && classes.length && positiveIndex < 0) c.fail('$.positiveClass', `"${positiveClass}" is not one of classes [${classes.join(', ')}]`);
  const logitsClasses = outputs.logits.shape[1];
  if (typeof logitsClasses === 'number' && classes.length && logitsClasses !== classes.length)
    c.fail('$.outputs.logits.shape', `has ${logitsClasses} classes but classes lists ${classes.length}`);
  const camClasses = outputs.cam?.shape[1];
  if (typeof camClasses === 'number' && classes.length && camClasses !== classes.length)
    c.fail('$.outputs.cam.shape', `has ${camClasses} maps but classes lists ${classes.length}`);

  const t = c.obj(root, 'threshold', '$') ?? {};
  const threshold = { value: c.num(t, 'value', '$.threshold', { min: 0, max: 1 }), method: c.str(t, 'method', '$.threshold') };
  const aggregation = root.aggregation === undefined ? 'mean' : c.oneOf(root, 'aggregation', '$', AGGREGATIONS);

  const ic = c.obj(root, 'inputChecks', '$') ?? {};
  const inputChecks: ModelManifest['inputChecks'] = { modalities: c.strArray(ic, 'modalities', '$.inputChecks') };
  for (const k of ['sliceThicknessMm', 'pixelSpacingMm', 'roiSizeMm'] as const) {
    const r = c.range(ic, k, '$.inputChecks');
    if (r) inputChecks[k] = r;
  }

  const training = c.obj(root, 'training', '$') ?? {};
  const v = c.obj(root, 'validation', '$') ?? {};
  const vp = '$.validation';
  const validation: ModelManifest['validation'] = {
    ...v,
    cohort: c.str(v, 'cohort', vp),
    patients: c.num(v, 'patients', vp, { int: true, min: 0 }),
  };
  for (const k of ['auc', 'sensitivity', 'specificity'] as const) {
    const e = parseEstimate(c, v, k, vp, 0, 1);
    if (e) validation[k] = e;
  }
  const rd = c.obj(v, 'referenceDistribution', vp, true);
  if (rd) {
    const rp = `${vp}.referenceDistribution`;
    const edges = c.numArray(rd, 'edges', rp);
    for (let k = 1; k < edges.length; k++) if (!(edges[k] > edges[k - 1])) c.fail(`${rp}.edges`, 'must be strictly increasing');
    for (const cls of classes) {
      const counts = c.numArray(rd, cls, rp);
      if (edges.length && counts.length !== edges.length - 1)
        c.fail(`${rp}.${cls}`, `expected ${edges.length - 1} bins (edges.length - 1), got ${counts.length}`);
    }
  }

  const intendedUse = c.str(root, 'intendedUse', '$');
  const limitations = c.strArray(root, 'limitations', '$');
  if (root.researchUseOnly !== true)
    c.fail('$.researchUseOnly', root.researchUseOnly === undefined ? 'missing: must be true' : `must be true, got ${JSON.stringify(root.researchUseOnly)}`);
  const demo = c.bool(root, 'demo', '$');
  const card = c.str(root, 'card', '$', { optional: true });

  if (c.problems.length) throw new ManifestError(c.problems, sourceUrl);
  const manifest: ModelManifest = {
    schemaVersion: 1,
    id,
    version,
    name,
    architecture,
    file,
    input,
    outputs,
    classes,
    positiveClass,
    positiveIndex,
    threshold,
    aggregation,
    inputChecks,
    training,
    validation,
    intendedUse,
    limitations,
    researchUseOnly: true,
    demo,
  };
  if (card) manifest.card = card;
  if (sourceUrl) manifest.sourceUrl = sourceUrl;
  return manifest;
}
