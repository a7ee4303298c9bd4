// @ts-check
import { PUBLIC_RESOLVERS } from './destinations.js';

/** @typedef {import('./types.js').Host} Host */

export const DOMAIN = 'NORTHWIND';
export const SERVER_IP = '10.20.0.10';
/** The planted incidents need these eight workstations (see incidents.js); more may be added. */
export const MIN_WORKSTATIONS = 8;

/**
 * The first eight workstations and what sets each apart. The incidents rely on
 * some of these traits: WS03 is left on (its beacon runs day and night), WS07
 * and WS08 are laptops set to public resolvers, WS02 syncs Dropbox and WS08
 * runs Telegram (so cloud storage and the messenger are normal for some
 * process), WS05's user runs PowerShell against the server.
 */
const FIRST = [
  { user: 'aturner', browser: 'chrome', extras: [] },
  { user: 'bnguyen', browser: 'edge', extras: ['dropbox'] },
  { user: 'cfischer', browser: 'edge', extras: [], leftOn: true },
  { user: 'dokafor', browser: 'edge', extras: [] },
  { user: 'epatel', browser: 'chrome', extras: ['adminShell'] },
  { user: 'kmeyer', browser: 'chrome', extras: [] },
  { user: 'lrossi', browser: 'edge', extras: [], publicDns: true },
  { user: 'msato', browser: 'chrome', extras: ['telegram'], publicDns: true, weekendUse: true },
];

/**
 * The organisation: `workstations` Windows workstations WS01… on
 * 10.20.1.0/24 and one server, SRV01, at 10.20.0.10 (domain controller and
 * DNS server forwarding to the public resolvers; its Sysmon config leaves out
 * dns.exe's network events, as many do, so the sensor alone sees those).
 * @param {number} workstations
 * @returns {Host[]}
 */
export function organisation(workstations) {
  if (!Number.isInteger(workstations) || workstations < MIN_WORKSTATIONS || workstations > 200) {
    throw new Error(`workstations: ${workstations} is not a whole number from ${MIN_WORKSTATIONS} (the planted incidents need WS01–WS08) to 200`);
  }
  /** @type {Host[]} */
  const hosts = [];
  for (let i = 0; i < workstations; i++) {
    const t = FIRST[i] ?? { user: `user${String(i + 1).padStart(3, '0')}`, browser: i % 2 === 0 ? 'edge' : 'chrome', extras: [] };
    const publicDns = 'publicDns' in t && t.publicDns === true;
    hosts.push({
      name: `WS${String(i + 1).padStart(2, '0')}`,
      ip: `10.20.1.${11 + i}`,
      role: 'workstation',
      user: t.user,
      domain: DOMAIN,
      machineId: machineId(i + 1),
      resolver: publicDns ? /** @type {string} */ (PUBLIC_RESOLVERS[i % 2]) : SERVER_IP,
      browser: t.browser === 'edge' ? 'edge' : 'chrome',
      extras: t.extras,
      leftOn: 'leftOn' in t && t.leftOn === true,
      weekendUse: 'weekendUse' in t && t.weekendUse === true,
      sysmonExcludes: [],
    });
  }
  hosts.push({
    name: 'SRV01',
    ip: SERVER_IP,
    role: 'server',
    user: '',
    domain: DOMAIN,
    machineId: machineId(0),
    resolver: SERVER_IP,
    browser: null,
    extras: [],
    leftOn: true,
    weekendUse: false,
    sysmonExcludes: ['C:\\Windows\\System32\\dns.exe'],
  });
  return hosts;
}

/** The first group of a host's Sysmon process GUIDs (derived from its machine GUID in real logs). */
function machineId(/** @type {number} */ n) {
  return (0x4e57_0000 + n * 0x1f3).toString(16).padStart(8, '0');
}
