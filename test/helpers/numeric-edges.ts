import { EARLIEST_TIME_MS, LATEST_TIME_MS, MAX_COUNT, MAX_DURATION_S, MAX_PID, MAX_PORT } from '../../src/core/bounds.js';
import type { CsvMappingInput, TelemetryFormat } from '../../src/shared/types.js';
import { mulberry32, pick, randInt, randomString } from './prng.js';

/*
 * Files that put values at and beyond the edges of the bounds (core/bounds.ts)
 * into one numeric field of one reader at a time: for the property test of
 * every reader's numeric fields, and for the parse worker's comparison with
 * in-thread parsing.
 */

const whole = (max: number) => (v: unknown) => v === null || (Number.isInteger(v) && (v as number) >= 0 && (v as number) <= max);

/** What a stored value of each numeric column of the case may be (columns of events, processes, dns_answers, alerts). */
export const STORED_BOUNDS: Readonly<Record<string, (v: unknown) => boolean>> = {
  line: (v) => Number.isInteger(v) && (v as number) > 0,
  ts: (v) => Number.isInteger(v) && (v as number) >= EARLIEST_TIME_MS && (v as number) < LATEST_TIME_MS,
  pid: whole(MAX_PID),
  src_port: whole(MAX_PORT),
  dst_port: whole(MAX_PORT),
  bytes_out: whole(MAX_COUNT),
  bytes_in: whole(MAX_COUNT),
  pkts_out: whole(MAX_COUNT),
  pkts_in: whole(MAX_COUNT),
  duration: (v) => v === null || (typeof v === 'number' && v >= 0 && v <= MAX_DURATION_S),
  severity: (v) => v === null || typeof v === 'string',
};

/** One numeric field of one reader. */
export interface NumericCase {
  /** Unique: names the case in test output and its file. */
  name: string;
  format: TelemetryFormat;
  /** The field as a quarantined record must name it. */
  field: string;
  /** Lines before the records. */
  header: readonly string[];
  /** A record with `value` (as text) in the field; the template's own value when `value` is null. */
  record(value: string | null): string;
  /** Whether the format can carry the text at all (a TAB in a TSV field would cut the record differently). */
  carries(value: string): boolean;
  mapping?: CsvMappingInput;
  /** File extension (sysmon-xml is read as a stream). */
  ext: string;
}

/** Values at and past every bound, in the spellings logs and hostile files use. */
export const EDGE_VALUES: readonly string[] = [
  '0', '-0', '+0', '1', '-1', '+80', '00080', '80.0', '80.5', '.5', '5.', ' 80', '80 ', '0x50', '0X1F', '1_000', '٣', '１',
  '65535', '65536', '4294967295', '4294967296', '9007199254740991', '9007199254740992', '9007199254740993', '18446744073709551616',
  '1e308', '1e309', '-1e308', '1E5', '1e-5', '1e400', 'Infinity', '-Infinity', 'NaN', 'nan', 'null', 'true',
  '1700000000', '1700000000.123456', '1692161622250', '1692161622250000', '4102444799', '4102444800', '4102444800000', '9e12', '9000000000000', '253402300800',
  '8640000000000000', '8640000000000001', '-5', '-8640000000000000', '9'.repeat(400),
  '2023-08-16T04:53:42.300Z', '2023-08-16 04:53:42.300', '1970-01-01T00:00:00Z', '1969-12-31T23:59:59.999Z', '2099-12-31T23:59:59.999Z', '2100-01-01T00:00:00Z',
  '9999-12-31T23:59:59Z', '0000-01-01T00:00:00Z', '+275760-09-13T00:00:00Z', '+275760-09-13T00:00:00.001Z', '-271821-04-20T00:00:00Z', '1601-01-01 00:00:00.000',
  '2011/08/10 09:46:53.047277', '1969/12/31 23:59:59', '2100/01/01 00:00:00', '16/08/2023 04:53:42', '31/12/2099 23:59:59', '01/01/2100 00:00:00',
  '', '-',
];

