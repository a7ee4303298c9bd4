import type { CsvMappingColumns, CsvMappingRole, FilePreview } from '../../shared/types.js';
import { normalizeIp } from '../net/index.js';
import { guessTimeFormats } from './time.js';

/** What a column's values look like, for the mapping wizard. */
export type ColumnType = FilePreview['columnTypes'][number];

const UNSET = new Set(['', '-']);
const INTEGER = /^\d{1,15}$/;
const NUMBER = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

/** The type every sampled value fits; unset values ('' and '-') are left out, and a column of nothing else is empty. */
export function classifyColumn(samples: readonly string[]): ColumnType {
  const values = samples.map((v) => v.trim()).filter((v) => !UNSET.has(v));
  if (values.length === 0) return 'empty';
  if (values.every((v) => normalizeIp(v) !== null)) return 'ip';
  if (values.every((v) => INTEGER.test(v) && Number(v) <= 0xffff)) return 'port';
  if (guessTimeFormats(values).length > 0) return 'time';
  if (values.every((v) => NUMBER.test(v))) return 'number';
  return 'text';
}

/** Header names, lower-case without spaces and punctuation, for each role ("Source IP", "source.ip" and "src_ip" alike). */
const SYNONYMS: Record<CsvMappingRole, readonly string[]> = {
  time: ['ts', 'timestamp', 'time', 'date', 'datetime', 'starttime', 'start', 'eventtime', 'eventtimestamp', 'firstseen', 'firstswitched', 'flowstart', 'utctime', 'timegenerated', 'timecreated', 'receivedtime', 'receivetime', 'created', 'createdat', 'devicetime', 'logtime', 'generatedtime', 'timeutc'],
  srcIp: ['src', 'srcip', 'source', 'sourceip', 'sourceaddress', 'sourceipaddress', 'sa', 'srcaddr', 'srcaddress', 'idorigh', 'origh', 'ipsrc', 'clientip', 'localip', 'localaddress', 'originip', 'sip'],
  dstIp: ['dst', 'dstip', 'dest', 'destip', 'destination', 'destinationip', 'destinationaddress', 'destinationipaddress', 'da', 'dstaddr', 'dstaddress', 'destaddr', 'idresph', 'resph', 'ipdst', 'remoteip', 'remoteaddress', 'serverip', 'targetip', 'dip'],
  srcPort: ['sp', 'sport', 'srcport', 'sourceport', 'idorigp', 'origp', 'clientport', 'localport', 'spt'],
  dstPort: ['dp', 'dport', 'dstport', 'destport', 'destinationport', 'idrespp', 'respp', 'serverport', 'remoteport', 'dpt', 'port'],
  proto: ['proto', 'protocol', 'transport', 'pr', 'ipproto', 'ipprotocol', 'networktransport', 'l4proto'],
  host: ['host', 'hostname', 'computer', 'computername', 'device', 'devicename', 'agentname', 'agenthostname', 'machine', 'machinename', 'endpoint', 'dvchost'],
  user: ['user', 'username', 'usr', 'account', 'accountname', 'userid', 'suser', 'targetusername', 'subjectusername'],
  process: ['process', 'image', 'processexecutable', 'processname', 'processpath', 'processimage', 'imagepath', 'exe', 'executable', 'application', 'app', 'program'],
  pid: ['pid', 'processid', 'processpid'],
  dstHost: ['dsthost', 'desthost', 'destinationhost', 'destinationhostname', 'destinationdomain', 'dhost', 'remotehost', 'remotehostname', 'servername', 'domain', 'query', 'sni', 'url', 'urldomain'],
  bytesOut: ['bytesout', 'outbytes', 'bytessent', 'sentbytes', 'srcbytes', 'sourcebytes', 'origbytes', 'ibyt', 'sbytes', 'clientbytes', 'txbytes'],
  bytesIn: ['bytesin', 'inbytes', 'bytesreceived', 'receivedbytes', 'rcvdbytes', 'dstbytes', 'destinationbytes', 'respbytes', 'obyt', 'dbytes', 'serverbytes', 'rxbytes'],
  pktsOut: ['packetsout', 'pktsout', 'outpackets', 'packetssent', 'sentpackets', 'srcpkts', 'srcpackets', 'sourcepackets', 'origpkts', 'ipkt', 'spkts', 'txpackets'],
  pktsIn: ['packetsin', 'pktsin', 'inpackets', 'packetsreceived', 'receivedpackets', 'dstpkts', 'dstpackets', 'destinationpackets', 'resppkts', 'opkt', 'dpkts', 'rxpackets'],
  duration: ['duration', 'dur', 'td', 'elapsed', 'elapsedtime', 'eventduration', 'durations', 'durationsec', 'durationseconds'],
  signature: ['signature', 'alert', 'alertname', 'alertsignature', 'rule', 'rulename', 'ruletitle', 'signaturename', 'signame', 'threat', 'threatname', 'detection', 'detectionname', 'attack', 'attackname'],
  severity: ['severity', 'alertseverity', 'eventseverity', 'severitylevel', 'priority', 'level', 'risk', 'risklevel'],
  action: ['action', 'alertaction', 'eventaction', 'disposition', 'decision', 'verdict', 'act', 'fwaction', 'eventoutcome'],
};

