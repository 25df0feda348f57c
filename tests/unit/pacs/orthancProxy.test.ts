import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { asBody, findStoredSrs, getInstanceTags, lookupUid, referencedSeriesOf } from '../../../tools/pacs/orthanc';
import { startOrthancBackedServer, type OrthancBackedServer } from '../../../tools/pacs/orthancBackedServer';
import { boundaryOf, encodeMultipart, parseMultipart } from '../../../tools/server/dicomweb/multipart';
import { rawChunkedPost } from '../server/rawHttp';
import { tinyCt, tinySr, writeTinySeries } from './tinyDicom';

const tiny = { study: '1.2.826.0.1.3680043.99.41', series: '1.2.826.0.1.3680043.99.41.1' };
const srSeries = '1.2.826.0.1.3680043.99.41.2';
const STOW_LIMIT = 100_000;

function fakeHost(): { ohifDir: string; bundleDir: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'pima-proxy-host-'));
  const ohifDir = path.join(dir, 'ohif');
  const bundleDir = path.join(dir, 'bundles');
  mkdirSync(ohifDir);
  mkdirSync(bundleDir);
  writeFileSync(path.join(ohifDir, 'index.html'), '<!doctype html><title>host</title>');
  writeFileSync(path.join(bundleDir, 'extension.js'), 'export default {}');
  writeFileSync(path.join(bundleDir, 'mode.js'), 'export default {}');
  return { ohifDir, bundleDir };
}

function stowRequest(parts: Buffer[]): { headers: Record<string, string>; body: Buffer } {
  const { boundary, body } = encodeMultipart(parts.map(p => ({ contentType: 'application/dicom', body: p })));
  return { headers: { 'Content-Type': `multipart/related; type="application/dicom"; boundary=${boundary}`, Accept: 'application/dicom+json' }, body };
}

