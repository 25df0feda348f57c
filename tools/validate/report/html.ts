/** Renders ReportData as one self-contained HTML page: inline CSS, inline SVG figures, no scripts, no URLs. */
import type { ClassificationMetrics, Proportion } from '../../../extension/src/core/metrics';
import type { LevelEvaluation } from '../analysis';
import type { ReportData } from './reportTypes';
import { checklistItems, TO_BE_COMPLETED } from './tripod';

export interface ReportFigures {
  roc: string;
  calibration: string;
  decisionCurve: string;
  histogram: string;
  confusion: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const f3 = (v: number) => (Number.isFinite(v) ? v.toFixed(3) : 'n/a');
const pct = (v: number) => (Number.isFinite(v) ? `${(v * 100).toFixed(1)}%` : 'n/a');
const ci = (c: readonly number[], fmt = pct) => (c.every(Number.isFinite) ? `${fmt(c[0])}–${fmt(c[1])}` : 'n/a');

function proportionRow(name: string, p: Proportion): string {
  return `<tr><td>${name}</td><td>${p.successes}/${p.total}</td><td>${pct(p.value)}</td><td>${ci(p.clopperPearson)}</td><td>${ci(p.wilson)}</td></tr>`;
}

function metricsTable(m: ClassificationMetrics, caption: string): string {
  return `<table><caption>${escapeHtml(caption)}</caption>
<thead><tr><th>Measure</th><th>Count</th><th>Value</th><th>95% CI Clopper–Pearson</th><th>95% CI Wilson</th></tr></thead><tbody>
${proportionRow('Sensitivity', m.sensitivity)}
${proportionRow('Specificity', m.specificity)}
${proportionRow('PPV', m.ppv)}
${proportionRow('NPV', m.npv)}
${proportionRow('Accuracy', m.accuracy)}
<tr><td>F1</td><td></td><td>${f3(m.f1)}</td><td colspan="2"></td></tr>
<tr><td>Youden J</td><td></td><td>${f3(m.youdenJ)}</td><td colspan="2"></td></tr>
<tr><td>Confusion (TP / FN / FP / TN)</td><td colspan="4">${m.confusion.tp} / ${m.confusion.fn} / ${m.confusion.fp} / ${m.confusion.tn}</td></tr>
</tbody></table>`;
}

function levelSection(modelLabel: string, e: LevelEvaluation, youdenAvailable: boolean): string {
  const auc = e.auc
    ? `<p><b>AUC ${f3(e.auc.value)}</b> — DeLong 95% CI ${ci(e.auc.delong.ci, f3)} (SE ${f3(e.auc.delong.se)}); stratified bootstrap 95% CI ${ci(e.auc.bootstrap.ci, f3)} (${e.auc.bootstrap.resamples} resamples, seed ${e.auc.bootstrap.seed}).</p>`
    : '<p><b>AUC not defined</b> (one class only).</p>';
  const rec = e.calibration.recalibration;
  const calibration = `<p>Brier score ${f3(e.calibration.brier)}; calibration intercept ${rec ? f3(rec.intercept) : 'n/a'}, slope ${rec ? f3(rec.slope) : 'n/a'}${rec && !rec.converged ? ' (not estimable: did not converge)' : ''}.</p>`;
  const notes = e.notes.map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('');
  return `<h3>${escapeHtml(modelLabel)} — ${e.level} level (n = ${e.n}: ${e.positives} PIMA, ${e.negatives} IPN)</h3>
${auc}${calibration}${notes}
${metricsTable(e.atCardThreshold, `At the card threshold ${e.atCardThreshold.threshold}`)}
${youdenAvailable && e.atYoudenThreshold ? metricsTable(e.atYoudenThreshold, `At the Youden threshold ${f3(e.atYoudenThreshold.threshold)} (fitted on the tuning cohort)`) : ''}`;
}

const STYLE = `body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:1em 0;font-size:.92em}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left;vertical-align:top}
caption{text-align:left;font-weight:600;padding:.3em 0}.banner{background:#fff3cd;border:1px solid #e0c36c;padding:.8em;border-radius:4px}
.figs{display:flex;flex-wrap:wrap;gap:1em}.figs figure{margin:0}.note{color:#7a4b00;font-size:.9em}.todo{color:#b00020;font-weight:600}
code{font-size:.9em;word-break:break-all}`;

export function renderReportHtml(r: ReportData, figures: ReportFigures): string {
  const models = r.models;
  const youden = Boolean(r.thresholds.youden);
  const modelRows = models
    .map((m) => `<tr><td>${escapeHtml(m.name)}</td><td>${escapeHtml(m.id)} v${escapeHtml(m.version)}</td><td><code>${escapeHtml(m.sha256)}</code></td><td>${escapeHtml(m.weights)}</td><td>${escapeHtml(m.backend)}</td><td>${m.demo ? 'demonstration (synthetic phantoms)' : 'no'}</td></tr>`)
    .join('\n');
  const comparison = r.comparison
    ? r.comparison.test
      ? `<p>Paired DeLong test, ${escapeHtml(r.comparison.modelA)} vs ${escapeHtml(r.comparison.modelB)} on ${r.comparison.patients} patients: ΔAUC = ${f3(r.comparison.test.difference)} (95% CI ${ci(r.comparison.test.ci, f3)}), z = ${f3(r.comparison.test.z)}, two-sided p = ${Number.isFinite(r.comparison.test.p) ? r.comparison.test.p.toPrecision(3) : 'n/a'}.</p>`
      : `<p>No comparison possible.</p>`
    : '';
  const comparisonNotes = (r.comparison?.notes ?? []).map((n) => `<p class="note">${escapeHtml(n)}</p>`).join('');
  const checklist = checklistItems(r)
    .map((i) => `<tr><td>${escapeHtml(i.topic)}</td><td>${escapeHtml(i.refs)}</td><td>${i.value === null ? `<span class="todo">${TO_BE_COMPLETED}</span>` : escapeHtml(i.value)}</td></tr>`)
    .join('\n');
  const excluded = r.cohort.excluded.length
    ? `<table><caption>Excluded patients</caption><thead><tr><th>Patient</th><th>Reason</th></tr></thead><tbody>${r.cohort.excluded.map((e) => `<tr><td>${escapeHtml(e.patientId)}</td><td>${escapeHtml(e.reason)}</td></tr>`).join('')}</tbody></table>`
    : '<p>No patient was excluded.</p>';
  const sections = r.evaluations.map((e) => levelSection(e.modelId, e.patient, youden) + levelSection(e.modelId, e.slice, youden)).join('\n');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(r.title)}</title><style>${STYLE}</style></head>
<body>
<h1>${escapeHtml(r.title)}</h1>
<p class="banner"><b>Research use only.</b> Not a medical device; not for diagnosis or treatment decisions.${models.some((m) => m.demo) ? ' A model below is marked as a <b>demonstration model</b> (synthetic phantoms or untrained weights; see its card): its numbers say nothing about clinical accuracy.' : ''}</p>
<p>Generated ${escapeHtml(r.generatedAt)} by ${escapeHtml(r.software.tool)} (Node ${escapeHtml(r.software.node)}). Data: ${escapeHtml(r.data.source)}; labels: ${escapeHtml(r.data.labels)}${r.data.tuningLabels ? `; tuning labels: ${escapeHtml(r.data.tuningLabels)}` : ''}. All numbers are also in <code>report.json</code>.</p>
<h2>Models</h2>
<table><thead><tr><th>Name</th><th>Id</th><th>ONNX sha256</th><th>Weights</th><th>Backend</th><th>Demo</th></tr></thead><tbody>
${modelRows}
</tbody></table>
<h2>Cohort</h2>
<p>${r.cohort.evaluated} of ${r.cohort.patientsInLabels} patients analysed (${r.cohort.positives} PIMA, ${r.cohort.negatives} IPN; ${r.cohort.slices} slices).</p>
${excluded}
${r.cohort.warnings.length ? `<ul>${r.cohort.warnings.map((w) => `<li class="note">${escapeHtml(w)}</li>`).join('')}</ul>` : ''}
<h2>Thresholds</h2>
<p>Card threshold ${r.thresholds.card.value} (${escapeHtml(r.thresholds.card.method)}).${r.thresholds.youden ? ` Youden threshold ${f3(r.thresholds.youden.threshold)} from ${r.thresholds.youden.tuningPatients} tuning patients (J = ${f3(r.thresholds.youden.j)}).` : ' No tuning cohort: no data-driven threshold (none is ever fitted on the test cohort).'}</p>
<h2>Results</h2>
<p>Patient level is the primary analysis; slice level is secondary.</p>
${sections}
${comparison ? `<h2>Model comparison</h2>${comparison}${comparisonNotes}` : ''}
<h2>Figures</h2>
<div class="figs">
<figure>${figures.roc}<figcaption>ROC, patient level; band: pointwise stratified-bootstrap 95% CI of the first model.</figcaption></figure>
<figure>${figures.calibration}<figcaption>Calibration, patient level.</figcaption></figure>
<figure>${figures.decisionCurve}<figcaption>Decision curve, patient level.</figcaption></figure>
<figure>${figures.histogram}<figcaption>Patient probabilities per reference class (first model).</figcaption></figure>
<figure>${figures.confusion}<figcaption>Confusion matrix at the card threshold (first model, patient level).</figcaption></figure>
</div>
<h2>Reporting checklist (TRIPOD+AI / CLAIM)</h2>
<p>Filled with what the validation tool knows; items marked <span class="todo">${TO_BE_COMPLETED}</span> need the authors.</p>
<table><thead><tr><th>Topic</th><th>Items</th><th>Content</th></tr></thead><tbody>
${checklist}
</tbody></table>
</body></html>
`;
}
