/**
 * `npm start [-- --data DIR] [--dicomweb URL] [--port N] [--host H]`: build if needed, then serve the
 * viewer with our extension and mode on one port, and print the URL of the demo study in our mode.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureOhifApp } from '../host/ohifApp';
import { startServer } from './app';
import { ensureBuild } from './build';
import { prepareDemoData } from './demoData';

const root = path.resolve(__dirname, '..', '..');

const USAGE = `Usage: npm start -- [--data DIR]... [--dicomweb URL] [--port 3000] [--host 127.0.0.1] [--stow DIR] [--no-build]
  --data DIR      serve this folder of DICOM files over the embedded DICOMweb server (default: the demo data)
  --dicomweb URL  point the viewer at an existing DICOMweb server instead (it must allow this origin: CORS)
  --stow DIR      where SR exports are stored (default .cache/stow); --no-stow makes the server read-only
  --host H        listen address (default 127.0.0.1: loopback only)`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string', multiple: true },
      dicomweb: { type: 'string' },
      port: { type: 'string', default: '3000' },
      host: { type: 'string', default: '127.0.0.1' },
      stow: { type: 'string' },
      'no-stow': { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const ohifDir = ensureOhifApp(root);
  if (!values['no-build']) ensureBuild(root);

  let dataDirs: string[] = [];
  let notes: string[] = [];
  if (!values.dicomweb) {
    if (values.data?.length) dataDirs = values.data.map(d => path.resolve(d));
    else ({ dirs: dataDirs, notes } = await prepareDemoData(root));
  }
  const server = await startServer({
    ohifDir,
    bundleDir: path.join(root, 'dist', 'pima-ipn'),
    modelsDir: path.join(root, 'models'),
    dataDirs,
    stowDir: values['no-stow'] ? undefined : path.resolve(values.stow ?? path.join(root, '.cache', 'stow')),
    dicomwebUrl: values.dicomweb,
    host: values.host,
    port: Number(values.port),
  });

  console.log(`\nPIMA vs IPN viewer (research use only) at ${server.url}/`);
  notes.forEach(n => console.log(`  data: ${n}`));
  if (server.index) {
    console.log(`  indexed ${server.index.indexed} DICOM files in ${server.store!.studies.size} studies`);
    server.index.skipped.slice(0, 5).forEach(s => console.log(`  skipped ${s.file}: ${s.reason}`));
  }
  const studies = server.store ? [...server.store.studies.values()] : [];
  const preferred = studies.find(s => [...s.series.values()].some(se => se.instances.size > 1)) ?? studies[0];
  if (preferred) console.log(`\nOpen the demo study in the PIMA vs IPN mode:\n  ${server.url}/pima-ipn?StudyInstanceUIDs=${preferred.studyInstanceUID}\n`);
  else console.log(`\nStudy list: ${server.url}/\n`);
  const stop = () => server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(error => {
  console.error(`npm start failed: ${(error as Error).message}`);
  process.exit(1);
});
