import type Database from 'better-sqlite3';
import ipaddr from 'ipaddr.js';
import type { CaseVerdict } from '../../shared/analysis-types.js';
import type { UnitKey } from './evidence.js';

/** A verdict as the analyst set it: on which host, process and/or destination (null: any), with their note and when. */
export interface VerdictRow {
  id: number;
  verdict: CaseVerdict;
  host: string | null;
  image: string | null;
  dst_ip: string | null;
  note: string | null;
  created_at: string;
}

interface RuleRow {
  id: number;
  kind: 'process-destination' | 'cidr' | 'domain';
  image: string | null;
  value: string;
  note: string | null;
}

export interface CaseRules {
  /** Whether the analyst set any verdict in the case (most cases: none, and no unit needs asking). */
  readonly hasVerdicts: boolean;
  /** The analyst's verdict on a unit: the most specific matching one (more columns set), the latest of equals. */
  verdictFor(unit: UnitKey): CaseVerdict | null;
  /** The same verdict as set, with its note and time (what a report hands over). */
  verdictRowFor(unit: UnitKey): VerdictRow | null;
  /** The allowlist rule covering a unit, in words, or null. `names`: the host names its destination went by. */
  allowlistedBy(unit: UnitKey, names: readonly string[]): string | null;
}

/** The case's verdicts and allowlist rules, read once per analysis. */
export function loadCaseRules(db: Database.Database): CaseRules {
  const verdicts = (db.prepare('SELECT id, verdict, host, image, dst_ip, note, created_at FROM case_verdicts ORDER BY id').all() as VerdictRow[]).map((v) => ({
    ...v,
    specificity: Number(v.host !== null) + Number(v.image !== null) + Number(v.dst_ip !== null),
  }));
  const rules = (db.prepare('SELECT id, kind, image, value, note FROM allowlist_rules ORDER BY id').all() as RuleRow[]).map((r) => ({
    ...r,
    cidr: r.kind === 'cidr' || (r.kind === 'process-destination' && ipaddr.isValid(r.value.split('/')[0] ?? '')) ? parseCidr(r.value) : null,
    domain: r.kind === 'domain' || (r.kind === 'process-destination' && !ipaddr.isValid(r.value.split('/')[0] ?? '')) ? r.value.toLowerCase().replace(/^\*?\./, '').replace(/\.$/, '') : null,
  }));
  const verdictRowFor = (unit: UnitKey): VerdictRow | null => {
    let best: (typeof verdicts)[number] | null = null;
    for (const v of verdicts) {
      if ((v.host !== null && v.host !== unit.host) || (v.image !== null && v.image !== unit.image) || (v.dst_ip !== null && v.dst_ip !== unit.dstIp)) continue;
      if (!best || v.specificity >= best.specificity) best = v;
    }
    if (!best) return null;
    const { specificity: _, ...row } = best;
    return row;
  };
  return {
    hasVerdicts: verdicts.length > 0,
    verdictFor: (unit) => verdictRowFor(unit)?.verdict ?? null,
    verdictRowFor,
    allowlistedBy(unit, names) {
      for (const r of rules) {
        if (r.kind === 'process-destination' && r.image !== unit.image) continue;
        const hit = r.cidr ? inCidr(unit.dstIp, r.cidr) : r.domain ? names.some((n) => n === r.domain || n.endsWith(`.${r.domain}`)) : false;
        if (hit) return `rule ${r.id}: ${r.kind === 'process-destination' ? `${r.image} to ${r.value}` : r.value}${r.note ? ` (${r.note})` : ''}`;
      }
      return null;
    },
  };
}

/** A CIDR or a single address as a network; null when it is neither (refused when the rule is added). */
export function parseCidr(value: string): [ipaddr.IPv4 | ipaddr.IPv6, number] | null {
  try {
    if (value.includes('/')) return ipaddr.parseCIDR(value);
    const a = ipaddr.parse(value);
    return [a, a.kind() === 'ipv4' ? 32 : 128];
  } catch {
    return null;
  }
}

function inCidr(ip: string, net: [ipaddr.IPv4 | ipaddr.IPv6, number]): boolean {
  try {
    let a = ipaddr.parse(ip);
    if (a.kind() === 'ipv6' && (a as ipaddr.IPv6).isIPv4MappedAddress()) a = (a as ipaddr.IPv6).toIPv4Address();
    return a.kind() === net[0].kind() && a.match(net);
  } catch {
    return false;
  }
}
