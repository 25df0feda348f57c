/**
 * @jest-environment ./tests/unit/engine/sharedTypedArraysEnvironment.cjs
 */
/**
 * The DICOMweb cohort reader against the project's embedded DICOMweb server (tools/server/dicomweb):
 * it must hand the engine exactly the slices the folder reader does, find a study the labels omit,
 * and name a series the server does not have.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { DicomStore } from '../../../tools/server/dicomweb/dicomStore';
import { createDicomWebHandler } from '../../../tools/server/dicomweb/routes';
import { folderCohort } from '../../../tools/validate/cohort';
import { dicomwebCohort } from '../../../tools/validate/dicomweb';
import { loadLabelRows } from '../../../tools/validate/labelRows';
import { tinyCohort } from './support/tinyCohort';

let server: Server;
let base: string;
let cohortDir: string;

beforeAll(async () => {
  cohortDir = await tinyCohort(21, ['PIMA', 'IPN']);
  const { store } = await DicomStore.open([cohortDir]);
  const handle = createDicomWebHandler({ store });
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const sub = url.pathname.replace(/^\/dicomweb/, '');
    handle(req, res, sub, url.searchParams).then((handled) => {
      if (!handled) {
        res.statusCode = 404;
        res.end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/dicomweb`;
}, 60000);

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('dicomwebCohort', () => {
  it('loads the same slices, in the same order, as the folder reader', async () => {
    const rows = loadLabelRows(join(cohortDir, 'labels.csv'));
    const folder = folderCohort(cohortDir);
    const web = dicomwebCohort(base);
    for (const row of rows) {
      const a = await folder.loadCase(row);
      const b = await web.loadCase(row);
      expect(b.headers.map((h) => h.sopInstanceUid)).toEqual(a.headers.map((h) => h.sopInstanceUid));
      expect(b.headers.map((h) => h.z)).toEqual(a.headers.map((h) => h.z));
      expect(Array.from(b.slices[1].pixelData!)).toEqual(Array.from(a.slices[1].pixelData!));
      expect(b.slices[0].rescaleIntercept).toBe(a.slices[0].rescaleIntercept);
    }
  });
  it('finds the study by QIDO when the labels file has no study_instance_uid', async () => {
    const [row] = loadLabelRows(join(cohortDir, 'labels.csv'));
    const loaded = await dicomwebCohort(base).loadCase({ ...row, studyInstanceUid: undefined });
    expect(loaded.slices).toHaveLength(row.sliceIndices.length);
  });
  it('names a series the server lacks, and slice indices beyond the series', async () => {
    const [row] = loadLabelRows(join(cohortDir, 'labels.csv'));
    const web = dicomwebCohort(base);
    await expect(web.loadCase({ ...row, seriesInstanceUid: '2.25.1' })).rejects.toThrow(/series 2\.25\.1 not found on http/);
    await expect(web.loadCase({ ...row, sliceIndices: [0, 99] })).rejects.toThrow(/slice index 99 outside series .* \(10 slices/);
  });
  it('reports an unreachable server clearly', async () => {
    const [row] = loadLabelRows(join(cohortDir, 'labels.csv'));
    await expect(dicomwebCohort('http://127.0.0.1:9/dicomweb').loadCase(row)).rejects.toThrow(/cannot reach DICOMweb server/);
  });
});
