import type { DetectorContext, UnitEvidence } from '../../evidence.js';
import { processFamily, type ProcessFamily } from '../../process/families.js';
import { processSettings } from '../../process/settings.js';
import { writablePlace } from '../../process/user-writable.js';
import { parseWindowsPath } from '../../process/windows-path.js';
import type { NamesOf } from '../../queries/destination-names.js';
import { countedInGraph, step } from '../query-kit.js';
import { checkEarlyDownloadSettings, earlyDownloadSettings, scoreEarlyDownload, type EarlyDownloadSettings } from './score.js';

/**
 * Downloads at a program's start. Only units that received enough bytes in
 * all (edge_stats) are read; their events meet the start of the process that
 * made them (Sysmon event 1, by host and ProcessGuid through the index
 * processes_guid), and what each process instance received from the address
 * within the window after its start is summed. A unit's strongest instance
 * is its evidence.
 *
 * `names`: the destinations' names (as the run holds them), null when the
 * case holds none.
 */
export function queryEarlyDownloads(ctx: DetectorContext, settings: EarlyDownloadSettings = earlyDownloadSettings, names: NamesOf | null = null): UnitEvidence[] {
  checkEarlyDownloadSettings(settings);
  step(ctx, 0);
  const rows = ctx.db
    .prepare(
      `SELECT host, image, dst_ip, started, MIN(ts), MAX(ts), COUNT(*), TOTAL(bytes_in), TOTAL(bytes_out) FROM (
         SELECT e.host, e.image, e.dst_ip, e.process_guid, e.ts, e.bytes_in, e.bytes_out,
                (SELECT MIN(q.ts) FROM processes q WHERE q.host = e.host AND q.process_guid = e.process_guid) AS started
         FROM edge_stats s CROSS JOIN events e ON e.host = s.host AND e.image IS NULLIF(s.image, '') AND e.dst_ip = s.dst_ip
         WHERE s.image <> '' AND s.bytes_in >= :minBytes AND e.process_guid IS NOT NULL AND ${countedInGraph('e')}
       )
       WHERE started IS NOT NULL AND ts >= started AND ts <= started + :window
       GROUP BY host, process_guid, dst_ip`,
    )
    .raw(true)
    .all({ minBytes: settings.minBytesIn, window: settings.windowSeconds * 1000 }) as Array<[string, string, string, number, number, number, number, number, number]>;
  step(ctx, 0.8);
  const families = new Map<string, ProcessFamily | null>();
  const places = new Map<string, string | null>();
  const best = new Map<string, UnitEvidence>();
  for (const [host, image, dstIp, started, firstSeen, lastSeen, connections, bytesIn, bytesOut] of rows) {
    let family = families.get(image);
    if (family === undefined) families.set(image, (family = processFamily(image)));
    let place = places.get(image);
    if (place === undefined) {
      const path = parseWindowsPath(image);
      const hit = path === null ? null : writablePlace(path, processSettings);
      places.set(image, (place = hit?.byUsers ? hit.label : null));
    }
    const evidence = scoreEarlyDownload(
      { image, family, started, firstSeen, lastSeen, connections, bytesIn, bytesOut, named: names === null ? null : names(dstIp).length > 0, writablePlace: place },
      settings,
    );
    if (!evidence) continue;
    const key = `${host}\u0000${image}\u0000${dstIp}`;
    const held = best.get(key);
    if (!held || evidence.score > held.evidence.score) best.set(key, { host, image, dstIp, evidence });
  }
  step(ctx, 1);
  return [...best.values()];
}
