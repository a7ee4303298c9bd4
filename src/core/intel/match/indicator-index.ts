import type Database from 'better-sqlite3';
import { ipv4Range, ipv4ToInt, ipv6Parts, lowerBound, normalizeIp } from '../../net/index.js';
import type { IndicatorType } from '../indicator-types.js';
import { readNumberRows } from '../store/number-rows.js';
import type { CaseObservables } from './types.js';

/** How an observable met an indicator. */
export type MatchHow = 'exact' | 'cidr' | 'domain' | 'parent-domain' | 'url-host';

/** One candidate: the stored indicator and how it was met; the details are read for candidates only. */
export interface Candidate {
  type: IndicatorType;
  value: string;
  how: MatchHow;
  /** What of the observable matched: the address, or the host name (a destination's name, or one of its parents). */
  via: string;
}

export const hashTypes = ['md5', 'sha1', 'sha256'] as const satisfies readonly IndicatorType[];
export type HashType = (typeof hashTypes)[number];

/**
 * Indicators of the IoC store in memory, for matching many observables at
 * once: IPv4 addresses in a sorted typed array, networks per prefix length
 * (an address is checked against each length present: every containing
 * network is found, not only the widest), IPv6, domains, the hosts of URLs
 * and hashes in maps. Built from all indicators, or from those changed since
 * a revision (retro-hunt).
 */
export class IndicatorIndex {
  private v4 = new Uint32Array(0);
  private readonly v4Nets = new Map<number, Map<number, string>>();
  private readonly v6 = new Set<string>();
  private readonly v6Nets = new Map<number, Map<string, string>>();
  private readonly domains = new Set<string>();
  private readonly urlHosts = new Map<string, string[]>();
  private readonly hashes = new Set<string>();
  /** Indicators taken in (all types). */
  size = 0;

  /** Every indicator, or (`since`) those whose changed_revision is above it. */
  static load(db: Database.Database, options: { since?: number } = {}): IndicatorIndex {
    const index = new IndicatorIndex();
    const since = options.since;
    if (since === undefined) {
      // Addresses, the bulk of a store, as numbers (readNumberRows); the rest as rows, in one scan.
      index.setIpv4(readNumberRows(db, ['ip_lo'], "type = 'ipv4'"));
      const rows = db.prepare("SELECT type, value, ip_lo FROM indicators NOT INDEXED WHERE type <> 'ipv4'").raw().iterate() as IterableIterator<[IndicatorType, string, number | null]>;
      for (const [type, value, lo] of rows) index.add(type, value, lo);
      return index;
    }
    // What changed since a revision: few, found through their index.
    const v4: number[] = [];
    const rows = db.prepare('SELECT type, value, ip_lo FROM indicators WHERE changed_revision > ?').raw().iterate(since) as IterableIterator<[IndicatorType, string, number | null]>;
    for (const [type, value, lo] of rows) {
      if (type === 'ipv4') v4.push(lo as number);
      else index.add(type, value, lo);
    }
    index.setIpv4(Float64Array.from(v4));
    return index;
  }

  /** One indicator alone (the pivot from an indicator to the cases that saw it): matched by the same rules as a case. */
  static single(type: IndicatorType, value: string): IndicatorIndex {
    const index = new IndicatorIndex();
    if (type === 'ipv4') index.setIpv4(Float64Array.of(ipv4ToInt(value)));
    else {
      const slash = value.indexOf('/');
      const v4Net = type === 'cidr' && !value.includes(':') ? ipv4Range(value.slice(0, slash), Number(value.slice(slash + 1)))[0] : null;
      index.add(type, value, v4Net);
    }
    return index;
  }

  /**
   * Only the indicators a few observables can meet, found through the store's
   * indexes (the details of one destination or process, on the serving
   * thread): exact values, the IPv4 networks containing each address, IPv6
   * networks, each name and its parent domains, URLs on each host.
   */
  static forObservables(db: Database.Database, observables: CaseObservables): IndicatorIndex {
    const index = new IndicatorIndex();
    const v4: number[] = [];
    const take = (rows: [IndicatorType, string, number | null][]) => {
      for (const [type, value, lo] of rows) {
        if (type === 'ipv4') v4.push(lo as number);
        else index.add(type, value, lo);
      }
    };
    const exact = db.prepare('SELECT type, value, ip_lo FROM indicators WHERE type = ? AND value = ?').raw();
    const v4Nets = db.prepare("SELECT type, value, ip_lo FROM indicators WHERE type = 'cidr' AND ip_lo <= ? AND ip_hi >= ?").raw();
    const urls = db.prepare("SELECT type, value, ip_lo FROM indicators WHERE type = 'url' AND value >= ? AND value < ? LIMIT 1000").raw();
    const urlsOn = (host: string) => {
      const bracketed = host.includes(':') ? `[${host}]` : host;
      for (const scheme of ['http', 'https', 'ftp']) {
        const prefix = `${scheme}://${bracketed}`;
        take((urls.all(prefix, `${prefix}\uffff`) as [IndicatorType, string, number | null][]).filter(([, value]) => urlHost(value) === host));
      }
    };
    let v6NetsRead = false;
    for (const a of observables.addresses) {
      if (!a.ip.includes(':')) {
        take(exact.all('ipv4', a.ip) as [IndicatorType, string, number | null][]);
        const n = ipv4ToInt(a.ip);
        take(v4Nets.all(n, n) as [IndicatorType, string, number | null][]);
      } else {
        take(exact.all('ipv6', a.ip) as [IndicatorType, string, number | null][]);
        if (!v6NetsRead) take(db.prepare("SELECT type, value, ip_lo FROM indicators WHERE type = 'cidr' AND ip_lo IS NULL").raw().all() as [IndicatorType, string, number | null][]);
        v6NetsRead = true;
      }
      urlsOn(a.ip);
      for (const raw of a.names) {
        const host = raw.toLowerCase().replace(/\.$/, '');
        if (host === '') continue;
        urlsOn(host);
        for (let name = host; ; ) {
          take(exact.all('domain', name) as [IndicatorType, string, number | null][]);
          const dot = name.indexOf('.');
          if (dot === -1) break;
          name = name.slice(dot + 1);
        }
      }
    }
    for (const h of observables.hashes) take(exact.all(h.type, h.value.toLowerCase()) as [IndicatorType, string, number | null][]);
    index.setIpv4(Float64Array.from(v4));
    return index;
  }

