/** QIDO-RS result documents (PS3.18 §10.6) built from the store, plus the query matching we support. */
import type { DicomJson, DicomJsonElement } from './dicomJson';
import { stringValue } from './dicomJson';
import type { DicomStore, InstanceRecord, SeriesRecord, StudyRecord } from './dicomStore';

const STUDY_TAGS = ['00080020', '00080030', '00080050', '00081030', '00100010', '00100020', '00100030', '00100040', '0020000D', '00200010', '00080090'];
const SERIES_TAGS = ['00080060', '0008103E', '0020000E', '00200011', '00080021', '00080031', '0020000D'];
const INSTANCE_TAGS = ['00080016', '00080018', '00200013', '00280010', '00280011', '00280008', '0020000E', '0020000D'];

function pick(ds: DicomJson, tags: string[]): DicomJson {
  const out: DicomJson = {};
  for (const tag of tags) if (ds[tag]) out[tag] = ds[tag];
  return out;
}

const cs = (values: string[]): DicomJsonElement => ({ vr: 'CS', Value: values });
const is = (n: number): DicomJsonElement => ({ vr: 'IS', Value: [n] });

function firstInstance(study: StudyRecord): InstanceRecord | undefined {
  for (const series of study.series.values()) for (const instance of series.instances.values()) return instance;
  return undefined;
}

export function studyResult(study: StudyRecord): DicomJson {
  const modalities = new Set<string>();
  let count = 0;
  for (const series of study.series.values()) {
    for (const instance of series.instances.values()) {
      count++;
      const m = stringValue(instance.dataset, '00080060');
      if (m) modalities.add(m);
    }
  }
  const first = firstInstance(study);
  return {
    ...(first ? pick(first.dataset, STUDY_TAGS) : {}),
    '0020000D': { vr: 'UI', Value: [study.studyInstanceUID] },
    '00080061': cs([...modalities].sort()),
    '00201206': is(study.series.size),
    '00201208': is(count),
  };
}

export function seriesResult(series: SeriesRecord): DicomJson {
  const first = series.instances.values().next().value as InstanceRecord | undefined;
  return {
    ...(first ? pick(first.dataset, SERIES_TAGS) : {}),
    '0020000E': { vr: 'UI', Value: [series.seriesInstanceUID] },
    '00201209': is(series.instances.size),
  };
}

export function instanceResult(instance: InstanceRecord): DicomJson {
  return pick(instance.dataset, INSTANCE_TAGS);
}

/** DICOM wildcard matching (`*`, `?`), case-insensitive, as QIDO allows for PN and LO attributes. */
export function wildcardMatch(pattern: string, value: string): boolean {
  const re = new RegExp(
    '^' + pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.') + '$',
    'i'
  );
  return re.test(value);
}

const KEYWORD_TAGS: Record<string, string> = {
  StudyInstanceUID: '0020000D',
  PatientName: '00100010',
  PatientID: '00100020',
  AccessionNumber: '00080050',
  StudyDescription: '00081030',
  StudyDate: '00080020',
  ModalitiesInStudy: '00080061',
  SeriesInstanceUID: '0020000E',
  Modality: '00080060',
  SOPInstanceUID: '00080018',
};

function matches(doc: DicomJson, key: string, wanted: string): boolean {
  const tag = KEYWORD_TAGS[key] ?? (/^[0-9A-F]{8}$/i.test(key) ? key.toUpperCase() : undefined);
  if (!tag || wanted === '' || wanted === '*') return true;
  const values = (doc[tag]?.Value ?? []).map(v =>
    typeof v === 'object' && v !== null && 'Alphabetic' in v ? String((v as { Alphabetic: unknown }).Alphabetic) : String(v)
  );
  if (tag === '00080020' && wanted.includes('-')) {
    const [from, to] = wanted.split('-');
    return values.some(v => (!from || v >= from) && (!to || v <= to));
  }
  const alternatives = wanted.split(/[,\\]/);
  return values.some(v => alternatives.some(w => wildcardMatch(w.includes('*') || w.includes('?') ? w : `*${w}*`, v)));
}

export function filterAndPage(docs: DicomJson[], query: URLSearchParams): DicomJson[] {
  const skip = new Set(['limit', 'offset', 'includefield', 'fuzzymatching']);
  let out = docs.filter(doc => [...query.entries()].every(([k, v]) => skip.has(k) || matches(doc, k, v)));
  const offset = Math.max(0, Number(query.get('offset') ?? 0) || 0);
  const limit = Number(query.get('limit') ?? 0) || 0;
  out = out.slice(offset, limit > 0 ? offset + limit : undefined);
  return out;
}

export function searchStudies(store: DicomStore, query: URLSearchParams): DicomJson[] {
  return filterAndPage([...store.studies.values()].map(studyResult), query);
}
