// @ts-check
import { destination } from './destinations.js';

/** @typedef {import('./types.js').Destination} Destination */
/** @typedef {import('./random.js').Random} Random */

const SYLLABLES = ['bar', 'ko', 'lin', 'mar', 'ven', 'tor', 'sal', 'dia', 'ner', 'pol', 'qua', 'rix', 'sen', 'tal', 'ume', 'vik', 'wen', 'yol', 'zen', 'fa', 'gro', 'hal', 'jin', 'lo', 'mo', 'nu', 'pra', 'ri', 'sto', 'tri'];
const WORDS = ['news', 'shop', 'blog', 'travel', 'cook', 'garden', 'bike', 'photo', 'music', 'tech', 'home', 'finance', 'sport', 'health', 'craft', 'auto', 'games', 'books', 'learn', 'local'];
const TLDS = ['com', 'com', 'com', 'net', 'org', 'io', 'de', 'co.uk', 'fr', 'nl', 'info', 'eu'];

/** Address blocks where ordinary sites are hosted: CDNs, clouds and hosting companies. [first octets, weight] */
const HOSTING = /** @type {[number[], number][]} */ ([
  [[104, 21], 6], [[172, 67], 6], // Cloudflare
  [[18, 66], 2], [[13, 224], 2], [[52, 84], 2], [[3, 120], 2], // AWS, CloudFront
  [[34, 102], 2], [[35, 190], 1], // Google Cloud
  [[151, 101], 2], // Fastly
  [[5, 9], 1], [[78, 46], 1], [[94, 130], 1], // Hetzner
  [[51, 75], 1], [[145, 239], 1], // OVH
  [[185, 199], 1], // GitHub Pages
  [[217, 160], 1], [[82, 165], 1], // IONOS
]);

/**
 * `count` ordinary web sites, each a name with one or two addresses, all
 * different, none for which `excluded(ip)` holds (the planted incidents'
 * addresses and networks, the named services).
 * @param {Random} rnd
 * @param {number} count
 * @param {(ip: string) => boolean} excluded
 * @returns {Destination[]}
 */
export function longTailSites(rnd, count, excluded) {
  const names = new Set();
  const ips = new Set();
  /** @type {Destination[]} */
  const sites = [];
  while (sites.length < count) {
    const stem = rnd.chance(0.5) ? `${rnd.pick(SYLLABLES)}${rnd.pick(SYLLABLES)}${rnd.pick(WORDS)}` : `${rnd.pick(WORDS)}-${rnd.pick(SYLLABLES)}${rnd.pick(SYLLABLES)}`;
    const name = `www.${stem}.${rnd.pick(TLDS)}`;
    if (names.has(name)) continue;
    const addresses = [];
    for (let n = rnd.chance(0.3) ? 2 : 1; addresses.length < n; ) {
      const [prefix] = rnd.weighted(HOSTING, (h) => h[1]);
      const ip = `${prefix[0]}.${prefix[1]}.${rnd.int(0, 255)}.${rnd.int(1, 254)}`;
      if (ips.has(ip) || excluded(ip)) continue;
      ips.add(ip);
      addresses.push(ip);
    }
    names.add(name);
    sites.push(destination(name, addresses, { ttl: rnd.pick([60, 300, 300, 3600]), out: [1500, 0.6], in: [rnd.int(20, 400) * 1000, 1.1] }));
  }
  return sites;
}
