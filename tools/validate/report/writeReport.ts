/** Renders the figures and writes report.html + report.json into the output folder. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { calibrationSpec, confusionSpec, decisionCurveSpec, histogramSpec, prefixSvgIds, renderSvg, rocSpec } from './charts';
import { renderReportHtml, ReportFigures } from './html';
import type { ReportData } from './reportTypes';

export async function renderFigures(r: ReportData): Promise<ReportFigures> {
  const curves = r.evaluations.map((e) => ({ label: e.modelId, evaluation: e.patient }));
  const first = r.evaluations[0].patient;
  const render = async (name: string, spec: Parameters<typeof renderSvg>[0]) => prefixSvgIds(await renderSvg(spec), name);
  return {
    roc: await render('roc', rocSpec(curves)),
    calibration: await render('calibration', calibrationSpec(curves)),
    decisionCurve: await render('dca', decisionCurveSpec(curves)),
    histogram: await render('histogram', histogramSpec(first, `P(PIMA) by class — ${r.evaluations[0].modelId}`)),
    confusion: await render('confusion', confusionSpec(first, `Confusion matrix — ${r.evaluations[0].modelId}`)),
  };
}

export async function writeReport(outDir: string, r: ReportData): Promise<{ html: string; json: string }> {
  mkdirSync(outDir, { recursive: true });
  const html = join(outDir, 'report.html');
  const json = join(outDir, 'report.json');
  writeFileSync(json, JSON.stringify(r, null, 2));
  writeFileSync(html, renderReportHtml(r, await renderFigures(r)));
  return { html, json };
}
