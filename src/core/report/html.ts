import crypto from 'node:crypto';
import { formatTime } from '../../shared/display-format.js';
import type { ReportDocument } from '../../shared/report-types.js';
import { findingHtml } from './html/finding.js';
import { notesHtml } from './html/notes.js';
import { appendixHtml, coverHtml, graphHtml, summaryHtml } from './html/sections.js';
import { reportCss, tlpLabel } from './html/style.js';
import { t } from './html/text.js';
import type { ReportWriteContext, ReportWriter } from './writer-types.js';
import { reportCancelled } from './report-cancelled.js';

/**
 * The CSP of a report: nothing may load or run. No script-src at all (so no
 * script, inline or not), the one <style> by its hash (so no style
 * attributes either), images only as data: URIs, no <base>, no forms.
 */
export function reportCsp(css: string): string {
  const hash = crypto.createHash('sha256').update(css, 'utf8').digest('base64');
  return `default-src 'none'; style-src 'sha256-${hash}'; img-src data:; base-uri 'none'; form-action 'none'`;
}

/**
 * The report as one self-contained HTML file an incident responder can
 * send: no scripts, no external requests (system fonts, SVG inline), a
 * strict CSP, printable (A4, running header and footer, page numbers).
 * Every imported or posted string is escaped after its hidden characters
 * are made visible (html/text.ts); charts and the graph are SVG drawn here.
 */
export const writeHtmlReport: ReportWriter = async (doc, ctx) => htmlPieces(doc, ctx);

export function* htmlPieces(doc: ReportDocument, ctx: Pick<ReportWriteContext, 'signal' | 'progress' | 'graphSvg'>): Generator<string> {
  const sections = new Set(doc.selection.sections);
  const css = reportCss({ title: doc.title, tlp: doc.tlp, footer: `${doc.case.name} · generated ${formatTime(doc.generatedAt)} · Sightline ${doc.sightlineVersion}` });
  yield [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${reportCsp(css)}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta name="generator" content="Sightline ${t(doc.sightlineVersion)}">`,
    `<title>${t(`${tlpLabel(doc.tlp)} ${doc.title}`)}</title>`,
    `<style>${css}</style>`,
    '</head><body>',
    coverHtml(doc),
    '',
  ].join('\n');
  if (sections.has('summary')) yield summaryHtml(doc);
  if (sections.has('graph')) yield graphHtml(doc, ctx.graphSvg);
  if (sections.has('findings')) {
    yield `<section id="findings"><h2 class="new-page">Findings (${doc.findings.length})</h2>`;
    const trust = new Map(doc.appendix.intelSources.map((s) => [s.name, s.trust]));
    for (const [i, rf] of doc.findings.entries()) {
      if (ctx.signal.aborted) throw reportCancelled();
      yield findingHtml(rf, trust);
      ctx.progress(i / Math.max(1, doc.findings.length));
    }
    yield '</section>';
    if (doc.notes.length > 0) yield `<section id="notes"><h2>Case notes</h2>${notesHtml(doc.notes, true)}</section>`;
  }
  if (sections.has('appendix')) yield appendixHtml(doc);
  ctx.progress(1);
  yield `<footer class="colophon">${t(tlpLabel(doc.tlp))} · ${t(doc.title)} · made by Sightline ${t(doc.sightlineVersion)} on ${formatTime(doc.generatedAt)}</footer></body></html>\n`;
}