/** EDGE_VALUES, then `n` random numeric-looking strings and numbers of every magnitude (seeded). */
export function edgeValues(seed: number, n = 80): string[] {
  const rand = mulberry32(seed);
  const out = [...EDGE_VALUES];
  for (let i = 0; i < n; i++) {
    switch (i % 3) {
      case 0:
        out.push(randomString(rand, ['0', '1', '5', '9', '9', '-', '+', '.', 'e', 'E', 'x', 'Infinity'], 24));
        break;
      case 1:
        out.push(String((rand() < 0.3 ? -1 : 1) * rand() * 10 ** randInt(rand, 0, 320)));
        break;
      default:
        out.push(String(pick(rand, [0, 1, 65535, 2 ** 32, 2 ** 53, 4102444800, 1.7e9, 1.7e12]) + randInt(rand, -3, 3)));
    }
  }
  return out;
}

const JSON_NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d+)?$/;
const noneOf =
  (chars: string) =>
  (v: string): boolean =>
    ![...chars].some((c) => v.includes(c));

/** A JSON object from [key, JSON text] pairs, in order. */
function jsonObject(entries: readonly (readonly [string, string])[]): string {
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
}

/**
 * Cases for a JSON record: the field's value written as a JSON number (when
 * the text is one) and as a JSON string. `build` makes the record from the
 * JSON text of the field (null: the template's).
 */
function jsonCases(base: Omit<NumericCase, 'name' | 'record' | 'carries' | 'header' | 'ext'>, label: string, build: (json: string | null) => string): NumericCase[] {
  return [
    { ...base, name: `${label} as a JSON number`, header: [], ext: 'json', carries: (v) => JSON_NUMBER.test(v), record: (v) => build(v) },
    { ...base, name: `${label} as a JSON string`, header: [], ext: 'json', carries: () => true, record: (v) => build(v === null ? null : JSON.stringify(v)) },
  ];
}

function zeekTsv(): NumericCase[] {
  const good: Record<string, string> = {
    ts: '1692161622.25', uid: 'C1', 'id.orig_h': '10.0.0.5', 'id.orig_p': '50000', 'id.resp_h': '192.0.2.10', 'id.resp_p': '443', proto: 'tcp',
    duration: '0.5', orig_bytes: '100', resp_bytes: '2000', orig_pkts: '3', resp_pkts: '4',
  };
  const cols = Object.keys(good);
  const cases: NumericCase[] = [];
  // A log whose unset marker is itself a number reads every value the general way (zeek-tsv.ts).
  for (const unset of ['-', '00']) {
    for (const field of ['ts', 'id.orig_p', 'id.resp_p', 'duration', 'orig_bytes', 'resp_bytes', 'orig_pkts', 'resp_pkts']) {
      cases.push({
        name: `zeek-conn-tsv ${field}${unset === '-' ? '' : ' (unset marker 00)'}`,
        format: 'zeek-conn-tsv',
        field,
        header: ['#separator \\x09', `#unset_field\t${unset}`, '#path\tconn', `#fields\t${cols.join('\t')}`],
        record: (v) => cols.map((c) => (c === field && v !== null ? v : good[c])).join('\t'),
        carries: (v) => noneOf('\t\n\r')(v) && !v.startsWith('#'),
        ext: 'log',
      });
    }
  }
  cases.push({
    name: 'zeek-dns-tsv ts',
    format: 'zeek-dns-tsv',
    field: 'ts',
    header: ['#separator \\x09', '#path\tdns', '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tquery\tanswers'],
    record: (v) => `${v ?? '1692161622.25'}\tC1\t10.0.0.5\t50000\t10.0.0.53\t53\tudp\texample.org\t192.0.2.10`,
    carries: (v) => noneOf('\t\n\r')(v) && !v.startsWith('#'),
    ext: 'log',
  });
  return cases;
}

