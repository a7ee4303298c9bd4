// @ts-check
import fs from 'node:fs';
import path from 'node:path';
import { destination } from './destinations.js';
import { FileSink } from './file-sink.js';
import { HostSim } from './host-sim.js';
import { PROGRAMS } from './programs.js';
import { Random } from './random.js';
import { destinationPool, minuteWeights, periodicTimes, planBeacons, scaleHosts } from './scale-population.js';
import { networkConnect, processCreate } from './sysmon-writer.js';
import { DAY, HOUR, MINUTE, isoTime, parseStart } from './time-text.js';
import { connRow, zeekClose, zeekHeader, zeekUid } from './zeek-writer.js';

/** @typedef {import('./types.js').Host} Host */
/** @typedef {import('./types.js').Connection} Connection */
/** @typedef {import('./types.js').ProcessInstance} ProcessInstance */
/** @typedef {import('./types.js').Destination} Destination */

export const SCALE_GENERATOR_VERSION = 1;

/** The scale case's options and their defaults. */
export const SCALE_DEFAULTS = {
  seed: 1,
  /** Connections in total: background, heartbeats and beacons. */
  connections: 1_000_000,
  /** Hosts; 0 means one per 3,000 connections, from 10 to 300. */
  hosts: 0,
  /** Planted beacons, each on its own host, process and destination. */
  beacons: 5,
  /** Public destinations of the background traffic (popularity falls off as a power law). */
  destinations: 20_000,
  /** Also write the endpoints' Sysmon (one collector export) beside Zeek's conn.log. */
  sysmon: false,
  start: '2026-11-16T00:00:00Z',
};

const HEARTBEAT = destination('mgmt.northwind-it.com', ['20.50.73.9'], { out: [920, 0.05], in: [410, 0.05], dur: [0.21, 0.2] });
/** Background programs of every host, with their share of its connections. */
const BACKGROUND = /** @type {[string, number][]} */ ([['edge', 40], ['chrome', 20], ['outlook', 12], ['teams', 10], ['onedrive', 6], ['svchostSys', 8], ['defender', 4]]);

/**
 * A large case for the analysis benchmark, written as it is generated (a
 * million connections never sit in memory): a week of connections from
 * many hosts to a power-law population of public destinations with a
 * working-hours rhythm, a heartbeat every host has (about a tenth of the
 * connections), and `beacons` planted beacons. Zeek's conn.log, and with
 * `sysmon` the endpoints' Sysmon events for the same connections (so the
 * join pairs them). The same options give the same bytes.
 * @param {string} out
 * @param {Partial<typeof SCALE_DEFAULTS>} [options]
 */
