/**
 * Per-patient parameters of a phantom, sampled from the cohort seed. Everything geometric is in
 * millimetres in an anatomical frame: x toward the patient's left (image columns), y posterior
 * (image rows), z superior with the carina at z = 0. The DICOM z is this z plus a table offset.
 */
import { clamp } from './noise';
import { Rng } from './rng';

export type LesionLabel = 'PIMA' | 'IPN';

export const GENERATOR_VERSION = '1.1.0';

/** Reconstruction kernels: name -> PSF blur, noise correlation (pixels) and edge enhancement. */
export const KERNELS = [
  { name: 'B30f', psfSigmaPx: 0.95, noiseCorrPx: 1.1, sharpen: 0.0 },
  { name: 'STANDARD', psfSigmaPx: 0.8, noiseCorrPx: 0.95, sharpen: 0.0 },
  { name: 'FC13', psfSigmaPx: 0.85, noiseCorrPx: 1.0, sharpen: 0.1 },
  { name: 'B45f', psfSigmaPx: 0.65, noiseCorrPx: 0.8, sharpen: 0.2 },
  { name: 'FC51', psfSigmaPx: 0.55, noiseCorrPx: 0.7, sharpen: 0.45 },
  { name: 'LUNG', psfSigmaPx: 0.5, noiseCorrPx: 0.65, sharpen: 0.55 },
  { name: 'B70f', psfSigmaPx: 0.45, noiseCorrPx: 0.6, sharpen: 0.7 },
] as const;

export type RescaleMode = 'signed-1024' | 'signed-0' | 'unsigned-1024';

export interface AcquisitionParams {
  rows: number;
  columns: number;
  pixelSpacingMm: number;
  sliceThicknessMm: number;
  numSlices: number;
  /** Anatomical z of slice k = 0 (the most inferior). */
  zFirstMm: number;
  /** DICOM z = anatomical z + this. */
  tableOffsetMm: number;
  /** In-plane shift of the image centre in patient x/y (mm). */
  centreXMm: number;
  centreYMm: number;
  noiseSdHU: number;
  kernel: string;
  psfSigmaPx: number;
  noiseCorrPx: number;
  sharpen: number;
  kvp: number;
  mAs: number;
  rescale: RescaleMode;
  contrast: boolean;
}

export interface AnatomyParams {
  bodyA: number;
  bodyB: number;
  bodyCy: number;
  fatMm: number;
  muscleMm: number;
  lungHU: number;
  lungGradientHU: number;
  lungTextureHU: number;
  apexZ: number;
  domeRightZ: number;
  domeLeftZ: number;
  domeDepth: number;
  heart: { x: number; y: number; z: number; a: number; b: number; c: number };
  medHalfMm: number;
  spineRadius: number;
  ribSpacing: number;
  ribTopZ: number;
  ribDrop: number;
  bloodHU: number;
  treeSeed: number;
}

export interface LesionParams {
  label: LesionLabel;
  centre: [number, number, number];
  radiusMm: number;
  /** Lobes as offsets (fraction of radius) and relative radii: a union gives a lobulated body. */
  lobes: Array<{ dx: number; dy: number; dz: number; r: number }>;
  /** Surface irregularity amplitude as a fraction of the radius. */
  irregularity: number;
  solidHU: number;
  /** Fraction of the lesion volume that is ground glass rather than solid (mixed / part-solid). */
  ggoFraction: number;
  ggoHU: number;
  /** Internal texture amplitude (HU). */
  textureHU: number;
  airBronchograms: number;
  bubbles: number;
  vesselsThrough: boolean;
  spicules: number;
  satellites: number;
  pleuralTags: number;
  haloMm: number;
  haloHU: number;
  cavityFraction: number;
  seed: number;
}

export interface PatientParams {
  generatorVersion: string;
  index: number;
  patientId: string;
  label: LesionLabel;
  seed: number;
  acquisition: AcquisitionParams;
  anatomy: AnatomyParams;
  lesion: LesionParams;
}

/** Options only tests use: a smaller matrix or fewer slices keep unit tests fast. The CLI does not expose them. */
export interface TestOverrides {
  matrix?: number;
  numSlices?: number;
}

export interface SampleOptions {
  /** Use the fewest slices that still cover the lesion (>= 40): cheap cohorts for baseline checks. */
  minSlices?: boolean;
  /** Slice count range when not minimal. */
  sliceRange?: [number, number];
  test?: TestOverrides;
}