function zeekJson(): NumericCase[] {
  const good: [string, string][] = [
    ['ts', '1692161622.25'], ['uid', '"C1"'], ['id.orig_h', '"10.0.0.5"'], ['id.orig_p', '50000'], ['id.resp_h', '"192.0.2.10"'], ['id.resp_p', '443'],
    ['proto', '"tcp"'], ['conn_state', '"SF"'], ['duration', '0.5'], ['orig_bytes', '100'], ['resp_bytes', '2000'], ['orig_pkts', '3'], ['resp_pkts', '4'],
  ];
  const cases = ['ts', 'id.orig_p', 'id.resp_p', 'duration', 'orig_bytes', 'resp_bytes', 'orig_pkts', 'resp_pkts'].flatMap((field) =>
    jsonCases({ format: 'zeek-conn-json', field }, `zeek-conn-json ${field}`, (json) => jsonObject(good.map(([k, v]) => [k, k === field && json !== null ? json : v]))),
  );
  const dns: [string, string][] = [
    ['ts', '1692161622.25'], ['uid', '"C1"'], ['id.orig_h', '"10.0.0.5"'], ['id.orig_p', '50000'], ['id.resp_h', '"10.0.0.53"'], ['id.resp_p', '53'],
    ['query', '"example.org"'], ['answers', '["192.0.2.10"]'], ['rejected', 'false'],
  ];
  cases.push(...jsonCases({ format: 'zeek-dns-json', field: 'ts' }, 'zeek-dns-json ts', (json) => jsonObject(dns.map(([k, v]) => [k, k === 'ts' && json !== null ? json : v]))));
  return cases;
}

const SYSMON_DATA: Record<string, string> = {
  UtcTime: '2023-08-16 04:53:42.300', ProcessGuid: '{00000000-0000-0000-0000-000000000001}', ProcessId: '4242', Image: 'C:\\App\\app.exe', User: 'CORP\\alice',
  Protocol: 'tcp', Initiated: 'true', SourceIp: '10.0.0.5', SourcePort: '50000', DestinationIp: '192.0.2.10', DestinationPort: '443',
};
const SYSMON_FIELDS = ['UtcTime', 'ProcessId', 'SourcePort', 'DestinationPort'];

function sysmonJson(): NumericCase[] {
  const flat = (field: string, json: string | null, drop?: string, extra: [string, string][] = []): string =>
    jsonObject([
      ['SourceName', '"Microsoft-Windows-Sysmon"'], ['Channel', '"Microsoft-Windows-Sysmon/Operational"'], ['Hostname', '"WS1"'], ['EventID', '3'],
      ...Object.entries(SYSMON_DATA).filter(([k]) => k !== drop).map(([k, v]): [string, string] => [k, k === field && json !== null ? json : JSON.stringify(v)]),
      ...extra,
    ]);
  const cases = SYSMON_FIELDS.flatMap((field) => jsonCases({ format: 'sysmon-json', field }, `sysmon-json ${field}`, (json) => flat(field, json)));
  // Without UtcTime the envelope's time dates the event; a number there is epoch ms.
  // (An unset one leaves the event with no time at all, which the reader names UtcTime: not this field's case.)
  cases.push(
    ...jsonCases({ format: 'sysmon-json', field: '@timestamp' }, 'sysmon-json @timestamp (no UtcTime)', (json) =>
      flat('', null, 'UtcTime', [['@timestamp', json ?? '"2023-08-16T04:53:42.300Z"']]),
    ).map((c) => ({ ...c, carries: (v: string) => c.carries(v) && v !== '' && v !== '-' })),
  );
  const ecs = (path: string, json: string | null): string => {
    const data = Object.entries(SYSMON_DATA)
      .filter(([k]) => k !== 'DestinationPort')
      .map(([k, v]): [string, string] => [k, `winlog.event_data.${k}` === path && json !== null ? json : JSON.stringify(v)]);
    return jsonObject([
      ['@timestamp', '"2023-08-16T04:53:42.300Z"'],
      ['winlog', jsonObject([['channel', '"Microsoft-Windows-Sysmon/Operational"'], ['event_id', '3'], ['computer_name', '"WS1"'], ['event_data', jsonObject(data)]])],
      // The sysmon module moves DestinationPort to ECS destination.port.
      ['destination', jsonObject([['port', path === 'destination.port' && json !== null ? json : '443']])],
    ]);
  };
  for (const path of ['winlog.event_data.UtcTime', 'winlog.event_data.ProcessId', 'winlog.event_data.SourcePort', 'destination.port']) {
    cases.push(...jsonCases({ format: 'sysmon-ecs-json', field: path }, `sysmon-ecs-json ${path}`, (json) => ecs(path, json)));
  }
  return cases;
}

