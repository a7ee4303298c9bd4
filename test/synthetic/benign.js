// @ts-check
import { BROWSER_SERVICES, destination, POPULAR_SITES, SERVICES } from './destinations.js';
import { SERVER_IP } from './organisation.js';
import { PROGRAMS } from './programs.js';
import { poissonTimes, userActivity } from './schedule.js';
import { DAY, HOUR, MINUTE } from './time-text.js';

/** @typedef {import('./host-sim.js').HostSim} HostSim */
/** @typedef {import('./types.js').Destination} Destination */
/** @typedef {import('./types.js').ProcessInstance} ProcessInstance */
/** @typedef {import('./schedule.js').Interval} Interval */

/**
 * How often each benign activity happens: mean gaps while a user is present
 * (thinned by the hour of day) or while the host is on. Documented here so a
 * busier or quieter case is one edit away.
 */
export const BENIGN_SETTINGS = {
  /** The management agent's heartbeat: every host, every 60 s, a quarter-second of jitter. */
  heartbeatMs: 60_000,
  heartbeatJitterMs: 250,
  browserVisitGapMs: 6 * MINUTE,
  browserServiceGapMs: 45 * MINUTE,
  /** Share of browser visits to the long tail of ordinary sites (the rest go to popular ones). */
  longTailShare: 0.3,
  outlookGapMs: 10 * MINUTE,
  loginGapMs: 90 * MINUTE,
  teamsGapMs: 10 * MINUTE,
  oneDriveGapMs: 30 * MINUTE,
  officeDocumentGapMs: 150 * MINUTE,
  downloadGapMs: 4 * HOUR,
  dropboxPollGapMs: 10 * MINUTE,
  dropboxUploadGapMs: 60 * MINUTE,
  telegramGapMs: 12 * MINUTE,
  defenderCloudGapMs: 50 * MINUTE,
  defenderUpdateGapMs: 8 * HOUR,
  telemetryGapMs: 45 * MINUTE,
  updateCheckGapMs: 4 * HOUR,
  timeSyncGapMs: 8 * HOUR,
  policyRefreshGapMs: 90 * MINUTE,
};

const internal = (/** @type {number} */ port, /** @type {'tcp' | 'udp'} */ proto, /** @type {string} */ service, /** @type {[number, number]} */ out, /** @type {[number, number]} */ inb) =>
  destination(null, [SERVER_IP], { port, proto, service, out, in: inb, dur: [0.05, 0.8] });
const KERBEROS = internal(88, 'tcp', 'krb_tcp', [1650, 0.2], [1700, 0.2]);
const LDAP = internal(389, 'tcp', '-', [3300, 0.3], [3600, 0.4]);
const SMB = internal(445, 'tcp', 'smb', [5200, 0.8], [31_000, 1.2]);
const WINRM = internal(5985, 'tcp', 'http', [2600, 0.5], [5400, 0.7]);
const CDN_PARTS = [SERVICES.login, ...POPULAR_SITES.filter(([, d]) => /gstatic|cdnjs|ajax|fonts/.test(d.name ?? '')).map(([, d]) => d)];

/**
 * A host's benign week: boots, logons, the background every Windows host
 * makes (agent heartbeat, Defender, telemetry, Windows Update, time,
 * policy refresh) while it is on, and its user's traffic (browser, Outlook,
 * Teams, OneDrive, Office, the host's extras) while they are at it.
 * @param {HostSim} sim
 * @param {{ power: Interval[], presence: Interval[] }} schedule
 * @param {{ start: number, sites: Destination[] }} week
 */
export function simulateBenign(sim, schedule, week) {
  for (const power of schedule.power) {
    boot(sim, power.from, power.from <= week.start);
    background(sim, power, week.start);
    const present = schedule.presence.filter((p) => p.from >= power.from && p.to <= power.to);
    const first = present[0];
    if (first !== undefined) logon(sim, first.from);
    for (const p of present) interactive(sim, p, week.sites);
  }
}