export function samplePatient(cohortSeed: number, index: number, label: LesionLabel, opts: SampleOptions = {}): PatientParams {
  const seed = new Rng(cohortSeed >>> 0).fork('patient', index).nextU32();
  const rng = new Rng(seed);
  const anatomy = sampleAnatomy(rng.fork('anatomy'));
  const lesionRng = rng.fork('lesion');
  const acqRng = rng.fork('acquisition');

  const matrix = opts.test?.matrix ?? 512;
  // The display FOV is fitted to the body width, as a technologist would.
  let pixelSpacingMm = clamp((2 * (anatomy.bodyA + acqRng.uniform(10, 28))) / 512, 0.6, 0.8);
  pixelSpacingMm = Math.round(pixelSpacingMm * 1000) / 1000;
  const halfFov = (512 * pixelSpacingMm) / 2;
  if (anatomy.bodyA > halfFov - 6) anatomy.bodyA = halfFov - 6;
  const spacing = pixelSpacingMm * (512 / matrix);

  const kernel = acqRng.pick(KERNELS);
  const sliceThicknessMm = acqRng.pick([1.0, 1.25, 1.5, 2.0, 2.5]);
  const lesion = sampleLesion(lesionRng, label, anatomy);

  const lesionExtent = 2 * lesion.radiusMm * 1.35 + 16;
  const minSlices = Math.max(40, Math.ceil(lesionExtent / sliceThicknessMm));
  const [lo, hi] = opts.sliceRange ?? [40, 120];
  let numSlices = opts.minSlices ? minSlices : Math.max(minSlices, acqRng.int(lo, hi));
  numSlices = Math.min(numSlices, 120);
  if (opts.test?.numSlices !== undefined) numSlices = opts.test.numSlices;
  const coverage = numSlices * sliceThicknessMm;
  // The lesion sits anywhere in the middle part of the slab so that it is fully covered.
  const slack = Math.max(0, coverage - lesionExtent);
  const zFirstMm = lesion.centre[2] - coverage / 2 + acqRng.uniform(-0.3, 0.3) * slack;

  const r = acqRng.next();
  const rescale: RescaleMode = r < 0.85 ? 'signed-1024' : r < 0.93 ? 'unsigned-1024' : 'signed-0';
  const kvp = acqRng.pick([100, 110, 120, 120, 120, 130, 140]);
  const mAs = Math.round(acqRng.uniform(40, 250));
  // Lower dose (mAs) and kV give noisier images; sharp kernels add their own grain.
  const noiseSdHU = clamp(9 * Math.sqrt(200 / mAs) * Math.sqrt(120 / kvp) * (1 + kernel.sharpen * 0.8) * acqRng.uniform(0.8, 1.25), 6, 45);

  const acquisition: AcquisitionParams = {
    rows: matrix,
    columns: matrix,
    pixelSpacingMm: Math.round(spacing * 10000) / 10000,
    sliceThicknessMm,
    numSlices,
    zFirstMm: Math.round(zFirstMm * 100) / 100,
    tableOffsetMm: Math.round(acqRng.uniform(-260, -120) * 10) / 10,
    centreXMm: Math.round(acqRng.uniform(-6, 6) * 10) / 10,
    centreYMm: Math.round(acqRng.uniform(-4, 12) * 10) / 10,
    noiseSdHU: Math.round(noiseSdHU * 10) / 10,
    kernel: kernel.name,
    psfSigmaPx: kernel.psfSigmaPx * (matrix / 512),
    noiseCorrPx: kernel.noiseCorrPx,
    sharpen: kernel.sharpen,
    kvp,
    mAs,
    rescale,
    contrast: acqRng.chance(0.35),
  };
  if (acquisition.contrast) anatomy.bloodHU = Math.round(acqRng.uniform(140, 260));
  return {
    generatorVersion: GENERATOR_VERSION,
    index,
    patientId: `PHANTOM-${String(index + 1).padStart(4, '0')}`,
    label,
    seed,
    acquisition,
    anatomy,
    lesion,
  };
}

