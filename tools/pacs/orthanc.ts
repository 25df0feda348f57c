/**
 * A private Orthanc (Debian `orthanc` + `orthanc-dicomweb`) for `npm start -- --pacs orthanc` and
 * the tests: our own generated configuration, storage folder and free port, authentication on with
 * random credentials, loopback clients only, nothing but the REST API and the DICOMweb plug-in.
 * The browser never talks to it: our server reverse-proxies `/dicomweb` to `dicomwebRoot`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, openSync, promises as fs, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export const ORTHANC_INSTALL_HINT = 'apt-get install orthanc orthanc-dicomweb';

const BINARY_CANDIDATES = ['/usr/sbin/Orthanc', '/usr/bin/Orthanc', '/usr/local/sbin/Orthanc', '/usr/local/bin/Orthanc'];
const PLUGIN_CANDIDATES = [
  '/usr/share/orthanc/plugins/libOrthancDicomWeb.so',
  '/usr/lib/orthanc/libOrthancDicomWeb.so.1.7',
  '/usr/local/share/orthanc/plugins/libOrthancDicomWeb.so',
];

export class OrthancUnavailableError extends Error {}

export interface OrthancOptions {
  /** Folder that holds config.json, credentials.json, the log and the storage (created if missing). */
  dir: string;
  /** HTTP port on 127.0.0.1; a free one is picked when absent. */
  httpPort?: number;
  log?: (message: string) => void;
  /** Overrides for tests and unusual installs. */
  binary?: string;
  plugin?: string;
  startTimeoutMs?: number;
}

export interface Orthanc {
  /** REST root, e.g. http://127.0.0.1:8043 (no trailing slash). */
  url: string;
  /** DICOMweb root, e.g. http://127.0.0.1:8043/dicom-web (no trailing slash). */
  dicomwebRoot: string;
  user: string;
  password: string;
  /** The process id, for diagnostics. */
  pid: number;
  /** Where Orthanc writes its log. */
  logFile: string;
  stop(): Promise<void>;
}

type Credentials = Pick<Orthanc, 'url' | 'user' | 'password'>;

function firstExisting(candidates: string[]): string | null {
  return candidates.find(c => existsSync(c)) ?? null;
}

export function locateOrthanc(overrides: { binary?: string; plugin?: string } = {}): { binary: string; plugin: string } {
  const binary = overrides.binary ?? firstExisting(BINARY_CANDIDATES);
  if (!binary || !existsSync(binary)) {
    throw new OrthancUnavailableError(`the Orthanc binary was not found (looked in ${BINARY_CANDIDATES.join(', ')}): ${ORTHANC_INSTALL_HINT}`);
  }
  const plugin = overrides.plugin ?? firstExisting(PLUGIN_CANDIDATES);
  if (!plugin || !existsSync(plugin)) {
    throw new OrthancUnavailableError(`the Orthanc DICOMweb plug-in was not found (looked in ${PLUGIN_CANDIDATES.join(', ')}): ${ORTHANC_INSTALL_HINT}`);
  }
  return { binary, plugin };
}

