import type Database from 'better-sqlite3';
import type { Finding } from '../../shared/analysis-types.js';
import type { IocHit } from '../../shared/entity-details-types.js';
import type { ReportDocument, ReportFinding } from '../../shared/report-types.js';
import type { TimelineScope } from '../graph/timeline.js';
import { COUNTED_IN_GRAPH } from '../telemetry/edge-refresh.js';
import type { IndicatorType } from '../intel/indicator-types.js';
import { nonPublicReason } from '../intel/non-public.js';
import { normaliseIndicator } from '../intel/normalise-indicator.js';
import { revealHidden } from '../../shared/visible-text.js';

/**
 * What the formats other tools read (CSV, STIX 2.1, MISP) share: the time
 * their objects are dated, who made them, which indicators the report calls
 * malicious, and a finding's connections in the case.
 */

/** Who a STIX identity or a MISP organisation names when the analyst gave no name. */
export const DEFAULT_ANALYST = 'Sightline analyst';

export function analystName(doc: ReportDocument): string {
  return doc.analyst || DEFAULT_ANALYST;
}

/**
 * When the report's objects were made: the analysis that found the findings
 * (the same report written twice is the same file), else the gathering.
 */
export function reportTime(doc: ReportDocument): string {
  return isoOf(doc.appendix.analysis?.startedAt ?? doc.generatedAt);
}

/** A time as STIX wants it (ISO 8601, UTC, `Z`). */
export function isoOf(at: string): string {
  const ms = Date.parse(at);
  return Number.isFinite(ms) ? new Date(ms).toISOString() : at;
}

/** What names this report among reports of the case: the case, the analysis, the findings and the marking. */
export function reportSeed(doc: ReportDocument): string {
  return JSON.stringify([doc.case.id, doc.appendix.analysis?.runId ?? null, doc.findings.map((f) => f.finding.id), doc.title, analystName(doc), doc.tlp]);
}

/** The IoC store's hits on a finding that count (not set aside): its destination's, then its process's hashes'. */
export function countedHits(rf: ReportFinding): IocHit[] {
  return hitsOf(rf, 'hits');
}

/** The hits set aside (a warninglist, an allowlist, a false positive) on the same destination and hashes. */
export function setAsideHits(rf: ReportFinding): IocHit[] {
  return hitsOf(rf, 'suppressed');
}

function hitsOf(rf: ReportFinding, which: 'hits' | 'suppressed'): IocHit[] {
  return [...(rf.destination?.reputation[which] ?? []), ...(rf.process?.hashes.flatMap((h) => h.reputation?.[which] ?? []) ?? [])];
}

/** An indicator the report calls malicious, with why and where it was seen. */
export interface ReportIndicator {
  type: IndicatorType;
  value: string;
  /** The IoC store's word on it (the first finding's hit); null when only the analyst called it malicious. */
  hit: IocHit | null;
  /** The reported findings it was seen in, in the report's order. */
  findings: ReportFinding[];
}

/** The hash indicators, strongest first: a process's hashes are listed in this order. */
const HASH_ORDER: IndicatorType[] = ['sha256', 'sha1', 'md5'];
const HASH_TYPES = new Set<IndicatorType>(HASH_ORDER);

/**
 * The indicators a report hands to threat-intel platforms: every IoC store
 * hit that counts on a reported finding (its destination, its process's
 * hashes); the destination and the process's hashes (SHA-256, SHA-1, MD5)
 * of every finding the analyst called malicious; every hash of a process
 * one of whose hashes the IoC store calls malicious. An address or network
 * that is not on the public Internet (RFC 1918, CGNAT, link-local...) is no
 * indicator for another organisation (it names a machine of this one; the
 * IoC store refuses it on import): it stays in the STIX observed-data and
 * the finding's text only. One list for STIX and MISP, so both carry the
 * same values.
 */
export function reportIndicators(doc: ReportDocument): ReportIndicator[] {
  const byKey = new Map<string, ReportIndicator>();
  const add = (type: IndicatorType, raw: string, hit: IocHit | null, rf: ReportFinding) => {
    const value = normaliseIndicator(type, raw);
    if (value === null || nonPublicReason({ type, value }) !== null) return;
    const key = `${type}:${value}`;
    const known = byKey.get(key);
    if (!known) byKey.set(key, { type, value, hit, findings: [rf] });
    else {
      known.hit ??= hit;
      if (!known.findings.includes(rf)) known.findings.push(rf);
    }
  };
  for (const rf of doc.findings) {
    for (const hit of countedHits(rf)) add(hit.type, hit.value, hit, rf);
    const malicious = rf.finding.verdict === 'malicious';
    if (malicious) add(rf.finding.dst.includes(':') ? 'ipv6' : 'ipv4', rf.finding.dst, null, rf);
    const hashes = (rf.process?.hashes ?? [])
      .filter((h): h is typeof h & { type: 'md5' | 'sha1' | 'sha256' } => HASH_TYPES.has(h.type as IndicatorType))
      .sort((a, b) => HASH_ORDER.indexOf(a.type) - HASH_ORDER.indexOf(b.type));
    // A binary the store knows as bad is bad under each of its hashes: another tool may key on SHA-1 or MD5.
    if (malicious || hashes.some((h) => (h.reputation?.hits.length ?? 0) > 0)) {
      for (const h of hashes) add(h.type, h.value, h.reputation?.hits[0] ?? null, rf);
    }
  }
  return [...byKey.values()];
}

