// @ts-check
import { zeekInterval, zeekStamp, zeekTs } from './time-text.js';

/** @typedef {import('./types.js').Connection} Connection */
/** @typedef {import('./types.js').DnsLookup} DnsLookup */

/**
 * Zeek's conn.log and dns.log in Zeek's own TSV, exactly the header lines and
 * columns of test/fixtures/zeek/lsass-conn.log and lsass-dns.log.
 */

export const CONN_FIELDS = ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'service', 'duration', 'orig_bytes', 'resp_bytes', 'conn_state', 'local_orig', 'local_resp', 'missed_bytes', 'history', 'orig_pkts', 'orig_ip_bytes', 'resp_pkts', 'resp_ip_bytes', 'tunnel_parents'];
const CONN_TYPES = ['time', 'string', 'addr', 'port', 'addr', 'port', 'enum', 'string', 'interval', 'count', 'count', 'string', 'bool', 'bool', 'count', 'string', 'count', 'count', 'count', 'count', 'set[string]'];
export const DNS_FIELDS = ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'trans_id', 'rtt', 'query', 'qclass', 'qclass_name', 'qtype', 'qtype_name', 'rcode', 'rcode_name', 'AA', 'TC', 'RD', 'RA', 'Z', 'answers', 'TTLs', 'rejected'];
const DNS_TYPES = ['time', 'string', 'addr', 'port', 'addr', 'port', 'enum', 'count', 'interval', 'string', 'count', 'string', 'count', 'string', 'count', 'string', 'bool', 'bool', 'bool', 'bool', 'count', 'vector[string]', 'vector[interval]', 'bool'];

/** The header of a log opened at `openedAt` (ms). */
export function zeekHeader(/** @type {'conn' | 'dns'} */ path, /** @type {number} */ openedAt) {
  const [fields, types] = path === 'conn' ? [CONN_FIELDS, CONN_TYPES] : [DNS_FIELDS, DNS_TYPES];
  return ['#separator \\x09', '#set_separator\t,', '#empty_field\t(empty)', '#unset_field\t-', `#path\t${path}`, `#open\t${zeekStamp(openedAt)}`, `#fields\t${fields.join('\t')}`, `#types\t${types.join('\t')}`, ''].join('\n');
}

export function zeekClose(/** @type {number} */ closedAt) {
  return `#close\t${zeekStamp(closedAt)}\n`;
}

/** Whether an address is in the organisation's own networks (Zeek's local_orig / local_resp). */
export function isLocal(/** @type {string} */ ip) {
  return ip.startsWith('10.') || ip.startsWith('192.168.');
}

/**
 * The sensor's time of a connection's first packet, in µs.
 * @param {Connection} c
 */
export function sensorTimeUs(c) {
  return c.ts * 1000 + c.sensorDelayUs;
}

/**
 * One conn.log row. `origIp` is the connection's source as the sensor saw it.
 * @param {Connection} c
 * @param {string} origIp
 */
export function connRow(c, origIp) {
  const tcp = c.proto === 'tcp';
  const header = tcp ? 52 : 28;
  const origPkts = tcp ? 3 + Math.ceil(c.bytesOut / 1380) : 1;
  const respPkts = tcp ? 2 + Math.ceil(c.bytesIn / 1380) : 1;
  return [
    zeekTs(sensorTimeUs(c)),
    c.uid,
    origIp,
    c.srcPort,
    c.dstIp,
    c.dstPort,
    c.proto,
    c.service,
    zeekInterval(c.duration),
    c.bytesOut,
    c.bytesIn,
    'SF',
    isLocal(origIp) ? 'T' : 'F',
    isLocal(c.dstIp) ? 'T' : 'F',
    0,
    tcp ? 'ShADadFf' : 'Dd',
    origPkts,
    c.bytesOut + origPkts * header,
    respPkts,
    c.bytesIn + respPkts * header,
    '-',
  ].join('\t');
}

/** One dns.log row: an A query answered with its CNAME chain and addresses. */
export function dnsRow(/** @type {DnsLookup} */ q) {
  const c = q.conn;
  const answers = [...q.cnames, ...q.ips];
  const ttls = answers.map((_, i) => zeekInterval(i < q.cnames.length ? q.ttl * 10 : q.ttl));
  return [
    zeekTs(sensorTimeUs(c)),
    c.uid,
    q.clientIp,
    c.srcPort,
    c.dstIp,
    c.dstPort,
    'udp',
    q.transId,
    zeekInterval(q.rtt),
    q.name,
    1,
    'C_INTERNET',
    1,
    'A',
    0,
    'NOERROR',
    'F',
    'F',
    'T',
    'T',
    0,
    answers.join(','),
    ttls.join(','),
    'F',
  ].join('\t');
}

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A Zeek connection uid: "C" and 17 base-62 characters. */
export function zeekUid(/** @type {() => number} */ next) {
  let s = 'C';
  for (let i = 0; i < 17; i++) s += BASE62[Math.floor(next() * 62)];
  return s;
}
