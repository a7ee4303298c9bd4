import type { DetectorContext, UnitEvidence } from '../../evidence.js';
import { checkCancelled, COUNTED_IN_GRAPH, DAY_MS, eventsOfUnits, step, unitImage } from '../query-kit.js';
import { scoreBurst, scoreDailyVolume, scoreLargeTransfer } from './score.js';
import { checkVolumeSettings, volumeSettings, type VolumeSettings } from './settings.js';

/**
 * The volume detector's reading of a case: per-day totals per unit and per
 * host, each unit's largest connection, and each unit's busiest window of
 * time. SQLite groups; the per-unit questions read only the units whose
 * totals (edge_stats) can pass the settings' floors, so at 1M connections
 * it sorts thousands of rows, not a million. Only units that pass reach
 * JavaScript, with their day series.
 */

interface DayRow {
  host: string;
  image: string | null;
  dstIp: string;
  series: string;
}

/** "day:bytes,day:bytes" from GROUP_CONCAT into the peak day and the others. */
function splitSeries(series: string): { day: number; bytes: number; others: number[] } {
  let day = 0;
  let bytes = -1;
  const all: Array<[number, number]> = [];
  for (const pair of series.split(',')) {
    const [d, b] = pair.split(':').map(Number) as [number, number];
    all.push([d, b]);
    if (b > bytes) [day, bytes] = [d, b];
  }
  return { day: day * DAY_MS, bytes, others: all.filter(([d]) => d !== day).map(([, b]) => b) };
}

export function queryVolume(ctx: DetectorContext, settings: VolumeSettings = volumeSettings): UnitEvidence[] {
  checkVolumeSettings(settings);
  const { db } = ctx;
  const out: UnitEvidence[] = [];
  const minExcess = settings.daily.excessSteps.info;
  step(ctx, 0);

  // Unit days: a unit's day far above its other days.
  const unitDays = db
    .prepare(
      `WITH d AS (SELECT e.host, e.image, e.dst_ip, e.ts / ${DAY_MS} AS day, SUM(e.bytes_out) AS b
                  FROM ${eventsOfUnits(`s.bytes_out >= :excess AND s.last_ts / ${DAY_MS} - s.first_ts / ${DAY_MS} >= :days`)} AND e.bytes_out > 0
                  GROUP BY e.host, e.image, e.dst_ip, day)
       SELECT host, image, dst_ip AS dstIp, GROUP_CONCAT(day || ':' || b) AS series FROM d
       GROUP BY host, image, dst_ip HAVING COUNT(*) > :days AND MAX(b) - median(b) >= :excess`,
    )
    .all({ days: settings.daily.minOtherDays, excess: minExcess }) as DayRow[];
  for (const r of unitDays) {
    const { day, bytes, others } = splitSeries(r.series);
    const evidence = scoreDailyVolume({ scope: 'unit', host: r.host, day, bytes, otherDays: others }, settings);
    if (evidence) out.push({ host: r.host, image: unitImage(r.image), dstIp: r.dstIp, evidence });
  }
  step(ctx, 0.3);

  // Host days: a host's day far above its other days, attached to the unit that sent most of it.
  const hostDays = db
    .prepare(
      `WITH d AS (SELECT host, ts / ${DAY_MS} AS day, SUM(bytes_out) AS b FROM events
                  WHERE bytes_out > 0 AND ${COUNTED_IN_GRAPH} GROUP BY host, day)
       SELECT host, GROUP_CONCAT(day || ':' || b) AS series FROM d
       GROUP BY host HAVING COUNT(*) > ? AND MAX(b) - median(b) >= ?`,
    )
    .all(settings.daily.minOtherDays, minExcess) as Array<{ host: string; series: string }>;
  const topUnit = db.prepare(
    `SELECT image, dst_ip AS dstIp, SUM(bytes_out) AS b FROM events
     WHERE host = ? AND ts >= ? AND ts < ? AND bytes_out > 0 AND ${COUNTED_IN_GRAPH}
     GROUP BY image, dst_ip ORDER BY b DESC LIMIT 1`,
  );
  for (const r of hostDays) {
    const { day, bytes, others } = splitSeries(r.series);
    const top = topUnit.get(r.host, day, day + DAY_MS) as { image: string | null; dstIp: string; b: number } | undefined;
    if (!top) continue;
    const evidence = scoreDailyVolume({ scope: 'host', host: r.host, day, bytes, otherDays: others, unitShare: top.b / bytes }, settings);
    if (evidence) out.push({ host: r.host, image: unitImage(top.image), dstIp: top.dstIp, evidence });
  }
  step(ctx, 0.5);

  // Large transfers: each unit's largest connection, against the unit's other connections and the host's.
  const largest = db
    .prepare(
      `SELECT host, image, dst_ip AS dstIp, MAX(bytes_out) AS bytes, ts, COUNT(*) AS n FROM events
       WHERE bytes_out >= ? AND ${COUNTED_IN_GRAPH} GROUP BY host, image, dst_ip`,
    )
    .all(settings.largeTransfer.bytesSteps.info) as Array<{ host: string; image: string | null; dstIp: string; bytes: number; ts: number }>;
  const unitUsual = db.prepare(
    `SELECT median(bytes_out) AS usual, COUNT(*) AS n FROM events
     WHERE host = ? AND image IS ? AND dst_ip = ? AND bytes_out IS NOT NULL AND ts <> ? AND ${COUNTED_IN_GRAPH}`,
  );
  const hostUsual = db.prepare(`SELECT median(bytes_out) FROM events WHERE host = ? AND bytes_out IS NOT NULL AND ${COUNTED_IN_GRAPH}`).pluck();
  const hostUsualCache = new Map<string, number>();
  for (const r of largest) {
    checkCancelled(ctx);
    const unit = unitUsual.get(r.host, r.image, r.dstIp, r.ts) as { usual: number | null; n: number };
    let host = hostUsualCache.get(r.host);
    if (host === undefined) hostUsualCache.set(r.host, (host = (hostUsual.get(r.host) as number | null) ?? 0));
    const evidence = scoreLargeTransfer({ bytes: r.bytes, ts: r.ts, unitUsual: unit.usual, unitOthers: unit.n, hostUsual: host }, settings);
    if (evidence) out.push({ host: r.host, image: unitImage(r.image), dstIp: r.dstIp, evidence });
  }
  step(ctx, 0.7);

  // Bursts: each unit's busiest window of time against its usual window.
  const windowMs = settings.burst.windowSeconds * 1000;
  const bursts = db
    .prepare(
      `WITH w AS (SELECT e.host, e.image, e.dst_ip, e.ts / ${windowMs} AS w, COUNT(*) AS n
                  FROM ${eventsOfUnits('s.events >= :peak')} GROUP BY e.host, e.image, e.dst_ip, w)
       SELECT host, image, dst_ip AS dstIp, MAX(n) AS peak, w, COUNT(*) AS active, median(n) AS usual, SUM(n) AS connections FROM w
       GROUP BY host, image, dst_ip HAVING peak >= :peak`,
    )
    .all({ peak: settings.burst.countSteps.info }) as Array<{ host: string; image: string | null; dstIp: string; peak: number; w: number; active: number; usual: number; connections: number }>;
  for (const r of bursts) {
    const evidence = scoreBurst({ peak: r.peak, windowStart: r.w * windowMs, activeWindows: r.active, usual: r.usual, connections: r.connections }, settings);
    if (evidence) out.push({ host: r.host, image: unitImage(r.image), dstIp: r.dstIp, evidence });
  }
  step(ctx, 1);
  return out;
}
