import type { Finding } from '../../shared/analysis-types.js';
import type { InputOf, OutputOf } from '../../shared/contract.js';
import {
  DEFAULT_REPORT_MIN_SCORE,
  inDefaultReport,
  MAX_REPORT_FINDINGS,
  reportFormats,
  reportSections,
  type ReportFormat,
  type ReportProgress,
  type ReportSection,
  type Tlp,
} from '../../shared/report-types.js';
import { formatBytes, formatCount, plural } from '../format.js';

/**
 * The report builder's state, headless: what the analyst has chosen in the
 * dialog, the findings it selects, and the exportReport input it makes. The
 * dialog (ReportDialog.tsx) only shows it and dispatches.
 */
export interface ReportDraft {
  title: string;
  analyst: string;
  tlp: Tlp;
  sections: readonly ReportSection[];
  /** "default": every finding at or above minScore and every confirmed (malicious) one; "chosen": the checklist. */
  mode: 'default' | 'chosen';
  minScore: number;
  chosen: readonly number[];
  format: ReportFormat;
  includeGraph: boolean;
  /** The analyst set includeGraph: a later format change leaves it alone. */
  graphTouched: boolean;
}

export type DraftAction =
  | { type: 'title'; value: string }
  | { type: 'analyst'; value: string }
  | { type: 'tlp'; value: Tlp }
  | { type: 'section'; section: ReportSection; on: boolean }
  | { type: 'mode'; mode: ReportDraft['mode'] }
  | { type: 'minScore'; value: number }
  | { type: 'choose'; id: number; on: boolean }
  | { type: 'chooseAll'; ids: readonly number[] }
  | { type: 'chooseNone' }
  | { type: 'format'; format: ReportFormat }
  | { type: 'includeGraph'; on: boolean };

export const TITLE_MAX = 200;

/** Only these formats draw the graph; the others carry no picture. */
export function drawsGraph(format: ReportFormat): boolean {
  return format === 'html' || format === 'pdf';
}

export function initialDraft(caseName: string): ReportDraft {
  return {
    title: `${caseName} — investigation report`.slice(0, TITLE_MAX),
    analyst: '',
    tlp: 'amber',
    sections: [...reportSections],
    mode: 'default',
    minScore: DEFAULT_REPORT_MIN_SCORE,
    chosen: [],
    format: 'html',
    includeGraph: drawsGraph('html'),
    graphTouched: false,
  };
}

export function reduceDraft(d: ReportDraft, a: DraftAction): ReportDraft {
  switch (a.type) {
    case 'title':
      return { ...d, title: a.value };
    case 'analyst':
      return { ...d, analyst: a.value };
    case 'tlp':
      return { ...d, tlp: a.value };
    case 'section': {
      const on = new Set(d.sections);
      if (a.on) on.add(a.section);
      else on.delete(a.section);
      // Kept in the report's own order, whatever order they were ticked in.
      return { ...d, sections: reportSections.filter((s) => on.has(s)) };
    }
    case 'mode':
      return { ...d, mode: a.mode };
    case 'minScore':
      return Number.isFinite(a.value) ? { ...d, minScore: Math.min(1, Math.max(0, a.value)) } : d;
    case 'choose':
      return { ...d, chosen: a.on ? (d.chosen.includes(a.id) ? d.chosen : [...d.chosen, a.id]) : d.chosen.filter((x) => x !== a.id) };
    case 'chooseAll':
      return { ...d, chosen: [...new Set(a.ids)] };
    case 'chooseNone':
      return { ...d, chosen: [] };
    case 'format':
      return { ...d, format: a.format, includeGraph: d.graphTouched ? d.includeGraph : drawsGraph(a.format) };
    case 'includeGraph':
      return { ...d, includeGraph: a.on, graphTouched: true };
  }
}

/**
 * The findings the report will hold, as the engine selects them: by default
 * by the engine's own rule (`inDefaultReport`); else the ones ticked that are
 * still listed.
 */
