import type Database from 'better-sqlite3';
import type { Handlers } from '../../shared/dispatch.js';
import type { AllowlistRule, AllowlistRuleInput } from '../../shared/analysis-types.js';
import type { EngineServices } from '../engine-services.js';
import { InvalidInputError } from '../errors/index.js';
import type { DecaySetting } from '../intel/decay.js';
import { intelRevision } from '../intel/store/revision.js';
import type { WarninglistMatcher } from '../intel/warninglists/index.js';
import { parseNodeId } from '../graph/node-id.js';
import { findingNotes, notesMatcher, type FindingUnit } from '../notes/index.js';
import { parseCidr } from './case-rules.js';
import { baselineSetting, caseRevision, latestRun, listFindings, saveRun } from './findings-store.js';
import type { Geo, ServiceCatalogue } from './enrich/index.js';
import { runAnalysis } from './run-analysis.js';
import { analysisSettings } from './settings.js';
import { geoDataVersion } from './enrich-case.js';

type AnalysisHandlers = Pick<Handlers, 'analyzeCase' | 'listFindings' | 'setCaseVerdict' | 'listAllowlistRules' | 'addAllowlistRule' | 'removeAllowlistRule'>;

export interface AnalysisDeps {
  decay: Pick<DecaySetting, 'get'>;
  warninglists: () => WarninglistMatcher | undefined;
  /** Offline country and AS, and the catalogue of misused services: built on first need, kept by the engine. */
  geo: () => Geo;
  services: () => ServiceCatalogue;
  now?: () => number;
  /**
   * After a run is saved, on its connection, still in the case's write turn:
   * what else the run makes worth keeping (the opening graph view). A failure
   * there leaves the run stored; the view is then computed when asked.
   */
  afterRun?: (db: Database.Database, caseId: string) => void;
}

/**
 * The analysis operations. An analysis reads the case on a connection of its
 * own, in the case's write turn (an import never changes the events under
 * it), and stores its findings in one transaction; verdicts and allowlist
 * rules are small writes that bump the case's revision (triggers), which
 * marks the stored findings stale until the next analysis.
 */