/** A port that was free on 127.0.0.1 a moment ago (the caller retries if someone takes it first). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export function orthancConfig(o: { name: string; storage: string; httpPort: number; plugin: string; user: string; password: string }) {
  return {
    Name: o.name,
    StorageDirectory: o.storage,
    IndexDirectory: o.storage,
    Plugins: [o.plugin],
    HttpServerEnabled: true,
    HttpPort: o.httpPort,
    // Orthanc 1.10 has no bind-address option: it listens on every interface but answers only
    // loopback clients when remote access is off, and only with the credentials below.
    RemoteAccessAllowed: false,
    AuthenticationEnabled: true,
    RegisteredUsers: { [o.user]: o.password },
    HttpDescribeErrors: true,
    // Nothing the proxy does not need: no DICOM listener, no web UIs, no WebDAV, no Lua.
    DicomServerEnabled: false,
    OrthancExplorerEnabled: false,
    WebDavEnabled: false,
    ExecuteLuaEnabled: false,
    StoneWebViewer: { Enable: false },
    SaveJobs: false,
    // One instance a second is plenty for a demo; a short stable age keeps tests quick.
    StableAge: 1,
    HttpThreadsCount: 16,
    DicomWeb: {
      Enable: true,
      Root: '/dicom-web/',
      EnableWado: false,
      Ssl: false,
      StudiesMetadata: 'Full',
      SeriesMetadata: 'Full',
    },
  };
}

export function authHeader(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function killOnExit(child: ChildProcess): void {
  running.add(child);
  child.once('exit', () => running.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // An Orthanc left behind would hold its port and storage lock for the next start.
  process.once('exit', () => running.forEach(c => c.kill('SIGKILL')));
}

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

async function waitReady(creds: Credentials, child: ChildProcess, logFile: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited: number | null = null;
  child.once('exit', code => (exited = code ?? -1));
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`Orthanc exited with code ${exited} while starting; log ${logFile}:\n${tail(logFile)}`);
    try {
      const res = await fetch(`${creds.url}/system`, { headers: { Authorization: authHeader(creds.user, creds.password) } });
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise(r => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`Orthanc did not answer /system within ${timeoutMs} ms; log ${logFile}:\n${tail(logFile)}`);
}

/** Starts a private Orthanc with a freshly generated configuration and waits until it answers. */
export async function startOrthanc(options: OrthancOptions): Promise<Orthanc> {
  const log = options.log ?? (() => {});
  const { binary, plugin } = locateOrthanc(options);
  const dir = path.resolve(options.dir);
  const storage = path.join(dir, 'storage');
  mkdirSync(storage, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);

  const user = 'pima-ipn';
  const password = randomBytes(24).toString('base64url');
  const attempts = options.httpPort ? 1 : 3;
  let lastError: Error | null = null;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const httpPort = options.httpPort ?? (await freePort());
    const url = `http://127.0.0.1:${httpPort}`;
    const configFile = path.join(dir, 'config.json');
    const config = orthancConfig({ name: `pima-ipn-${path.basename(dir)}`, storage, httpPort, plugin, user, password });
    // The configuration and the credentials file hold the password: owner-only.
    writeFileSync(configFile, JSON.stringify(config, null, 2), { mode: 0o600 });
    chmodSync(configFile, 0o600);
    const credentialsFile = path.join(dir, 'credentials.json');
    writeFileSync(credentialsFile, JSON.stringify({ url, dicomwebRoot: `${url}/dicom-web`, user, password }, null, 2), { mode: 0o600 });
    chmodSync(credentialsFile, 0o600);

    const logFile = path.join(dir, 'orthanc.log');
    const out = openSync(logFile, 'w', 0o600);
    const child = spawn(binary, [configFile], { cwd: dir, stdio: ['ignore', out, out] });
    killOnExit(child);
    log(`Orthanc (pid ${child.pid}) starting on ${url}, storage ${storage}`);
    try {
      await waitReady({ url, user, password }, child, logFile, options.startTimeoutMs ?? 30_000);
    } catch (error) {
      lastError = error as Error;
      child.kill('SIGKILL');
      continue;
    }
    const stop = () =>
      new Promise<void>(resolve => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      });
    return { url, dicomwebRoot: `${url}/dicom-web`, user, password, pid: child.pid!, logFile, stop };
  }
  throw lastError ?? new Error('Orthanc did not start');
}

/** A Node Buffer as a fetch body (Node's Buffer type is wider than what the DOM typings accept). */
export function asBody(bytes: Uint8Array): Uint8Array<ArrayBuffer> {
  return new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength);
}

/** GET (or POST) on Orthanc's REST API with the credentials; JSON in, JSON out. */
export async function orthancRest<T = unknown>(orthanc: Credentials, route: string, init: { method?: string; body?: string | Uint8Array } = {}): Promise<T> {
  const res = await fetch(`${orthanc.url}${route}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: { Authorization: authHeader(orthanc.user, orthanc.password) },
    body: typeof init.body === 'string' || init.body === undefined ? init.body : asBody(init.body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`Orthanc ${init.method ?? 'GET'} ${route} → ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

export interface UploadReport {
  files: number;
  stored: number;
  alreadyStored: number;
  /** Orthanc ids of the studies the uploaded instances belong to. */
  studies: string[];
  rejected: Array<{ file: string; reason: string }>;
}

const NOT_DICOM = /\.(csv|json|md|txt|png|stamp|log)$/i;

async function listFiles(folder: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full)));
    else if (entry.isFile() && !entry.name.startsWith('.') && !NOT_DICOM.test(entry.name)) out.push(full);
  }
  return out.sort();
}

