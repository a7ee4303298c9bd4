import type { DetectorContext, UnitEvidence } from '../../evidence.js';
import type { Geo, GeoResult } from '../../enrich/geo.js';
import { processFamily, type ProcessFamily } from '../../process/families.js';
import { step } from '../query-kit.js';
import { checkNewPlaceSettings, newPlaceSettings, scoreNewPlace, type NewPlaceSettings } from './score.js';

/**
 * New countries and autonomous systems for the whole case. SQL gives each
 * distinct destination its first connection (from the per-unit totals);
 * the country and AS of each distinct address are looked up once in
 * JavaScript; then the units of addresses in places first reached after
 * the baseline are read back.
 */
export function queryNewPlaces(ctx: DetectorContext, geo: Pick<Geo, 'lookup'>, settings: NewPlaceSettings = newPlaceSettings): UnitEvidence[] {
  checkNewPlaceSettings(settings);
  const { db, window } = ctx;
  step(ctx, 0);
  const addresses = db.prepare('SELECT dst_ip, MIN(first_ts) FROM edge_stats GROUP BY dst_ip').raw(true).all() as Array<[string, number]>;
  step(ctx, 0.3);
  const where = new Map<string, GeoResult>();
  const countryFirst = new Map<string, number>();
  const asFirst = new Map<number, number>();
  for (let i = 0; i < addresses.length; i++) {
    if (i % 8192 === 0) step(ctx, 0.3 + (0.4 * i) / addresses.length);
    const [ip, first] = addresses[i] as [string, number];
    const g = geo.lookup(ip);
    if (g.country === null && g.as === null) continue;
    where.set(ip, g);
    if (g.country !== null) countryFirst.set(g.country, Math.min(first, countryFirst.get(g.country) ?? Infinity));
    if (g.as !== null) asFirst.set(g.as.number, Math.min(first, asFirst.get(g.as.number) ?? Infinity));
  }
  const isNew = (first: number | undefined) => first !== undefined && first >= window.baselineEnd;
  const newIps = [...where].filter(([, g]) => isNew(countryFirst.get(g.country ?? '')) || isNew(g.as ? asFirst.get(g.as.number) : undefined)).map(([ip]) => ip);
  step(ctx, 0.7);
  const units = db
    // In unit order whatever index the plan takes (edge_stats_dst would give address order): equal scores keep their order.
    .prepare('SELECT host, image, dst_ip, first_ts FROM edge_stats WHERE dst_ip IN (SELECT value FROM json_each(?)) ORDER BY host, image, dst_ip')
    .raw(true)
    .all(JSON.stringify(newIps)) as Array<[string, string, string, number]>;
  const out: UnitEvidence[] = [];
  const families = new Map<string, ProcessFamily | null>();
  for (const [host, image, dstIp, firstSeen] of units) {
    const g = where.get(dstIp) as GeoResult;
    let family = families.get(image);
    if (family === undefined) families.set(image, (family = processFamily(image)));
    const common = { country: g.country, as: g.as, family, firstSeen, start: window.start, end: window.end, baselineEnd: window.baselineEnd };
    const country = g.country === null ? null : scoreNewPlace({ ...common, kind: 'country', placeFirstSeen: countryFirst.get(g.country) as number }, settings);
    const as = g.as === null ? null : scoreNewPlace({ ...common, kind: 'as', placeFirstSeen: asFirst.get(g.as.number) as number }, settings);
    if (country) out.push({ host, image, dstIp, evidence: country });
    if (as) out.push({ host, image, dstIp, evidence: as });
  }
  step(ctx, 1);
  return out;
}
