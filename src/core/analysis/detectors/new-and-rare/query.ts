import type { DetectorContext, UnitEvidence } from '../../evidence.js';
import { classifyAddress } from '../../enrich/address-class.js';
import { processFamily, type ProcessFamily } from '../../process/families.js';
import { createNameLookup, type NamesOf } from '../../queries/destination-names.js';
import { step } from '../query-kit.js';
import { checkNewAndRareSettings, newAndRareSettings, scoreNewDestination, scoreRareDestination, type NewAndRareSettings } from './score.js';

/**
 * New and rare destinations, read from the per-unit totals the import keeps
 * (edge_stats: first connection, hosts per destination), so a case of a
 * million connections is answered from its units, not its events.
 */

export interface DestinationPrevalence {
  /** Hosts that reached the destination. */
  readonly hosts: number;
  /** Epoch ms of the organisation's first connection to it. */
  readonly firstSeen: number;
}

export interface Prevalence {
  /** Hosts in the case (with at least one counted connection). */
  readonly caseHosts: number;
  readonly destinations: ReadonlyMap<string, DestinationPrevalence>;
}

/** Per-destination host counts and first connection, and the case's host count: the prevalence modifier the scorer uses. */
export function queryPrevalence(ctx: Pick<DetectorContext, 'db'>): Prevalence {
  const caseHosts = ctx.db.prepare('SELECT COUNT(DISTINCT host) FROM edge_stats').pluck().get() as number;
  const rows = ctx.db.prepare('SELECT dst_ip, COUNT(DISTINCT host) AS hosts, MIN(first_ts) AS first FROM edge_stats GROUP BY dst_ip').raw(true).all() as Array<[string, number, number]>;
  return { caseHosts, destinations: new Map(rows.map(([ip, hosts, firstSeen]) => [ip, { hosts, firstSeen }])) };
}

/** Unicast destinations only: a first packet to a multicast group or the broadcast address is the network's chatter. */
const CHATTER = new Set(['multicast', 'broadcast', 'unspecified', 'loopback']);

function judgedAddress(ip: string, settings: NewAndRareSettings): boolean {
  const cls = classifyAddress(ip)?.class ?? null;
  return cls === null ? !settings.publicOnly : !CHATTER.has(cls) && (!settings.publicOnly || cls === 'public');
}


/**
 * `names`: the destinations' names when the caller already holds them
 * (intel/match's readCaseObservables: `ip => names.get(ip) ?? []`), null
 * when the case holds none; by default they are looked up per address as
 * needed.
 */
export function queryNewAndRare(ctx: DetectorContext, settings: NewAndRareSettings = newAndRareSettings, names: NamesOf | null = createNameLookup(ctx.db)): UnitEvidence[] {
  checkNewAndRareSettings(settings);
  const { db, window } = ctx;
  step(ctx, 0);
  const prevalence = queryPrevalence(ctx);
  step(ctx, 0.3);
  const rareMax = Math.max(1, Math.floor(prevalence.caseHosts * settings.rareShare));
  const rareOk = prevalence.caseHosts >= settings.rareMinHosts;
  // Candidates, with their (host, process)'s destinations in all and since the baseline: units first seen after
  // the baseline whose process does not explore, and units of rare destinations whose process does not meet many.
  const units = db
    .prepare(
      `WITH proc AS (SELECT host, image, COUNT(*) AS total, TOTAL(first_ts >= :b) AS fresh FROM edge_stats GROUP BY host, image)
       SELECT s.host, s.image, s.dst_ip, s.first_ts, p.total, p.fresh FROM edge_stats s JOIN proc p ON p.host = s.host AND p.image = s.image
       WHERE (s.first_ts >= :b AND p.fresh < :exploreNew) OR (p.total < :exploreAll AND s.dst_ip IN (SELECT value FROM json_each(:rare)))`,
    )
    .raw(true)
    .all({
      b: window.baselineEnd,
      exploreNew: settings.explorerNewDestinations,
      exploreAll: settings.explorerDestinations,
      rare: JSON.stringify(rareOk ? [...prevalence.destinations].filter(([, d]) => d.hosts <= rareMax).map(([ip]) => ip) : []),
    }) as Array<[string, string, string, number, number, number]>;
  step(ctx, 0.5);
  const families = new Map<string, ProcessFamily | null>();
  const judged = new Map<string, boolean>();
  const out: UnitEvidence[] = [];
  for (let i = 0; i < units.length; i++) {
    if (i % 8192 === 0) step(ctx, 0.5 + (0.5 * i) / units.length);
    const [host, image, dstIp, firstSeen, total, fresh] = units[i] as [string, string, string, number, number, number];
    let worth = judged.get(dstIp);
    if (worth === undefined) judged.set(dstIp, (worth = judgedAddress(dstIp, settings)));
    const dest = prevalence.destinations.get(dstIp);
    if (!worth || !dest) continue;
    const isNew = firstSeen >= window.baselineEnd && fresh < settings.explorerNewDestinations;
    const isRare = rareOk && dest.hosts <= rareMax && total < settings.explorerDestinations;
    if (!isNew && !isRare) continue;
    let family = families.get(image);
    if (family === undefined) families.set(image, (family = processFamily(image)));
    const facts = { image, family, named: names === null ? null : names(dstIp).length > 0 };
    if (isNew) {
      const evidence = scoreNewDestination({ ...facts, firstSeen, baselineEnd: window.baselineEnd, destinationFirstSeen: dest.firstSeen, newForProcess: fresh }, settings);
      if (evidence) out.push({ host, image, dstIp, evidence });
    }
    if (isRare) {
      const evidence = scoreRareDestination({ ...facts, hosts: dest.hosts, caseHosts: prevalence.caseHosts, destinationsOfProcess: total }, settings);
      if (evidence) out.push({ host, image, dstIp, evidence });
    }
  }
  step(ctx, 1);
  return out;
}
