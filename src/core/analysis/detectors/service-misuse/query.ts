import type { DetectorContext, UnitEvidence } from '../../evidence.js';
import type { ServiceCatalogue, ServiceMatch } from '../../enrich/services.js';
import { processFamily, type ProcessFamily } from '../../process/families.js';
import { createNameLookup, type NamesOf } from '../../queries/destination-names.js';
import { step } from '../query-kit.js';
import { processName } from '../unit-text.js';
import { checkServiceMisuseSettings, scoreServiceMisuse, serviceMisuseSettings, type ServiceMisuseSettings } from './score.js';

/**
 * Legitimate-service misuse. Each distinct destination is identified once
 * (its names from DNS answers and endpoint host names, then its address
 * against the catalogue's lists); the units of service addresses are read
 * from the per-unit totals, and each program's first contact with each
 * category (by file name, on any host) decides "never used before".
 */
/** `names`: as queryNewAndRare's, the caller's names of the destinations, or a lookup as needed. */
export function queryServiceMisuse(
  ctx: DetectorContext,
  catalogue: ServiceCatalogue,
  settings: ServiceMisuseSettings = serviceMisuseSettings,
  namesOf: NamesOf | null = createNameLookup(ctx.db),
): UnitEvidence[] {
  checkServiceMisuseSettings(settings);
  const { db, window } = ctx;
  step(ctx, 0);
  const ips = db.prepare('SELECT DISTINCT dst_ip FROM edge_stats').pluck().all() as string[];
  const services = new Map<string, ServiceMatch>();
  for (let i = 0; i < ips.length; i++) {
    if (i % 4096 === 0) step(ctx, (0.6 * i) / ips.length);
    const ip = ips[i] as string;
    const match = catalogue.identify({ ip, hostNames: namesOf?.(ip) ?? [] });
    if (match !== null && settings.categories.includes(match.category)) services.set(ip, match);
  }
  step(ctx, 0.6);
  const units = db
    .prepare('SELECT host, image, dst_ip, first_ts, events, bytes_out FROM edge_stats WHERE image <> \'\' AND dst_ip IN (SELECT value FROM json_each(?)) ORDER BY host, image, dst_ip')
    .raw(true)
    .all(JSON.stringify([...services.keys()])) as Array<[string, string, string, number, number, number]>;
  const categoryFirst = new Map<string, number>();
  for (const [, image, dstIp, first] of units) {
    const key = `${processName(image)}\n${(services.get(dstIp) as ServiceMatch).category}`;
    categoryFirst.set(key, Math.min(first, categoryFirst.get(key) ?? Infinity));
  }
  const families = new Map<string, ProcessFamily | null>();
  const out: UnitEvidence[] = [];
  for (const [host, image, dstIp, firstSeen, connections, bytesOut] of units) {
    const service = services.get(dstIp) as ServiceMatch;
    let family = families.get(image);
    if (family === undefined) families.set(image, (family = processFamily(image)));
    const categoryFirstSeen = categoryFirst.get(`${processName(image)}\n${service.category}`) as number;
    const evidence = scoreServiceMisuse({ image, family, service, categoryFirstSeen, firstSeen, baselineEnd: window.baselineEnd, connections, bytesOut }, settings);
    if (evidence) out.push({ host, image, dstIp, evidence });
  }
  step(ctx, 1);
  return out;
}
