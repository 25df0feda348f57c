/**
 * npm run validate -- --model models/<id> --data <DICOM folder | DICOMweb URL> --labels labels.csv
 *   [--compare models/<other>] [--tuning tuning-labels.csv] [--out report/]
 * Exit codes: 0 every patient analysed; 3 report written but some patients excluded (listed);
 * 2 bad input (arguments, labels, model, data source); 1 unexpected failure.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runValidation, UsageError } from './runValidation';

export const USAGE = `Usage: npm run validate -- --model models/<id> --data <DICOM folder | DICOMweb URL> --labels labels.csv
       [--compare models/<other>] [--tuning tuning-labels.csv] [--out report/]
       [--runtime node|web-wasm] [--threads N] [--resamples 2000] [--seed N] [--restart]

Runs the model on every patient of the labels file (slice probabilities, patient = model's aggregation),
resuming from <out>/checkpoint.jsonl, and writes <out>/cases.csv, <out>/report.html and <out>/report.json.
--tuning fits a Youden threshold on a separate cohort (never on the test cohort). --restart ignores the checkpoint.
Exit codes: 0 all analysed, 3 some patients excluded (see report), 2 bad input, 1 unexpected error.
Research use only.`;

function positiveInt(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new UsageError(`--${name} must be a non-negative integer, got "${v}"`);
  return n;
}

export async function main(
  argv: string[],
  out: NodeJS.WritableStream = process.stdout,
  err: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr,
): Promise<number> {
  try {
    let values;
    try {
      ({ values } = parseArgs({
        args: argv,
        options: {
          model: { type: 'string' },
          data: { type: 'string' },
          labels: { type: 'string' },
          compare: { type: 'string' },
          tuning: { type: 'string' },
          out: { type: 'string', default: 'report' },
          runtime: { type: 'string', default: 'node' },
          threads: { type: 'string' },
          resamples: { type: 'string' },
          seed: { type: 'string' },
          restart: { type: 'boolean', default: false },
          help: { type: 'boolean', short: 'h', default: false },
        },
        strict: true,
        allowPositionals: false,
      }));
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
    if (values.help) {
      out.write(`${USAGE}\n`);
      return 0;
    }
    const missing = (['model', 'data', 'labels'] as const).filter((k) => !values[k]);
    if (missing.length) throw new UsageError(`missing ${missing.map((m) => `--${m}`).join(', ')}`);
    if (values.runtime !== 'node' && values.runtime !== 'web-wasm') throw new UsageError(`--runtime must be node or web-wasm`);
    if (values.restart) rmSync(join(values.out!, 'checkpoint.jsonl'), { force: true });
    const summary = await runValidation({
      model: values.model!,
      compare: values.compare,
      data: values.data!,
      labels: values.labels!,
      tuning: values.tuning,
      out: values.out!,
      runtime: values.runtime,
      threads: positiveInt('threads', values.threads),
      resamples: positiveInt('resamples', values.resamples),
      seed: positiveInt('seed', values.seed),
      log: err,
    });
    const e = summary.report.evaluations[0].patient;
    const auc = e.auc ? `${e.auc.value.toFixed(3)} (DeLong 95% CI ${e.auc.delong.ci.map((v) => v.toFixed(3)).join('–')})` : 'n/a (one class only)';
    const m = e.atCardThreshold;
    out.write(
      [
        `Test patients analysed: ${summary.evaluated} (${summary.resumed} from checkpoint)` +
          (summary.tuning.evaluated ? `; tuning patients: ${summary.tuning.evaluated} (${summary.tuning.resumed} from checkpoint)` : '') +
          `; excluded: ${summary.excluded.length}`,
        `Patient-level AUC ${auc}; sensitivity ${(m.sensitivity.value * 100).toFixed(1)}%, specificity ${(m.specificity.value * 100).toFixed(1)}% at threshold ${m.threshold}`,
        `Per-case CSV: ${summary.csv}`,
        `Report: ${summary.html}`,
        `Numbers: ${summary.json}`,
        summary.report.models.some((x) => x.demo) ? 'Demonstration model (synthetic phantoms or untrained weights): research use only; these numbers have no clinical meaning.' : 'Research use only.',
        '',
      ].join('\n'),
    );
    return summary.exitCode;
  } catch (e) {
    if (e instanceof UsageError) {
      err.write(`validate: ${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    err.write(`validate: unexpected error: ${(e as Error).stack ?? e}\n`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
