import type Database from 'better-sqlite3';
import type { Finding } from '../../shared/analysis-types.js';
import type { DestinationDetails, ProcessDetails } from '../../shared/entity-details-types.js';
import { reportOptionsSchema, REPORT_SCHEMA, REPORT_SCHEMA_VERSION, type ReportDocument, type ReportFinding, type ReportOptions } from '../../shared/report-types.js';
import type { ProcessLineageView } from '../../shared/types.js';
import type { Note } from '../../shared/notes-types.js';
import { revealHidden } from '../../shared/visible-text.js';
import { loadCaseRules, type CaseRules } from '../analysis/case-rules.js';
import { latestRun, runSettings, type StoredRunSettings } from '../analysis/findings-store.js';
import { createPacer } from '../analysis/queries/pause.js';
import { reportNotes, type ReportNotes } from '../notes/index.js';
import type { DetailsDeps } from '../graph/details-deps.js';
import { destinationSection, processSection } from '../graph/entity-details.js';
import { processId } from '../graph/node-id.js';
import { bytesPerDay, intervalHistogram } from '../graph/node-series.js';
import { buildTimeline } from '../graph/timeline.js';
import { imageName } from '../graph/unit-rows.js';
import { intelRevision } from '../intel/store/revision.js';
import { listSources } from '../intel/store/queries.js';
import { joinCounts } from '../telemetry/join.js';
import { listImports } from '../telemetry/list-imports.js';
import { unitScope, unitWhere } from './interop.js';
import { selectFindings } from './select-findings.js';

/** Bins of a finding's timeline, as the details panel draws a node's. */
const TIMELINE_BINS = 120;
/** Modifiers say how much the evidence counts, not what happened: a sentence leads with evidence. */
const MODIFIERS = new Set(['prevalence', 'known-benign', 'verdict', 'suppressed']);

/** What a report takes beyond the case and the IoC store: what the details take, the case, the version and the clock. */
export interface ReportDeps extends Omit<DetailsDeps, 'homeDb'> {
  caseInfo: { id: string; name: string; createdAt: string | null };
  version: string;
  now(): number;
  signal?: AbortSignal | undefined;
  /** The share of the gathering done, in [0, 1]. */
  progress?: ((fraction: number) => void) | undefined;
}

/**
 * The report of a case as one document (sightline-report v1), which every
 * format is written from: the selected findings, each with its chain (host →
 * process with its lineage → destination with its intel and the posts behind
 * it), its evidence charts, and an appendix of where the data came from.
 * Details are read as the details panel reads them (graph/entity-details.ts),
 * once per destination and per process however many findings share them.
 * Strings are kept as imported or posted: every writer escapes them.
 */
export async function gatherReport(db: Database.Database, homeDb: Database.Database, options: ReportOptions, deps: ReportDeps): Promise<ReportDocument> {
  const o = reportOptionsSchema.parse(options);
  const pace = createPacer(deps.signal ?? new AbortController().signal, 50, 'the report');
  const details: DetailsDeps = { ...deps, homeDb };
  // Read once for the selection, the verdicts and the appendix.
  const settings = runSettings(db);
  const rules = loadCaseRules(db);
  const findings = selectFindings(db, { minScore: o.minScore, findingIds: o.findingIds, runId: o.runId, runSettings: settings, rules });
  const destinations = new Map<string, DestinationDetails | null>();
  const processes = new Map<string, { process: ProcessDetails; lineage: ProcessLineageView | null } | null>();
  const charts = new Map<string, UnitCharts>();
  const notes = reportNotes(db);
  const reported: ReportFinding[] = [];
  for (const [i, f] of findings.entries()) {
    await pace();
    deps.progress?.(i / Math.max(findings.length, 1));
    let destination = destinations.get(f.dst);
    // Its intervals and bytes per day over every host's connections to it are drawn by no writer but published
    // by the JSON (docs/report-json.md; required by the details' schema): they show whether other machines
    // reach it alike, which the finding's own charts (its unit only) do not. Bounded, and read once per address.
    if (destination === undefined) destinations.set(f.dst, (destination = destinationSection(db, f.dst, details)));
    let proc: { process: ProcessDetails; lineage: ProcessLineageView | null } | null = null;
    if (f.process !== null) {
      const key = processId(f.host, f.process);
      const known = processes.get(key);
      if (known === undefined) processes.set(key, (proc = processSection(db, f.host, f.process, details)));
      else proc = known;
    }
    reported.push({
      finding: f,
      sentence: findingSentence(f),
      combination: f.combination ?? null,
      process: proc?.process ?? null,
      lineage: proc?.lineage ?? null,
      destination,
      charts: chartsOf(db, o.caseId, f, charts),
      verdict: verdictOf(rules, f),
      ...notes.aboutFinding(f),
    });
  }
  deps.progress?.(1);
  return {
    schema: REPORT_SCHEMA,
    version: REPORT_SCHEMA_VERSION,
    generatedAt: new Date(deps.now()).toISOString(),
    sightlineVersion: deps.version,
    title: o.title || `Findings in case ${deps.caseInfo.name}`,
    analyst: o.analyst || null,
    tlp: o.tlp,
    case: deps.caseInfo,
    selection: { minScore: o.minScore, findingIds: o.findingIds ?? null, sections: o.sections },
    summary: summaryOf(findings),
    findings: reported,
    notes: caseNotes(notes, reported),
    appendix: appendixOf(db, homeDb, settings),
  };
}

