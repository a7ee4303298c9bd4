import type Database from 'better-sqlite3';
import type { AnalysisRun, EvidenceKind, Explanation, Finding } from '../../shared/analysis-types.js';
import { loadCaseRules, type CaseRules } from './case-rules.js';
import { explainCombination } from './combine.js';
import type { AnalysisResult } from './run-analysis.js';
import { combineSettings, type AnalysisSettings, type CombineSettings } from './settings.js';

/** Kinds that say who the destination or process is: a new one of these after new intel is announced. */
const REPUTATION_KINDS: ReadonlySet<EvidenceKind> = new Set(['ioc', 'hash']);
const MAX_NEW_HITS = 50;

/** The case's revision (meta 'revision', bumped by triggers on every import, removal, verdict and allowlist rule). */
export function caseRevision(db: Database.Database): number {
  const row = db.prepare("SELECT value FROM meta WHERE key = 'revision'").get() as { value: string } | undefined;
  return row ? Number(row.value) : 0;
}

export interface RunRecord {
  startedAt: string;
  caseRevision: number;
  intelRevision: number;
  settings: AnalysisSettings;
  /** The geo data the enrichment was taken from (the `enrichment` table's data_version). */
  dataVersion: string;
  /** The analyst's end of the baseline the run used (ISO), or null for the default; kept as the case's setting with the run. */
  baselineUntil: string | null;
}

/** The case's own end of the baseline (ISO) that analyses use until changed, or null: the default one (baseline.ts). */
export function baselineSetting(db: Database.Database): string | null {
  return (db.prepare("SELECT value FROM meta WHERE key = 'baseline_until'").get() as { value: string } | undefined)?.value ?? null;
}

/**
 * Stores a finished run and its findings in one transaction, replacing the
 * previous runs' findings: a case keeps the findings of its latest analysis.
 */
