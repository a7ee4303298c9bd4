import path from 'node:path';
import Database from 'better-sqlite3';
import type { CsvMapping, TelemetryFormat } from '../../src/shared/types.js';
import { repoRoot } from './fixtures.js';

const fixture = (...parts: string[]) => path.join(repoRoot, 'test', 'fixtures', ...parts);

export interface TextFormatFixture {
  format: TelemetryFormat;
  file: string;
  mapping?: CsvMapping;
}

/** One real export per text format (every format but the binary EVTX). */
export const textFormatFixtures: readonly TextFormatFixture[] = [
  { format: 'zeek-conn-tsv', file: fixture('zeek', 'lsass-conn.log') },
  { format: 'zeek-conn-json', file: fixture('zeek', 'apt29-scranton-conn.json') },
  { format: 'zeek-dns-tsv', file: fixture('zeek', 'lsass-dns.log') },
  { format: 'zeek-dns-json', file: fixture('zeek', 'lsass-dns.json') },
  { format: 'sysmon-json', file: fixture('sysmon', 'wevtutil-eid1-3-22.json') },
  { format: 'sysmon-ecs-json', file: fixture('sysmon', 'winlogbeat7-hits.ndjson') },
  { format: 'sysmon-csv', file: fixture('sysmon', 'kibana-discover.csv') },
  { format: 'sysmon-xml', file: fixture('sysmon', 'get-winevent-eid1-3-22.xml') },
  { format: 'sysmon-xml', file: fixture('sysmon', 'wevtutil-eid1-3-22.xml') },
  { format: 'suricata-eve', file: fixture('suricata', 'eve-curl-ipinfo.json') },
  { format: 'windows-firewall', file: fixture('firewall', 'plaso-firewall.log') },
  { format: 'nfdump-csv', file: fixture('flows', 'nfdump-with-summary.csv') },
  { format: 'argus-binetflow', file: fixture('flows', 'argus-ctu13-comma.binetflow') },
  {
    format: 'csv-mapped',
    file: fixture('csv', 'siem-alerts-epoch-ms.csv'),
    mapping: {
      delimiter: ',',
      header: true,
      columns: { time: 'timestamp', srcIp: 'src_ip', dstIp: 'dest_ip', dstPort: 'dest_port', proto: 'transport', host: 'host', signature: 'signature', severity: 'severity' },
      timeFormat: 'epoch-ms',
    },
  },
];

/** The columns that describe what an import stored (no row ids, no hashes: they differ between encodings of one log). */
export const CASE_TABLES = {
  events: 'line, ts, host, user, image, pid, process_guid, proto, src_ip, src_port, dst_ip, dst_port, dst_host, initiated, bytes_out, bytes_in, pkts_out, pkts_in, duration, uid, peer_id',
  processes: 'line, ts, host, process_guid, pid, image, command_line, user, parent_image, hashes',
  dns_answers: 'line, ts, host, image, query, ip',
  alerts: 'line, ts, host, src_ip, dst_ip, signature, severity',
  quarantine: 'line, field, reason, raw',
  edge_stats: 'host, image, dst_ip, events, bytes_out, bytes_in, first_ts, last_ts, ports',
  imports: 'format, events, processes, dns, alerts, ignored, quarantined',
} as const;

/** Every table's rows in a case database, read independently of the engine. */
export function caseRows(dbFile: string, tables: Readonly<Record<string, string>> = CASE_TABLES): Record<string, unknown[]> {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    return Object.fromEntries(Object.entries(tables).map(([t, cols]) => [t, db.prepare(`SELECT ${cols} FROM ${t} ORDER BY ${cols}`).raw().all()]));
  } finally {
    db.close();
  }
}
