import type { Evidence } from '../../evidence.js';
import type { ServiceCategory } from '../../enrich/service-catalogue.js';
import { describeService, type ServiceMatch } from '../../enrich/services.js';
import type { ProcessFamily } from '../../process/families.js';
import { formatBytes, formatCount, formatDay, formatScore } from '../explain-format.js';
import { gradeSeverity, scoreSeverityThresholds } from '../severity.js';
import { processName, shownImage } from '../unit-text.js';

/**
 * A process talking to a legitimate service attackers misuse (cloud
 * storage, messengers, paste sites, tunnels, dynamic DNS...) when the same
 * program did not talk to that kind of service in the baseline: "Telegram
 * Bot API (messenger) via api.telegram.org, never used by WINWORD.EXE
 * before; 3 connections, 1.2 KB out". Browsers talk to everything, and a
 * program named after the service (Dropbox.exe, Telegram.exe) is its client.
 */
export interface ServiceMisuseSettings {
  /** Categories judged; cloud hosting ranges hold half the internet and say nothing alone. */
  readonly categories: readonly ServiceCategory[];
  /** Any other program new to the category. */
  readonly base: number;
  /** Documents, script hosts and LOLBins new to the category. */
  readonly roaming: number;
  /** Added when the unit sent at least `uploadBytes`: data leaving, not a page read. */
  readonly uploadLift: number;
  readonly uploadBytes: number;
}

export const serviceMisuseSettings: ServiceMisuseSettings = {
  categories: ['cloud-storage', 'file-sharing', 'messenger', 'paste', 'code-hosting', 'web-hosting', 'tunnelling', 'dynamic-dns', 'url-shortener', 'ip-lookup', 'request-capture', 'ipfs-gateway', 'trusted-site'],
  base: 0.5,
  roaming: 0.9,
  uploadLift: 0.1,
  uploadBytes: 2 ** 20,
};

export function checkServiceMisuseSettings(s: ServiceMisuseSettings): void {
  for (const name of ['base', 'roaming', 'uploadLift'] as const) {
    if (!(s[name] >= 0 && s[name] <= 1)) throw new RangeError(`service-misuse setting ${name} is ${String(s[name])}: it must be in [0, 1]`);
  }
  if (!(s.uploadBytes >= 0)) throw new RangeError(`service-misuse setting uploadBytes is ${String(s.uploadBytes)}: a byte count`);
}

export interface ServiceMisuseSummary {
  readonly image: string;
  readonly family: ProcessFamily | null;
  readonly service: ServiceMatch;
  /** Epoch ms of the program's first connection to the category (any host), and this unit's first. */
  readonly categoryFirstSeen: number;
  readonly firstSeen: number;
  readonly baselineEnd: number;
  readonly connections: number;
  readonly bytesOut: number;
}

/** Dropbox.exe and Dropbox, "Telegram Desktop"'s Telegram.exe and Telegram: a program named after the service is its own client. */
export function ownClient(image: string, service: string): boolean {
  const name = processName(image).replace(/\.exe$/, '');
  const word = service.toLowerCase().split(/[^a-z0-9]+/).find((w) => w.length >= 4);
  return name.length >= 4 && word !== undefined && (name.includes(word) || word.includes(name));
}

export function scoreServiceMisuse(u: ServiceMisuseSummary, settings: ServiceMisuseSettings = serviceMisuseSettings): Evidence | null {
  checkServiceMisuseSettings(settings);
  if (!settings.categories.includes(u.service.category)) return null;
  if (u.image === '' || u.family === 'browser' || ownClient(u.image, u.service.service)) return null;
  if (u.categoryFirstSeen < u.baselineEnd) return null;
  const roaming = u.family === 'document' || u.family === 'script' || u.family === 'lolbin';
  const upload = u.bytesOut >= settings.uploadBytes;
  const score = Math.round(Math.min(1, (roaming ? settings.roaming : settings.base) + (upload ? settings.uploadLift : 0)) * 1000) / 1000;
  const severity = gradeSeverity(score, scoreSeverityThresholds);
  if (severity === null) return null;
  const name = shownImage(u.image);
  const before = u.firstSeen === u.categoryFirstSeen ? `never used by ${name} before` : `used by ${name} only since ${formatDay(u.categoryFirstSeen)}`;
  const traffic = `${formatCount(u.connections)} connection${u.connections === 1 ? '' : 's'}, ${formatBytes(u.bytesOut)} out`;
  return {
    kind: 'service-misuse',
    score,
    severity,
    text: `${describeService(u.service)}, ${before}; ${traffic}, service-misuse score ${formatScore(score)}`,
    facts: { service: u.service.service, category: u.service.category, matched: u.service.via.matched, list: u.service.via.list, family: u.family, connections: u.connections, bytesOut: u.bytesOut, categoryFirstSeen: u.categoryFirstSeen },
  };
}