function sysmonCsvAndXml(): NumericCase[] {
  const cols = ['EventID', 'Computer', 'Channel', ...Object.keys(SYSMON_DATA)];
  const good: Record<string, string> = { EventID: '3', Computer: 'WS1', Channel: 'Microsoft-Windows-Sysmon/Operational', ...SYSMON_DATA };
  const cases: NumericCase[] = SYSMON_FIELDS.map((field) => ({
    name: `sysmon-csv ${field}`,
    format: 'sysmon-csv',
    field,
    header: [cols.join(',')],
    record: (v) => cols.map((c) => (c === field && v !== null ? v : good[c])).join(','),
    carries: noneOf(',"\n\r'),
    ext: 'csv',
  }));
  const xml = (field: string, v: string | null, systemTime = '2023-08-16T04:53:42.3000000Z'): string =>
    `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='Microsoft-Windows-Sysmon'/><EventID>3</EventID>` +
    `<TimeCreated SystemTime='${field === 'TimeCreated' && v !== null ? v : systemTime}'/><Channel>Microsoft-Windows-Sysmon/Operational</Channel><Computer>WS1</Computer></System><EventData>` +
    Object.entries(SYSMON_DATA)
      .filter(([k]) => !(field === 'TimeCreated' && k === 'UtcTime'))
      .map(([k, d]) => `<Data Name='${k}'>${k === field && v !== null ? v : d}</Data>`)
      .join('') +
    '</EventData></Event>';
  for (const field of [...SYSMON_FIELDS, 'TimeCreated']) {
    // The envelope's time when UtcTime is absent: unset, or past the 200 characters the reader looks at for
    // <TimeCreated>'s attributes, the event has no time at all (the reader names UtcTime then).
    const envelope = field === 'TimeCreated';
    cases.push({
      name: `sysmon-xml ${field}`,
      format: 'sysmon-xml',
      field,
      header: [],
      record: (v) => xml(field, v),
      carries: (v) => noneOf("<>&'\n\r")(v) && !(envelope && (v === '' || v === '-' || v.length > 100)),
      ext: 'xml',
    });
  }
  return cases;
}

function flows(): NumericCase[] {
  const nfHeader =
    'ts,te,td,sa,da,sp,dp,pr,flg,fwd,stos,ipkt,ibyt,opkt,obyt,in,out,sas,das,smk,dmk,dtos,dir,nh,nhb,svln,dvln,ismc,odmc,idmc,osmc,mpls1,mpls2,mpls3,mpls4,mpls5,mpls6,mpls7,mpls8,mpls9,mpls10,cl,sl,al,ra,eng,exid,tr';
  const nfRow =
    '2019-05-28 12:27:15,2019-05-28 12:27:18,3.520,10.0.0.5,192.0.2.10,49812,443,TCP,...AP.SF,0,0,12,1840,10,9120,0,0,0,0,0,0,0,0,0.0.0.0,0.0.0.0,0,0,00:00:00:00:00:00,00:00:00:00:00:00,00:00:00:00:00:00,00:00:00:00:00:00,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,0-0-0,    0.000,    0.000,    0.000,192.0.2.1,0/0,1,1970-01-01 00:00:00.000';
  const nfCols = nfHeader.split(',');
  const cases: NumericCase[] = [];
  for (const [field, proto] of [['ts', 'TCP'], ['td', 'TCP'], ['sp', 'TCP'], ['dp', 'TCP'], ['dp', 'ICMP'], ['ipkt', 'TCP'], ['ibyt', 'TCP'], ['opkt', 'TCP'], ['obyt', 'TCP']] as const) {
    const at = nfCols.indexOf(field);
    cases.push({
      name: `nfdump-csv ${field}${proto === 'ICMP' ? ' (ICMP)' : ''}`,
      format: 'nfdump-csv',
      field,
      header: [nfHeader],
      record: (v) =>
        nfRow
          .split(',')
          .map((x, i) => (i === at && v !== null ? v : i === 7 ? proto : i === 5 && proto === 'ICMP' ? '0' : x))
          .join(','),
      carries: (v) => noneOf(',\n\r')(v) && v !== 'Summary',
      ext: 'csv',
    });
  }
  const argusCols = ['StartTime', 'Dur', 'Proto', 'SrcAddr', 'Sport', 'Dir', 'DstAddr', 'Dport', 'State', 'sTos', 'dTos', 'TotPkts', 'TotBytes', 'SrcBytes', 'SrcPkts', 'Label'];
  // Totals at the bound, so that a source share within bounds never exceeds them.
  const argusGood: Record<string, string> = {
    StartTime: '2011/08/10 09:46:53.047277', Dur: '2917.503120', Proto: 'udp', SrcAddr: '10.0.0.5', Sport: '40112', Dir: '  <->', DstAddr: '192.0.2.10', Dport: '16402',
    State: 'CON', sTos: '0', dTos: '0', TotPkts: '9007199254740991', TotBytes: '9007199254740991', SrcBytes: '477', SrcPkts: '7', Label: 'flow=Background',
  };
  for (const [field, proto] of [['StartTime', 'udp'], ['Dur', 'udp'], ['Sport', 'udp'], ['Sport', 'icmp'], ['Dport', 'udp'], ['TotPkts', 'udp'], ['TotBytes', 'udp'], ['SrcBytes', 'udp'], ['SrcPkts', 'udp']] as const) {
    cases.push({
      name: `argus-binetflow ${field}${proto === 'icmp' ? ' (ICMP)' : ''}`,
      format: 'argus-binetflow',
      field,
      header: [argusCols.join(',')],
      record: (v) => argusCols.map((c) => (c === field && v !== null ? v : c === 'Proto' ? proto : argusGood[c])).join(','),
      carries: noneOf(',\t\n\r'),
      ext: 'binetflow',
    });
  }
  return cases;
}