export function generateScale(out, options = {}) {
  const o = { ...SCALE_DEFAULTS, ...options };
  const check = (/** @type {string} */ name, /** @type {number} */ v, /** @type {number} */ min, /** @type {number} */ max) => {
    if (!Number.isSafeInteger(v) || v < min || v > max) throw new Error(`${name}: ${v} is not a whole number from ${min} to ${max}`);
  };
  check('seed', o.seed, 0, Number.MAX_SAFE_INTEGER);
  check('connections', o.connections, 1000, 100_000_000);
  check('beacons', o.beacons, 0, 100);
  check('destinations', o.destinations, 10, 1_000_000);
  const hostCount = o.hosts === 0 ? Math.min(300, Math.max(10, Math.round(o.connections / 3000))) : o.hosts;
  check('hosts', hostCount, Math.max(2, o.beacons), 60_000);
  const start = parseStart(o.start, 'start');
  const end = start + 7 * DAY;

  const rnd = Random.for(o.seed, 'scale');
  const hosts = scaleHosts(hostCount);
  const heartbeatMs = Math.max(60_000, Math.round((hostCount * 7 * DAY) / (0.1 * o.connections) / 1000) * 1000);
  const beacons = planBeacons(rnd, hosts, o.beacons, start);

  // Periodic connections first (their times are known in advance), so the background fills the rest exactly.
  const timing = Random.for(o.seed, 'scale-periodic');
  const periodicPlan = [
    ...hosts.map((h) => ({ host: h, dest: HEARTBEAT, id: /** @type {string | null} */ (null), period: heartbeatMs, jitter: 0.002, times: periodicTimes(timing, start + timing.int(0, heartbeatMs - 1), end, heartbeatMs, 0.002) })),
    ...beacons.map((b) => ({ host: b.host, dest: b.dest, id: /** @type {string | null} */ (b.id), period: b.periodSeconds * 1000, jitter: b.jitter, times: periodicTimes(timing, b.from, end, b.periodSeconds * 1000, b.jitter) })),
  ];
  const periodicCount = periodicPlan.reduce((n, p) => n + p.times.length, 0);
  const background = o.connections - periodicCount;
  if (background < 0) throw new Error(`connections: ${o.connections} is fewer than the heartbeats and beacons alone make (${periodicCount}); ask for more connections or fewer beacons`);

  fs.mkdirSync(out, { recursive: true });
  const conn = new FileSink(out, 'zeek/conn.log');
  conn.write(zeekHeader('conn', start));
  const sysmon = o.sysmon ? new FileSink(out, 'sysmon/collector.json') : null;
  const world = buildWorld(o.seed, hosts, beacons, start, sysmon);
  const periodic = periodicPlan.map((p) => ({ ...p, proc: (p.id === null ? world.agents.get(p.host.name) : world.beaconProcs.get(p.id)) ?? null, next: 0 }));

  const pool = destinationPool(rnd, o.destinations);
  const slots = minuteWeights(start, end);
  const uid = Random.for(o.seed, 'scale-uid');
  const emit = (/** @type {Connection} */ c) => {
    c.uid = zeekUid(() => uid.next());
    c.srcPort = /** @type {HostSim} */ (world.sims.get(c.host.name)).nextPort();
    conn.write(`${connRow(c, c.host.ip)}\n`);
    world.startsUpTo(c.ts);
    if (sysmon && c.proc) sysmon.write(`${networkConnect(c.host, c.proc, c, c.ts + 1 + (c.srcPort % 700))}\n`);
  };
  let written = 0;
  const total = slots.reduce((n, w) => n + w, 0);
  let cumulative = 0;
  for (let m = 0; m < slots.length; m++) {
    const slotStart = start + m * MINUTE;
    const before = Math.floor((cumulative * background) / total);
    cumulative += /** @type {number} */ (slots[m]);
    const n = (m === slots.length - 1 ? background : Math.floor((cumulative * background) / total)) - before;
    /** @type {Connection[]} */
    const batch = [];
    for (let i = 0; i < n; i++) batch.push(backgroundConnection(rnd, world, pool, slotStart + rnd.int(0, MINUTE - 1)));
    for (const p of periodic) {
      for (let t = p.times[p.next]; t !== undefined && t < slotStart + MINUTE; t = p.times[++p.next]) batch.push(world.connection(p.host, p.proc, p.dest, t, p.id));
    }
    batch.sort((a, b) => a.ts - b.ts);
    for (const c of batch) emit(c);
    written += batch.length;
  }
  conn.write(zeekClose(end + HOUR));
  const files = [...(sysmon ? [sysmon.close()] : []), conn.close()];

  const manifest = {
    generator: 'sightline synthetic case (test/synthetic)',
    version: SCALE_GENERATOR_VERSION,
    mode: 'scale',
    options: { ...o, hosts: hostCount },
    period: { start: isoTime(start), end: isoTime(end) },
    files,
    counts: { connections: written, background, heartbeats: periodic.filter((p) => p.id === null).reduce((n, p) => n + p.times.length, 0), processes: world.processes },
    keywordRule: 'case-insensitive substrings of a finding’s explanations; every keyword of an incident is required',
    incidents: periodic.filter((p) => p.id !== null).map((p) => ({
      id: p.id,
      kind: 'beacon',
      title: `A beacon every ~${p.period / 1000} s (±${Math.round(p.jitter * 100)} %).`,
      host: p.host.name,
      hostIp: p.host.ip,
      process: p.proc ? { image: p.proc.image, processGuid: p.proc.guid } : null,
      destination: { ip: p.dest.ips[0], port: p.dest.port, proto: p.dest.proto, hostname: null },
      timeRange: { first: isoTime(/** @type {number} */ (p.times[0])), last: isoTime(/** @type {number} */ (p.times.at(-1))) },
      connections: p.times.length,
      expect: { kinds: ['beacon'], keywords: [`${p.period / 1000} s`] },
      details: { intervalSeconds: p.period / 1000, jitter: p.jitter },
    })),
    decoys: [{ id: 'heartbeat', kind: 'heartbeat', why: 'every host’s agent calls one server on a fixed period', mustNotRank: true, hosts: hostCount, destination: { ip: HEARTBEAT.ips[0], port: HEARTBEAT.port, proto: 'tcp', hostname: null }, intervalSeconds: heartbeatMs / 1000 }],
  };
  fs.writeFileSync(path.join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

/**
 * The simulated hosts (for ports and, with Sysmon, processes): every host
 * runs the background programs and the agent, started just before the
 * week; a beacon host also runs its beacon from a folder in AppData.
 * @param {number} seed
 * @param {Host[]} hosts
 * @param {ReturnType<typeof planBeacons>} beacons
 * @param {number} start
 * @param {FileSink | null} sysmon
 */
function buildWorld(seed, hosts, beacons, start, sysmon) {
  /** @type {import('./types.js').EventLog} */
  const log = { connections: [], lookups: [], processes: [], files: [] };
  const sims = new Map();
  const agents = new Map();
  const beaconProcs = new Map();
  /** @type {Map<string, { weight: number, proc: ProcessInstance }[]>} */
  const programs = new Map();
  for (const h of hosts) {
    const sim = new HostSim(h, Random.for(seed, `scale-host:${h.name}`), log);
    sims.set(h.name, sim);
    if (!sysmon) continue;
    const t = start - HOUR + sim.rnd.int(0, 50 * MINUTE);
    sim.newLogon(t);
    const services = sim.proc('services', t);
    agents.set(h.name, sim.start(PROGRAMS.agent, t + 1000, services));
    const explorer = sim.start(PROGRAMS.explorer, t + 60_000, null);
    programs.set(h.name, BACKGROUND.map(([key, weight], i) => ({ weight, proc: sim.start(PROGRAMS[/** @type {keyof PROGRAMS} */ (key)], t + 70_000 + i * 5000, key.startsWith('svchost') || key === 'defender' ? services : explorer) })));
  }
  if (sysmon) {
    for (const b of beacons) {
      const sim = /** @type {HostSim} */ (sims.get(b.host.name));
      beaconProcs.set(b.id, sim.start({ ...PROGRAMS.syncHelper, key: b.id, image: `C:\\Users\\{user}\\AppData\\Roaming\\${b.id}\\${b.id}.exe`, hashSeed: b.id }, b.from - 30_000, sim.proc('explorer', b.from)));
    }
  }
  const starts = log.processes.sort((a, b) => a.ts - b.ts);
  let nextStart = 0;
  return {
    hosts,
    sims,
    agents,
    beaconProcs,
    programs,
    processes: log.processes.length,
    /** Writes the process starts (Sysmon event 1) logged up to `ts`, keeping the export in time order. */
    startsUpTo(/** @type {number} */ ts) {
      for (let e = starts[nextStart]; sysmon && e !== undefined && e.ts <= ts; e = starts[++nextStart]) sysmon.write(`${processCreate(e.host, e.proc, e.ts + 200)}\n`);
    },
    /**
     * @param {Host} host
     * @param {ProcessInstance | null} proc
     * @param {Destination} dest
     * @param {number} ts
     * @param {string | null} incident
     * @returns {Connection}
     */
    connection(host, proc, dest, ts, incident) {
      const r = /** @type {HostSim} */ (sims.get(host.name)).rnd;
      return {
        ts, host, proc, proto: dest.proto, srcPort: 0, dstIp: /** @type {string} */ (dest.ips[0]), dstPort: dest.port, dstName: null, service: dest.service,
        bytesOut: Math.round(r.logNormal(dest.out[0], dest.out[1])), bytesIn: Math.round(r.logNormal(dest.in[0], dest.in[1])), duration: r.logNormal(dest.dur[0], dest.dur[1]),
        sensorDelayUs: -r.int(400, 25_000), uid: '', incident,
      };
    },
  };
}

/** One background connection: a host (busier ones more often), one of its programs, a destination by popularity. */
function backgroundConnection(/** @type {Random} */ rnd, /** @type {ReturnType<typeof buildWorld>} */ world, /** @type {ReturnType<typeof destinationPool>} */ pool, /** @type {number} */ ts) {
  const host = /** @type {Host} */ (world.hosts[Math.floor(world.hosts.length * rnd.next() ** 1.6)]);
  const procs = world.programs.get(host.name);
  const proc = procs ? rnd.weighted(procs, (p) => p.weight).proc : null;
  return world.connection(host, proc, pool.pick(rnd), ts, null);
}