export function createAnalysisHandlers(s: EngineServices, deps: AnalysisDeps): AnalysisHandlers {
  const now = deps.now ?? Date.now;
  return {
    analyzeCase: ({ caseId, baselineUntil }, ctx) => {
      const target = s.cases.summary(caseId);
      return s.writeCase(target, { signal: ctx.signal }, async () => {
        const db = s.cases.openImportConnection(caseId);
        try {
          const startedAt = new Date().toISOString();
          const revision = caseRevision(db);
          const intel = intelRevision(s.homeDb);
          // Given: this run's and, once stored, the case's setting; null: back to the default; absent: the setting.
          const until = baselineUntil === undefined ? baselineSetting(db) : baselineUntil && new Date(baselineUntil).toISOString();
          const result = await runAnalysis({
            caseDb: db,
            homeDb: s.homeDb,
            scoreAt: { now: now(), model: deps.decay.get() },
            warninglists: deps.warninglists(),
            geo: deps.geo(),
            services: deps.services(),
            settings: analysisSettings,
            baselineUntil: until === null ? undefined : Date.parse(until),
            signal: ctx.signal,
            progress: (step, fraction) => ctx.progress({ step, fraction }),
          });
          saveRun(db, { startedAt, caseRevision: revision, intelRevision: intel, settings: analysisSettings, dataVersion: geoDataVersion(deps.geo()), baselineUntil: until }, result);
          const run = latestRun(db, intel);
          if (!run) throw new Error('the analysis run was not stored');
          if (deps.afterRun) {
            ctx.progress({ step: 'preparing the graph', fraction: 1 });
            try {
              deps.afterRun(db, caseId);
            } catch {
              // Only kept answers are lost: the graph is grouped when first asked instead.
            }
          }
          return { run, findings: result.findings.length };
        } finally {
          db.close();
        }
      });
    },
    listFindings: ({ caseId, nodeId, search, ...q }) => {
      const db = s.cases.open(caseId);
      const node = nodeId === undefined ? null : parseNodeId(nodeId);
      if (nodeId !== undefined && !node) throw new InvalidInputError(`"${nodeId.slice(0, 80)}" is not a graph node id`, { field: 'nodeId' });
      const about = node?.kind === 'host' ? { host: node.host } : node?.kind === 'process' ? { host: node.host, process: node.image } : node ? { dst: node.ip } : {};
      const page = listFindings(db, { ...q, ...about, keep: search?.trim() ? findingSearch(db, search.trim()) : undefined });
      const notes = findingNotes(db, page.findings);
      return { run: latestRun(db, intelRevision(s.homeDb)), ...page, findings: page.findings.map((f, i) => ({ ...f, notes: notes[i] })) };
    },
    setCaseVerdict: ({ caseId, host, process, dst, verdict, note }) =>
      s.writeCase(s.cases.summary(caseId), {}, async () =>
        s.withImportConnection(caseId, (db) =>
          db.transaction(() => {
            const same = 'host IS ? AND image IS ? AND dst_ip IS ?';
            db.prepare(`DELETE FROM case_verdicts WHERE ${same}`).run(host ?? null, process ?? null, dst ?? null);
            if (verdict !== 'clear') {
              db.prepare('INSERT INTO case_verdicts (verdict, host, image, dst_ip, note, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(verdict, host ?? null, process ?? null, dst ?? null, note ?? null, new Date().toISOString());
            }
            return { verdicts: (db.prepare('SELECT COUNT(*) AS n FROM case_verdicts').get() as { n: number }).n };
          })(),
        ),
      ),
    listAllowlistRules: ({ caseId }) => readRules(s.cases.open(caseId)),
    addAllowlistRule: ({ caseId, rule }) => {
      const value = checkRule(rule);
      return s.writeCase(s.cases.summary(caseId), {}, async () =>
        s.withImportConnection(caseId, (db) => {
          const id = Number(
            db
              .prepare('INSERT INTO allowlist_rules (kind, image, value, note, created_at) VALUES (?, ?, ?, ?, ?)')
              .run(rule.kind, rule.kind === 'process-destination' ? rule.process : null, value, rule.note ?? null, new Date().toISOString()).lastInsertRowid,
          );
          return readRules(db).find((r) => r.id === id) as AllowlistRule;
        }),
      );
    },
    removeAllowlistRule: ({ caseId, id }) =>
      s.writeCase(s.cases.summary(caseId), {}, async () =>
        s.withImportConnection(caseId, (db) => ({ removed: db.prepare('DELETE FROM allowlist_rules WHERE id = ?').run(id).changes > 0 })),
      ),
  };
}

function readRules(db: Database.Database): AllowlistRule[] {
  return db.prepare('SELECT id, kind, image AS process, value, note, created_at AS createdAt FROM allowlist_rules ORDER BY id').all() as AllowlistRule[];
}

const DOMAIN = /^(\*\.)?([a-z0-9_]([a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.?$/i;

/** The rule's value as stored, or InvalidInputError naming the field. */
function checkRule(rule: AllowlistRuleInput): string {
  const value = rule.value.trim();
  if (rule.kind === 'cidr') {
    if (!parseCidr(value)) throw new InvalidInputError(`"${value.slice(0, 64)}" is not an address or a network (CIDR such as 10.0.0.0/8 or 2001:db8::/32)`, { field: 'rule.value' });
    return value;
  }
  if (rule.kind === 'domain') {
    if (!DOMAIN.test(value)) throw new InvalidInputError(`"${value.slice(0, 64)}" is not a domain name`, { field: 'rule.value' });
    return value.toLowerCase();
  }
  if (!parseCidr(value) && !DOMAIN.test(value)) throw new InvalidInputError(`"${value.slice(0, 64)}" is neither an address, a network nor a domain`, { field: 'rule.value' });
  return parseCidr(value) ? value : value.toLowerCase();
}

/** A finding found by a search: the text in its host, process or destination, or in the analyst's notes and tags about it. */
function findingSearch(db: Database.Database, search: string): (f: FindingUnit) => boolean {
  const text = search.toLowerCase();
  const noted = notesMatcher(db, search);
  return (f) => f.host.toLowerCase().includes(text) || (f.process?.toLowerCase().includes(text) ?? false) || f.dst.toLowerCase().includes(text) || noted(f);
}
