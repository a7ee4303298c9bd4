// @ts-check
import { accountOf, imageOf, PROGRAMS } from './programs.js';
import { PUBLIC_RESOLVERS } from './destinations.js';

/** @typedef {import('./types.js').Host} Host */
/** @typedef {import('./types.js').Program} Program */
/** @typedef {import('./types.js').ProcessInstance} ProcessInstance */
/** @typedef {import('./types.js').Destination} Destination */
/** @typedef {import('./types.js').Connection} Connection */
/** @typedef {import('./types.js').EventLog} EventLog */
/** @typedef {import('./random.js').Random} Random */

const EPHEMERAL_FIRST = 49152;
const EPHEMERAL_LAST = 65535;

/**
 * One host while the week is simulated: its processes (GUIDs, pids), its
 * source ports, its DNS cache, and the events it writes to the shared log.
 * The DNS server (`forwarder`) is the server's simulation, which answers
 * the workstations that use it and forwards what it has not cached.
 */
export class HostSim {
  /**
   * @param {Host} host
   * @param {Random} rnd
   * @param {EventLog} log
   */
  constructor(host, rnd, log) {
    this.host = host;
    this.rnd = rnd;
    this.log = log;
    /** @type {HostSim | null} */
    this.forwarder = null;
    this.port = EPHEMERAL_FIRST + rnd.int(0, 4000);
    this.pid = 400 + 4 * rnd.int(0, 200);
    this.guidCounter = rnd.int(0x100, 0x900);
    /** The host's clock against the sensor's, in µs (NTP keeps it within a few hundred ms). */
    this.clockOffsetUs = rnd.int(-150_000, 150_000);
    /** @type {Map<string, number>} name → when its cached answer expires */
    this.cache = new Map();
    /** @type {Map<string, ProcessInstance[]>} every instance of each program key, by start time */
    this.history = new Map();
    this.session = 0;
    this.logon = { guid: '', id: '' };
    this.forwardTurn = 0;
    /** @type {{ ts: number, proc: ProcessInstance, dest: Destination }[]} connections by name, looked up once all are known */
    this.named = [];
  }

  /**
   * Starts a program. Sysmon logs the start (event 1) unless `silent`: a
   * process started before the logs begin.
   * @param {Program} program
   * @param {number} ts
   * @param {ProcessInstance | null} parent
   * @param {{ silent?: boolean, commandLine?: string }} [options]
   * @returns {ProcessInstance}
   */
  start(program, ts, parent, options = {}) {
    const image = imageOf(program, this.host.user);
    const interactive = program.account === 'user';
    /** @type {ProcessInstance} */
    const proc = {
      program,
      image,
      guid: this.nextGuid(ts),
      pid: this.nextPid(),
      start: ts,
      user: accountOf(program, this.host.domain, this.host.user),
      commandLine: (options.commandLine ?? program.commandLine).replaceAll('{image}', image).replaceAll('{user}', this.host.user),
      parent,
      logonGuid: interactive ? this.logon.guid : `{${this.host.machineId}-0000-0000-e703-000000000000}`,
      logonId: interactive ? this.logon.id : '0x3e7',
      session: interactive ? this.session : 0,
    };
    const list = this.history.get(program.key) ?? [];
    this.history.set(program.key, list);
    let i = list.length;
    while (i > 0 && /** @type {ProcessInstance} */ (list[i - 1]).start > ts) i--;
    list.splice(i, 0, proc);
    if (!options.silent) this.log.processes.push({ ts, host: this.host, proc });
    return proc;
  }

  /** The instance of a program running at `ts`: the last one started by then (one started silently, as before the logs, if none was). */
  proc(/** @type {string} */ key, /** @type {number} */ ts) {
    const list = this.history.get(key) ?? [];
    for (let i = list.length - 1; i >= 0; i--) {
      const p = /** @type {ProcessInstance} */ (list[i]);
      if (p.start <= ts) return p;
    }
    const program = /** @type {Record<string, Program>} */ (PROGRAMS)[key];
    if (!program) throw new Error(`no program "${key}"`);
    return this.start(program, ts, null, { silent: true });
  }

