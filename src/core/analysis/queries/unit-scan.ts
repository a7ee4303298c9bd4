import { COUNTED_IN_GRAPH } from '../../telemetry/edge-refresh.js';
import { createBeaconStream, type BeaconVerdict } from '../detectors/beacon/index.js';
import { scoreLongConnection } from '../detectors/long-connection/index.js';
import type { DetectorContext, UnitEvidence } from '../evidence.js';
import type { AnalysisSettings } from '../settings.js';
import { beaconEvidence, longConnectionEvidence } from './timing-evidence.js';
import { createPacer } from './pause.js';

/**
 * The one pass over every counted connection in (host, process, destination,
 * time) order, through the covering index events_unit_time (no sort, no
 * temporary B-tree): each unit's times and bytes go to the beacon stream,
 * its durations are summed for long connections. One unit is held at a time.
 */
export async function scanUnits(ctx: DetectorContext, settings: AnalysisSettings, total: number): Promise<UnitEvidence[]> {
  const out: UnitEvidence[] = [];
  const span = { start: Math.floor(ctx.window.start / 1000), end: Math.floor(ctx.window.end / 1000) };
  let key: { host: string; image: string; dstIp: string } | null = null;
  let seconds = 0;
  let longest = 0;
  let connections = 0;
  const units: { host: string; image: string; dstIp: string }[] = [];
  const beacons = createBeaconStream<number>(
    span,
    (unit, verdict) => {
      const e = beaconEvidence(verdict);
      if (e) out.push({ ...(units[unit] as (typeof units)[number]), evidence: e });
    },
    settings.beacon,
  );
  const endUnit = () => {
    // Below the first step there is nothing to report: no verdict (and no sentence) for most units.
    if (!key || !(seconds >= settings.longConnection.steps.info)) return;
    const verdict = scoreLongConnection({ totalSeconds: seconds, connections, longestSeconds: longest }, settings.longConnection);
    const e = longConnectionEvidence(verdict);
    if (e) out.push({ ...key, evidence: e });
  };
  const rows = ctx.db
    .prepare(
      `SELECT host, image, dst_ip, ts, bytes_out, duration FROM events INDEXED BY events_unit_time
       WHERE ${COUNTED_IN_GRAPH} ORDER BY host, image, dst_ip, ts`,
    )
    .raw()
    .iterate() as IterableIterator<[string, string | null, string, number, number | null, number | null]>;
  const pace = createPacer(ctx.signal);
  let n = 0;
  for (const [host, image, dstIp, ts, bytesOut, duration] of rows) {
    const img = image ?? '';
    if (!key || key.dstIp !== dstIp || key.image !== img || key.host !== host) {
      endUnit();
      key = { host, image: img, dstIp };
      units.push(key);
      seconds = 0;
      longest = 0;
      connections = 0;
    }
    beacons.push(units.length - 1, Math.floor(ts / 1000), bytesOut);
    connections++;
    if (duration !== null && duration > 0) {
      seconds += duration;
      if (duration > longest) longest = duration;
    }
    if ((++n & 0x3fff) === 0) {
      ctx.progress(total > 0 ? n / total : 0);
      await pace();
    }
  }
  endUnit();
  beacons.end();
  ctx.progress(1);
  return out;
}

export type { BeaconVerdict };
