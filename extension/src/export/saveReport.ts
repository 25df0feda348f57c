/**
 * Saving the result: as a DICOM SR through the host's own store path (`createStoreFunction`: STOW-RS
 * to the active DICOMweb source, or a download), and as JSON. Going through the host means the SR
 * also enters OHIF's metadata store at once, so it is listed in the study without a reload.
 */
import { activeDataSourceName, patientStudyAttributes, storeFunction } from '../host/dataSource';
import { analysisStore, type AnalysisRun } from '../state/analysisStore';
import { buildSrDataset, CT_IMAGE_STORAGE } from './srDocument';
import { newUid } from './uid';

function sourceAttributes(run: AnalysisRun): Record<string, unknown> & { StudyInstanceUID: string; SeriesInstanceUID: string } {
  return { ...patientStudyAttributes(run.displaySetInstanceUID), StudyInstanceUID: run.studyInstanceUID, SeriesInstanceUID: run.seriesInstanceUID };
}

export function buildReportFor(run: AnalysisRun): Record<string, unknown> {
  const { manifest } = analysisStore.get();
  const sopOf = (imageId: string) => run.sopInstanceUIDs[run.imageIds.indexOf(imageId)] ?? '';
  const roiSop = sopOf(run.roiImageId) || run.sopInstanceUIDs[Math.floor(run.sopInstanceUIDs.length / 2)];
  return buildSrDataset({
    source: sourceAttributes(run),
    roi: run.roi,
    roiImage: { sopClassUID: CT_IMAGE_STORAGE, sopInstanceUID: roiSop },
    analysedImages: run.sopInstanceUIDs.map(sop => ({ sopClassUID: CT_IMAGE_STORAGE, sopInstanceUID: sop })),
    result: run.result,
    positiveClass: manifest?.positiveClass ?? 'PIMA',
    review: run.review,
    modelName: manifest?.name ?? run.result.model.id,
    uids: { series: newUid(), sop: newUid(), tracking: newUid(), device: newUid() },
    now: new Date(),
  });
}

/** Stores the SR to the active data source (STOW-RS) or downloads it; returns the SR's UIDs. */
export async function saveReport(target: 'dataSource' | 'download'): Promise<{ sopInstanceUID: string; seriesInstanceUID: string }> {
  const run = analysisStore.get().run;
  if (!run) throw new Error('There is no result to save: run the model first.');
  const dataset = buildReportFor(run);
  const name = target === 'download' ? 'download' : activeDataSourceName();
  if (!name) throw new Error('No active data source to store to.');
  await storeFunction(name, 'pima-ipn-result-sr.dcm')(dataset);
  const uids = { sopInstanceUID: String(dataset.SOPInstanceUID), seriesInstanceUID: String(dataset.SeriesInstanceUID) };
  analysisStore.set({
    lastSaved: { kind: target === 'download' ? 'download' : 'stow', at: new Date().toISOString(), detail: uids.sopInstanceUID },
  });
  return uids;
}

/** The full result as JSON (probabilities, maps, ROI, model, review, timings). */
export function resultJson(run: AnalysisRun): string {
  const mapToJson = (m: { values: Float32Array; width: number; height: number; imageRect: unknown }) => ({
    width: m.width,
    height: m.height,
    imageRect: m.imageRect,
    values: Array.from(m.values, v => Number(v.toPrecision(6))),
  });
  const { result } = run;
  return JSON.stringify(
    {
      kind: 'pima-ipn-result',
      schemaVersion: 1,
      researchUseOnly: true,
      study: run.studyInstanceUID,
      series: run.seriesInstanceUID,
      roi: run.roi,
      sliceIndices: run.sliceIndices,
      sopInstanceUIDs: run.sopInstanceUIDs,
      model: result.model,
      backend: result.backend,
      aggregate: result.aggregate,
      timings: result.timings,
      warnings: [...result.warnings, ...run.checks.map(c => `${c.level}: ${c.message}`)],
      review: run.review,
      clickToOverlayMs: run.clickToOverlayMs,
      slices: result.slices.map((s, i) => ({
        sopInstanceUID: run.sopInstanceUIDs[i],
        probability: s.probability,
        probabilities: s.probabilities,
        logits: s.logits,
        crop: s.crop,
        cam: s.cam ? { classes: s.cam.classes, raw: s.cam.raw.map(mapToJson) } : undefined,
        attention: s.attention ? mapToJson(s.attention.raw) : undefined,
      })),
    },
    null,
    2
  );
}

export function downloadResultJson(): void {
  const run = analysisStore.get().run;
  if (!run) throw new Error('There is no result to export: run the model first.');
  const blob = new Blob([resultJson(run)], { type: 'application/json' });
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = `pima-ipn-result-${run.id}.json`;
  a.rel = 'noopener';
  a.style.display = 'none';
  // Attached while clicked: a detached anchor's download is ignored by some browsers.
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  analysisStore.set({ lastSaved: { kind: 'json', at: new Date().toISOString(), detail: a.download } });
}