/** Windows starting: services before Sysmon's log is read are silent, the rest are logged. */
function boot(/** @type {HostSim} */ sim, /** @type {number} */ t, /** @type {boolean} */ beforeLogs) {
  sim.session = 0;
  for (const key of ['system', 'winlogon', 'services', 'lsass']) sim.start(PROGRAMS[/** @type {keyof PROGRAMS} */ (key)], t, null, { silent: true });
  const services = sim.proc('services', t);
  let at = t + 4000;
  const keys = ['svchostNet', 'svchostSys', 'svchostLocal', 'defender', 'agent', ...(sim.host.role === 'server' ? ['dnsServer'] : [])];
  for (const key of keys) sim.start(PROGRAMS[/** @type {keyof PROGRAMS} */ (key)], (at += sim.rnd.int(300, 2500)), services, { silent: beforeLogs });
  if (!beforeLogs) sim.connect(t + 30_000, sim.proc('svchostNet', t + 30_000), SERVICES.ncsi);
}

/** What a host does on its own while it is on. */
function background(/** @type {HostSim} */ sim, /** @type {Interval} */ power, /** @type {number} */ weekStart) {
  const s = BENIGN_SETTINGS;
  const rnd = sim.rnd;
  const first = power.from + 25_000 + rnd.int(0, 30_000);
  const agent = sim.proc('agent', first);
  for (let t = first; t < power.to; t += s.heartbeatMs + Math.round(rnd.normal(0, s.heartbeatJitterMs))) sim.connect(t, agent, SERVICES.mgmt);
  const every = (/** @type {number} */ gap, /** @type {(t: number) => void} */ fn) => poissonTimes(rnd, power.from + MINUTE, power.to, gap).forEach(fn);
  every(s.defenderCloudGapMs, (t) => sim.connect(t, sim.proc('defender', t), SERVICES.defenderCloud));
  every(s.defenderUpdateGapMs, (t) => sim.connect(t, sim.proc('defender', t), SERVICES.defenderUpdates));
  every(s.telemetryGapMs, (t) => sim.connect(t, sim.proc('svchostSys', t), SERVICES.telemetry));
  every(s.updateCheckGapMs, (t) => {
    const wu = sim.proc('svchostSys', t);
    sim.connect(t, wu, SERVICES.winSettings);
    sim.connect(t + 1200, wu, SERVICES.wuCheck);
    sim.connect(t + 2500, wu, SERVICES.ctl);
  });
  every(s.timeSyncGapMs, (t) => sim.connect(t, sim.proc('svchostLocal', t), SERVICES.timeWindows));
  if (sim.host.role === 'workstation') {
    every(s.policyRefreshGapMs, (t) => {
      sim.connect(t, sim.proc('svchostSys', t), LDAP);
      sim.connect(t + 300, sim.proc('system', t), SMB);
    });
  }
  // The month's cumulative update lands on the week's second day: large downloads, inbound.
  const updateDay = weekStart + DAY + (sim.host.role === 'server' ? 3 * HOUR : 0);
  const at = Math.max(updateDay, power.from + 50 * MINUTE);
  if (at < power.to && at < updateDay + DAY) {
    const wu = sim.proc('svchostSys', at);
    for (let i = 0; i < 3; i++) sim.connect(at + i * 4000, wu, SERVICES.wuDownload);
  }
}

/** A user logging on: userinit, explorer, Kerberos to the DC, then the programs that start with the session. */
function logon(/** @type {HostSim} */ sim, /** @type {number} */ t) {
  sim.newLogon(t);
  const rnd = sim.rnd;
  const userinit = sim.start(PROGRAMS.userinit, t, sim.proc('winlogon', t));
  const explorer = sim.start(PROGRAMS.explorer, t + rnd.int(1500, 4000), userinit);
  for (let i = 0; i < 2; i++) sim.connect(t + 800 + i * 150, sim.proc('lsass', t), KERBEROS);
  let at = explorer.start + 15_000;
  const apps = [sim.host.browser ?? 'edge', 'outlook', 'teams', 'onedrive', ...sim.host.extras.filter((k) => k !== 'adminShell')];
  for (const key of apps) sim.start(PROGRAMS[/** @type {keyof PROGRAMS} */ (key)], (at += rnd.int(2000, 20_000)), explorer);
}

