/** Worker-thread entry for the cohort pool: one patient per message. */
import { parentPort } from 'node:worker_threads';
import { generatePatient, type PatientJob } from './cohort';

parentPort?.on('message', (job: PatientJob) => {
  try {
    parentPort?.postMessage({ ok: true, result: generatePatient(job) });
  } catch (e) {
    parentPort?.postMessage({ ok: false, error: e instanceof Error ? e.stack ?? e.message : String(e) });
  }
});
