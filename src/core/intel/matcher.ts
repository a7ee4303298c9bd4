import type Database from 'better-sqlite3';
import ipaddr from 'ipaddr.js';
import { intToIpv4, ipv4ToInt, lowerBound, normalizeIp } from '../net/index.js';
import type { Verdict } from '../../shared/types.js';
import { decayedScoreMs } from './decay.js';
import { readNumberRows } from './store/number-rows.js';
import { withVerdict, type ScoreAt } from './store/queries.js';
import type { IndicatorType } from './indicator-types.js';

export interface IntelHit {
  type: IndicatorType;
  /** The stored indicator that matched: the address itself, or the widest stored network containing it. */
  indicator: string;
  score: number;
}

/** Scores have one decimal (decay.ts rounds to 0.1): ten steps a point, 1001 steps from 0 to 100. */
const SCORE_STEPS = 1024;

interface Row {
  type: IndicatorType;
  value: string;
  ip_lo: number | null;
  ip_hi: number | null;
  base: number;
  last_seen: string;
}

/**
 * The active IoCs in memory, built once and queried per flow: IPv4 as a
 * sorted Uint32Array (binary search; 4 bytes an address, 8 its score), IPv4 networks as
 * disjoint sorted ranges, IPv6 and domains in Sets. Expired, false-positive
 * and allowlisted indicators are left out, as matching should.
 */
export class IntelMatcher {
  private ipv4 = new Uint32Array(0);
  private ipv4Scores = new Float64Array(0);
  private rangeLo = new Uint32Array(0);
  private rangeHi = new Uint32Array(0);
  private rangeValue: string[] = [];
  private rangeScore: number[] = [];
  private readonly ipv6 = new Map<string, number>();
  private readonly ipv6Networks: { net: [ipaddr.IPv6, number]; value: string; score: number }[] = [];
  private readonly domains = new Map<string, number>();

  /**
   * Addresses, the bulk of a store, come as numbers (readNumberRows: the
   * address, the base in tenths as baseScore() keeps it, the last sighting in
   * epoch ms), scored in JavaScript with the one decay function. Networks,
   * IPv6 and domains come as rows. Verdicts and the allowlist are small and
   * read first.
   */
  static load(db: Database.Database, at: ScoreAt, options: { includeExpired?: boolean } = {}): IntelMatcher {
    const m = new IntelMatcher();
    const { now, model } = at;
    const verdicts = new Map<string, Verdict>();
    for (const [type, value, verdict] of db.prepare('SELECT type, value, verdict FROM verdicts').raw().iterate() as IterableIterator<[string, string, Verdict]>) {
      verdicts.set(`${type} ${value}`, verdict);
    }
    const allowlisted = new Set((db.prepare("SELECT type || ' ' || value FROM allowlist").pluck().all() as string[]));
    /** The score to match with, or null when the indicator is not matched (allowlisted, false positive, expired). */
    const scoreOf = (type: IndicatorType, value: () => string, base: number, lastSeenMs: number): number | null => {
      const decayed = decayedScoreMs(base, type, lastSeenMs, now, model);
      let score = decayed;
      let expired = decayed === 0;
      if (verdicts.size > 0 || allowlisted.size > 0) {
        const key = `${type} ${value()}`;
        if (allowlisted.has(key)) return null;
        const verdict = verdicts.get(key);
        if (verdict === 'false-positive') return null;
        if (verdict) ({ score, expired } = withVerdict(decayed, base, verdict));
      }
      return expired && !options.includeExpired ? null : score;
    };

    const v4 = readNumberRows(db, ['ip_lo', 'ROUND(base * 10)', "ROUND(unixepoch(last_seen, 'subsec') * 1000)"], "type = 'ipv4'");
    const v4Keys: number[] = [];
    for (let r = 0; r < v4.length; r += 3) {
      const ip = v4[r] as number;
      const score = scoreOf('ipv4', () => intToIpv4(ip), (v4[r + 1] as number) / 10, v4[r + 2] as number);
      if (score !== null) v4Keys.push(ip * SCORE_STEPS + Math.min(SCORE_STEPS - 1, Math.round(score * 10)));
    }
    m.setIpv4(v4Keys);

    const rows = db
      .prepare("SELECT type, value, ip_lo, ip_hi, base, last_seen FROM indicators WHERE type IN ('cidr', 'ipv6', 'domain')")
      .iterate() as IterableIterator<Row>;
    const nets: [number, number, string, number][] = [];
    for (const r of rows) {
      const score = scoreOf(r.type, () => r.value, r.base, Date.parse(r.last_seen));
      if (score === null) continue;
      if (r.type === 'cidr' && r.ip_lo !== null) nets.push([r.ip_lo, r.ip_hi as number, r.value, score]);
      else if (r.type === 'cidr') m.ipv6Networks.push({ net: ipaddr.IPv6.parseCIDR(r.value), value: r.value, score });
      else if (r.type === 'ipv6') m.ipv6.set(r.value, score);
      else m.domains.set(r.value, score);
    }
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

  /** Keys are address × SCORE_STEPS + score in tenths: one typed-array sort orders both (exact below 2^53). */
  private setIpv4(keys: number[]): void {
    const sorted = Float64Array.from(keys).sort();
    this.ipv4 = new Uint32Array(sorted.length);
    this.ipv4Scores = new Float64Array(sorted.length);
    for (let i = 0; i < sorted.length; i++) {
      const k = sorted[i] as number;
      const tenths = k % SCORE_STEPS;
      this.ipv4[i] = (k - tenths) / SCORE_STEPS;
      this.ipv4Scores[i] = tenths / 10;
    }
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