function sampleAnatomy(rng: Rng): AnatomyParams {
  const bodyA = rng.uniform(140, 172);
  const bodyB = bodyA * rng.uniform(0.66, 0.78);
  const domeRightZ = rng.uniform(-115, -90);
  return {
    bodyA,
    bodyB,
    bodyCy: rng.uniform(-4, 4),
    fatMm: rng.uniform(6, 22),
    muscleMm: rng.uniform(5, 10),
    lungHU: rng.clippedNormal(-850, 18, -885, -805),
    lungGradientHU: rng.uniform(20, 60),
    lungTextureHU: rng.uniform(10, 22),
    apexZ: rng.uniform(105, 130),
    domeRightZ,
    domeLeftZ: domeRightZ - rng.uniform(5, 20),
    domeDepth: rng.uniform(55, 80),
    heart: {
      x: rng.uniform(14, 30),
      y: rng.uniform(-30, -15),
      z: rng.uniform(-75, -60),
      a: rng.uniform(44, 56),
      b: rng.uniform(34, 42),
      c: rng.uniform(45, 56),
    },
    medHalfMm: rng.uniform(11, 16),
    spineRadius: rng.uniform(15, 19),
    ribSpacing: rng.uniform(22, 28),
    ribTopZ: rng.uniform(150, 175),
    ribDrop: rng.uniform(55, 85),
    bloodHU: Math.round(rng.uniform(35, 50)),
    treeSeed: rng.nextU32(),
  };
}

function sampleLesion(rng: Rng, label: LesionLabel, anat: AnatomyParams): LesionParams {
  const pima = label === 'PIMA';
  // Diameters 10–45 mm; PIMA skews larger but the ranges overlap.
  const radiusMm = pima ? rng.clippedNormal(13, 4.5, 6, 22) : rng.clippedNormal(10, 3.5, 5, 20);
  const nLobes = pima ? rng.int(3, 7) : rng.int(1, 4);
  const lobes: LesionParams['lobes'] = [{ dx: 0, dy: 0, dz: 0, r: 1 }];
  for (let i = 1; i < nLobes; i++) {
    const [ux, uy, uz] = rng.unitVector();
    // Lobes reach past the main sphere, so their union is lobulated rather than round.
    const d = rng.uniform(0.5, pima ? 0.95 : 0.8);
    lobes.push({ dx: ux * d, dy: uy * d, dz: uz * d * 0.8, r: rng.uniform(0.4, pima ? 0.75 : 0.6) });
  }
  const solidHU = pima ? rng.clippedNormal(18, 14, -20, 50) : rng.clippedNormal(34, 12, 0, 65);
  const ggoFraction = pima ? (rng.chance(0.6) ? rng.uniform(0.15, 0.7) : 0) : rng.chance(0.3) ? rng.uniform(0.1, 0.5) : 0;
  const lower = pima ? rng.chance(0.65) : rng.chance(0.4);
  // Only the z is chosen here; x/y are placed inside the lung once the anatomy is built.
  const z = lower ? rng.uniform(anat.domeRightZ + 10, -30) : rng.uniform(-30, 75);
  return {
    label,
    centre: [0, 0, z],
    radiusMm,
    lobes,
    irregularity: pima ? rng.uniform(0.03, 0.12) : rng.uniform(0.08, 0.25),
    solidHU,
    ggoFraction,
    ggoHU: rng.uniform(-620, -380),
    textureHU: pima ? rng.uniform(12, 30) : rng.uniform(6, 18),
    airBronchograms: pima ? (rng.chance(0.75) ? rng.int(1, 4) : 0) : rng.chance(0.15) ? 1 : 0,
    bubbles: pima ? (rng.chance(0.6) ? rng.int(1, 7) : 0) : 0,
    vesselsThrough: pima ? rng.chance(0.7) : false,
    spicules: pima ? (rng.chance(0.1) ? rng.int(1, 3) : 0) : rng.chance(0.85) ? rng.int(8, 22) : 0,
    satellites: pima ? 0 : rng.chance(0.5) ? rng.int(1, 4) : 0,
    pleuralTags: pima ? 0 : rng.chance(0.6) ? rng.int(1, 3) : 0,
    haloMm: pima ? (rng.chance(0.15) ? rng.uniform(1, 3) : 0) : rng.chance(0.6) ? rng.uniform(3, 8) : 0,
    haloHU: rng.uniform(-650, -450),
    cavityFraction: pima ? 0 : rng.chance(0.2) ? rng.uniform(0.25, 0.55) : 0,
    seed: rng.nextU32(),
  };
}

/** Exactly round(n * pimaFraction) PIMA labels, shuffled deterministically by the seed. */
export function assignLabels(n: number, seed: number, pimaFraction = 0.5): LesionLabel[] {
  const nPima = Math.round(n * pimaFraction);
  const labels: LesionLabel[] = [];
  for (let i = 0; i < n; i++) labels.push(i < nPima ? 'PIMA' : 'IPN');
  const rng = new Rng(seed >>> 0).fork('labels');
  for (let i = n - 1; i > 0; i--) {
    const j = rng.int(0, i);
    const t = labels[i] as LesionLabel;
    labels[i] = labels[j] as LesionLabel;
    labels[j] = t;
  }
  return labels;
}
