// @ts-check
import { destination, SERVICES } from './destinations.js';
import { PROGRAMS, programHashes } from './programs.js';
import { intervalAt } from './schedule.js';
import { DAY, HOUR, MINUTE } from './time-text.js';

/** @typedef {import('./host-sim.js').HostSim} HostSim */
/** @typedef {import('./types.js').ProcessInstance} ProcessInstance */
/** @typedef {import('./schedule.js').Interval} Interval */
/** @typedef {import('./random.js').Random} Random */

/**
 * The planted incidents: where, when, and what each should be found for.
 * Times are offsets from the week's Monday 00:00 UTC, inside the working
 * hours schedule.js guarantees. Addresses are outside every range the
 * benign traffic uses.
 */
export const PLANTED = {
  beacon: { host: 'WS03', at: DAY + 8 * HOUR + 47 * MINUTE, intervalSeconds: 600, jitter: 0.05, dest: destination('cdn.syncupdate-services.com', ['193.142.58.17'], { ttl: 300 }) },
  exfil: { host: 'WS05', at: 4 * DAY + 15 * HOUR + 30 * MINUTE, uploads: 12, bytesEach: 150_000_000, bytesPerSecond: 5_000_000, dest: SERVICES.dropboxContent },
  rarePort: { host: 'WS07', at: 3 * DAY + 14 * HOUR + 2 * MINUTE, offsetsMinutes: [0, 7, 15, 24, 38], dest: destination(null, ['91.215.85.142'], { port: 4782, service: '-' }) },
  iocIp: { host: 'WS04', at: 2 * DAY + 14 * HOUR + 20 * MINUTE, dest: destination('share-docview.com', ['185.225.74.19']) },
  iocCidr: { host: 'WS02', at: 3 * DAY + 15 * HOUR + 20 * MINUTE, cidr: '45.137.21.0/24', dest: destination('fontcache-cdn.com', ['45.137.21.77']) },
  iocDomain: { host: 'WS01', at: 2 * DAY + 11 * HOUR + 5 * MINUTE, dest: destination('login-m365-verify.com', ['193.233.20.41']) },
  officeMessenger: { host: 'WS06', at: 2 * DAY + 10 * HOUR + 4 * MINUTE, dest: SERVICES.telegramApi },
  masquerade: { host: 'WS06', writtenAfterSeconds: 161, startedAfterSeconds: 10 * 60 + 3, dest: destination('telemetry-sync-cdn.com', ['94.131.106.42']) },
};

/** The networks the benign traffic must stay out of: every planted address, and the whole planted CIDR. */
export function isPlantedAddress(/** @type {string} */ ip) {
  if (ip.startsWith('45.137.21.')) return true;
  return Object.values(PLANTED).some((p) => p.dest.ips.includes(ip) && p.dest !== SERVICES.dropboxContent && p.dest !== SERVICES.telegramApi);
}

/**
 * What planting produced for the manifest: each incident's id with its
 * process, and the time the intel feed dates its indicator from.
 * @typedef {object} Planted
 * @property {string} id
 * @property {string} host
 * @property {ProcessInstance} proc
 * @property {Record<string, unknown>} details
 */

/**
 * Plants every incident into the simulated hosts (after the benign week, so
 * the processes the incidents borrow, a browser, explorer.exe, Outlook, are
 * running).
 * @param {Map<string, HostSim>} sims
 * @param {Map<string, { power: Interval[] }>} schedules
 * @param {number} start  the week's Monday 00:00 UTC
 * @param {number} end
 * @returns {Planted[]}
 */
