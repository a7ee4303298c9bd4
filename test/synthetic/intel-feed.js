// @ts-check
import { createHash } from 'node:crypto';
import { PLANTED } from './incidents.js';
import { DAY, HOUR, MINUTE, isoTime, tweetfeedTime } from './time-text.js';

/** @typedef {import('./random.js').Random} Random */
/** @typedef {import('./file-sink.js').FileSink} FileSink */

/**
 * An indicator the intel files carry, with the post it came from.
 * @typedef {object} Ioc
 * @property {'ipv4' | 'cidr' | 'domain' | 'url' | 'sha256'} type
 * @property {string} value
 * @property {string} reportedAt  ISO time of the post
 * @property {string} author      X account, without @
 * @property {string} postUrl
 * @property {string | null} text  the post's text where the format carries it (STIX description)
 * @property {string[]} tags
 * @property {string} file        the intel file that holds it
 * @property {string | null} incident  the planted incident it should light up, null for noise
 * @property {string | null} decoy     the decoy it names (a value a warninglist must suppress)
 */

export const TWEETFEED_FILE = 'intel/tweetfeed.csv';
export const STIX_FILE = 'intel/stix-bundle.json';
/** How long before an incident's first connection its indicator was posted: "the day before". */
export const REPORTED_BEFORE_MS = DAY + 37 * MINUTE;

/**
 * The indicators of the planted incidents, each posted a day before the
 * incident's first connection (so it is evidence for that connection even
 * once it has expired), 8.8.8.8 posted as C2 (on the public-DNS
 * warninglist: to be shown as suppressed, never ranked), and unrelated
 * indicators that match nothing in the case.
 * @param {Map<string, number>} firstSeen  incident id → its first connection or process start (ms)
 * @param {Random} rnd
 * @param {number} start  the week's start (ms)
 * @param {string} hashSha256
 * @returns {Ioc[]}
 */
export function caseIocs(firstSeen, rnd, start, hashSha256) {
  const before = (/** @type {string} */ incident) => {
    const t = firstSeen.get(incident);
    if (t === undefined) throw new Error(`no first time for incident ${incident}`);
    return Math.floor((t - REPORTED_BEFORE_MS) / 1000) * 1000;
  };
  /** @type {Ioc[]} */
  const iocs = [];
  const post = (/** @type {string} */ author, /** @type {number} */ at) => `https://x.com/${author}/status/${statusId(at)}`;
  const add = (/** @type {Omit<Ioc, 'reportedAt' | 'postUrl' | 'decoy'> & { at: number, decoy?: string }} */ i) => {
    const { at, decoy, ...rest } = i;
    iocs.push({ ...rest, reportedAt: isoTime(at), postUrl: post(i.author, at), decoy: decoy ?? null });
  };
  const ipAt = before('ioc-ip');
  add({ type: 'ipv4', value: /** @type {string} */ (PLANTED.iocIp.dest.ips[0]), at: ipAt, author: 'synth_c2watch', text: null, tags: ['#C2', '#AsyncRAT'], file: TWEETFEED_FILE, incident: 'ioc-ip' });
  const domainAt = before('ioc-domain');
  const domain = /** @type {string} */ (PLANTED.iocDomain.dest.name);
  add({ type: 'domain', value: domain, at: domainAt, author: 'synth_phishwatch', text: null, tags: ['#phishing'], file: TWEETFEED_FILE, incident: 'ioc-domain' });
  add({ type: 'url', value: `https://${domain}/owa/auth/logon.aspx`, at: domainAt, author: 'synth_phishwatch', text: null, tags: ['#phishing'], file: TWEETFEED_FILE, incident: 'ioc-domain' });
  add({ type: 'sha256', value: hashSha256.toLowerCase(), at: before('hash-ioc'), author: 'synth_malhash', text: null, tags: ['#malware', '#loader'], file: TWEETFEED_FILE, incident: 'hash-ioc' });
  const cidrAt = before('ioc-cidr');
  add({
    type: 'cidr',
    value: PLANTED.iocCidr.cidr,
    at: cidrAt,
    author: 'synth_bphunter',
    text: `Bulletproof hosting range ${PLANTED.iocCidr.cidr} is serving loader payloads over HTTPS since this morning. Block the whole /24. #malware #loader`,
    tags: ['#malware', '#loader'],
    file: STIX_FILE,
    incident: 'ioc-cidr',
  });
  add({ type: 'ipv4', value: '8.8.8.8', at: start + DAY + 6 * HOUR, author: 'synth_noisybot', text: null, tags: ['#C2'], file: TWEETFEED_FILE, incident: null, decoy: 'resolver-8.8.8.8' });
  for (let i = 0; i < 16; i++) {
    const at = start - 2 * DAY + rnd.int(0, 8 * 24) * HOUR + rnd.int(0, 3599) * 1000;
    if (i % 2 === 0) add({ type: 'ipv4', value: `${rnd.pick([176, 89, 212])}.${rnd.int(0, 255)}.${rnd.int(0, 255)}.${rnd.int(1, 254)}`, at, author: 'synth_c2watch', text: null, tags: ['#C2'], file: TWEETFEED_FILE, incident: null });
    else add({ type: 'domain', value: `${rnd.hex(6)}-${rnd.pick(['secure', 'verify', 'update', 'docs'])}.${rnd.pick(['com', 'net', 'top', 'xyz'])}`, at, author: 'synth_phishwatch', text: null, tags: ['#phishing'], file: TWEETFEED_FILE, incident: null });
  }
  return iocs.sort((a, b) => a.reportedAt.localeCompare(b.reportedAt));
}