  /** A new interactive logon: the LogonGuid and LogonId of the processes the user starts. */
  newLogon(/** @type {number} */ ts) {
    this.session = 1;
    const seconds = Math.floor(ts / 1000);
    this.logon = { guid: `{${this.host.machineId}-${hex4(seconds)}-${hex4(seconds >>> 16)}-${this.rnd.hex(4)}-${this.rnd.hex(4)}00000000}`, id: `0x${this.rnd.int(0x20000, 0xfffff).toString(16)}` };
  }

  /**
   * A connection by `proc` to `dest` at `ts`. Fields in `o` override the
   * destination's usual sizes. Its DNS lookup is made later, by
   * resolveAll(), once every connection of the week is known: the caches
   * must see them in time order.
   * @param {number} ts
   * @param {ProcessInstance} proc
   * @param {Destination} dest
   * @param {{ ip?: string, bytesOut?: number, bytesIn?: number, duration?: number, incident?: string | null }} [o]
   * @returns {Connection}
   */
  connect(ts, proc, dest, o = {}) {
    if (dest.name !== null) this.named.push({ ts, proc, dest });
    const rnd = this.rnd;
    return this.raw(ts, proc, dest.proto, o.ip ?? rnd.pick(dest.ips), dest.port, dest.name, dest.service, {
      bytesOut: o.bytesOut ?? Math.round(rnd.logNormal(dest.out[0], dest.out[1])),
      bytesIn: o.bytesIn ?? Math.round(rnd.logNormal(dest.in[0], dest.in[1])),
      duration: o.duration ?? rnd.logNormal(dest.dur[0], dest.dur[1]),
      incident: o.incident ?? null,
    });
  }

  /**
   * @param {number} ts
   * @param {ProcessInstance} proc
   * @param {'tcp' | 'udp'} proto
   * @param {string} dstIp
   * @param {number} dstPort
   * @param {string | null} dstName
   * @param {string} service
   * @param {{ bytesOut: number, bytesIn: number, duration: number, incident: string | null }} size
   * @returns {Connection}
   */
  raw(ts, proc, proto, dstIp, dstPort, dstName, service, size) {
    /** @type {Connection} */
    const conn = {
      ts,
      host: this.host,
      proc,
      proto,
      // Given in time order once the week is known (assignPorts).
      srcPort: 0,
      dstIp,
      dstPort,
      dstName,
      service,
      ...size,
      // Sysmon logs the connection a little after its first packet.
      sensorDelayUs: this.clockOffsetUs - this.rnd.int(400, 25_000),
      uid: '',
    };
    this.log.connections.push(conn);
    return conn;
  }

  /**
   * The lookup of `dest.name` before a connection at `ts`, unless the host's
   * cache still holds it. The server answers its own processes from its DNS
   * server's cache; a workstation sends the query over UDP (svchost.exe, the
   * DNS client service) to its resolver.
   * @param {number} ts
   * @param {ProcessInstance} proc
   * @param {Destination} dest
   */
  resolve(ts, proc, dest) {
    const name = /** @type {string} */ (dest.name);
    if ((this.cache.get(name) ?? -Infinity) > ts) return;
    this.cache.set(name, ts + dest.ttl * 1000);
    if (this.host.role === 'server') {
      this.forward(ts - 40, dest);
      return;
    }
    // The answer arrives before the connection starts; a forwarded query takes the upstream's time too.
    const at = ts - this.rnd.int(35, 60);
    const viaServer = this.forwarder !== null && this.host.resolver === this.forwarder.host.ip;
    const upstream = viaServer ? /** @type {HostSim} */ (this.forwarder).forward(at + 1, dest) : this.rnd.uniform(0.008, 0.03);
    const rtt = upstream > 0 ? upstream + this.rnd.uniform(0.001, 0.003) : this.rnd.uniform(0.0003, 0.002);
    this.lookup(at, proc, this.host.resolver, dest, rtt);
  }

