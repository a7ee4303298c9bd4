import { formatDuration } from '../../../shared/charts/index.js';
import { formatCount, formatTime } from '../../../shared/display-format.js';
import { formatBytes } from '../../../shared/format-bytes.js';
import type { ReportDocument, Tlp } from '../../../shared/report-types.js';
import { imageName } from '../../graph/unit-rows.js';
import { findingsGraphSvg, MAX_COLUMN } from './graph-svg.js';
import { sentenceHtml, severityClass } from './finding.js';
import { tlpLabel } from './style.js';
import { sanitizeSvg } from './svg-sanitize.js';
import { score, t } from './text.js';

/** TLP 2.0's definitions, as FIRST words them. */
const TLP_MEANING: Record<Tlp, string> = {
  clear: 'Recipients can spread this to the world, there is no limit on disclosure.',
  green: 'Limited disclosure, recipients can spread this within their community.',
  amber: 'Limited disclosure, recipients can only spread this on a need-to-know basis within their organization and its clients.',
  'amber+strict': 'Limited disclosure, recipients can only spread this on a need-to-know basis within their organization only.',
  red: 'For the eyes and ears of individual recipients only, no further disclosure.',
};
const LISTED = 12;
const TOP_FINDINGS = 10;

export function tlpMark(tlp: Tlp): string {
  return `<span class="tlp">${tlpLabel(tlp)}</span>`;
}

/** The first page's head: TLP, title, who, what case, when, which Sightline; a warning when the analysis is out of date. */
export function coverHtml(doc: ReportDocument): string {
  const sel = doc.selection.findingIds ? `the findings ${doc.selection.findingIds.map((id) => `#${id}`).join(', ')}` : `every finding scoring ${score(doc.selection.minScore)} or more, and every one called malicious`;
  const run = doc.appendix.analysis;
  return [
    `<header class="cover"><div class="tlp-banner">${tlpMark(doc.tlp)}<p>${TLP_MEANING[doc.tlp]}</p></div>`,
    '<p class="kicker">Sightline investigation report</p>',
    `<h1>${t(doc.title)}</h1>`,
    '<dl class="meta">',
    `<dt>Case</dt><dd>${t(doc.case.name)}</dd>`,
    `<dt>Analyst</dt><dd>${doc.analyst ? t(doc.analyst) : '<span class="muted">not given</span>'}</dd>`,
    `<dt>Generated</dt><dd>${formatTime(doc.generatedAt)}</dd>`,
    `<dt>Sightline</dt><dd>version ${t(doc.sightlineVersion)}</dd>`,
    run ? `<dt>Analysis</dt><dd>run #${run.runId} of ${formatTime(run.startedAt)}</dd>` : '',
    `<dt>Findings</dt><dd>${formatCount(doc.findings.length)}: ${sel}</dd>`,
    '</dl>',
    run?.stale ? `<p class="warning">The case or the IoC store changed since this analysis${run.staleBecause ? ` (${t(run.staleBecause)})` : ''}: the findings may be out of date.</p>` : '',
    '</header>',
  ].join('');
}

/** Counts by severity, the hosts and processes affected, the span, and the top findings in one sentence each. */
export function summaryHtml(doc: ReportDocument): string {
  const s = doc.summary;
  const tiles = (['high', 'medium', 'low', 'info', 'none'] as const)
    .map((k) => `<div class="tile ${severityClass(k)}"><b>${formatCount(s.bySeverity[k])}</b><span>${k === 'none' ? 'below low' : k}</span></div>`)
    .join('');
  const list = (values: string[], show: (v: string) => string) =>
    values.length === 0 ? '<span class="muted">none</span>' : `${values.slice(0, LISTED).map((v) => t(show(v))).join(', ')}${values.length > LISTED ? ` <span class="muted">and ${formatCount(values.length - LISTED)} more</span>` : ''}`;
  const span = s.span ? `${formatTime(s.span.first)} to ${formatTime(s.span.last)} (${formatDuration((Date.parse(s.span.last) - Date.parse(s.span.first)) / 1000)})` : '—';
  const top = doc.findings.slice(0, TOP_FINDINGS);
  return [
    '<section id="summary"><h2>Summary</h2>',
    `<div class="tiles">${tiles}</div>`,
    '<dl class="facts">',
    `<dt>Findings</dt><dd>${formatCount(s.findings)}</dd>`,
    `<dt>Hosts (${formatCount(s.hosts.length)})</dt><dd>${list(s.hosts, (v) => v)}</dd>`,
    `<dt>Processes (${formatCount(s.processes.length)})</dt><dd>${list(s.processes, imageName)}</dd>`,
    `<dt>Destinations (${formatCount(s.destinations.length)})</dt><dd>${list(s.destinations, (v) => v)}</dd>`,
    `<dt>Time span</dt><dd>${span}</dd>`,
    '</dl>',
    top.length
      ? `<h4>${top.length < doc.findings.length ? `The ${top.length} strongest findings` : 'The findings'}</h4><ol class="top">${top
          .map((rf) => `<li><span class="chip ${severityClass(rf.finding.severity)}">${rf.finding.severity ?? 'below low'}</span> ${score(rf.finding.score)} · <a href="#finding-${rf.finding.id}">${sentenceHtml(rf)}</a></li>`)
          .join('')}</ol>`
      : '<p class="muted">No finding matched the selection.</p>',
    '</section>',
  ].join('');
}

