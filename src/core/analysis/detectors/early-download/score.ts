import type { Evidence } from '../../evidence.js';
import type { ProcessFamily } from '../../process/families.js';
import { formatBytes, formatCount, formatDuration, formatScore } from '../explain-format.js';
import { gradeSeverity, scoreSeverityThresholds } from '../severity.js';
import { shownImage } from '../unit-text.js';

/**
 * A download at a program's start: within seconds of starting, the process
 * receives a large amount from one address and sends little: what a stager
 * does when it fetches the rest of itself (Metasploit's and Cobalt Strike's
 * stages are hundreds of KB). Installers and updaters do the same, so alone it
 * scores below reporting; what lifts it: the program runs from a place users
 * can write to, and the address is reached without a name. Browsers fetch
 * pages as they start: not judged.
 */
export interface EarlyDownloadSettings {
  /** A download at start, alone: below info, reported only with a reason below. */
  readonly base: number;
  /** Added when the program runs from a user-writable place (Downloads, Temp, AppData...). */
  readonly writable: number;
  /** Added when no name is known for the address (no DNS answer, no host name in the endpoint log). */
  readonly byAddress: number;
  /** The first connection to the address comes at most this long after the process started (s)... */
  readonly maxDelaySeconds: number;
  /** ...and what it receives from the address within this long of the start (s) counts... */
  readonly windowSeconds: number;
  /** ...at least this many bytes... */
  readonly minBytesIn: number;
  /** ...at least this many times what it sent. */
  readonly minInOutRatio: number;
}

export const earlyDownloadSettings: EarlyDownloadSettings = {
  base: 0.4,
  writable: 0.2,
  byAddress: 0.2,
  maxDelaySeconds: 60,
  windowSeconds: 300,
  minBytesIn: 100_000,
  minInOutRatio: 10,
};

export function checkEarlyDownloadSettings(s: EarlyDownloadSettings): void {
  for (const name of ['base', 'writable', 'byAddress'] as const) {
    if (!(s[name] >= 0 && s[name] <= 1)) throw new RangeError(`early-download setting ${name} is ${String(s[name])}: it must be in [0, 1]`);
  }
  for (const name of ['maxDelaySeconds', 'windowSeconds', 'minBytesIn', 'minInOutRatio'] as const) {
    if (!(Number.isFinite(s[name]) && s[name] > 0)) throw new RangeError(`early-download setting ${name} is ${String(s[name])}: a number > 0`);
  }
  if (s.maxDelaySeconds > s.windowSeconds) throw new RangeError(`early-download maxDelaySeconds (${s.maxDelaySeconds}) is longer than windowSeconds (${s.windowSeconds})`);
}

export interface EarlyDownloadSummary {
  readonly image: string;
  readonly family: ProcessFamily | null;
  /** Epoch ms: the process's start (Sysmon event 1), its first connection to the address, its last within the window. */
  readonly started: number;
  readonly firstSeen: number;
  readonly lastSeen: number;
  /** Connections to the address within the window after the start, and their bytes. */
  readonly connections: number;
  readonly bytesIn: number;
  readonly bytesOut: number;
  /** Whether a name is known for the address; null when the case holds no names (then "no name" says nothing). */
  readonly named: boolean | null;
  /** The user-writable place the program runs from, in words ("the Downloads folder"), or null. */
  readonly writablePlace: string | null;
}

export function scoreEarlyDownload(u: EarlyDownloadSummary, settings: EarlyDownloadSettings = earlyDownloadSettings): Evidence | null {
  checkEarlyDownloadSettings(settings);
  if (u.family === 'browser') return null;
  const delay = u.firstSeen - u.started;
  if (!(delay >= 0 && delay <= settings.maxDelaySeconds * 1000)) return null;
  if (!(u.bytesIn >= settings.minBytesIn && u.bytesIn >= settings.minInOutRatio * u.bytesOut)) return null;
  const reasons: string[] = [];
  let score = settings.base;
  if (u.writablePlace !== null) {
    score += settings.writable;
    reasons.push(`it runs from ${u.writablePlace}`);
  }
  if (u.named === false) {
    score += settings.byAddress;
    reasons.push('no name seen for the address');
  }
  score = Math.min(1, Math.round(score * 1000) / 1000);
  const severity = gradeSeverity(score, scoreSeverityThresholds);
  if (severity === null) return null;
  const over = u.lastSeen > u.firstSeen ? ` over ${formatDuration((u.lastSeen - u.firstSeen) / 1000)}` : '';
  const text =
    `${shownImage(u.image)} began receiving ${formatBytes(u.bytesIn)} from this address ${formatDuration(delay / 1000)} after it started ` +
    `(${formatCount(u.connections)} connection${u.connections === 1 ? '' : 's'}${over}, ${formatBytes(u.bytesOut)} sent); ${reasons.join('; ')}: ` +
    `a program fetching its next part as it starts, early-download score ${formatScore(score)}`;
  return {
    kind: 'early-download',
    score,
    severity,
    text,
    facts: { started: u.started, firstSeen: u.firstSeen, delaySeconds: Math.round(delay / 1000), connections: u.connections, bytesIn: u.bytesIn, bytesOut: u.bytesOut, named: u.named, writablePlace: u.writablePlace },
  };
}