function suricata(): NumericCase[] {
  const flow = (field: string, json: string | null): string =>
    jsonObject([
      ['timestamp', field === 'timestamp' && json !== null ? json : '"2023-08-16T04:53:42.300000+0000"'],
      ['flow_id', '1'], ['event_type', '"flow"'], ['src_ip', '"10.0.0.5"'], ['src_port', field === 'src_port' && json !== null ? json : '50000'],
      ['dest_ip', '"192.0.2.10"'], ['dest_port', field === 'dest_port' && json !== null ? json : '443'], ['proto', '"TCP"'],
      [
        'flow',
        jsonObject(
          [
            ['pkts_toserver', '3'], ['pkts_toclient', '4'], ['bytes_toserver', '100'], ['bytes_toclient', '2000'],
            ['start', '"2023-08-16T04:53:42.300000+0000"'], ['end', '"2023-08-16T04:53:43.300000+0000"'],
          ].map(([k, v]) => [k as string, `flow.${k}` === field && json !== null ? json : (v as string)]),
        ),
      ],
    ]);
  const alert = (field: string, json: string | null): string =>
    jsonObject([
      ['timestamp', field === 'timestamp' && json !== null ? json : '"2023-08-16T04:53:42.300000+0000"'],
      ['event_type', '"alert"'], ['src_ip', '"10.0.0.5"'], ['src_port', field === 'src_port' && json !== null ? json : '50000'], ['dest_ip', '"192.0.2.10"'], ['dest_port', '443'],
      ['proto', '"TCP"'],
      ['alert', jsonObject([['signature', '"ET TEST"'], ['signature_id', '2000001'], ['severity', field === 'alert.severity' && json !== null ? json : '2']])],
    ]);
  const cases: NumericCase[] = [];
  for (const field of ['flow.start', 'flow.end', 'src_port', 'dest_port', 'flow.bytes_toserver', 'flow.bytes_toclient', 'flow.pkts_toserver', 'flow.pkts_toclient']) {
    cases.push(...jsonCases({ format: 'suricata-eve', field }, `suricata-eve flow ${field}`, (json) => flow(field, json)));
  }
  for (const field of ['timestamp', 'src_port', 'alert.severity']) {
    // A severity written as text is kept as text (other sensors write words): only a number has a bound.
    const each = jsonCases({ format: 'suricata-eve', field }, `suricata-eve alert ${field}`, (json) => alert(field, json));
    cases.push(...(field === 'alert.severity' ? each.slice(0, 1) : each));
  }
  return cases;
}