/** What a finding's sentence says, in parts (the HTML report wraps the names in it only between their parts). */
export interface FindingSentenceParts {
  host: string;
  /** The process's image name (no folder), or null for a sensor flow without one. */
  image: string | null;
  /** The destination, with its port when the finding names one. */
  where: string;
  /** The strongest evidence, with its numbers; null without explanations. */
  evidence: string | null;
}

export function findingSentenceParts(f: Finding): FindingSentenceParts {
  const evidence = f.explanations.filter((e) => !MODIFIERS.has(e.kind));
  const lead = (evidence.length > 0 ? evidence : f.explanations).reduce<Finding['explanations'][number] | null>((best, e) => (best === null || e.score > best.score ? e : best), null);
  return { host: f.host, image: f.process === null ? null : imageName(f.process), where: f.dport === null ? f.dst : `${f.dst}:${f.dport}`, evidence: lead?.text ?? null };
}

/**
 * "WS03's synchelper.exe → 193.142.58.17:443: <its strongest evidence, with its numbers>".
 * Prose, like the explanations it quotes: hidden characters in the names show as ⟨U+XXXX⟩.
 */
export function findingSentence(f: Finding): string {
  const p = findingSentenceParts(f);
  const who = revealHidden(p.image === null ? p.host : `${p.host}'s ${p.image}`);
  return p.evidence === null ? `${who} → ${p.where}` : `${who} → ${p.where}: ${p.evidence}`;
}

/** A unit's charts, read once however many of its findings (one per port) are reported; the gaps only once a beacon asks. */
interface UnitCharts {
  timeline: ReportFinding['charts']['timeline'];
  bytesPerDay: ReportFinding['charts']['bytesPerDay'];
  intervals?: ReportFinding['charts']['intervals'];
}

/**
 * The finding's own connections (its host and process to its destination)
 * over time and per day, and for a beacon the gaps between them: the charts
 * the details panel draws for a node, over the finding's unit (any port:
 * findings of one unit about different ports share them).
 */
function chartsOf(db: Database.Database, caseId: string, f: Finding, known: Map<string, UnitCharts>): ReportFinding['charts'] {
  const key = JSON.stringify([f.host, f.process, f.dst]);
  let unit = known.get(key);
  if (!unit) {
    unit = { timeline: buildTimeline(db, { caseId, bins: TIMELINE_BINS, includeInternal: true }, unitScope(f)), bytesPerDay: bytesPerDay(db, unitWhere(f)) };
    known.set(key, unit);
  }
  if (f.kinds.includes('beacon')) unit.intervals ??= intervalHistogram(db, f.dst, { host: f.host, image: f.process ?? '' });
  return { timeline: unit.timeline, intervals: f.kinds.includes('beacon') ? (unit.intervals ?? null) : null, bytesPerDay: unit.bytesPerDay };
}

/** The verdict standing on the finding's unit, as the analyst set it (note and time with it). */
function verdictOf(rules: CaseRules, f: Finding): ReportFinding['verdict'] {
  const v = rules.verdictRowFor({ host: f.host, image: f.process ?? '', dstIp: f.dst });
  return v && { verdict: v.verdict, note: v.note, setAt: v.created_at, on: { host: v.host, process: v.image, dst: v.dst_ip } };
}

function summaryOf(findings: readonly Finding[]): ReportDocument['summary'] {
  const bySeverity = { high: 0, medium: 0, low: 0, info: 0, none: 0 };
  for (const f of findings) bySeverity[f.severity ?? 'none']++;
  const distinct = (values: (string | null)[]) => [...new Set(values.filter((v): v is string => v !== null))].sort();
  const first = findings.reduce((m, f) => (f.firstSeen < m ? f.firstSeen : m), '\uffff');
  const last = findings.reduce((m, f) => (f.lastSeen > m ? f.lastSeen : m), '');
  return {
    findings: findings.length,
    bySeverity,
    hosts: distinct(findings.map((f) => f.host)),
    processes: distinct(findings.map((f) => f.process)),
    destinations: distinct(findings.map((f) => f.dst)),
    span: findings.length > 0 ? { first, last } : null,
  };
}

/** Where the findings come from: the files (by name only: a path says where the analyst keeps them), the join, the IoC sources, the analysis and its parameters. */
function appendixOf(db: Database.Database, homeDb: Database.Database, settings: StoredRunSettings | null): ReportDocument['appendix'] {
  const run = latestRun(db, intelRevision(homeDb));
  return {
    inputs: listImports(db).map((r) => ({ ...r, file: imageName(r.file) })),
    join: joinCounts(db),
    intelSources: listSources(homeDb).map((s) => ({ name: s.name, kind: s.kind, trust: s.trust, lastSyncAt: s.lastSyncAt, indicators: s.indicators })),
    analysis: run
      ? {
          runId: run.id,
          startedAt: run.startedAt,
          stale: run.stale,
          staleBecause: run.staleBecause,
          window: run.window,
          parameters: settings,
        }
      : null,
  };
}

/** The case's notes that no reported finding carries (on other nodes and findings), oldest first. */
function caseNotes(notes: ReportNotes, reported: readonly ReportFinding[]): Note[] {
  const shown = new Set(reported.flatMap((r) => r.notes.map((n) => n.id)));
  return notes.all.filter((n) => !shown.has(n.id));
}
