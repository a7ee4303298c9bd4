import type { TelemetryFormat } from '../../shared/types.js';

/** Format names as an analyst says them. */
export const FORMAT_LABEL: Record<TelemetryFormat, string> = {
  'zeek-conn-tsv': 'Zeek conn.log (TSV)',
  'zeek-conn-json': 'Zeek conn.log (JSON)',
  'zeek-dns-tsv': 'Zeek dns.log (TSV)',
  'zeek-dns-json': 'Zeek dns.log (JSON)',
  'sysmon-json': 'Sysmon (JSON)',
  'sysmon-ecs-json': 'Sysmon (Elastic ECS JSON)',
  'sysmon-csv': 'Sysmon (CSV)',
  'sysmon-xml': 'Sysmon (XML)',
  'sysmon-evtx': 'Sysmon (EVTX)',
  'nfdump-csv': 'nfdump CSV',
  'argus-binetflow': 'Argus binetflow',
  'suricata-eve': 'Suricata EVE JSON',
  'windows-firewall': 'Windows Firewall log',
  'csv-mapped': 'CSV/TSV, columns mapped',
};

export function formatLabel(format: TelemetryFormat | null | undefined): string {
  return format ? FORMAT_LABEL[format] : 'not recognised';
}
