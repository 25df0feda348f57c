/**
 * A cohort behind a DICOMweb server: series metadata by WADO-RS (…/series/{uid}/metadata), slice order
 * from ImagePositionPatient z like the folder reader, and each chosen instance retrieved whole
 * (multipart/related; type="application/dicom") and read by the same code as a file on disk.
 */
import { boundaryOf, parseMultipart } from '../server/dicomweb/multipart';
import { CohortError, checkSliceIndices, CohortSource, sortSeries } from './cohort';
import { parseDataSet, readHeader, readPixels, SliceHeader } from './dicomSlice';
import type { LabelRow } from './labelRows';

type DicomJson = Record<string, { vr?: string; Value?: unknown[] }>;

const first = (doc: DicomJson, tag: string): unknown => doc[tag]?.Value?.[0];

function headerFromJson(doc: DicomJson): SliceHeader {
  const ipp = doc['00200032']?.Value;
  return {
    patientId: String(first(doc, '00100020') ?? ''),
    studyInstanceUid: String(first(doc, '0020000D') ?? ''),
    seriesInstanceUid: String(first(doc, '0020000E') ?? ''),
    sopInstanceUid: String(first(doc, '00080018') ?? ''),
    instanceNumber: Number(first(doc, '00200013') ?? NaN),
    z: Array.isArray(ipp) && ipp.length === 3 ? Number(ipp[2]) : NaN,
    rows: Number(first(doc, '00280010') ?? 0),
    columns: Number(first(doc, '00280011') ?? 0),
  };
}

export function dicomwebCohort(baseUrl: string, fetchImpl: typeof fetch = fetch): CohortSource {
  const base = baseUrl.replace(/\/+$/, '');
  const seriesCache = new Map<string, Promise<SliceHeader[]>>();

  async function get(path: string, accept: string): Promise<Response> {
    let res: Response;
    try {
      res = await fetchImpl(`${base}${path}`, { headers: { Accept: accept } });
    } catch (e) {
      throw new CohortError(`cannot reach DICOMweb server ${base}: ${(e as Error).message}`);
    }
    return res;
  }

  async function json(path: string): Promise<DicomJson[] | null> {
    const res = await get(path, 'application/dicom+json');
    if (res.status === 404 || res.status === 204) return null;
    if (!res.ok) throw new CohortError(`DICOMweb ${base}${path}: HTTP ${res.status}`);
    return (await res.json()) as DicomJson[];
  }

  /** Study of a series when the labels file lacks it: study-level QIDO, then each study's series. */
  async function findStudy(seriesUid: string): Promise<string | null> {
    for (const study of (await json('/studies')) ?? []) {
      const st = String(first(study, '0020000D') ?? '');
      const series = (await json(`/studies/${st}/series?SeriesInstanceUID=${encodeURIComponent(seriesUid)}`)) ?? [];
      if (series.some((s) => first(s, '0020000E') === seriesUid)) return st;
    }
    return null;
  }

  async function seriesHeaders(row: LabelRow): Promise<SliceHeader[]> {
    const study = row.studyInstanceUid ?? (await findStudy(row.seriesInstanceUid));
    const missing = () =>
      new CohortError(`patient ${row.patientId}: series ${row.seriesInstanceUid} not found on ${base}${study ? ` (study ${study})` : ''}`);
    if (!study) throw missing();
    const docs = await json(`/studies/${study}/series/${row.seriesInstanceUid}/metadata`);
    if (!docs || docs.length === 0) throw missing();
    return sortSeries(docs.map((d) => ({ header: headerFromJson(d) }))).map((x) => x.header);
  }

  return {
    kind: 'dicomweb',
    description: base,
    warnings: [],
    async loadCase(row) {
      const key = row.seriesInstanceUid;
      if (!seriesCache.has(key)) seriesCache.set(key, seriesHeaders(row));
      let headers: SliceHeader[];
      try {
        headers = await seriesCache.get(key)!;
      } catch (e) {
        seriesCache.delete(key);
        throw e;
      }
      checkSliceIndices(row, headers.length);
      const chosen = row.sliceIndices.map((k) => headers[k]);
      const slices = [];
      const fullHeaders = [];
      for (const h of chosen) {
        const path = `/studies/${h.studyInstanceUid}/series/${h.seriesInstanceUid}/instances/${h.sopInstanceUid}`;
        const res = await get(path, 'multipart/related; type="application/dicom"; transfer-syntax=*');
        if (!res.ok) throw new CohortError(`patient ${row.patientId}: instance ${h.sopInstanceUid}: HTTP ${res.status} from ${base}${path}`);
        const boundary = boundaryOf(res.headers.get('content-type') ?? undefined);
        const body = Buffer.from(await res.arrayBuffer());
        const bytes = boundary ? parseMultipart(body, boundary)[0]?.body : body;
        if (!bytes) throw new CohortError(`patient ${row.patientId}: empty WADO-RS response for ${h.sopInstanceUid}`);
        const ds = parseDataSet(new Uint8Array(bytes), `${base}${path}`, false);
        fullHeaders.push(readHeader(ds));
        slices.push(readPixels(ds, `${base}${path}`));
      }
      return { slices, headers: fullHeaders };
    },
  };
}