  /** An address (normalised, as a case database keeps it): exact, then every stored network containing it, then URLs on it. */
  matchAddress(ip: string, out: Candidate[]): void {
    if (!ip.includes(':')) {
      const n = ipv4ToInt(ip);
      const at = lowerBound(this.v4, n);
      if (at < this.v4.length && this.v4[at] === n) out.push({ type: 'ipv4', value: ip, how: 'exact', via: ip });
      for (const [prefix, nets] of this.v4Nets) {
        const value = nets.get(prefix === 0 ? 0 : (n & (-1 << (32 - prefix))) >>> 0);
        if (value !== undefined) out.push({ type: 'cidr', value, how: 'cidr', via: ip });
      }
    } else {
      if (this.v6.has(ip)) out.push({ type: 'ipv6', value: ip, how: 'exact', via: ip });
      if (this.v6Nets.size > 0) {
        const parts = ipv6Parts(ip);
        if (parts) {
          for (const [prefix, nets] of this.v6Nets) {
            const value = nets.get(maskedKey(parts, prefix));
            if (value !== undefined) out.push({ type: 'cidr', value, how: 'cidr', via: ip });
          }
        }
      }
    }
    for (const value of this.urlHosts.get(ip) ?? []) out.push({ type: 'url', value, how: 'url-host', via: ip });
  }

  /** A host name: the name and each parent domain against domains, the name itself against the hosts of URLs. */
  matchName(raw: string, out: Candidate[]): void {
    const host = raw.toLowerCase().replace(/\.$/, '');
    if (host === '') return;
    for (const value of this.urlHosts.get(host) ?? []) out.push({ type: 'url', value, how: 'url-host', via: host });
    let name = host;
    for (;;) {
      if (this.domains.has(name)) out.push({ type: 'domain', value: name, how: name === host ? 'domain' : 'parent-domain', via: host });
      const dot = name.indexOf('.');
      // A bare top-level domain ("com") is never an indicator worth matching a name by.
      if (dot === -1 || name.indexOf('.', dot + 1) === -1) return;
      name = name.slice(dot + 1);
    }
  }

  matchHash(type: HashType, value: string, out: Candidate[]): void {
    const v = value.toLowerCase();
    if (this.hashes.has(`${type}:${v}`)) out.push({ type, value: v, how: 'exact', via: v });
  }

  private add(type: IndicatorType, value: string, lo: number | null): void {
    this.size++;
    switch (type) {
      case 'ipv4':
        break;
      case 'cidr': {
        const slash = value.indexOf('/');
        const prefix = Number(value.slice(slash + 1));
        if (lo !== null) mapFor(this.v4Nets, prefix).set(lo, value);
        else {
          const parts = ipv6Parts(value.slice(0, slash));
          if (parts) mapFor(this.v6Nets, prefix).set(maskedKey(parts, prefix), value);
        }
        break;
      }
      case 'ipv6':
        this.v6.add(value);
        break;
      case 'domain':
        this.domains.add(value);
        break;
      case 'url': {
        const host = urlHost(value);
        if (host === null) break;
        const list = this.urlHosts.get(host);
        if (list) list.push(value);
        else this.urlHosts.set(host, [value]);
        break;
      }
      default:
        this.hashes.add(`${type}:${value}`);
    }
  }

  private setIpv4(addresses: Float64Array): void {
    this.size += addresses.length;
    this.v4 = Uint32Array.from(addresses).sort();
  }
}

function mapFor<K>(maps: Map<number, Map<K, string>>, prefix: number): Map<K, string> {
  let m = maps.get(prefix);
  if (!m) maps.set(prefix, (m = new Map()));
  return m;
}

/** The network of an IPv6 address at a prefix length, as a key: its eight groups with the host bits cleared. */
function maskedKey(parts: readonly number[], prefix: number): string {
  let key = '';
  for (let g = 0; g < 8; g++) {
    const bits = Math.max(0, Math.min(16, prefix - g * 16));
    const group = bits === 0 ? 0 : (parts[g] as number) & ((0xffff << (16 - bits)) & 0xffff);
    key += `${group.toString(16)}:`;
  }
  return key;
}

/**
 * The host of a stored URL (normalised by the URL parser: lower-case scheme
 * and host, a path, IPv6 in brackets), an IP address normalised as a case
 * database keeps it; null when it has none.
 */
export function urlHost(url: string): string | null {
  const start = url.indexOf('://');
  if (start === -1) return null;
  let end = url.length;
  for (const c of ['/', '?', '#']) {
    const at = url.indexOf(c, start + 3);
    if (at !== -1 && at < end) end = at;
  }
  let authority = url.slice(start + 3, end);
  authority = authority.slice(authority.lastIndexOf('@') + 1);
  const host = authority.startsWith('[') ? authority.slice(1, authority.indexOf(']')) : authority.replace(/:\d*$/, '');
  if (host === '') return null;
  return normalizeIp(host) ?? host.replace(/\.$/, '');
}