/** When an indicator was seen: from its first report (or first connection, if earlier) to its findings' last connection. */
export function indicatorSpan(ri: ReportIndicator): { first: string; last: string } {
  const firsts = [...ri.findings.map((rf) => isoOf(rf.finding.firstSeen)), ...(ri.hit ? [isoOf(ri.hit.firstReported)] : [])];
  return { first: firsts.sort()[0] as string, last: ri.findings.map((rf) => isoOf(rf.finding.lastSeen)).sort().at(-1) as string };
}

/** An indicator's labels, the same in STIX (`labels`) and MISP (attribute `Tag`): the IoC store's, then its findings' kinds as machine tags. */
export function indicatorLabels(ri: ReportIndicator): string[] {
  return [...new Set([...(ri.hit?.labels ?? []), ...ri.findings.flatMap((rf) => rf.finding.kinds.map(kindTag))])];
}

/** A finding kind as a MISP machine tag (`sightline:kind="beacon"`). */
export function kindTag(kind: string): string {
  return `sightline:kind="${kind}"`;
}

/** Why an indicator the IoC store does not know is in the report: the analyst's verdict, or a sibling hash of a binary the store knows. */
export function unreportedWhy(ri: ReportIndicator): string | null {
  if (ri.hit) return null;
  return ri.findings.some((rf) => rf.finding.verdict === 'malicious') ? 'Called malicious by the analyst.' : 'Another hash of a binary the IoC store reports.';
}

/** Where a hash indicator ran ("The image of <process> on <host>; …."), each once, hidden characters shown; null for other indicators. */
export function ranAs(ri: ReportIndicator): string | null {
  if (!HASH_TYPES.has(ri.type)) return null;
  const where = [...new Set(ri.findings.filter((rf) => rf.finding.process !== null).map((rf) => revealHidden(`${rf.finding.process} on ${rf.finding.host}`)))];
  return where.length > 0 ? `The image of ${where.join('; ')}.` : null;
}

/** The SQL that picks a finding's unit's connections (its host and process to its destination), as the graph counts them. */
export function unitWhere(f: Pick<Finding, 'host' | 'process' | 'dst'>): { where: string; params: string[] } {
  return f.process === null
    ? { where: `host = ? AND image IS NULL AND dst_ip = ? AND ${COUNTED_IN_GRAPH}`, params: [f.host, f.dst] }
    : { where: 'host = ? AND image = ? AND dst_ip = ?', params: [f.host, f.process, f.dst] };
}

/** A finding's unit as a timeline's scope: its connections (`unitWhere`), and the findings of the same unit (any port). */
export function unitScope(f: Pick<Finding, 'host' | 'process' | 'dst'>): TimelineScope {
  return { events: unitWhere(f), findings: { where: 'host = ? AND image = ? AND dst_ip = ?', params: [f.host, f.process ?? '', f.dst] } };
}

/** The ports and protocols of a finding's connections (a few at most: enough to say whether one port is the finding's). */
export function unitTraffic(db: Database.Database, f: Finding): { ports: number[]; protocols: string[] } {
  const { where, params } = unitWhere(f);
  const portSql = f.dport === null ? '' : ' AND dst_port = ?';
  const rows = db.prepare(`SELECT DISTINCT dst_port AS port, lower(proto) AS proto FROM events WHERE ${where}${portSql} LIMIT 16`).all(...params, ...(f.dport === null ? [] : [f.dport])) as {
    port: number | null;
    proto: string | null;
  }[];
  const distinct = <T>(xs: (T | null)[]) => [...new Set(xs.filter((x): x is T => x !== null))].sort();
  return { ports: distinct(rows.map((r) => r.port)).sort((a, b) => a - b), protocols: distinct(rows.map((r) => r.proto)) };
}

/** The port a finding is about: its own, else the one port all its connections went to (null when several). */
export function findingPort(f: Finding, traffic: { ports: number[] }): number | null {
  return f.dport ?? (traffic.ports.length === 1 ? (traffic.ports[0] as number) : null);
}
