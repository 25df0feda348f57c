/**
 * `npm start [-- --data DIR] [--dicomweb URL | --dicomweb-proxy URL | --pacs orthanc] [--port N] [--host H]`: build if needed, then serve the
 * viewer with our extension and mode on one port, and print the URL of the demo study in our mode.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ensureOhifApp } from '../host/ohifApp';
import { startOrthancBackedServer } from '../pacs/orthancBackedServer';
import { startServer, type RunningServer } from './app';
import { ensureBuild } from './build';
import { defaultModelId, manifestPath } from './defaultModel';
import { demoUrl, prepareDemoData, type DemoEntry } from './demoData';

const root = path.resolve(__dirname, '..', '..');

const USAGE = `Usage: npm start -- [--data DIR]... [--dicomweb URL] [--port 3000] [--host 127.0.0.1] [--stow DIR] [--no-build]
  --data DIR      serve this folder of DICOM files over the embedded DICOMweb server (default: the demo data)
  --dicomweb URL  point the viewer at an existing DICOMweb server instead (it must allow this origin: CORS)
  --pacs orthanc  start a private Orthanc (Debian orthanc + orthanc-dicomweb), upload the demo data
                  (or --data) to it, and proxy /dicomweb to it; run folder .cache/orthanc/default
  --dicomweb-proxy URL  proxy /dicomweb to an existing PACS's DICOMweb root (Orthanc, dcm4chee);
                  --dicomweb-user U, --dicomweb-password P (or env DICOMWEB_PASSWORD) are added
                  server-side and never reach the browser. See docs/pacs.md.
  --stow DIR      where SR exports are stored (default .cache/stow); --no-stow makes the server read-only
  --host H        listen address (default 127.0.0.1: loopback only)
  --model ID      model folder under models/ the panel loads (default: the demonstration model)`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      data: { type: 'string', multiple: true },
      dicomweb: { type: 'string' },
      pacs: { type: 'string' },
      'dicomweb-proxy': { type: 'string' },
      'dicomweb-user': { type: 'string' },
      'dicomweb-password': { type: 'string' },
      port: { type: 'string', default: '3000' },
      host: { type: 'string', default: '127.0.0.1' },
      stow: { type: 'string' },
      'no-stow': { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
      model: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const sources = [values.dicomweb, values.pacs, values['dicomweb-proxy']].filter(Boolean);
  if (sources.length > 1) throw new Error('use only one of --dicomweb, --dicomweb-proxy and --pacs');
  if (values.pacs && values.pacs !== 'orthanc') throw new Error(`--pacs ${values.pacs}: only "orthanc" is supported`);
  const ohifDir = ensureOhifApp(root);
  if (!values['no-build']) ensureBuild(root);

  let dataDirs: string[] = [];
  let notes: string[] = [];
  let entries: DemoEntry[] = [];
  if (!values.dicomweb && !values['dicomweb-proxy']) {
    if (values.data?.length) dataDirs = values.data.map(d => path.resolve(d));
    else ({ dirs: dataDirs, notes, entries } = await prepareDemoData(root));
  }
  if (!['127.0.0.1', '::1', 'localhost'].includes(values.host!)) {
    console.warn(`WARNING: listening on ${values.host}: anyone who can reach this address can read the served studies` +
      (values['no-stow'] ? '.' : ' and store DICOM through STOW-RS.') + ' The server has no authentication (docs/security.md).');
  }
  const modelsDir = path.join(root, 'models');
  const modelId = values.model ?? defaultModelId(modelsDir);
  const common = {
    ohifDir,
    bundleDir: path.join(root, 'dist', 'pima-ipn'),
    modelsDir,
    modelManifestPath: modelId ? manifestPath(modelId) : undefined,
    host: values.host,
    port: Number(values.port),
  };
  let server: RunningServer;
  let stopPacs = async () => {};
  let demoStudyUid: string | null = null;
  if (values.pacs === 'orthanc') {
    const backed = await startOrthancBackedServer({
      ...common,
      orthancDir: path.join(root, '.cache', 'orthanc', 'default'),
      uploadDirs: dataDirs,
      log: m => console.log(`  ${m}`),
    });
    server = backed.server;
    stopPacs = () => backed.orthanc.stop();
    demoStudyUid = backed.demoStudy?.studyInstanceUID ?? null;
    for (const [i, u] of backed.uploads.entries()) {
      console.log(`  uploaded ${dataDirs[i]}: ${u.stored} new, ${u.alreadyStored} already stored, ${u.rejected.length} rejected`);
    }
    console.log(`  Orthanc ${backed.orthanc.url} (loopback only; credentials in .cache/orthanc/default/credentials.json, mode 0600)`);
  } else {
    server = await startServer({
      ...common,
      dataDirs,
      stowDir: values['no-stow'] || values['dicomweb-proxy'] ? undefined : path.resolve(values.stow ?? path.join(root, '.cache', 'stow')),
      dicomwebUrl: values.dicomweb,
      dicomwebProxy: values['dicomweb-proxy']
        ? {
            url: values['dicomweb-proxy'],
            user: values['dicomweb-user'],
            password: values['dicomweb-password'] ?? process.env.DICOMWEB_PASSWORD,
          }
        : undefined,
    });
  }

  console.log(`\nPIMA vs IPN viewer (research use only) at ${server.url}/`);
  notes.forEach(n => console.log(`  data: ${n}`));
  console.log(`  model: ${modelId ?? 'none found under models/'}`);
  if (server.index) {
    console.log(`  indexed ${server.index.indexed} DICOM files in ${server.store!.studies.size} studies`);
    server.index.skipped.slice(0, 5).forEach(s => console.log(`  skipped ${s.file}: ${s.reason}`));
  }
  const studies = server.store ? [...server.store.studies.values()] : [];
  const preferred = studies.find(s => [...s.series.values()].some(se => se.instances.size > 1)) ?? studies[0];
  demoStudyUid ??= preferred?.studyInstanceUID ?? null;
  if (entries.length) {
    console.log('\nOpen a demo patient in the PIMA vs IPN mode, on the slice with the largest lesion section:');
    for (const e of entries) console.log(`  ${e.label}-like phantom: ${demoUrl(server.url, e)}`);
    console.log(`Study list: ${server.url}/\n`);
  } else if (demoStudyUid) console.log(`\nOpen the study in the PIMA vs IPN mode:\n  ${server.url}/pima-ipn?StudyInstanceUIDs=${demoStudyUid}\n`);
  else console.log(`\nStudy list: ${server.url}/\n`);
  const stop = () =>
    server
      .close()
      .then(stopPacs)
      .then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(error => {
  console.error(`npm start failed: ${(error as Error).message}`);
  process.exit(1);
});
