import type { Evidence } from '../../evidence.js';
import type { ProcessFamily } from '../../process/families.js';
import { formatCount, formatDay, formatPercent, formatScore, formatTimeUtc } from '../explain-format.js';
import { gradeSeverity, scoreSeverityThresholds } from '../severity.js';
import { shownImage } from '../unit-text.js';

/**
 * New and rare destinations. A first contact after the baseline, or a
 * destination few hosts of the organisation reach, is common (browsers
 * meet new sites every hour), so each alone scores below reporting; what
 * lifts it: no name (reached by address), a process that has no business
 * roaming (script hosts, LOLBins, documents), a destination new to the
 * whole organisation or reached by one host alone.
 */
export interface NewAndRareSettings {
  /** Score of a first contact, or of a rare destination, alone: below info, so it is only reported with another reason. */
  readonly base: number;
  /** Added when no name is known for the address (no DNS answer, no host name in the endpoint log). */
  readonly byAddress: number;
  /** Added for script hosts, LOLBins and documents, which have no reason to reach new places. */
  readonly roamingFamily: number;
  /** New: added when no host reached the destination before the baseline ended. Rare: added when one host alone reaches it. */
  readonly organisationWide: number;
  /** Browsers reach new and rare sites all day: their score stops here unless reached by address. */
  readonly browserCap: number;
  /** A (host, process) with this many new destinations after the baseline explores by nature: its new ones are not reported. */
  readonly explorerNewDestinations: number;
  /** A (host, process) with this many destinations in all meets rare ones by nature: its rare ones are not reported. */
  readonly explorerDestinations: number;
  /** A destination reached by at most this share of the case's hosts (and at least one host) is rare... */
  readonly rareShare: number;
  /** ...in a case of at least this many hosts (with two hosts, one of two says nothing). */
  readonly rareMinHosts: number;
  /** Judge public destinations only: inside the network, a server one host uses and a printer met by address are ordinary. */
  readonly publicOnly: boolean;
}

export const newAndRareSettings: NewAndRareSettings = {
  base: 0.3,
  byAddress: 0.2,
  roamingFamily: 0.2,
  organisationWide: 0.2,
  browserCap: 0.3,
  explorerNewDestinations: 20,
  explorerDestinations: 50,
  rareShare: 0.05,
  rareMinHosts: 4,
  publicOnly: true,
};

const ROAMING: ReadonlySet<ProcessFamily> = new Set(['script', 'lolbin', 'document']);

export function checkNewAndRareSettings(s: NewAndRareSettings): void {
  for (const name of ['base', 'byAddress', 'roamingFamily', 'organisationWide', 'browserCap', 'rareShare'] as const) {
    if (!(s[name] >= 0 && s[name] <= 1)) throw new RangeError(`new-and-rare setting ${name} is ${String(s[name])}: it must be in [0, 1]`);
  }
  for (const name of ['explorerNewDestinations', 'explorerDestinations', 'rareMinHosts'] as const) {
    if (!(Number.isInteger(s[name]) && s[name] >= 1)) throw new RangeError(`new-and-rare setting ${name} is ${String(s[name])}: a whole number >= 1`);
  }
}

/** What both judgements know of a unit. */
interface UnitFacts {
  readonly image: string;
  readonly family: ProcessFamily | null;
  /**
   * Whether any name (DNS answer, endpoint host name) is known for the
   * destination; null when the case holds no names at all (flows alone), so
   * that "no name" says nothing.
   */
  readonly named: boolean | null;
}

export interface NewDestinationSummary extends UnitFacts {
  /** Epoch ms of the unit's first connection. */
  readonly firstSeen: number;
  readonly baselineEnd: number;
  /** Epoch ms of the organisation's first connection to the destination (any host, any process). */
  readonly destinationFirstSeen: number;
  /** New destinations this (host, process) reached after the baseline, this one included. */
  readonly newForProcess: number;
}