function firewall(): NumericCase[] {
  const cols = ['date', 'time', 'action', 'protocol', 'src-ip', 'dst-ip', 'src-port', 'dst-port', 'size', 'tcpflags', 'tcpsyn', 'tcpack', 'tcpwin', 'icmptype', 'icmpcode', 'info', 'path', 'pid'];
  const good: Record<string, string> = {
    date: '2023-08-16', time: '04:53:42', action: 'ALLOW', protocol: 'TCP', 'src-ip': '10.0.0.5', 'dst-ip': '192.0.2.10', 'src-port': '50000', 'dst-port': '443',
    size: '0', tcpflags: '-', tcpsyn: '-', tcpack: '-', tcpwin: '-', icmptype: '-', icmpcode: '-', info: '-', path: 'SEND', pid: '4242',
  };
  return ['date', 'src-port', 'dst-port', 'pid'].map((field) => ({
    name: `windows-firewall ${field}`,
    format: 'windows-firewall' as const,
    field,
    header: ['#Version: 1.5', '#Software: Microsoft Windows Firewall', '#Time Format: Local', `#Fields: ${cols.join(' ')}`],
    record: (v) => cols.map((c) => (c === field && v !== null ? v : good[c])).join(' '),
    carries: (v) => v !== '' && !/\s/.test(v) && !v.startsWith('#'),
    ext: 'log',
  }));
}

function csvMapped(): NumericCase[] {
  const cols = ['Time', 'Src', 'Src Port', 'Dst', 'Dst Port', 'PID', 'Bytes Out', 'Bytes In', 'Pkts Out', 'Pkts In', 'Duration', 'Rule', 'Severity'];
  const columns = {
    time: 'Time', srcIp: 'Src', srcPort: 'Src Port', dstIp: 'Dst', dstPort: 'Dst Port', pid: 'PID', bytesOut: 'Bytes Out', bytesIn: 'Bytes In',
    pktsOut: 'Pkts Out', pktsIn: 'Pkts In', duration: 'Duration', signature: 'Rule', severity: 'Severity',
  };
  const goodTime = { auto: '2023-08-16T04:53:42.300Z', iso: '2023-08-16T04:53:42.300Z', 'epoch-s': '1692161622.3', 'epoch-ms': '1692161622300', 'epoch-us': '1692161622300000', dmy: '16/08/2023 04:53:42' } as const;
  const cases: NumericCase[] = [];
  const make = (field: string, timeFormat: keyof typeof goodTime, quoted: boolean): NumericCase => {
    const good: Record<string, string> = {
      Time: goodTime[timeFormat], Src: '10.0.0.5', 'Src Port': '50000', Dst: '192.0.2.10', 'Dst Port': '443', PID: '4242', 'Bytes Out': '100', 'Bytes In': '2000',
      'Pkts Out': '3', 'Pkts In': '4', Duration: '0.5', Rule: 'ET TEST', Severity: 'high',
    };
    return {
      name: `csv-mapped ${field}${field === 'Time' ? ` (${timeFormat})` : ''}${quoted ? ' (quoted)' : ''}`,
      format: 'csv-mapped',
      field,
      header: [cols.join(',')],
      record: (v) => cols.map((c) => (c === field && v !== null ? (quoted ? `"${v}"` : v) : good[c])).join(','),
      carries: noneOf(',"\n\r'),
      mapping: { delimiter: ',', header: true, columns, timeFormat },
      ext: 'csv',
    };
  };
  for (const timeFormat of Object.keys(goodTime) as (keyof typeof goodTime)[]) cases.push(make('Time', timeFormat, false));
  for (const field of ['Src Port', 'Dst Port', 'PID', 'Bytes Out', 'Bytes In', 'Pkts Out', 'Pkts In', 'Duration']) {
    cases.push(make(field, 'auto', false), make(field, 'auto', true));
  }
  return cases;
}

/** Every reader's numeric fields (EVTX shares sysmon-xml's event parser: its records are rendered to the same XML). */
export function numericCases(): NumericCase[] {
  return [...zeekTsv(), ...zeekJson(), ...sysmonJson(), ...sysmonCsvAndXml(), ...flows(), ...suricata(), ...firewall(), ...csvMapped()];
}

/** A case's file: its header, a record of the template's own values (line `header.length + 1`), then one record per value it carries. */
export function caseFile(c: NumericCase, values: readonly string[]): { text: string; lines: { line: number; value: string }[] } {
  const lines: { line: number; value: string }[] = [];
  const out = [...c.header, c.record(null)];
  for (const value of values) {
    if (!c.carries(value)) continue;
    out.push(c.record(value));
    lines.push({ line: out.length, value });
  }
  return { text: `${out.join('\n')}\n`, lines };
}