export function plantIncidents(sims, schedules, start, end) {
  const sim = (/** @type {string} */ name) => /** @type {HostSim} */ (sims.get(name));
  const poweredUntil = (/** @type {string} */ name, /** @type {number} */ t) => {
    const power = intervalAt(/** @type {{ power: Interval[] }} */ (schedules.get(name)).power, t);
    if (!power) throw new Error(`${name} is not on at ${new Date(t).toISOString()}: the schedule no longer fits the planted incidents`);
    return power.to;
  };
  /** @type {Planted[]} */
  const out = [];

  {
    const p = PLANTED.beacon;
    const s = sim(p.host);
    const t0 = start + p.at;
    poweredUntil(p.host, t0);
    const proc = s.start(PROGRAMS.syncHelper, t0, s.proc('explorer', t0));
    for (let t = t0 + 20_000; t < end; t += Math.round(p.intervalSeconds * 1000 * (1 + s.rnd.uniform(-p.jitter, p.jitter)))) {
      s.connect(t, proc, p.dest, { bytesOut: s.rnd.int(310, 420), bytesIn: s.rnd.chance(0.05) ? s.rnd.int(9000, 40_000) : s.rnd.int(1100, 1500), duration: s.rnd.uniform(0.2, 0.6), incident: 'beacon' });
    }
    out.push({ id: 'beacon', host: p.host, proc, details: { intervalSeconds: p.intervalSeconds, jitter: p.jitter } });
  }
  {
    const p = PLANTED.exfil;
    const s = sim(p.host);
    const t0 = start + p.at;
    poweredUntil(p.host, t0);
    const proc = s.start(PROGRAMS.powershell, t0, s.proc('explorer', t0), {
      commandLine: '"{image}" -NoProfile -WindowStyle Hidden -ExecutionPolicy Bypass -File C:\\Users\\{user}\\AppData\\Local\\Temp\\sync-archive.ps1',
    });
    let t = t0 + 9000;
    let total = 0;
    for (let i = 0; i < p.uploads; i++) {
      const bytes = Math.round(p.bytesEach * s.rnd.uniform(0.9, 1.1));
      const duration = bytes / p.bytesPerSecond;
      s.connect(t, proc, p.dest, { bytesOut: bytes, bytesIn: s.rnd.int(4000, 9000), duration, incident: 'exfil' });
      total += bytes;
      t += Math.round(duration * 1000) + s.rnd.int(2000, 8000);
    }
    out.push({ id: 'exfil', host: p.host, proc, details: { uploads: p.uploads, bytesOut: total } });
  }
  {
    const p = PLANTED.rarePort;
    const s = sim(p.host);
    const t0 = start + p.at;
    poweredUntil(p.host, t0);
    const proc = s.start(PROGRAMS.rundll32, t0 - 4000, s.proc('explorer', t0), { commandLine: 'rundll32.exe C:\\Users\\{user}\\AppData\\Local\\Temp\\~wrs8812.tmp,DllRegisterServer' });
    for (const m of p.offsetsMinutes) s.connect(t0 + m * MINUTE + s.rnd.int(0, 20_000), proc, p.dest, { bytesOut: s.rnd.int(2000, 8000), bytesIn: s.rnd.int(20_000, 60_000), duration: s.rnd.uniform(5, 40), incident: 'rare-port' });
    out.push({ id: 'rare-port', host: p.host, proc, details: {} });
  }
  for (const [id, p, browser] of /** @type {const} */ ([
    ['ioc-ip', PLANTED.iocIp, 3],
    ['ioc-domain', PLANTED.iocDomain, 4],
    ['ioc-cidr', PLANTED.iocCidr, 2],
  ])) {
    const s = sim(p.host);
    const t0 = start + p.at;
    poweredUntil(p.host, t0);
    const proc = s.proc(s.host.browser ?? 'edge', t0);
    for (let i = 0; i < browser; i++) s.connect(t0 + i * s.rnd.int(5000, 40_000), proc, p.dest, { incident: id });
    out.push({ id, host: p.host, proc, details: {} });
  }
  out.push(...plantDocumentChain(sim('WS06'), start, end, (t) => poweredUntil('WS06', t), /** @type {{ power: Interval[] }} */ (schedules.get('WS06')).power));
  return out;
}

/**
 * A macro document opened from Outlook: WINWORD.EXE calls Telegram's bot
 * API, writes svch0st.exe into the user's AppData, which explorer.exe
 * starts minutes later and at every logon after (a Run key); svch0st.exe
 * then calls its own server every 20–45 minutes while the host is on.
 * @param {HostSim} s
 * @param {number} start
 * @param {number} end
 * @param {(t: number) => number} poweredUntil
 * @param {Interval[]} power
 * @returns {Planted[]}
 */
function plantDocumentChain(s, start, end, poweredUntil, power) {
  const p = PLANTED.officeMessenger;
  const m = PLANTED.masquerade;
  const t0 = start + p.at;
  poweredUntil(t0);
  const word = s.start(PROGRAMS.winword, t0, s.proc('outlook', t0), {
    commandLine: '"{image}" /n "C:\\Users\\{user}\\AppData\\Local\\Microsoft\\Windows\\INetCache\\Content.Outlook\\Q8ZK2M1D\\Invoice_20261118.docm" /o ""',
  });
  s.connect(t0 + 2100, word, SERVICES.officeClient);
  const apiTimes = [66_000, 96_000, 146_000];
  apiTimes.forEach((dt, i) => s.connect(t0 + dt, word, p.dest, { bytesOut: s.rnd.int(900, 1400), bytesIn: i === 1 ? 486_912 : s.rnd.int(1800, 3600), duration: i === 1 ? 2.4 : 0.4, incident: 'office-messenger' }));
  const written = t0 + m.writtenAfterSeconds * 1000;
  s.writeFile(written, word, PROGRAMS.svch0st.image);

  /** @type {ProcessInstance[]} */
  const runs = [];
  const run = (/** @type {number} */ t) => {
    const proc = s.start(PROGRAMS.svch0st, t, s.proc('explorer', t));
    runs.push(proc);
    const until = Math.min(poweredUntil(t), end);
    for (let c = t + s.rnd.int(20, 90) * 1000; c < until; c += s.rnd.int(20, 45) * MINUTE) {
      s.connect(c, proc, m.dest, { bytesOut: s.rnd.int(600, 2500), bytesIn: s.rnd.int(300, 4000), duration: s.rnd.uniform(0.3, 1.5), incident: 'masquerade' });
    }
  };
  run(t0 + m.startedAfterSeconds * 1000);
  // Each later logon (explorer.exe starting again) runs it from the Run key.
  const logons = s.log.processes.filter((e) => e.host === s.host && e.proc.program.key === 'explorer' && e.ts > t0).map((e) => e.ts);
  for (const t of logons) if (intervalAt(power, t)) run(t + s.rnd.int(25, 60) * 1000);

  const first = /** @type {ProcessInstance} */ (runs[0]);
  const sha256 = programHashes(PROGRAMS.svch0st).sha256;
  return [
    { id: 'office-messenger', host: s.host.name, proc: word, details: {} },
    { id: 'masquerade', host: s.host.name, proc: first, details: { writtenBy: word.image, writtenAt: written, startedBy: PROGRAMS.explorer.image, starts: runs.length, looksLike: 'svchost.exe' } },
    { id: 'hash-ioc', host: s.host.name, proc: first, details: { sha256 } },
  ];
}