export function saveRun(db: Database.Database, run: RunRecord, result: AnalysisResult): number {
  return db.transaction(() => {
    const previous = db.prepare('SELECT COUNT(*) AS n FROM analysis_runs').get() as { n: number };
    const known = new Set(
      (db.prepare("SELECT host, image, dst_ip AS dst, kinds FROM findings WHERE kinds LIKE '%\"ioc\"%' OR kinds LIKE '%\"hash\"%'").all() as { host: string; image: string; dst: string }[]).map(
        (r) => `${r.host}\u0000${r.image}\u0000${r.dst}`,
      ),
    );
    const newHits =
      previous.n === 0
        ? []
        : result.findings
            .filter((f) => f.kinds.some((k) => REPUTATION_KINDS.has(k)) && !known.has(`${f.host}\u0000${f.image}\u0000${f.dstIp}`))
            .slice(0, MAX_NEW_HITS)
            .map((f) => ({ host: f.host, process: f.image === '' ? null : f.image, dst: f.dstIp, text: f.explanations.find((e) => REPUTATION_KINDS.has(e.kind))?.text ?? '' }));
    // Each run a new id, though the table keeps only the latest: what was kept of the previous run's answers
    // (graph/view-cache.ts) and the UI's idea of "the run" tell runs apart by it.
    const next = (db.prepare('SELECT COALESCE(MAX(id), 0) + 1 AS id FROM analysis_runs').get() as { id: number }).id;
    // Finding ids are never given twice in a case either: ids kept from an earlier run (a report's --findings)
    // then name no finding instead of other ones. They go on from the highest ever given (meta, since the table is emptied).
    let findingId = lastFindingId(db);
    db.prepare('DELETE FROM findings').run();
    db.prepare('DELETE FROM analysis_runs').run();
    const window = result.window ? { start: result.window.start, end: result.window.end, baselineEnd: result.window.baselineEnd } : null;
    // With the run it was used for: a cancelled or failed analysis leaves the setting as it was.
    if (run.baselineUntil === null) db.prepare("DELETE FROM meta WHERE key = 'baseline_until'").run();
    else db.prepare("INSERT INTO meta (key, value) VALUES ('baseline_until', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value").run(run.baselineUntil);
    const id = Number(
      db
        .prepare(
          `INSERT INTO analysis_runs (id, started_at, finished_at, case_revision, intel_revision, settings, state, units, findings)
           VALUES (?, ?, ?, ?, ?, ?, 'done', ?, ?)`,
        )
        .run(next, run.startedAt, new Date().toISOString(), run.caseRevision, run.intelRevision, JSON.stringify({ window, baselineUntil: run.baselineUntil, settings: run.settings, newHits }), result.units, result.findings.length).lastInsertRowid,
    );
    const insert = db.prepare(
      `INSERT INTO findings (id, run_id, host, image, dst_ip, dst_port, score, severity, kinds, explanations, events, bytes_out, bytes_in, first_ts, last_ts)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (const f of result.findings) {
      const explanations: Explanation[] = f.explanations.map((e) => ({ kind: e.kind, score: e.score, text: e.text, facts: { ...e.facts, ...(e.dstPort !== undefined ? { dstPort: e.dstPort } : {}) } }));
      insert.run(++findingId, id, f.host, f.image, f.dstIp, f.dstPort ?? -1, f.score, f.severity ?? 'none', JSON.stringify(f.kinds), JSON.stringify(explanations), f.totals.events, f.totals.bytesOut, f.totals.bytesIn, f.totals.first, f.totals.last);
    }
    db.prepare(`INSERT INTO meta (key, value) VALUES ('${LAST_FINDING_ID}', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(String(findingId));
    // What the graph groups and labels destinations by, replaced with the findings so both are of one run.
    db.prepare('DELETE FROM enrichment').run();
    const enrich = db.prepare('INSERT INTO enrichment (ip, class, country, asn, as_org, service, service_category, data_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
    for (const e of result.enrichment) enrich.run(e.ip, e.addressClass, e.country, e.asn, e.asOrg, e.service, e.serviceCategory, run.dataVersion);
    return id;
  })();
}

/** The meta key of the highest finding id the case ever gave. */
const LAST_FINDING_ID = 'last_finding_id';

/** The highest finding id the case ever gave (0 for none): ids above it were never a finding's, ids at or below it not in the latest run were an earlier run's. */
export function lastFindingId(db: Database.Database): number {
  const kept = db.prepare('SELECT value FROM meta WHERE key = ?').get(LAST_FINDING_ID) as { value: string } | undefined;
  const stored = (db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM findings').get() as { id: number }).id;
  return Math.max(kept ? Number(kept.value) : 0, stored);
}

interface RunRow {
  id: number;
  started_at: string;
  finished_at: string | null;
  state: AnalysisRun['state'];
  units: number;
  findings: number;
  case_revision: number;
  intel_revision: number;
  settings: string;
}

/** The latest run, with whether the case or the IoC store changed since; null when the case was never analysed. */
export function latestRun(db: Database.Database, intelRevisionNow: number): AnalysisRun | null {
  const r = db.prepare('SELECT * FROM analysis_runs ORDER BY id DESC LIMIT 1').get() as RunRow | undefined;
  if (!r) return null;
  const reasons: string[] = [];
  if (r.case_revision !== caseRevision(db)) reasons.push('the case changed since (an import, a removal, a verdict or an allowlist rule)');
  if (r.intel_revision !== intelRevisionNow) reasons.push('the IoC store changed since');
  const stored = JSON.parse(r.settings) as { window?: { start: number; end: number; baselineEnd: number } | null; baselineUntil?: string | null; newHits?: AnalysisRun['newHits'] };
  const w = stored.window ?? null;
  return {
    id: r.id,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    state: r.state,
    units: r.units,
    findings: r.findings,
    stale: reasons.length > 0,
    staleBecause: reasons.length > 0 ? reasons.join('; ') : null,
    window: w ? { start: iso(w.start), end: iso(w.end), baselineEnd: iso(w.baselineEnd) } : null,
    baselineUntil: stored.baselineUntil ?? null,
    newHits: stored.newHits ?? [],
  };
}

export interface FindingsFilter {
  minScore: number;
  limit: number;
  offset: number;
  dst?: string | undefined;
  host?: string | undefined;
  process?: string | undefined;
  includeIgnored: boolean;
  /** The latest run's stored settings when the caller has read them already (`runSettings`): not read again. */
  runSettings?: StoredRunSettings | null | undefined;
  /** The case's verdicts and allowlist rules when the caller has read them already: not read again. */
  rules?: CaseRules | undefined;
  /** Only the findings this keeps (a search), before counting and paging. */
  keep?: ((f: { host: string; process: string | null; dst: string; dport: number | null }) => boolean) | undefined;
}

interface FindingRow {
  id: number;
  host: string;
  image: string;
  dst_ip: string;
  dst_port: number;
  score: number;
  severity: string;
  kinds: string;
  explanations: string;
  events: number;
  bytes_out: number;
  bytes_in: number;
  first_ts: number;
  last_ts: number;
}

/** Findings of the latest run, highest score first, with the analyst's current verdicts. */
export function listFindings(db: Database.Database, q: FindingsFilter): { findings: Finding[]; total: number; bySeverity: Record<'info' | 'low' | 'medium' | 'high', number> } {
  const where = ['score >= ?'];
  const params: (string | number)[] = [q.minScore];
  if (q.dst !== undefined) {
    where.push('dst_ip = ?');
    params.push(q.dst);
  }
  if (q.host !== undefined) {
    where.push('host = ?');
    params.push(q.host);
  }
  if (q.process !== undefined) {
    where.push('image = ?');
    params.push(q.process);
  }
  // The verdict as it stands now: one set after the run shows at once.
  const rules = q.rules ?? loadCaseRules(db);
  const rows = (db.prepare(`SELECT * FROM findings WHERE ${where.join(' AND ')} ORDER BY score DESC, events DESC, id`).all(...params) as FindingRow[])
    .map((r) => ({ r, verdict: rules.verdictFor({ host: r.host, image: r.image, dstIp: r.dst_ip }) }))
    .filter((x) => q.includeIgnored || x.verdict !== 'ignore')
    .filter(({ r }) => !q.keep || q.keep({ host: r.host, process: r.image === '' ? null : r.image, dst: r.dst_ip, dport: r.dst_port < 0 ? null : r.dst_port }));
  const bySeverity = { info: 0, low: 0, medium: 0, high: 0 };
  const combine = combineOf(q.runSettings === undefined ? runSettings(db) : q.runSettings);
  for (const { r } of rows) if (r.severity in bySeverity) bySeverity[r.severity as keyof typeof bySeverity]++;
  return {
    total: rows.length,
    bySeverity,
    findings: rows.slice(q.offset, q.offset + q.limit).map(({ r, verdict }) => {
      const explanations = JSON.parse(r.explanations) as Explanation[];
      return {
        id: r.id,
        host: r.host,
        process: r.image === '' ? null : r.image,
        dst: r.dst_ip,
        dport: r.dst_port < 0 ? null : r.dst_port,
        score: r.score,
        severity: r.severity === 'none' ? null : (r.severity as Finding['severity']),
        kinds: JSON.parse(r.kinds) as EvidenceKind[],
        explanations,
        events: r.events,
        bytesOut: r.bytes_out,
        bytesIn: r.bytes_in,
        firstSeen: iso(r.first_ts),
        lastSeen: iso(r.last_ts),
        verdict,
        combination: explainCombination(explanations, combine),
      };
    }),
  };
}

/** The settings a run was made with, as stored with it (a run of an older Sightline may lack some). */
export type StoredRunSettings = { readonly combine?: Partial<CombineSettings> } & Readonly<Record<string, unknown>>;

/** The detector settings the latest run used, as stored with it; null when the case was never analysed (or the run stored none). */
export function runSettings(db: Database.Database): StoredRunSettings | null {
  const text = db.prepare('SELECT settings FROM analysis_runs ORDER BY id DESC LIMIT 1').pluck().get() as string | undefined;
  return text ? ((JSON.parse(text) as { settings?: StoredRunSettings }).settings ?? null) : null;
}

/** The combine settings the findings were scored with (stored with their run), else today's. */
function combineOf(stored: StoredRunSettings | null): CombineSettings {
  return { ...combineSettings, ...stored?.combine };
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}