export interface RareDestinationSummary extends UnitFacts {
  /** Destinations this (host, process) reached in all. */
  readonly destinationsOfProcess: number;
  /** Hosts of the case that reached the destination. */
  readonly hosts: number;
  /** Hosts in the case. */
  readonly caseHosts: number;
}

function lift(base: number, facts: UnitFacts, extra: number, s: NewAndRareSettings): { score: number; reasons: string[] } {
  const reasons: string[] = [];
  let score = base + extra;
  if (facts.named === false) {
    score += s.byAddress;
    reasons.push('by address (no name seen for it)');
  }
  if (facts.family !== null && ROAMING.has(facts.family)) {
    score += s.roamingFamily;
    reasons.push(`by ${shownImage(facts.image)}, a ${facts.family === 'document' ? 'document program' : facts.family === 'script' ? 'script host' : 'living-off-the-land binary'}`);
  }
  if (facts.family === 'browser') score = Math.min(score, s.browserCap + (facts.named === false ? s.byAddress : 0));
  // Rounded: 0.3 + 0.2 + 0.2 + 0.2 is 0.9000000000000001 in binary.
  return { score: Math.min(1, Math.round(score * 1000) / 1000), reasons };
}

function graded(score: number): Pick<Evidence, 'score' | 'severity'> | null {
  const severity = gradeSeverity(score, scoreSeverityThresholds);
  return severity === null ? null : { score, severity };
}

export function scoreNewDestination(u: NewDestinationSummary, settings: NewAndRareSettings = newAndRareSettings): Evidence | null {
  checkNewAndRareSettings(settings);
  if (!(u.firstSeen >= u.baselineEnd)) return null;
  if (u.newForProcess >= settings.explorerNewDestinations) return null;
  const organisationNew = u.destinationFirstSeen >= u.baselineEnd;
  const { score, reasons } = lift(settings.base, u, organisationNew ? settings.organisationWide : 0, settings);
  const g = graded(score);
  if (g === null) return null;
  const parts = [
    `first contact at ${formatTimeUtc(u.firstSeen)}, after the baseline (until ${formatDay(u.baselineEnd - 1)})`,
    organisationNew ? 'no host reached it before' : `other hosts reached it from ${formatDay(u.destinationFirstSeen)}`,
    ...reasons,
    `${formatCount(u.newForProcess)} new destination${u.newForProcess === 1 ? '' : 's'} for this process on this host`,
  ];
  return {
    kind: 'new-destination',
    ...g,
    text: `${parts.join('; ')}, new-destination score ${formatScore(g.score)}`,
    facts: { firstSeen: u.firstSeen, baselineEnd: u.baselineEnd, destinationFirstSeen: u.destinationFirstSeen, organisationNew, named: u.named, family: u.family, newForProcess: u.newForProcess },
  };
}

export function scoreRareDestination(u: RareDestinationSummary, settings: NewAndRareSettings = newAndRareSettings): Evidence | null {
  checkNewAndRareSettings(settings);
  if (!(Number.isInteger(u.hosts) && u.hosts >= 1 && u.hosts <= u.caseHosts)) throw new RangeError(`${String(u.hosts)} hosts of ${String(u.caseHosts)}: not a share of the case's hosts`);
  if (u.caseHosts < settings.rareMinHosts || u.destinationsOfProcess >= settings.explorerDestinations) return null;
  if (u.hosts > Math.max(1, Math.floor(u.caseHosts * settings.rareShare))) return null;
  const { score, reasons } = lift(settings.base, u, u.hosts === 1 ? settings.organisationWide : 0, settings);
  const g = graded(score);
  if (g === null) return null;
  const share = `${formatCount(u.hosts)} of ${formatCount(u.caseHosts)} hosts`;
  const text = [`${share} reached this destination (${formatPercent(u.hosts / u.caseHosts)})`, ...reasons].join('; ');
  return {
    kind: 'rare-destination',
    ...g,
    text: `${text}, rare-destination score ${formatScore(g.score)}`,
    facts: { hosts: u.hosts, caseHosts: u.caseHosts, named: u.named, family: u.family, destinationsOfProcess: u.destinationsOfProcess },
  };
}