/** TweetFeed's CSV (no header): date,user,type,value,tags,tweet_url, oldest first. */
export function writeTweetFeed(/** @type {FileSink} */ sink, /** @type {Ioc[]} */ iocs) {
  for (const i of iocs) {
    if (i.file !== TWEETFEED_FILE) continue;
    const type = i.type === 'ipv4' ? 'ip' : i.type;
    sink.write(`${tweetfeedTime(Date.parse(i.reportedAt))},${i.author},${type},${i.value},${i.tags.join(' ')},${i.postUrl}\n`);
  }
}

/** A STIX 2.1 bundle in TweetFeed's own STIX shape (identity, TLP marking, one indicator per value). */
export function writeStixBundle(/** @type {FileSink} */ sink, /** @type {Ioc[]} */ iocs) {
  const identity = `identity--${uuid('identity:synthetic-threat-sharing')}`;
  const marking = 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487';
  const objects = [
    { type: 'identity', spec_version: '2.1', id: identity, created: '2024-01-01T00:00:00.000Z', modified: '2024-01-01T00:00:00.000Z', name: 'Synthetic Threat Sharing', identity_class: 'organization' },
    { type: 'marking-definition', spec_version: '2.1', id: marking, created: '2022-10-01T00:00:00.000Z', name: 'TLP:CLEAR', extensions: { 'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d': { extension_type: 'property-extension', tlp_2_0: 'clear' } } },
  ];
  for (const i of iocs) {
    if (i.file !== STIX_FILE) continue;
    const object = i.type === 'cidr' || i.type === 'ipv4' ? 'ipv4-addr' : i.type === 'domain' ? 'domain-name' : i.type === 'url' ? 'url' : 'file';
    const pattern = object === 'file' ? `[file:hashes.'SHA-256' = '${i.value}']` : `[${object}:value = '${i.value}']`;
    objects.push(/** @type {any} */ ({
      type: 'indicator',
      spec_version: '2.1',
      id: `indicator--${uuid(`${i.type}:${i.value}`)}`,
      created: i.reportedAt,
      modified: i.reportedAt,
      valid_from: i.reportedAt,
      name: i.value,
      description: i.text,
      indicator_types: ['malicious-activity'],
      pattern,
      pattern_type: 'stix',
      pattern_version: '2.1',
      created_by_ref: identity,
      object_marking_refs: [marking],
      external_references: [{ source_name: 'twitter', url: i.postUrl, description: `Reported by @${i.author}` }],
      labels: i.tags.map((t) => t.replace(/^#/, '')),
    }));
  }
  sink.write(`${JSON.stringify({ type: 'bundle', id: `bundle--${uuid('bundle:synthetic')}`, objects })}\n`);
}

/** An X status id that grows with time, as real ones do. */
function statusId(/** @type {number} */ ms) {
  return `19${String(Math.floor(ms / 1000)).padStart(17, '0')}`;
}

/** A name-based UUID (version 5 layout over SHA-256), so ids are the same on every run. */
function uuid(/** @type {string} */ name) {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}
