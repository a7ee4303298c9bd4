// @ts-check
import { isoTime } from './time-text.js';

/** @typedef {import('./types.js').Connection} Connection */
/** @typedef {import('./types.js').ProcessInstance} ProcessInstance */
/** @typedef {import('./incidents.js').Planted} Planted */
/** @typedef {import('./intel-feed.js').Ioc} Ioc */

/**
 * The kinds of evidence a finding can carry (its `kinds`), named as the
 * issue's sections name them; each planted incident says which must be
 * among its finding's kinds. The analysis may name them otherwise: map
 * them here, in one place.
 */
export const FINDING_KINDS = {
  beacon: 'periodic connections (RITA-style beacon score)',
  volume: 'bytes out against the process’s or host’s own baseline',
  rare: 'first contact after the baseline, or few of the organisation’s hosts',
  port: 'a port outside the process’s own profile',
  ioc: 'the destination (address, network or host name) matches an indicator, as of the connection’s time',
  'service-misuse': 'a process that does not normally talk to a cloud-storage or messenger service does',
  masquerade: 'a system binary’s name (or a look-alike) outside its folder, or an executable in a user-writable folder',
  'hash-ioc': 'the process’s hash matches an indicator',
};

/**
 * What each incident is (`kind`), which kinds of evidence must rank it and
 * which words its explanations must contain (case-insensitive substrings,
 * all required).
 * @type {Record<string, (c: { hosts: number, iocs: Ioc[], planted: Planted }) => { kind: string, title: string, kinds: string[], keywords: string[] }>}
 */
const EXPECTATIONS = {
  beacon: ({ planted }) => ({
    kind: 'beacon',
    title: `A program in the user's AppData calls one server every ~${planted.details.intervalSeconds} s (±${Number(planted.details.jitter) * 100} %) for days.`,
    kinds: ['beacon'],
    keywords: [`${planted.details.intervalSeconds} s`],
  }),
  exfil: ({ planted }) => ({
    kind: 'exfiltration',
    title: `PowerShell uploads ${(Number(planted.details.bytesOut) / 1e9).toFixed(1)} GB to Dropbox, which it never talked to before, in ${planted.details.uploads} connections.`,
    kinds: ['volume'],
    keywords: ['Dropbox', 'powershell.exe'],
  }),
  'rare-port': ({ hosts }) => ({
    kind: 'rare-destination',
    title: `rundll32.exe on one host of ${hosts} talks to an address no other host uses, on port 4782.`,
    kinds: ['rare', 'port'],
    keywords: [`1 of ${hosts} hosts`, '4782'],
  }),
  'ioc-ip': ({ iocs }) => iocAnswer(iocs, 'ioc-ip', 'ioc-exact', 'A browser connects to an address posted as C2 the day before.'),
  'ioc-cidr': ({ iocs }) => iocAnswer(iocs, 'ioc-cidr', 'ioc-cidr', 'A browser connects into a network posted as bulletproof hosting the day before.'),
  'ioc-domain': ({ iocs }) => iocAnswer(iocs, 'ioc-domain', 'ioc-domain', 'A browser connects to a phishing domain posted the day before.'),
  'office-messenger': () => ({
    kind: 'office-messenger',
    title: "WINWORD.EXE, opened from a mail, calls Telegram's bot API.",
    kinds: ['service-misuse'],
    keywords: ['Telegram', 'WINWORD.EXE'],
  }),
  masquerade: () => ({
    kind: 'masquerade',
    title: 'svch0st.exe, written into AppData by WINWORD.EXE and started by explorer.exe, wears svchost.exe’s name and metadata.',
    kinds: ['masquerade'],
    keywords: ['svch0st.exe', 'WINWORD.EXE', 'explorer.exe'],
  }),
  'hash-ioc': ({ iocs }) => {
    const ioc = findIoc(iocs, 'hash-ioc', 'sha256');
    return { kind: 'hash-ioc', title: 'The SHA-256 of svch0st.exe was posted the day before it first ran.', kinds: ['hash-ioc'], keywords: [ioc.value, `@${ioc.author}`] };
  },
};

