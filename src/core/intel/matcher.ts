import type Database from 'better-sqlite3';
import ipaddr from 'ipaddr.js';
import { ipv4ToInt, normalizeIp } from '../net/index.js';
import { effectiveScore, type ScoreAt } from './store/queries.js';
import type { IndicatorType } from './indicator-types.js';

export interface IntelHit {
  type: IndicatorType;
  /** The stored indicator that matched: the address itself, or the widest stored network containing it. */
  indicator: string;
  score: number;
}

interface Row {
  type: IndicatorType;
  value: string;
  ip_lo: number | null;
  ip_hi: number | null;
  base: number;
  last_seen: string;
  verdict: 'false-positive' | 'confirmed' | null;
}

/**
 * The active IoCs in memory, built once and queried per flow: IPv4 as a
 * sorted Uint32Array (binary search; 4 bytes an address), IPv4 networks as
 * disjoint sorted ranges, IPv6 and domains in Sets. Expired, false-positive
 * and allowlisted indicators are left out, as matching should.
 */
export class IntelMatcher {
  private ipv4 = new Uint32Array(0);
  private ipv4Scores = new Float32Array(0);
  private rangeLo = new Uint32Array(0);
  private rangeHi = new Uint32Array(0);
  private rangeValue: string[] = [];
  private rangeScore: number[] = [];
  private readonly ipv6 = new Map<string, number>();
  private readonly ipv6Networks: { net: [ipaddr.IPv6, number]; value: string; score: number }[] = [];
  private readonly domains = new Map<string, number>();

  static load(db: Database.Database, at: ScoreAt, options: { includeExpired?: boolean } = {}): IntelMatcher {
    const m = new IntelMatcher();
    const rows = db
      .prepare(
        `SELECT i.type, i.value, i.ip_lo, i.ip_hi, i.base, i.last_seen, v.verdict
         FROM indicators i LEFT JOIN verdicts v ON v.type = i.type AND v.value = i.value
         WHERE i.type IN ('ipv4', 'ipv6', 'cidr', 'domain')
           AND NOT EXISTS (SELECT 1 FROM allowlist a WHERE a.type = i.type AND a.value = i.value)`,
      )
      .iterate() as IterableIterator<Row>;
    const v4: [number, number][] = [];
    const nets: [number, number, string, number][] = [];
    for (const r of rows) {
      const { score, expired } = effectiveScore(r, at);
      if (r.verdict === 'false-positive' || (expired && !options.includeExpired)) continue;
      if (r.type === 'ipv4') v4.push([r.ip_lo as number, score]);
      else if (r.type === 'cidr' && r.ip_lo !== null) nets.push([r.ip_lo, r.ip_hi as number, r.value, score]);
      else if (r.type === 'cidr') m.ipv6Networks.push({ net: ipaddr.IPv6.parseCIDR(r.value), value: r.value, score });
      else if (r.type === 'ipv6') m.ipv6.set(r.value, score);
      else m.domains.set(r.value, score);
    }
    m.setIpv4(v4);
    m.setNetworks(nets);
    return m;
  }

  get size(): number {
    return this.ipv4.length + this.rangeLo.length + this.ipv6.size + this.ipv6Networks.length + this.domains.size;
  }

  /** An address (already normalised, as in a case database) against addresses and networks. */
  matchIp(ip: string): IntelHit | null {
    if (!ip.includes(':')) return this.matchIpv4(ipv4ToInt(ip), ip);
    const exact = this.ipv6.get(ip);
    if (exact !== undefined) return { type: 'ipv6', indicator: ip, score: exact };
    if (this.ipv6Networks.length === 0) return null;
    const addr = ipaddr.IPv6.parse(ip);
    const net = this.ipv6Networks.find((n) => addr.match(n.net));
    return net ? { type: 'cidr', indicator: net.value, score: net.score } : null;
  }

  matchIpv4(n: number, ip?: string): IntelHit | null {
    const i = lowerBound(this.ipv4, n);
    if (i < this.ipv4.length && this.ipv4[i] === n) return { type: 'ipv4', indicator: ip ?? String(n), score: this.ipv4Scores[i] as number };
    // Last range starting at or before n; ranges are disjoint, so it is the only candidate.
    const r = lowerBound(this.rangeLo, n + 1) - 1;
    if (r >= 0 && (this.rangeHi[r] as number) >= n) return { type: 'cidr', indicator: this.rangeValue[r] as string, score: this.rangeScore[r] as number };
    return null;
  }

  /** A host name against stored domains: the name itself or any parent domain. */
  matchDomain(host: string): IntelHit | null {
    let name = host.toLowerCase().replace(/\.$/, '');
    for (;;) {
      const score = this.domains.get(name);
      if (score !== undefined) return { type: 'domain', indicator: name, score };
      const dot = name.indexOf('.');
      if (dot === -1) return null;
      name = name.slice(dot + 1);
    }
  }

  /** Any value typed by a person: normalised first. */
  match(value: string): IntelHit | null {
    const ip = normalizeIp(value.trim());
    return ip ? this.matchIp(ip) : this.matchDomain(value.trim());
  }

  private setIpv4(entries: [number, number][]): void {
    entries.sort((a, b) => a[0] - b[0]);
    this.ipv4 = Uint32Array.from(entries, (e) => e[0]);
    this.ipv4Scores = Float32Array.from(entries, (e) => e[1]);
  }

  /** CIDRs are nested or disjoint: keeping only the outermost of each nest leaves disjoint ranges. */
  private setNetworks(nets: [number, number, string, number][]): void {
    nets.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    const kept: typeof nets = [];
    for (const n of nets) {
      const last = kept.at(-1);
      if (last && n[1] <= last[1]) continue;
      kept.push(n);
    }
    this.rangeLo = Uint32Array.from(kept, (k) => k[0]);
    this.rangeHi = Uint32Array.from(kept, (k) => k[1]);
    this.rangeValue = kept.map((k) => k[2]);
    this.rangeScore = kept.map((k) => k[3]);
  }
}

/** First index whose value is >= n. */
function lowerBound(a: Uint32Array, n: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((a[mid] as number) < n) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