export function selectedFindings(d: ReportDraft, findings: readonly Finding[]): Finding[] {
  if (d.mode === 'default') return findings.filter((f) => inDefaultReport(f, d.minScore));
  const chosen = new Set(d.chosen);
  return findings.filter((f) => chosen.has(f.id));
}

/** Why the report cannot be made as it stands, in words; empty when it can. */
export function draftProblems(d: ReportDraft, findings: readonly Finding[]): string[] {
  const problems: string[] = [];
  if (d.title.trim().length > TITLE_MAX) problems.push(`The title is longer than ${TITLE_MAX} characters.`);
  if (d.analyst.trim().length > TITLE_MAX) problems.push(`The analyst's name is longer than ${TITLE_MAX} characters.`);
  if (d.sections.length === 0) problems.push('Choose at least one section.');
  const count = selectedFindings(d, findings).length;
  if (d.mode === 'chosen' && count === 0) problems.push('Choose at least one finding.');
  if (count > MAX_REPORT_FINDINGS) problems.push(`${formatCount(count)} findings are selected; a report takes at most ${formatCount(MAX_REPORT_FINDINGS)}.`);
  return problems;
}

export type ReportInput = Omit<InputOf<'exportReport'>, 'target'>;

/**
 * The exportReport input (without the save target, which the host grants).
 * `graphSvg` is the canvas's export of the current view, or null when
 * nothing is drawn: the engine then lays the findings' neighbourhood out itself.
 */
export function buildReportInput(d: ReportDraft, caseId: string, findings: readonly Finding[], graphSvg: string | null): ReportInput {
  const title = d.title.trim();
  const analyst = d.analyst.trim();
  return {
    caseId,
    format: d.format,
    tlp: d.tlp,
    sections: [...d.sections],
    ...(title ? { title } : {}),
    ...(analyst ? { analyst } : {}),
    ...(d.mode === 'default' ? { minScore: d.minScore } : { findingIds: selectedFindings(d, findings).map((f) => f.id) }),
    ...(wantsGraph(d) && graphSvg ? { graphSvg } : {}),
  };
}

/** Whether the report asks for the view as drawn: the analyst wants it, the format draws it and the graph section is in. */
export function wantsGraph(d: ReportDraft): boolean {
  return d.includeGraph && drawsGraph(d.format) && d.sections.includes('graph');
}

/** The report's progress in one line and one fraction (gathering is the first half, writing the second). */
export function describeProgress(p: ReportProgress | null, format: ReportFormat): { text: string; fraction: number | null } {
  if (!p) return { text: 'Starting…', fraction: null };
  const pct = (f: number) => `${Math.round(Math.min(1, Math.max(0, f)) * 100)} %`;
  switch (p.step) {
    case 'waiting':
      return { text: `Waiting for the case's import or analysis to finish${p.waitingSeconds ? ` (${p.waitingSeconds} s)` : ''}…`, fraction: null };
    case 'gathering':
      return { text: `Gathering the findings… ${pct(p.fraction)}`, fraction: p.fraction / 2 };
    case 'writing':
      return { text: `Writing the ${reportFormats[format].label}… ${pct(p.fraction)}`, fraction: 0.5 + p.fraction / 2 };
  }
}

/** What was written, for the dialog: "Report written: 12 findings, 1.2 MB, sha256 …; downloaded as …". */
export function describeResult(r: OutputOf<'exportReport'>): string {
  const what = r.format === 'connections' ? plural(r.records, 'connection') : plural(r.records, 'finding');
  const bytes = r.download?.bytes ?? null;
  const where = r.download ? `downloaded as ${r.download.name}` : `saved to ${r.file}`;
  return `Report written: ${what}${bytes !== null ? `, ${formatBytes(bytes)}` : ''}, sha256 ${r.sha256}; ${where}.`;
}