/** Sends every DICOM file under `folder` through `POST /instances`; storing twice is harmless. */
export async function uploadFolder(orthanc: Credentials, folder: string): Promise<UploadReport> {
  const report: UploadReport = { files: 0, stored: 0, alreadyStored: 0, studies: [], rejected: [] };
  const studies = new Set<string>();
  for (const file of await listFiles(folder)) {
    report.files++;
    const res = await fetch(`${orthanc.url}/instances`, {
      method: 'POST',
      headers: { Authorization: authHeader(orthanc.user, orthanc.password), 'Content-Type': 'application/dicom' },
      body: asBody(await fs.readFile(file)),
    });
    const text = await res.text();
    if (!res.ok) {
      report.rejected.push({ file, reason: `${res.status} ${text.slice(0, 120).replace(/\s+/g, ' ')}` });
      continue;
    }
    const reply = JSON.parse(text) as { Status: string; ParentStudy: string };
    if (reply.Status === 'AlreadyStored') report.alreadyStored++;
    else report.stored++;
    studies.add(reply.ParentStudy);
  }
  report.studies = [...studies];
  return report;
}

export interface OrthancStudy {
  ID: string;
  MainDicomTags: Record<string, string>;
  PatientMainDicomTags: Record<string, string>;
  Series: string[];
}

export interface OrthancSeries {
  ID: string;
  MainDicomTags: Record<string, string>;
  Instances: string[];
  ParentStudy: string;
}

export const listStudies = (o: Credentials) => orthancRest<OrthancStudy[]>(o, '/studies?expand');
export const getSeries = (o: Credentials, id: string) => orthancRest<OrthancSeries>(o, `/series/${encodeURIComponent(id)}`);
export const getInstanceTags = (o: Credentials, id: string) =>
  orthancRest<Record<string, unknown>>(o, `/instances/${encodeURIComponent(id)}/tags?simplify`);

/** Orthanc's id for a DICOM UID at a given level, or null when it is not stored. */
export async function lookupUid(o: Credentials, uid: string, level: 'Study' | 'Series' | 'Instance'): Promise<string | null> {
  const hits = await orthancRest<Array<{ ID: string; Type: string }>>(o, '/tools/lookup', { body: uid });
  return hits.find(h => h.Type === level)?.ID ?? null;
}

/**
 * The StudyInstanceUID whose largest series has the most instances: the demo study to open.
 * `among` (Orthanc study ids) limits the choice, e.g. to what was just uploaded, since a persistent
 * storage may still hold studies from earlier starts.
 */
export async function largestStudy(o: Credentials, among?: string[]): Promise<{ studyInstanceUID: string; images: number } | null> {
  let best: { studyInstanceUID: string; images: number } | null = null;
  for (const study of await listStudies(o)) {
    if (among && !among.includes(study.ID)) continue;
    for (const id of study.Series) {
      const images = (await getSeries(o, id)).Instances.length;
      if (!best || images > best.images) best = { studyInstanceUID: study.MainDicomTags.StudyInstanceUID, images };
    }
  }
  return best;
}

/**
 * The SeriesInstanceUIDs a stored SR (or any instance with an evidence sequence) references,
 * read from `/instances/{id}/tags?simplify`: Current Requested Procedure Evidence, then
 * Pertinent Other Evidence.
 */
export function referencedSeriesOf(tags: Record<string, unknown>): string[] {
  const out = new Set<string>();
  for (const key of ['CurrentRequestedProcedureEvidenceSequence', 'PertinentOtherEvidenceSequence']) {
    for (const study of (tags[key] as Array<Record<string, unknown>> | undefined) ?? []) {
      for (const series of (study.ReferencedSeriesSequence as Array<Record<string, unknown>> | undefined) ?? []) {
        if (typeof series.SeriesInstanceUID === 'string') out.add(series.SeriesInstanceUID);
      }
    }
  }
  return [...out];
}

export interface StoredSr {
  orthancId: string;
  sopInstanceUID: string;
  seriesInstanceUID: string;
  /** The series the SR's evidence sequences reference. */
  referencedSeries: string[];
}

/** Every SR instance Orthanc holds for a study, with the series each references (the e2e check after "save SR"). */
export async function findStoredSrs(o: Credentials, studyInstanceUID: string): Promise<StoredSr[]> {
  const studyId = await lookupUid(o, studyInstanceUID, 'Study');
  if (!studyId) return [];
  const out: StoredSr[] = [];
  for (const series of await orthancRest<OrthancSeries[]>(o, `/studies/${studyId}/series?expand`)) {
    if (series.MainDicomTags.Modality !== 'SR') continue;
    for (const id of series.Instances) {
      const tags = await getInstanceTags(o, id);
      out.push({
        orthancId: id,
        sopInstanceUID: String(tags.SOPInstanceUID),
        seriesInstanceUID: series.MainDicomTags.SeriesInstanceUID,
        referencedSeries: referencedSeriesOf(tags),
      });
    }
  }
  return out;
}
