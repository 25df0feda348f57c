/**
 * The embedded DICOMweb server: enough QIDO-RS, WADO-RS and STOW-RS for OHIF's `dicomweb` data
 * source, over a folder of DICOM files. Mounted under a prefix (default `/dicomweb`).
 */
import { promises as fs } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { readDicomHeader, stringValue, type DicomJson } from './dicomJson';
import type { DicomStore, InstanceRecord } from './dicomStore';
import { FrameError, readFrame } from './frames';
import { boundaryOf, encodeMultipart, parseMultipart } from './multipart';
import { filterAndPage, instanceResult, searchStudies, seriesResult } from './qido';
import { HttpError, readBody, sendError, sendJson } from '../httpUtil';

export interface DicomWebOptions {
  store: DicomStore;
  /** Folder STOW-RS writes into; STOW is refused (405) when absent. */
  stowDir?: string;
  /** Largest STOW-RS request accepted, in bytes. */
  stowLimitBytes?: number;
}

const UID = /^[0-9]+(\.[0-9]+)*$/;

function metadataOf(instance: InstanceRecord): DicomJson {
  return { ...instance.dataset, '00083002': { vr: 'UI', Value: [instance.transferSyntaxUID] } };
}

function checkUids(...uids: string[]): void {
  for (const uid of uids) if (!UID.test(uid) || uid.length > 64) throw new HttpError(400, `not a DICOM UID: ${uid.slice(0, 80)}`);
}

