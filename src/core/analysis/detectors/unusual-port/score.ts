import type { Evidence } from '../../evidence.js';
import type { ProcessFamily } from '../../process/families.js';
import { formatCount, formatScore, formatTimeUtc } from '../explain-format.js';
import { gradeSeverity, scoreSeverityThresholds } from '../severity.js';
import { shownImage } from '../unit-text.js';

/**
 * A destination port unusual for the process: one its own profile (every
 * host's connections of the same image before the baseline ended) never
 * used, and one no other process of the case uses. Either alone is worth a
 * note; both together more. Browsers' profiles are wide by nature. Ports of
 * standard services (service-ports.ts) are never unusual, and inside the
 * network a port of the dynamic range is never "alone" by anything but chance.
 */
export interface UnusualPortSettings {
  /** A port new for a process with a profile, or a port no other process uses: info. */
  readonly base: number;
  /** Added when both hold. */
  readonly both: number;
  /** A profile needs this many baseline connections of the image (fewer: no profile to depart from). */
  readonly minProfileConnections: number;
  /** A profile of more distinct ports than this is wide: a new port in it says nothing. */
  readonly maxProfilePorts: number;
  /** Added when the unit first used the port after the baseline (a port alone since the baseline is part of what is normal). */
  readonly afterBaseline: number;
  /** Browsers stop at this score. */
  readonly browserCap: number;
  /** "No other process uses this port" counts only in a case with at least this many programs (one program uses every port alone). */
  readonly minCasePrograms: number;
}

export const unusualPortSettings: UnusualPortSettings = { base: 0.5, both: 0.2, afterBaseline: 0.1, minProfileConnections: 5, maxProfilePorts: 10, browserCap: 0.5, minCasePrograms: 5 };

export function checkUnusualPortSettings(s: UnusualPortSettings): void {
  for (const name of ['base', 'both', 'afterBaseline', 'browserCap'] as const) {
    if (!(s[name] >= 0 && s[name] <= 1)) throw new RangeError(`unusual-port setting ${name} is ${String(s[name])}: it must be in [0, 1]`);
  }
  for (const name of ['minProfileConnections', 'maxProfilePorts', 'minCasePrograms'] as const) {
    if (!(Number.isInteger(s[name]) && s[name] >= 1)) throw new RangeError(`unusual-port setting ${name} is ${String(s[name])}: a whole number >= 1`);
  }
}

export interface UnusualPortSummary {
  readonly image: string;
  readonly family: ProcessFamily | null;
  readonly port: number;
  /** The unit's connections on the port, and the first (epoch ms). */
  readonly connections: number;
  readonly firstSeen: number;
  readonly baselineEnd: number;
  /** The image's baseline profile: connections and their distinct ports (ascending, at most a few shown). */
  readonly profileConnections: number;
  readonly profilePorts: readonly number[];
  /** Whether the image used this port before the baseline ended (on any host). */
  readonly inProfile: boolean;
  /** Distinct processes (images, '' for none) of the case that use the port. */
  readonly processesOnPort: number;
  /** The standard service the port is for this destination (service-ports.ts: Kerberos to a domain controller, LLMNR to multicast, HTTPS anywhere), or null. */
  readonly standardService?: string | null;
  /** The port is in the dynamic range and the destination inside the network: an RPC endpoint or a peer's ephemeral port, alone on it by chance. */
  readonly dynamicInternal?: boolean;
}

const SHOWN_PORTS = 5;

export function scoreUnusualPort(u: UnusualPortSummary, settings: UnusualPortSettings = unusualPortSettings): Evidence | null {
  checkUnusualPortSettings(settings);
  if (!(Number.isInteger(u.port) && u.port >= 0 && u.port <= 65_535)) throw new RangeError(`port ${String(u.port)} is not a port`);
  // A standard service's port belongs to no process; connections without a process ('') are no program with a profile.
  if (u.standardService) return null;
  const profiled = u.image !== '' && u.profileConnections >= settings.minProfileConnections && u.profilePorts.length <= settings.maxProfilePorts;
  const newForProcess = profiled && !u.inProfile;
  const alone = u.processesOnPort === 1 && u.dynamicInternal !== true;
  if (!newForProcess && !alone) return null;
  let score = settings.base + (newForProcess && alone ? settings.both : 0) + (u.firstSeen >= u.baselineEnd ? settings.afterBaseline : 0);
  if (u.family === 'browser') score = Math.min(score, settings.browserCap);
  score = Math.round(Math.min(1, score) * 1000) / 1000;
  const severity = gradeSeverity(score, scoreSeverityThresholds);
  if (severity === null) return null;
  const name = shownImage(u.image);
  const ports = u.profilePorts.slice(0, SHOWN_PORTS).join(', ') + (u.profilePorts.length > SHOWN_PORTS ? ', …' : '');
  const reasons = [
    ...(newForProcess ? [`${name} used only port${u.profilePorts.length === 1 ? '' : 's'} ${ports} before (${formatCount(u.profileConnections)} connections)`] : []),
    ...(alone ? ['no other process of the case uses this port'] : []),
  ];
  const times = `${formatCount(u.connections)} connection${u.connections === 1 ? '' : 's'} from ${formatTimeUtc(u.firstSeen)}`;
  return {
    kind: 'unusual-port',
    score,
    severity,
    dstPort: u.port,
    text: `port ${u.port}: ${reasons.join('; ')}; ${times}, unusual-port score ${formatScore(score)}`,
    facts: { port: u.port, newForProcess, onlyProcess: alone, profileConnections: u.profileConnections, profilePorts: u.profilePorts.join(','), connections: u.connections },
  };
}
