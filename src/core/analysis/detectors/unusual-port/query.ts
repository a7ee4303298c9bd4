import type { DetectorContext, UnitEvidence } from '../../evidence.js';
import { classifyAddress } from '../../enrich/address-class.js';
import type { AddressClass } from '../../enrich/iana-special-ranges.js';
import { processFamily, type ProcessFamily } from '../../process/families.js';
import { COUNTED_IN_GRAPH, step, unitImage } from '../query-kit.js';
import { processName } from '../unit-text.js';
import { checkUnusualPortSettings, scoreUnusualPort, unusualPortSettings, type UnusualPortSettings } from './score.js';
import { DYNAMIC_PORTS_FROM, isInternalClass, standardService } from './service-ports.js';

/**
 * Unusual ports in two passes. First, per (image, port): connections before
 * the baseline's end and the hosts using it, a few thousand rows; from them,
 * in JavaScript, each process's baseline profile (by file name, so one
 * program installed per user is one profile) and each port's processes.
 * Second, the (unit, port) rows of the (image, port) pairs that depart from
 * their profile or are alone on their port.
 */

/** Protocols without ports: Zeek and nfdump write ICMP's type and code where ports go. */
const WITH_PORTS = "(proto IS NULL OR LOWER(proto) NOT IN ('icmp', 'icmp6', 'icmpv6', 'ipv6-icmp'))";

interface Profile {
  base: number;
  ports: Set<number>;
}

export function queryUnusualPorts(ctx: DetectorContext, settings: UnusualPortSettings = unusualPortSettings): UnitEvidence[] {
  checkUnusualPortSettings(settings);
  const { db, window } = ctx;
  step(ctx, 0);
  const pairs = db
    .prepare(
      `SELECT image, dst_port, TOTAL(ts < ?) AS base, COUNT(DISTINCT host) AS hosts FROM events
       WHERE dst_port IS NOT NULL AND ${WITH_PORTS} AND ${COUNTED_IN_GRAPH} GROUP BY image, dst_port`,
    )
    .raw(true)
    .all(window.baselineEnd) as Array<[string | null, number, number, number]>;
  step(ctx, 0.5);
  const names = new Map<string, string>();
  const nameOf = (image: string) => {
    let n = names.get(image);
    if (n === undefined) names.set(image, (n = processName(image)));
    return n;
  };
  const profiles = new Map<string, Profile>();
  const portUsers = new Map<number, { names: Set<string>; hosts: number }>();
  const nameBase = new Map<string, number>();
  for (const [raw, port, base, hosts] of pairs) {
    const name = nameOf(unitImage(raw));
    const p = profiles.get(name) ?? { base: 0, ports: new Set<number>() };
    profiles.set(name, p);
    if (base > 0) {
      p.base += base;
      p.ports.add(port);
    }
    nameBase.set(`${name}\n${port}`, (nameBase.get(`${name}\n${port}`) ?? 0) + base);
    const users = portUsers.get(port) ?? { names: new Set<string>(), hosts: 0 };
    users.names.add(name);
    // Hosts summed over images: an upper bound of the port's hosts, exact when one image uses it.
    users.hosts += hosts;
    portUsers.set(port, users);
  }
  // "No other process uses this port" says something only where other processes use ports at all.
  const programs = profiles.size;
  const alone = (port: number) => {
    const u = portUsers.get(port);
    return programs >= settings.minCasePrograms && u !== undefined && u.names.size === 1 && u.hosts === 1;
  };
  const departs = (name: string, port: number) => {
    const p = profiles.get(name);
    return p !== undefined && p.base >= settings.minProfileConnections && p.ports.size <= settings.maxProfilePorts && (nameBase.get(`${name}\n${port}`) ?? 0) === 0;
  };
  const wanted = pairs.filter(([raw, port]) => alone(port) || departs(nameOf(unitImage(raw)), port)).map(([raw, port]) => [raw, port]);
  step(ctx, 0.6);
  const rows = db
    .prepare(
      `SELECT host, image, dst_ip, dst_port, COUNT(*), MIN(ts) FROM events
       WHERE (image, dst_port) IN (SELECT value ->> 0, value ->> 1 FROM json_each(?)) AND ${WITH_PORTS} AND ${COUNTED_IN_GRAPH}
       GROUP BY host, image, dst_ip, dst_port`,
    )
    .raw(true)
    .all(JSON.stringify(wanted.filter(([raw]) => raw !== null))) as Array<[string | null, string | null, string, number, number, number]>;
  if (wanted.some(([raw]) => raw === null)) {
    // (image, port) IN (...) never matches a NULL image: flows without a process are read apart.
    const flowPorts = JSON.stringify(wanted.filter(([raw]) => raw === null).map(([, port]) => port));
    rows.push(
      ...(db
        .prepare(
          `SELECT host, image, dst_ip, dst_port, COUNT(*), MIN(ts) FROM events
           WHERE image IS NULL AND peer_id IS NULL AND dst_port IN (SELECT value FROM json_each(?)) AND ${WITH_PORTS} GROUP BY host, dst_ip, dst_port`,
        )
        .raw(true)
        .all(flowPorts) as typeof rows),
    );
  }
  step(ctx, 0.9);
  const families = new Map<string, ProcessFamily | null>();
  const classes = new Map<string, AddressClass | null>();
  const out: UnitEvidence[] = [];
  for (const [host, raw, dstIp, port, connections, firstSeen] of rows) {
    const image = unitImage(raw);
    const name = nameOf(image);
    const p = profiles.get(name) ?? { base: 0, ports: new Set<number>() };
    let family = families.get(image);
    if (family === undefined) families.set(image, (family = processFamily(image)));
    let cls = classes.get(dstIp);
    if (cls === undefined) classes.set(dstIp, (cls = classifyAddress(dstIp)?.class ?? null));
    const evidence = scoreUnusualPort(
      {
        image, family, port, connections, firstSeen, baselineEnd: window.baselineEnd,
        standardService: standardService(port, cls),
        dynamicInternal: port >= DYNAMIC_PORTS_FROM && isInternalClass(cls),
        profileConnections: p.base,
        profilePorts: [...p.ports].sort((a, b) => a - b),
        inProfile: (nameBase.get(`${name}\n${port}`) ?? 0) > 0,
        processesOnPort: alone(port) ? 1 : (portUsers.get(port)?.names.size ?? 0),
      },
      settings,
    );
    if (evidence) out.push({ host: host as string, image, dstIp, evidence });
  }
  step(ctx, 1);
  return out;
}