const BY_NAME = new Map<string, CsvMappingRole>();
for (const [role, names] of Object.entries(SYNONYMS) as [CsvMappingRole, readonly string[]][]) for (const n of names) BY_NAME.set(n, role);

/** Value types a role accepts: a header name is not trusted over values that contradict it ("source" holding log names). */
const FITS: Partial<Record<CsvMappingRole, readonly ColumnType[]>> = {
  time: ['time', 'empty'],
  srcIp: ['ip', 'empty'],
  dstIp: ['ip', 'empty'],
  srcPort: ['port', 'empty'],
  dstPort: ['port', 'empty'],
  pid: ['port', 'number', 'empty'],
  bytesOut: ['port', 'number', 'empty'],
  bytesIn: ['port', 'number', 'empty'],
  pktsOut: ['port', 'number', 'empty'],
  pktsIn: ['port', 'number', 'empty'],
  duration: ['port', 'number', 'empty'],
};

export function normalizeHeaderName(name: string): string {
  return name.toLowerCase().replace(/[\s_.\-@()[\]/:#]+/g, '');
}

/**
 * A mapping proposed from header names (null for a file without a header),
 * then from value types for what names did not settle: the first time
 * column is the time, the first two unused IP columns source and destination.
 * Columns are named as the mapping will name them: by header, else by position.
 */
export function suggestColumns(names: readonly string[] | null, types: readonly ColumnType[]): Partial<CsvMappingColumns> {
  const chosen = new Map<CsvMappingRole, number>();
  const used = new Set<number>();
  const take = (role: CsvMappingRole, i: number): void => {
    chosen.set(role, i);
    used.add(i);
  };
  names?.forEach((name, i) => {
    const role = BY_NAME.get(normalizeHeaderName(name));
    if (role === undefined || chosen.has(role) || used.has(i)) return;
    const fits = FITS[role];
    if (fits && !fits.includes(types[i] ?? 'empty')) return;
    take(role, i);
  });
  const firstOf = (type: ColumnType): number => types.findIndex((t, i) => t === type && !used.has(i));
  for (const role of ['time', 'srcIp', 'dstIp'] as const) {
    if (chosen.has(role)) continue;
    const i = firstOf(role === 'time' ? 'time' : 'ip');
    if (i !== -1) take(role, i);
  }
  const columns: Partial<CsvMappingColumns> = {};
  // An empty or repeated header name would not find its column again: those go by position.
  const byName = (i: number): string | number => {
    const name = names?.[i];
    return name && name.length <= 200 && names?.indexOf(name) === i ? name : i;
  };
  for (const [role, i] of chosen) columns[role] = byName(i);
  return columns;
}

/** A first row holding an address or a timestamp is data, not a header. */
export function looksLikeData(first: readonly string[]): boolean {
  return first.some((v) => {
    const t = classifyColumn([v]);
    return t === 'ip' || t === 'time';
  });
}
