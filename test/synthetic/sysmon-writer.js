// @ts-check
import { programHashes } from './programs.js';
import { isoTime, sysmonTime } from './time-text.js';

/** @typedef {import('./types.js').Host} Host */
/** @typedef {import('./types.js').ProcessInstance} ProcessInstance */
/** @typedef {import('./types.js').Connection} Connection */
/** @typedef {import('./types.js').DnsLookup} DnsLookup */

/**
 * Sysmon events as flat Windows-event JSON lines, in the shape of
 * test/fixtures/sysmon/wevtutil-eid1-3-22.json (event 11 as in the OTRF
 * export in the shared corpus, with the User field newer Sysmon adds): the
 * envelope, the rendered Message, then the EventData fields at the top
 * level in Sysmon's order.
 */

const ENVELOPE = {
  SourceName: 'Microsoft-Windows-Sysmon',
  ProviderGuid: '{5770385f-c22a-43e0-bf4c-06f5698ffbd9}',
  Level: '4',
  Keywords: '0x8000000000000000',
  Channel: 'Microsoft-Windows-Sysmon/Operational',
};

const TITLES = /** @type {Record<number, string>} */ ({ 1: 'Process Create:', 3: 'Network connection detected:', 11: 'File created:', 22: 'Dns query:' });

/**
 * One event line. `data` holds the EventData fields in order; `logged` is
 * when the event reached the log (a few ms after UtcTime).
 * @param {Host} host
 * @param {number} eventId
 * @param {number} logged
 * @param {[string, string][]} data
 */
export function sysmonLine(host, eventId, logged, data) {
  const created = isoTime(logged);
  // The Message renders LogonId in upper case, the field in lower case, as Windows does.
  const message = [TITLES[eventId], ...data.map(([k, v]) => `${k}: ${k === 'LogonId' ? `0x${v.slice(2).toUpperCase()}` : v}`)].join('\r\n');
  /** @type {Record<string, string | number>} */
  const o = { ...ENVELOPE, Hostname: host.name, TimeCreated: created, '@timestamp': created, EventID: eventId, Message: message, Task: String(eventId) };
  for (const [k, v] of data) o[k] = v;
  return JSON.stringify(o);
}

/** Event 1: a process started. */
export function processCreate(/** @type {Host} */ host, /** @type {ProcessInstance} */ p, /** @type {number} */ logged) {
  const h = programHashes(p.program);
  const parent = p.parent;
  const dir = p.program.account === 'user' ? `C:\\Users\\${host.user}\\` : 'C:\\Windows\\system32\\';
  return sysmonLine(host, 1, logged, [
    ['RuleName', '-'],
    ['UtcTime', sysmonTime(p.start)],
    ['ProcessGuid', p.guid],
    ['ProcessId', String(p.pid)],
    ['Image', p.image],
    ['FileVersion', p.program.fileVersion],
    ['Description', p.program.description],
    ['Product', p.program.product],
    ['Company', p.program.company],
    ['OriginalFileName', p.program.originalFileName],
    ['CommandLine', p.commandLine],
    ['CurrentDirectory', dir],
    ['User', p.user],
    ['LogonGuid', p.logonGuid],
    ['LogonId', p.logonId],
    ['TerminalSessionId', String(p.session)],
    ['IntegrityLevel', p.program.integrity],
    ['Hashes', `SHA1=${h.sha1},MD5=${h.md5},SHA256=${h.sha256},IMPHASH=${h.imphash}`],
    ['ParentProcessGuid', parent?.guid ?? '-'],
    ['ParentProcessId', parent ? String(parent.pid) : '-'],
    ['ParentImage', parent?.image ?? '-'],
    ['ParentCommandLine', parent?.commandLine ?? '-'],
    ['ParentUser', parent?.user ?? '-'],
  ]);
}

/** A string as it appears between the quotes of a JSON string. */
const jsonText = (/** @type {string} */ s) => JSON.stringify(s).slice(1, -1);
const CRLF = '\\r\\n';
const ENVELOPE_TEXT = Object.entries(ENVELOPE).map(([k, v]) => `"${k}":"${v}"`).join(',');
/** @type {WeakMap<ProcessInstance, string[]>} a process's escaped GUID, pid, image and user, made once */
const processText = new WeakMap();

/**
 * Event 3: a connection, as the host saw it (no bytes: Sysmon has none).
 * Written from text pieces rather than through sysmonLine, with each
 * process's escaped fields made once: a million of them must be written in
 * seconds. The bytes are the same as sysmonLine's (a unit test holds them to
 * the fixture's shape).
 */
export function networkConnect(/** @type {Host} */ host, /** @type {ProcessInstance} */ p, /** @type {Connection} */ c, /** @type {number} */ logged) {
  let pt = processText.get(p);
  if (pt === undefined) processText.set(p, (pt = [jsonText(p.guid), String(p.pid), jsonText(p.image), jsonText(p.user)]));
  const [guid, pid, image, user] = pt;
  const created = isoTime(logged);
  const utc = sysmonTime(c.ts);
  const dstName = c.dstName === null ? '-' : jsonText(c.dstName);
  const hostname = jsonText(host.name);
  const values = [
    ['RuleName', '-'], ['UtcTime', utc], ['ProcessGuid', guid], ['ProcessId', pid], ['Image', image], ['User', user], ['Protocol', c.proto], ['Initiated', 'true'],
    ['SourceIsIpv6', 'false'], ['SourceIp', host.ip], ['SourceHostname', '-'], ['SourcePort', String(c.srcPort)], ['SourcePortName', '-'],
    ['DestinationIsIpv6', 'false'], ['DestinationIp', c.dstIp], ['DestinationHostname', dstName], ['DestinationPort', String(c.dstPort)], ['DestinationPortName', '-'],
  ];
  let message = 'Network connection detected:';
  let fields = '';
  for (const [k, v] of values) {
    message += `${CRLF}${k}: ${v}`;
    fields += `,"${k}":"${v}"`;
  }
  return `{${ENVELOPE_TEXT},"Hostname":"${hostname}","TimeCreated":"${created}","@timestamp":"${created}","EventID":3,"Message":"${message}","Task":"3"${fields}}`;
}

/** Event 22: a process's DNS query and its answer ("type:  5 cname;" entries, then the addresses). */
export function dnsQuery(/** @type {Host} */ host, /** @type {ProcessInstance} */ p, /** @type {DnsLookup} */ q, /** @type {number} */ logged) {
  const results = [...q.cnames.map((c) => `type:  5 ${c};`), ...q.ips.map((ip) => `${ip};`)].join('');
  return sysmonLine(host, 22, logged, [
    ['RuleName', '-'],
    ['UtcTime', sysmonTime(q.ts)],
    ['ProcessGuid', p.guid],
    ['ProcessId', String(p.pid)],
    ['QueryName', q.name],
    ['QueryStatus', '0'],
    ['QueryResults', results],
    ['Image', p.image],
    ['User', p.user],
  ]);
}

/** Event 11: a process wrote a file. */
export function fileCreate(/** @type {Host} */ host, /** @type {ProcessInstance} */ p, /** @type {string} */ target, /** @type {number} */ ts, /** @type {number} */ logged) {
  return sysmonLine(host, 11, logged, [
    ['RuleName', '-'],
    ['UtcTime', sysmonTime(ts)],
    ['ProcessGuid', p.guid],
    ['ProcessId', String(p.pid)],
    ['Image', p.image],
    ['TargetFilename', target],
    ['CreationUtcTime', sysmonTime(ts)],
    ['User', p.user],
  ]);
}