describe('our server as a DICOMweb reverse proxy in front of Orthanc', () => {
  let backed: OrthancBackedServer;
  let orthancDir = '';
  const base = () => `${backed.server.url}/dicomweb`;

  beforeAll(async () => {
    const data = mkdtempSync(path.join(tmpdir(), 'pima-proxy-data-'));
    writeTinySeries(data, tiny, 3);
    backed = await startOrthancBackedServer({
      ...fakeHost(),
      orthancDir: (orthancDir = mkdtempSync(path.join(tmpdir(), 'pima-proxy-orthanc-'))),
      uploadDirs: [data],
      port: 0,
      stowLimitBytes: STOW_LIMIT,
    });
  });
  afterAll(async () => {
    await backed?.close();
    rmSync(orthancDir, { recursive: true, force: true });
  });

  test('uploads the data and reports the demo study', () => {
    expect(backed.uploads[0]).toMatchObject({ files: 3, stored: 3, rejected: [] });
    expect(backed.demoStudy).toEqual({ studyInstanceUID: tiny.study, images: 3 });
  });

  test('QIDO-RS through the proxy finds the uploaded study, without any credentials from the browser', async () => {
    const res = await fetch(`${base()}/studies?PatientID=PACS-TINY-1`, { headers: { Accept: 'application/dicom+json' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('www-authenticate')).toBeNull();
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    const studies = await res.json();
    expect(studies.map((s: any) => s['0020000D'].Value[0])).toEqual([tiny.study]);
    const config = await (await fetch(`${backed.server.url}/app-config.js`)).text();
    expect(config).not.toContain(backed.orthanc.password);
    expect(config).not.toContain(Buffer.from(`${backed.orthanc.user}:${backed.orthanc.password}`).toString('base64'));
    for (const root of ['wadoUriRoot', 'qidoRoot', 'wadoRoot']) expect(config).toMatch(new RegExp(`${root}: new URL\\("/dicomweb", window\\.location\\.origin\\)`));
  });

  test("metadata URLs point at our origin, not at Orthanc's port", async () => {
    const text = await (await fetch(`${base()}/studies/${tiny.study}/series/${tiny.series}/metadata`)).text();
    const urls = text.match(/https?:\/\/[^"]+/g) ?? [];
    expect(urls.length).toBeGreaterThan(0);
    for (const u of urls) expect(u.startsWith(`${base()}/studies/${tiny.study}/`)).toBe(true);
    expect(text).not.toContain(backed.orthanc.url);
  });

  test('WADO-RS frames through the proxy carry the exact pixel bytes', async () => {
    const res = await fetch(`${base()}/studies/${tiny.study}/series/${tiny.series}/instances/${tiny.series}.2/frames/1`, {
      headers: { Accept: 'multipart/related; type="application/octet-stream"; transfer-syntax=*' },
    });
    expect(res.status).toBe(200);
    const parts = parseMultipart(Buffer.from(await res.arrayBuffer()), boundaryOf(res.headers.get('content-type')!)!);
    expect(parts).toHaveLength(1);
    const b = parts[0].body;
    expect([...new Int16Array(b.buffer.slice(b.byteOffset, b.byteOffset + 32))]).toEqual(new Array(16).fill(200));
    expect((await fetch(`${base()}/studies/${tiny.study}/series/${tiny.series}/instances/1.2.3.4/frames/1`)).status).toBe(404);
  });

  test('an SR stored through the proxy lands in Orthanc and references the right series', async () => {
    const sop = `${srSeries}.1`;
    const { headers, body } = stowRequest([tinySr(tiny, srSeries, sop, 3)]);
    const res = await fetch(`${base()}/studies`, { method: 'POST', headers, body: asBody(body) });
    expect(res.status).toBe(200);
    const reply = await res.json();
    expect(reply['00081199'].Value[0]['00081155'].Value[0]).toBe(sop);
    // RetrieveURLs in the STOW reply are rewritten like the metadata URLs.
    expect(JSON.stringify(reply)).not.toContain(backed.orthanc.url);

    const id = await lookupUid(backed.orthanc, sop, 'Instance');
    expect(id).not.toBeNull();
    const tags = await getInstanceTags(backed.orthanc, id!);
    expect(tags.Modality).toBe('SR');
    expect(referencedSeriesOf(tags)).toEqual([tiny.series]);
    expect(await findStoredSrs(backed.orthanc, tiny.study)).toEqual([
      { orthancId: id, sopInstanceUID: sop, seriesInstanceUID: srSeries, referencedSeries: [tiny.series] },
    ]);
    const series = await (await fetch(`${base()}/studies/${tiny.study}/series`)).json();
    expect(series.map((s: any) => s['00080060'].Value[0]).sort()).toEqual(['CT', 'SR']);
  });

  test('a chunked STOW-RS upload (no Content-Length) streams through to Orthanc', async () => {
    const uids = { study: tiny.study, series: '1.2.826.0.1.3680043.99.41.3' };
    const { headers, body } = stowRequest([tinyCt(uids, 0, 5)]);
    const reply = await rawChunkedPost(backed.server.port, '/dicomweb/studies', headers['Content-Type'], body, 100);
    expect(reply.status).toBe(200);
    expect(await lookupUid(backed.orthanc, `${uids.series}.1`, 'Instance')).not.toBeNull();
  });

  test('oversize STOW-RS bodies get 413, declared or chunked, and Orthanc stores nothing', async () => {
    const uids = { study: tiny.study, series: '1.2.826.0.1.3680043.99.41.4' };
    // A real CT instance padded past the limit with a second, junk part.
    const { headers, body } = stowRequest([tinyCt(uids, 0, 9), Buffer.alloc(STOW_LIMIT)]);
    const declared = await fetch(`${base()}/studies`, { method: 'POST', headers, body: asBody(body) });
    expect(declared.status).toBe(413);
    expect((await rawChunkedPost(backed.server.port, '/dicomweb/studies', headers['Content-Type'], body)).status).toBe(413);
    await new Promise(r => setTimeout(r, 300));
    expect(await lookupUid(backed.orthanc, `${uids.series}.1`, 'Instance')).toBeNull();
  });

  test("Orthanc's own REST API is not reachable through the proxy", async () => {
    for (const p of ['/dicomweb/..%2fsystem', '/dicomweb/studies/..%2f..%2fsystem', '/dicomweb/system', '/dicomweb/tools/lookup']) {
      const res = await fetch(`${backed.server.url}${p}`);
      expect(res.status).toBe(400);
      expect(await res.text()).not.toContain('ApiVersion');
    }
    const del = await fetch(`${base()}/studies/${tiny.study}`, { method: 'DELETE' });
    expect(del.status).toBe(405);
    expect(await lookupUid(backed.orthanc, tiny.study, 'Study')).not.toBeNull();
  });
});