  /**
   * The DNS server's side: on a cache miss, dns.exe asks one of the public
   * resolvers (taking turns). Returns how long the upstream took, 0 when the
   * answer was cached.
   * @param {number} ts
   * @param {Destination} dest
   */
  forward(ts, dest) {
    const name = /** @type {string} */ (dest.name);
    const key = `fwd:${name}`;
    if ((this.cache.get(key) ?? -Infinity) > ts) return 0;
    this.cache.set(key, ts + dest.ttl * 1000);
    const upstream = /** @type {string} */ (PUBLIC_RESOLVERS[this.forwardTurn++ % PUBLIC_RESOLVERS.length]);
    const rtt = this.rnd.uniform(0.008, 0.03);
    this.lookup(ts, null, upstream, dest, rtt);
    return rtt;
  }

  /**
   * One DNS exchange over UDP from this host: the connection both sides log
   * (svchost.exe or dns.exe) and the lookup (Sysmon event 22 when `asker`
   * is a process; Zeek's dns.log in any case).
   * @param {number} ts
   * @param {ProcessInstance | null} asker
   * @param {string} server
   * @param {Destination} dest
   * @param {number} rtt
   */
  lookup(ts, asker, server, dest, rtt) {
    const name = /** @type {string} */ (dest.name);
    const carrier = asker === null ? this.proc('dnsServer', ts) : this.proc('svchostNet', ts);
    const answerBytes = 12 + name.length + 6 + 16 * (dest.cnames.length + dest.ips.length) + dest.cnames.join('').length;
    const conn = this.raw(ts, carrier, 'udp', server, 53, null, 'dns', { bytesOut: 12 + name.length + 6, bytesIn: answerBytes, duration: rtt, incident: null });
    this.log.lookups.push({ ts, host: this.host, proc: asker, clientIp: this.host.ip, conn, name, cnames: dest.cnames, ips: dest.ips, ttl: dest.ttl, transId: this.rnd.int(1, 65535), rtt });
  }

  /** Sysmon event 11: `proc` wrote `target`. */
  writeFile(/** @type {number} */ ts, /** @type {ProcessInstance} */ proc, /** @type {string} */ target) {
    this.log.files.push({ ts, host: this.host, proc, target: target.replaceAll('{user}', this.host.user) });
  }

  /** Windows hands out source ports one after another through the dynamic range. */
  nextPort() {
    this.port += this.rnd.int(1, 3);
    if (this.port > EPHEMERAL_LAST) this.port = EPHEMERAL_FIRST + (this.port - EPHEMERAL_LAST);
    return this.port;
  }

  nextPid() {
    this.pid += 4 * this.rnd.int(1, 60);
    if (this.pid > 30000) this.pid = 400 + 4 * this.rnd.int(0, 100);
    return this.pid;
  }

  /** Sysmon's process GUID: machine id, the start time in seconds in two halves, a counter, a constant tail. */
  nextGuid(/** @type {number} */ ts) {
    const seconds = Math.floor(ts / 1000);
    this.guidCounter = (this.guidCounter + this.rnd.int(1, 9)) & 0xffff;
    const counter = hex4(((this.guidCounter & 0xff) << 8) | (this.guidCounter >>> 8));
    return `{${this.host.machineId}-${hex4(seconds)}-${hex4(seconds >>> 16)}-${counter}-000000000700}`;
  }
}

function hex4(/** @type {number} */ n) {
  return (n & 0xffff).toString(16).padStart(4, '0');
}

/**
 * Makes the DNS lookups of every connection by name, all hosts together in
 * time order, so each host's cache and the DNS server's see the week as it
 * happened.
 * @param {HostSim[]} sims
 */
export function resolveAll(sims) {
  const all = sims.flatMap((sim) => sim.named.splice(0).map((n) => ({ sim, ...n })));
  all.sort((a, b) => a.ts - b.ts);
  for (const n of all) n.sim.resolve(n.ts, n.proc, n.dest);
}

/**
 * Source ports, handed out per host in time order once every connection is
 * known (Windows walks its dynamic range one connection after another).
 * @param {Map<string, HostSim>} sims
 * @param {Connection[]} connections  sorted by time
 */
export function assignPorts(sims, connections) {
  for (const c of connections) c.srcPort = /** @type {HostSim} */ (sims.get(c.host.name)).nextPort();
}
