import type { TelemetryFormat } from '../../../shared/types.js';
import type { TelemetryReader } from '../records.js';
import { sysmonJsonReader } from './sysmon-json.js';
import { sysmonCsvReader } from './sysmon-csv.js';
import { sysmonEcsJsonReader } from './sysmon-ecs-json.js';
import { sysmonEvtxReader } from './sysmon-evtx.js';
import { sysmonXmlReader } from './sysmon-xml.js';
import { suricataEveReader } from './suricata-eve.js';
import { windowsFirewallReader } from './windows-firewall.js';
import { zeekDnsJsonReader } from './zeek-dns-json.js';
import { zeekDnsTsvReader } from './zeek-dns-tsv.js';
import { zeekConnJsonReader } from './zeek-conn-json.js';
import { zeekConnTsvReader } from './zeek-conn-tsv.js';
import { argusBinetflowReader } from './argus-binetflow.js';
import { csvMappedReader } from './csv-mapped.js';
import { nfdumpCsvReader } from './nfdump-csv.js';

/** Every reader, in sniffing order. A new format is one file here plus one line in this list. */
export const readers: readonly TelemetryReader[] = [zeekConnTsvReader, zeekConnJsonReader, sysmonJsonReader, sysmonEcsJsonReader, sysmonCsvReader, sysmonXmlReader, sysmonEvtxReader, zeekDnsTsvReader, zeekDnsJsonReader, suricataEveReader, windowsFirewallReader, nfdumpCsvReader, argusBinetflowReader, csvMappedReader];

export function readerFor(format: TelemetryFormat): TelemetryReader {
  const reader = readers.find((r) => r.format === format);
  if (!reader) throw new Error(`no reader registered for ${format}`);
  return reader;
}