/** @param {Ioc[]} iocs @param {string} incident @param {string} kind @param {string} title */
function iocAnswer(iocs, incident, kind, title) {
  const ioc = findIoc(iocs, incident);
  return { kind, title, kinds: ['ioc'], keywords: [ioc.value, `@${ioc.author}`, ioc.reportedAt.slice(0, 10)] };
}

/** @param {Ioc[]} iocs @param {string} incident @param {string} [type] */
function findIoc(iocs, incident, type) {
  const ioc = iocs.find((i) => i.incident === incident && (type === undefined || i.type === type) && i.type !== 'url');
  if (!ioc) throw new Error(`no indicator for incident ${incident}`);
  return ioc;
}

/** Incidents whose connections are another's: the hash and the masquerade are one process. */
const CONNECTIONS_OF = /** @type {Record<string, string>} */ ({ 'hash-ioc': 'masquerade' });

/**
 * A manifest entry for each planted incident: the (host, process,
 * destination, port) a finding must name, its time range, its traffic, and
 * what must explain it.
 * @param {Planted[]} planted
 * @param {Connection[]} connections
 * @param {Ioc[]} iocs
 * @param {number} hosts
 */
export function describeIncidents(planted, connections, iocs, hosts) {
  return planted.map((p) => {
    const tag = CONNECTIONS_OF[p.id] ?? p.id;
    const own = connections.filter((c) => c.incident === tag);
    const first = own[0];
    if (!first) throw new Error(`incident ${p.id} has no connections`);
    const expect = /** @type {NonNullable<typeof EXPECTATIONS[string]>} */ (EXPECTATIONS[p.id])({ hosts, iocs, planted: p });
    return {
      id: p.id,
      kind: expect.kind,
      title: expect.title,
      host: p.host,
      hostIp: first.host.ip,
      process: processFacts(p.proc),
      destination: { ip: first.dstIp, port: first.dstPort, proto: first.proto, hostname: first.dstName },
      timeRange: { first: isoTime(first.ts), last: isoTime(/** @type {Connection} */ (own.at(-1)).ts) },
      connections: own.length,
      bytesOut: own.reduce((n, c) => n + c.bytesOut, 0),
      bytesIn: own.reduce((n, c) => n + c.bytesIn, 0),
      expect: { kinds: expect.kinds, keywords: expect.keywords },
      iocs: iocs.filter((i) => i.incident === p.id).map((i) => ({ type: i.type, value: i.value })),
      details: Object.fromEntries(Object.entries(p.details).map(([k, v]) => [k, k.endsWith('At') && typeof v === 'number' ? isoTime(v) : v])),
    };
  });
}

/** @param {ProcessInstance} p */
export function processFacts(p) {
  return { image: p.image, commandLine: p.commandLine, user: p.user, processGuid: p.guid, started: isoTime(p.start), parentImage: p.parent?.image ?? null };
}

/**
 * A benign pattern that must not be mistaken for an incident, with the
 * connections it made.
 * @param {{ id: string, kind: string, why: string, mustNotRank: boolean, match: (c: Connection) => boolean, extra?: Record<string, unknown> }} d
 * @param {Connection[]} connections
 */
export function describeDecoy(d, connections) {
  const own = connections.filter(d.match);
  const first = own[0];
  if (!first) throw new Error(`decoy ${d.id} has no connections`);
  return {
    id: d.id,
    kind: d.kind,
    why: d.why,
    mustNotRank: d.mustNotRank,
    hosts: [...new Set(own.map((c) => c.host.name))].sort(),
    images: [...new Set(own.map((c) => c.proc?.image ?? null))].sort(),
    destination: { ip: first.dstIp, port: first.dstPort, proto: first.proto, hostname: first.dstName },
    connections: own.length,
    timeRange: { first: isoTime(first.ts), last: isoTime(/** @type {Connection} */ (own.at(-1)).ts) },
    ...d.extra,
  };
}
