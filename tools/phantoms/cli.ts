/**
 * npm run phantoms -- --out DIR --patients N --seed S [--workers 2] [--min-slices] [--pima-fraction 0.5]
 * Writes a synthetic chest-CT cohort (DICOM + labels.csv) and prints throughput.
 * Synthetic demonstration data only; not patient data.
 */
import { generateCohort } from './cohort';
import { assignLabels } from './params';

interface Args {
  out: string;
  patients: number;
  seed: number;
  workers: number;
  minSlices: boolean;
  pimaFraction: number;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { out: '', patients: 10, seed: 1, workers: 2, minSlices: false, pimaFraction: 0.5 };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = (): string => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`${k} needs a value`);
      return x;
    };
    if (k === '--out') a.out = v();
    else if (k === '--patients') a.patients = Number(v());
    else if (k === '--seed') a.seed = Number(v());
    else if (k === '--workers') a.workers = Number(v());
    else if (k === '--min-slices') a.minSlices = true;
    else if (k === '--pima-fraction') a.pimaFraction = Number(v());
    else if (k === '--help' || k === '-h') {
      console.log('usage: npm run phantoms -- --out DIR --patients N --seed S [--workers 2] [--min-slices] [--pima-fraction 0.5]');
      process.exit(0);
    } else throw new Error(`unknown argument ${k}`);
  }
  if (!a.out) throw new Error('--out DIR is required');
  if (!Number.isInteger(a.patients) || a.patients < 1) throw new Error('--patients must be a positive integer');
  if (!Number.isInteger(a.seed) || a.seed < 0) throw new Error('--seed must be a non-negative integer');
  if (!Number.isInteger(a.workers) || a.workers < 1) throw new Error('--workers must be a positive integer');
  if (!(a.pimaFraction >= 0 && a.pimaFraction <= 1)) throw new Error('--pima-fraction must be in [0, 1]');
  return a;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const t0 = Date.now();
  let slices = 0;
  let bytes = 0;
  const res = await generateCohort({
    out: args.out,
    patients: args.patients,
    seed: args.seed,
    workers: args.workers,
    labels: assignLabels(args.patients, args.seed, args.pimaFraction),
    sample: { minSlices: args.minSlices },
    onPatient: (r, done, total) => {
      slices += r.slices;
      bytes += r.bytes;
      const s = (Date.now() - t0) / 1000;
      console.log(
        `[${done}/${total}] ${r.row.patientId} ${r.row.label} ${r.slices} slices key=${r.row.keySliceIndex} ` +
          `| ${(slices / s).toFixed(1)} slices/s ${(bytes / 1e6 / s).toFixed(1)} MB/s`,
      );
    },
  });
  const nPima = res.rows.filter((r) => r.label === 'PIMA').length;
  console.log(
    `wrote ${res.rows.length} patients (${nPima} PIMA, ${res.rows.length - nPima} IPN), ${res.slices} slices, ` +
      `${(res.bytes / 1e6).toFixed(1)} MB in ${res.seconds.toFixed(1)} s: ` +
      `${(res.slices / res.seconds).toFixed(1)} slices/s, ${(res.bytes / 1e6 / res.seconds).toFixed(1)} MB/s -> ${args.out}/labels.csv`,
  );
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
  });
}
