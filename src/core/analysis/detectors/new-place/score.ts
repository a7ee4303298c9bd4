import type { Evidence } from '../../evidence.js';
import type { AsInfo } from '../../enrich/as-table.js';
import type { ProcessFamily } from '../../process/families.js';
import { formatCount, formatDay, formatScore } from '../explain-format.js';
import { gradeSeverity, scoreSeverityThresholds } from '../severity.js';
import { shownValue } from '../unit-text.js';

/**
 * A country or autonomous system the organisation had not reached before
 * the baseline ended ("first connection to RU (AS200593 PROSPERO OOO) on day
 * 4 of 7; no host went there before"). One score per kind: a new country is
 * worth a look, a new AS (a new hosting provider) a little less; browsers
 * reach new places all day, script hosts, LOLBins and documents should not.
 */
export interface NewPlaceSettings {
  /** Score of a unit reaching a country new to the organisation (0.7: low). */
  readonly countryScore: number;
  /** Score of a unit reaching an autonomous system new to the organisation (0.5: info). */
  readonly asScore: number;
  /** Taken off for browsers (a new AS from a browser is then below reporting). */
  readonly browserDiscount: number;
  /** Added for script hosts, LOLBins and documents. */
  readonly roamingLift: number;
}

export const newPlaceSettings: NewPlaceSettings = { countryScore: 0.7, asScore: 0.5, browserDiscount: 0.2, roamingLift: 0.2 };

export function checkNewPlaceSettings(s: NewPlaceSettings): void {
  for (const name of ['countryScore', 'asScore', 'browserDiscount', 'roamingLift'] as const) {
    if (!(s[name] >= 0 && s[name] <= 1)) throw new RangeError(`new-place setting ${name} is ${String(s[name])}: it must be in [0, 1]`);
  }
}

export interface NewPlaceSummary {
  readonly kind: 'country' | 'as';
  /** ISO country code of the destination (null: unknown). */
  readonly country: string | null;
  readonly as: AsInfo | null;
  readonly family: ProcessFamily | null;
  /** Epoch ms of this unit's first connection. */
  readonly firstSeen: number;
  /** Epoch ms of the organisation's first connection to the country or AS. */
  readonly placeFirstSeen: number;
  /** The case's first connection and its baseline's end (epoch ms). */
  readonly start: number;
  readonly end: number;
  readonly baselineEnd: number;
}

const DAY = 86_400_000;

/** "day 4 of 7", counting calendar days (UTC) from the case's first. */
function dayOf(ms: number, start: number, end: number): string {
  const first = Math.floor(start / DAY);
  return `day ${formatCount(Math.floor(ms / DAY) - first + 1)} of ${formatCount(Math.floor(end / DAY) - first + 1)}`;
}

function asText(as: AsInfo): string {
  return `AS${as.number}${as.organisation === null ? '' : ` ${shownValue(as.organisation)}`}`;
}

export function scoreNewPlace(u: NewPlaceSummary, settings: NewPlaceSettings = newPlaceSettings): Evidence | null {
  checkNewPlaceSettings(settings);
  if (!(u.placeFirstSeen >= u.baselineEnd && u.firstSeen >= u.placeFirstSeen)) return null;
  const place = u.kind === 'country' ? u.country : u.as ? asText(u.as) : null;
  if (place === null) return null;
  const lift = u.family === 'browser' ? -settings.browserDiscount : u.family !== null ? settings.roamingLift : 0;
  const score = Math.round(Math.min(1, Math.max(0, (u.kind === 'country' ? settings.countryScore : settings.asScore) + lift)) * 1000) / 1000;
  const severity = gradeSeverity(score, scoreSeverityThresholds);
  if (severity === null) return null;
  const shownPlace = u.kind === 'country' ? `${shownValue(place)}${u.as ? ` (${asText(u.as)})` : ''}` : `${place}${u.country ? ` (${shownValue(u.country)})` : ''}`;
  const first = u.firstSeen === u.placeFirstSeen;
  const lead = first
    ? `first connection to ${shownPlace} on ${dayOf(u.firstSeen, u.start, u.end)} (${formatDay(u.firstSeen)}); no host went there before`
    : `connection to ${shownPlace} on ${dayOf(u.firstSeen, u.start, u.end)}, ${u.kind === 'country' ? 'a country' : 'an AS'} no host went to before ${dayOf(u.placeFirstSeen, u.start, u.end)}`;
  return {
    kind: u.kind === 'country' ? 'new-country' : 'new-as',
    score,
    severity,
    text: `${lead}, new-${u.kind === 'country' ? 'country' : 'AS'} score ${formatScore(score)}`,
    facts: { country: u.country, asn: u.as?.number ?? null, asOrganisation: u.as?.organisation ?? null, firstSeen: u.firstSeen, placeFirstSeen: u.placeFirstSeen, organisationFirst: first },
  };
}