/** The findings' graph: the UI's own drawing when it sent one (drawn again from a whitelist), else the findings' neighbourhood in columns. */
export function graphHtml(doc: ReportDocument, graphSvg: string | null | undefined): string {
  let note = '';
  if (graphSvg) {
    const clean = sanitizeSvg(graphSvg, 'ui-graph-svg');
    if ('svg' in clean) {
      return `<section id="graph"><h2 class="new-page">The graph</h2><figure class="graph-figure">${clean.svg}<figcaption class="legend">The graph as the analyst saw it in Sightline when making this report.</figcaption></figure></section>`;
    }
    note = `<p class="muted small">The graph the app sent could not be read (${t(clean.error)}); it is drawn from the findings instead.</p>`;
  }
  const g = findingsGraphSvg(doc);
  const legend = `<span class="swatch host"></span>host<span class="swatch process"></span>process<span class="swatch destination"></span>destination<span class="swatch neighbour"></span>other neighbours (the details' busiest)`;
  const drawn = g.findingsDrawn < doc.findings.length ? ` The ${formatCount(g.findingsDrawn)} strongest of the ${formatCount(doc.findings.length)} findings are drawn (at most ${MAX_COLUMN} nodes a column).` : '';
  return [
    '<section id="graph"><h2 class="new-page">The findings in the graph</h2>',
    note,
    `<figure class="graph-figure">${g.svg}<figcaption class="legend">${formatCount(g.nodes)} nodes, ${formatCount(g.edges)} connections: hosts, processes and destinations of the findings (ringed in the colour of their strongest finding's severity), with a few of their other neighbours in grey.${drawn}<br>${legend}</figcaption></figure>`,
    '</section>',
  ].join('');
}

/** Where the findings come from: the files with their hashes, the join, the IoC sources, the analysis and its parameters, the version. */
export function appendixHtml(doc: ReportDocument): string {
  const a = doc.appendix;
  const inputs = a.inputs
    .map(
      (i) =>
        `<div class="input"><b>${t(i.file)}</b> <span class="muted">${t(i.format)}, ${formatBytes(i.bytes)}, imported ${formatTime(i.importedAt)}</span><br>SHA-256 <code>${t(i.sha256)}</code><br>` +
        `<span class="numbers">${[
          [i.events, 'connections'],
          [i.processes, 'process creations'],
          [i.fileCreations, 'file writes'],
          [i.dns, 'DNS records'],
          [i.alerts, 'alerts'],
          [i.ignored, 'ignored'],
          [i.quarantined, 'quarantined (could not be read)'],
        ]
          .map(([n, what]) => `${formatCount(n as number)} ${what}`)
          .join(' · ')}</span></div>`,
    )
    .join('');
  const sources = a.intelSources
    .map((s) => `<tr><td>${t(s.name)}</td><td>${t(s.kind)}</td><td class="num">${score(s.trust)}</td><td class="num">${formatCount(s.indicators)}</td><td class="num">${s.lastSyncAt ? formatTime(s.lastSyncAt) : 'never (files)'}</td></tr>`)
    .join('');
  const j = a.join;
  const run = a.analysis;
  const params = run ? flatten(run.parameters) : [];
  return [
    '<section id="appendix"><h2 class="new-page">Appendix: where this comes from</h2>',
    '<h4>Input files</h4>',
    a.inputs.length
      ? inputs
      : '<p class="muted">No files.</p>',
    '<h4>Joining endpoint events and sensor flows</h4>',
    `<p>${formatCount(j.endpointMatched)} of ${formatCount(j.endpointEvents)} endpoint connection events were paired with a sensor flow, and ${formatCount(j.flowMatched)} of ${formatCount(j.flowEvents)} sensor flows with an endpoint event.</p>`,
    '<h4>IoC sources</h4>',
    a.intelSources.length
      ? `<table><thead><tr><th>source</th><th>kind</th><th class="num">trust</th><th class="num">indicators</th><th class="num">last sync</th></tr></thead><tbody>${sources}</tbody></table>`
      : '<p class="muted">The IoC store has no sources.</p>',
    '<h4>The analysis</h4>',
    run
      ? `<p>Run #${run.runId}, started ${formatTime(run.startedAt)}${run.window ? `, over ${formatTime(run.window.start)} to ${formatTime(run.window.end)} with the baseline up to ${formatTime(run.window.baselineEnd)}` : ''}.${run.stale ? ` Out of date${run.staleBecause ? `: ${t(run.staleBecause)}` : ''}.` : ''}</p>`
      : '<p class="muted">No analysis.</p>',
    params.length ? `<p class="small muted">Detector parameters the run used:</p><div class="params">${params.map(([k, v]) => `<div><span>${t(k)}</span> ${t(v)}</div>`).join('')}</div>` : '',
    '<h4>This report</h4>',
    `<p>Made by Sightline ${t(doc.sightlineVersion)} on ${formatTime(doc.generatedAt)} from case ${t(doc.case.name)} (${t(doc.case.id)}); the same document as JSON: sightline-report version ${doc.version}.</p>`,
    '</section>',
  ].join('');
}

/** Nested settings as dotted keys and their values, in the stored order. */
function flatten(value: unknown, prefix = ''): [string, string][] {
  if (value === null || typeof value !== 'object') return prefix ? [[prefix, JSON.stringify(value) ?? 'null']] : [];
  if (Array.isArray(value)) return [[prefix, JSON.stringify(value)]];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
}
