import type Database from 'better-sqlite3';
import type { ScoreAt } from '../intel/store/queries.js';
import type { WarninglistMatcher } from '../intel/warninglists/index.js';
import { loadCaseRules } from './case-rules.js';
import { knownBenignList } from './known-benign.js';
import { enrichCaseDestinations, type EnrichmentRow } from './enrich-case.js';
import { combineEvidence, type Combined } from './combine.js';
import type { AnalysisWindow, DetectorContext, Evidence, UnitEvidence, UnitKey } from './evidence.js';
import { reputationEvidence } from './queries/ioc-evidence.js';
import { readCaseWindow } from './baseline.js';
import { queryAlerts } from './detectors/alerts/index.js';
import { queryEarlyDownloads } from './detectors/early-download/index.js';
import { queryNewAndRare, queryPrevalence } from './detectors/new-and-rare/index.js';
import { queryNewPlaces } from './detectors/new-place/index.js';
import { ownClient, queryServiceMisuse } from './detectors/service-misuse/index.js';
import { queryUnusualPorts } from './detectors/unusual-port/index.js';
import { queryVolume } from './detectors/volume/index.js';
import type { Geo, ServiceCatalogue } from './enrich/index.js';
import { processEvidence, processKey } from './queries/process-evidence.js';
import { caseHoldsNames } from './queries/destination-names.js';
import { createPacer } from './queries/pause.js';
import { scanUnits } from './queries/unit-scan.js';
import type { AnalysisSettings } from './settings.js';

export interface AnalysisInput {
  /** The case, read-only for the analysis. */
  caseDb: Database.Database;
  /** The IoC store. */
  homeDb: Database.Database;
  scoreAt: ScoreAt;
  /** Offline country and AS (enrich/geo): without it, no new-country or new-AS evidence. */
  geo?: Pick<Geo, 'lookup'> | undefined;
  /** The catalogue of services attackers misuse (enrich/services): without it, no service-misuse evidence. */
  services?: ServiceCatalogue | undefined;
  /** The shipped warninglists (known-benign infrastructure), when installed. */
  warninglists?: WarninglistMatcher | undefined;
  settings: AnalysisSettings;
  /** The analyst's own end of the baseline (epoch ms), instead of the one baseline.ts chooses; kept within the span. */
  baselineUntil?: number | undefined;
  signal: AbortSignal;
  progress(step: string, fraction: number): void;
}

export interface UnitTotals {
  events: number;
  bytesOut: number;
  bytesIn: number;
  first: number;
  last: number;
}

export interface ScoredUnit extends UnitKey, Combined {
  /** The port the finding is about, when all its counted evidence is about one port; null: every port. */
  dstPort: number | null;
  totals: UnitTotals;
}

export interface AnalysisResult {
  window: AnalysisWindow | null;
  /** Units (host, process, destination) the case has. */
  units: number;
  /** Units worth a finding, highest score first (at most settings.maxFindings). */
  findings: ScoredUnit[];
  /** Every destination address with its class, country, AS and service (stored with the findings). */
  enrichment: EnrichmentRow[];
}

/** Shares of the whole run each step reports progress in, in order. */
const STEPS = [
  ['connections', 0.37],
  ['processes', 0.05],
  ['IoC matches', 0.1],
  ['volume', 0.08],
  ['new and rare destinations', 0.07],
  ['new countries and networks', 0.06],
  ['unusual ports', 0.06],
  ['service misuse', 0.06],
  ['alerts', 0.04],
  ['downloads at start', 0.03],
  ['scores', 0.08],
] as const;

/**
 * Analyses a case: every detector over its units, the IoC store over its
 * destinations, the process judgements over its processes; then each unit's
 * evidence is combined with the case's modifiers (prevalence, verdicts,
 * allowlist) into a score. Reads only; the caller stores the result.
 */
