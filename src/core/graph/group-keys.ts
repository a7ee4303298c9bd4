import type { ViewNode } from '../../shared/graph-view-types.js';
import { ipv6Parts, parseIpv4, intToIpv4 } from '../net/index.js';

/**
 * Grouping keys and the ids of group nodes. A group's id is made of what it
 * folds and its key only (`group:dst:asn:15169`, `group:host:subnet:10.0.5.0/24`,
 * `group:process:image:c:\windows\system32\svchost.exe`), so it is the same
 * in every answer and a view can ask to expand it again.
 */
export type GroupOf = NonNullable<ViewNode['group']>['of'];
export type GroupBy = NonNullable<ViewNode['group']>['by'];

const SHORT: Record<GroupOf, string> = { host: 'host', process: 'process', destination: 'dst' };

export function groupId(of: GroupOf, by: GroupBy, key: string): string {
  return `group:${SHORT[of]}:${by}:${key}`;
}

export function parseGroupId(id: string): { of: GroupOf; by: GroupBy; key: string } | null {
  const m = /^group:(host|process|dst):(subnet|asn|country|service|image|other):(.*)$/s.exec(id);
  if (!m) return null;
  const of = (m[1] === 'dst' ? 'destination' : m[1]) as GroupOf;
  return { of, by: m[2] as GroupBy, key: m[3] as string };
}

/** The network an address is in for grouping: /24 for IPv4, /48 for IPv6; null when `ip` is no address. */
export function subnetKey(ip: string): string | null {
  const v4 = parseIpv4(ip);
  if (v4 !== -1) return `${intToIpv4((v4 & 0xffffff00) >>> 0)}/24`;
  const parts = ipv6Parts(ip);
  if (!parts) return null;
  return `${parts
    .slice(0, 3)
    .map((g) => g.toString(16))
    .join(':')}::/48`;
}

/** Programs grouped across hosts by their image path, folded as Windows folds case. */
export function imageKey(image: string): string {
  return image.toLowerCase();
}