export function createDicomWebHandler(options: DicomWebOptions) {
  const { store } = options;
  const stowLimit = options.stowLimitBytes ?? 64 * 1024 * 1024;

  const series = (studyUID: string, seriesUID: string) => {
    const s = store.studies.get(studyUID)?.series.get(seriesUID);
    if (!s) throw new HttpError(404, `series ${seriesUID} not found in study ${studyUID}`);
    return s;
  };
  const instance = (studyUID: string, seriesUID: string, sopUID: string) => {
    const i = store.instance(studyUID, seriesUID, sopUID);
    if (!i) throw new HttpError(404, `instance ${sopUID} not found`);
    return i;
  };

  async function stow(req: IncomingMessage, res: ServerResponse, studyUID?: string): Promise<void> {
    if (!options.stowDir) throw new HttpError(405, 'this server is read-only (no STOW folder configured)');
    const boundary = boundaryOf(req.headers['content-type']);
    if (!boundary || !/multipart\/related/i.test(req.headers['content-type'] ?? '')) {
      throw new HttpError(415, 'STOW-RS expects multipart/related; type="application/dicom"');
    }
    const raw = await readBody(req, stowLimit);
    let parts: ReturnType<typeof parseMultipart>;
    try {
      parts = parseMultipart(raw, boundary);
    } catch (error) {
      throw new HttpError(400, `malformed multipart body: ${(error as Error).message}`);
    }
    if (!parts.length) throw new HttpError(400, 'multipart body has no parts');
    const stored: DicomJson[] = [];
    const failed: DicomJson[] = [];
    for (const part of parts) {
      try {
        if (!/application\/dicom/i.test(part.contentType)) throw new Error(`unsupported part type ${part.contentType}`);
        const { dataset } = readDicomHeader(part.body);
        const st = stringValue(dataset, '0020000D');
        const se = stringValue(dataset, '0020000E');
        const sop = stringValue(dataset, '00080018');
        checkUids(st, se, sop);
        if (studyUID && st !== studyUID) throw new Error('instance belongs to another study than the request URL');
        // UIDs are digits and dots only (checked above), so they are safe path segments.
        const file = path.join(options.stowDir, st, se, `${sop}.dcm`);
        await fs.mkdir(path.dirname(file), { recursive: true });
        await fs.writeFile(file, part.body);
        store.add(file, part.body);
        stored.push({
          '00081150': { vr: 'UI', Value: [stringValue(dataset, '00080016')] },
          '00081155': { vr: 'UI', Value: [sop] },
          '00081190': { vr: 'UR', Value: [`studies/${st}/series/${se}/instances/${sop}`] },
        });
      } catch (error) {
        failed.push({ '00081197': { vr: 'US', Value: [0xc000] }, '00090010': { vr: 'LO', Value: [(error as Error).message.slice(0, 64)] } });
      }
    }
    const body: DicomJson = { '00081199': { vr: 'SQ', Value: stored } };
    if (failed.length) body['00081198'] = { vr: 'SQ', Value: failed };
    sendJson(res, failed.length && !stored.length ? 409 : failed.length ? 202 : 200, body);
  }

  /** Returns true when the path was a DICOMweb route (answered, successfully or not). */
  return async function handle(req: IncomingMessage, res: ServerResponse, subPath: string, query: URLSearchParams): Promise<boolean> {
    let seg: string[];
    try {
      seg = subPath.split('/').filter(Boolean).map(decodeURIComponent);
    } catch {
      sendError(res, 400, 'malformed percent-encoding in DICOMweb path');
      return true;
    }
    if (seg[0] !== 'studies') return false;
    try {
      if (req.method === 'POST') {
        if (seg.length === 1 || seg.length === 2) {
          if (seg[1]) checkUids(seg[1]);
          await stow(req, res, seg[1]);
          return true;
        }
        throw new HttpError(405, 'POST is only accepted on /studies and /studies/{uid}');
      }
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, `${req.method} not allowed`);
      const [, st, level2, se, level4, sop, level6, frameList] = seg;
      if (seg.length === 1) return sendJson(res, 200, searchStudies(store, query)), true;
      checkUids(st);
      const study = store.studies.get(st);
      if (!study) throw new HttpError(404, `study ${st} not found`);
      if (seg.length === 3 && level2 === 'series') {
        return sendJson(res, 200, filterAndPage([...study.series.values()].map(seriesResult), query)), true;
      }
      if (seg.length === 3 && level2 === 'metadata') {
        const docs = [...study.series.values()].flatMap(s => store.orderedInstances(s).map(metadataOf));
        return sendJson(res, 200, docs), true;
      }
      if (level2 !== 'series' || !se) throw new HttpError(404, `unknown DICOMweb path /${seg.join('/')}`);
      checkUids(se);
      const s = series(st, se);
      if (seg.length === 5 && level4 === 'instances') {
        return sendJson(res, 200, filterAndPage(store.orderedInstances(s).map(instanceResult), query)), true;
      }
      if (seg.length === 5 && level4 === 'metadata') return sendJson(res, 200, store.orderedInstances(s).map(metadataOf)), true;
      if (level4 !== 'instances' || !sop) throw new HttpError(404, `unknown DICOMweb path /${seg.join('/')}`);
      checkUids(sop);
      const record = instance(st, se, sop);
      if (seg.length === 7 && level6 === 'metadata') return sendJson(res, 200, [metadataOf(record)]), true;
      const file = await fs.readFile(record.file);
      if (seg.length === 6) {
        const { boundary, body } = encodeMultipart([{ contentType: 'application/dicom', body: file }]);
        res.writeHead(200, { 'Content-Type': `multipart/related; type="application/dicom"; boundary=${boundary}`, 'Content-Length': body.length });
        res.end(body);
        return true;
      }
      if (seg.length === 8 && level6 === 'frames') {
        const numbers = frameList.split(',').map(Number);
        const frames = numbers.map(n => readFrame(file, n, record.transferSyntaxUID));
        const { boundary, body } = encodeMultipart(
          frames.map(f => ({ contentType: `application/octet-stream; transfer-syntax=${f.transferSyntaxUID}`, body: f.bytes }))
        );
        res.writeHead(200, {
          'Content-Type': `multipart/related; type="application/octet-stream"; boundary=${boundary}`,
          'Content-Length': body.length,
        });
        res.end(body);
        return true;
      }
      throw new HttpError(404, `unknown DICOMweb path /${seg.join('/')}`);
    } catch (error) {
      const status = error instanceof HttpError || error instanceof FrameError ? error.status : 500;
      sendError(res, status, (error as Error).message);
      return true;
    }
  };
}