export async function runAnalysis(input: AnalysisInput): Promise<AnalysisResult> {
  const { caseDb: db, settings } = input;
  const chosen = readCaseWindow(db, settings.baseline);
  if (!chosen) return { window: null, units: 0, findings: [], enrichment: [] };
  const window: AnalysisWindow =
    input.baselineUntil === undefined ? chosen : { ...chosen, baselineEnd: Math.min(chosen.end, Math.max(chosen.start, input.baselineUntil)) };
  const events = (db.prepare('SELECT TOTAL(events) AS n FROM edge_stats').get() as { n: number }).n;

  // Each step reports within its own share of the whole, placed after the shares of the steps before it.
  const step = (index: number) => {
    const [name, share] = STEPS[index] as (typeof STEPS)[number];
    const before = STEPS.slice(0, index).reduce((sum, [, s]) => sum + s, 0);
    return (fraction: number) => input.progress(name, Math.min(1, before + share * Math.min(1, Math.max(0, fraction))));
  };
  const ctx = (index: number): DetectorContext => ({ db, window, signal: input.signal, progress: step(index) });

  const evidence: UnitEvidence[] = await scanUnits(ctx(0), settings, events);

  // Units are read as raw rows and only those with something to say become objects: a 1M-connection
  // case has ~400k units, and materialising each cost seconds of allocation and collection.
  const processProgress = step(1);
  const processes = (db.prepare("SELECT DISTINCT host, image FROM edge_stats WHERE image <> ''").all() as { host: string; image: string }[]);
  const byProcess = processEvidence(db, processes);
  processProgress(1);

  const iocProgress = step(2);
  const { byDestination, byProcess: byHash, names } = reputationEvidence(db, input.homeDb, input.scoreAt, input.warninglists);
  iocProgress(1);

  // The signature-free detectors, each a set-based query over the case and a pure score (detectors/).
  const pace = createPacer(input.signal);
  const namesOf = (ip: string): readonly string[] => names.get(ip) ?? [];
  const detectors: (() => UnitEvidence[])[] = [
    () => queryVolume(ctx(3), settings.volume),
    () => queryNewAndRare(ctx(4), settings.newAndRare, namesOf),
    () => (input.geo ? queryNewPlaces(ctx(5), input.geo, settings.newPlace) : (step(5)(1), [])),
    () => queryUnusualPorts(ctx(6), settings.unusualPort),
    () => (input.services ? queryServiceMisuse(ctx(7), input.services, settings.serviceMisuse, namesOf) : (step(7)(1), [])),
    () => queryAlerts(ctx(8), settings.alerts),
    () => queryEarlyDownloads(ctx(9), settings.earlyDownload, caseHoldsNames(db) ? namesOf : null),
  ];
  for (const run of detectors) {
    await pace();
    for (const e of run()) evidence.push(e);
  }

  const scoreProgress = step(STEPS.length - 1);
  const { caseHosts, destinations: prevalence } = queryPrevalence({ db });
  const perUnit = new Map<string, Evidence[]>();
  const unitKey = (u: UnitKey) => `${u.host}\u0000${u.image}\u0000${u.dstIp}`;
  for (const e of evidence) {
    const k = unitKey(e);
    const list = perUnit.get(k);
    if (list) list.push(e.evidence);
    else perUnit.set(k, [e.evidence]);
  }
  const rules = loadCaseRules(db);
  const benign = new Map<string, string | null>();
  const knownBenign = (ip: string): string | null => {
    let v = benign.get(ip);
    if (v === undefined) benign.set(ip, (v = knownBenignList(input.warninglists, settings.combine.knownBenignLists, ip, names.get(ip) ?? [])));
    return v;
  };
  const serviceOf = new Map<string, string | null>();
  const ownService = (image: string, ip: string): string | null => {
    if (image === '' || !input.services) return null;
    let service = serviceOf.get(ip);
    if (service === undefined) serviceOf.set(ip, (service = input.services.identify({ ip, hostNames: names.get(ip) ?? [] })?.service ?? null));
    return service !== null && ownClient(image, service) ? service : null;
  };
  const totalsOf = db.prepare('SELECT events, bytes_out AS bytesOut, bytes_in AS bytesIn, first_ts AS first, last_ts AS last FROM edge_stats WHERE host = ? AND image = ? AND dst_ip = ?');
  const findings: ScoredUnit[] = [];
  let units = 0;
  for (const [host, image, dstIp] of db.prepare('SELECT host, image, dst_ip FROM edge_stats').raw().iterate() as IterableIterator<[string, string, string]>) {
    if ((++units & 0xffff) === 0) await pace();
    const u: UnitKey = { host, image, dstIp };
    const own = perUnit.get(unitKey(u));
    const ofDestination = byDestination.get(dstIp);
    const ofProcess = image !== '' ? [...(byProcess.get(processKey(host, image)) ?? []), ...(byHash.get(processKey(host, image)) ?? [])] : [];
    const verdict = rules.hasVerdicts ? rules.verdictFor(u) : null;
    if (!own && !ofDestination && ofProcess.length === 0 && verdict === null) continue;
    const list = [...(own ?? []), ...(ofDestination ?? []), ...ofProcess];
    const combined = combineEvidence(
      list,
      { destinationHosts: prevalence.get(dstIp)?.hosts ?? 1, caseHosts, allowlistedBy: rules.allowlistedBy(u, names.get(dstIp) ?? []), verdict, knownBenign: knownBenign(dstIp), ownService: ownService(image, dstIp) },
      settings.combine,
    );
    const keep = combined.score >= settings.minStoredScore || verdict !== null || combined.kinds.some((k) => k === 'ioc' || k === 'hash' || k === 'alert' || k === 'suppressed');
    if (!keep) continue;
    const ports = new Set(combined.explanations.filter((e) => e.score > 0).map((e) => e.dstPort ?? null));
    const only = ports.size === 1 ? [...ports][0] : null;
    findings.push({ ...u, ...combined, dstPort: only ?? null, totals: totalsOf.get(host, image, dstIp) as UnitTotals });
  }
  findings.sort((a, b) => b.score - a.score || b.totals.events - a.totals.events || (unitKey(a) < unitKey(b) ? -1 : 1));
  const enrichment = enrichCaseDestinations(db, { geo: input.geo, services: input.services }, namesOf);
  scoreProgress(1);
  return { window, units, findings: findings.slice(0, settings.maxFindings), enrichment };
}