/** A user at the machine: browsing, mail, chat, documents, the host's extras. */
function interactive(/** @type {HostSim} */ sim, /** @type {Interval} */ p, /** @type {Destination[]} */ sites) {
  const s = BENIGN_SETTINGS;
  const rnd = sim.rnd;
  // After the programs of the logon have started.
  const from = p.from + 3 * MINUTE;
  const busy = (/** @type {number} */ gap, /** @type {(t: number) => void} */ fn) => poissonTimes(rnd, from, p.to, gap, userActivity).forEach(fn);
  const browserKey = sim.host.browser ?? 'edge';
  const browser = (/** @type {number} */ t) => sim.proc(browserKey, t);

  busy(s.browserVisitGapMs, (t) => {
    const site = rnd.chance(s.longTailShare) ? rnd.pick(sites) : rnd.weighted(POPULAR_SITES, (x) => x[0])[1];
    const b = browser(t);
    for (let i = 0, n = rnd.int(1, 3); i < n; i++) sim.connect(t + i * rnd.int(50, 4000), b, site);
    if (rnd.chance(0.5)) sim.connect(t + rnd.int(200, 3000), b, rnd.pick(CDN_PARTS));
  });
  busy(s.browserServiceGapMs, (t) => sim.connect(t, browser(t), rnd.pick(BROWSER_SERVICES[browserKey === 'chrome' ? 'chrome' : 'edge'])));
  busy(s.downloadGapMs, (t) => sim.writeFile(t, browser(t), `C:\\Users\\{user}\\Downloads\\${rnd.pick(['invoice', 'report', 'minutes', 'slides', 'brochure'])}-${rnd.int(100, 999)}.pdf`));
  busy(s.outlookGapMs, (t) => sim.connect(t, sim.proc('outlook', t), SERVICES.outlook));
  busy(s.loginGapMs, (t) => sim.connect(t, sim.proc('outlook', t), SERVICES.login));
  busy(s.teamsGapMs, (t) => sim.connect(t, sim.proc('teams', t), SERVICES.teams));
  busy(s.oneDriveGapMs, (t) => sim.connect(t, sim.proc('onedrive', t), SERVICES.sharepoint));
  busy(s.officeDocumentGapMs, (t) => openDocument(sim, t));
  if (sim.host.extras.includes('dropbox')) {
    busy(s.dropboxPollGapMs, (t) => sim.connect(t, sim.proc('dropbox', t), SERVICES.dropboxClient));
    busy(s.dropboxUploadGapMs, (t) => sim.connect(t, sim.proc('dropbox', t), SERVICES.dropboxContent));
  }
  if (sim.host.extras.includes('telegram')) busy(s.telegramGapMs, (t) => sim.connect(t, sim.proc('telegram', t), SERVICES.telegramDc));
  if (sim.host.extras.includes('adminShell') && (p.from % DAY) < 12 * HOUR) adminSession(sim, from + rnd.int(10, 50) * MINUTE);
}

/** Word or Excel opened from Explorer or from a mail: Office's configuration calls and its lock file. */
export function openDocument(/** @type {HostSim} */ sim, /** @type {number} */ t, /** @type {'winword' | 'excel' | undefined} */ which = undefined) {
  const rnd = sim.rnd;
  const key = which ?? (rnd.chance(0.6) ? 'winword' : 'excel');
  const parent = rnd.chance(0.3) ? sim.proc('outlook', t) : sim.proc('explorer', t);
  const name = `${rnd.pick(['Budget', 'Report', 'Minutes', 'Proposal', 'Plan'])} ${rnd.int(2020, 2026)}-${rnd.int(10, 99)}`;
  const ext = key === 'winword' ? 'docx' : 'xlsx';
  const doc = `C:\\Users\\{user}\\Documents\\${name}.${ext}`;
  const proc = sim.start(PROGRAMS[key], t, parent, { commandLine: `"{image}" "${doc}"` });
  sim.writeFile(t + rnd.int(500, 2000), proc, `C:\\Users\\{user}\\Documents\\~$${name.slice(2)}.${ext}`);
  sim.connect(t + rnd.int(1000, 3000), proc, SERVICES.officeClient);
  sim.connect(t + rnd.int(3000, 6000), proc, SERVICES.nexus);
  return proc;
}

/** WS05's user managing the server over WinRM (and, on Monday, fetching a module). */
function adminSession(/** @type {HostSim} */ sim, /** @type {number} */ t) {
  const rnd = sim.rnd;
  const shell = sim.start(PROGRAMS.powershell, t, sim.proc('explorer', t));
  for (let i = 0, n = rnd.int(3, 6); i < n; i++) sim.connect(t + rnd.int(5, 600) * 1000, shell, WINRM);
  if (new Date(t).getUTCDay() === 1) sim.connect(t + rnd.int(60, 300) * 1000, shell, SERVICES.psGallery);
}
