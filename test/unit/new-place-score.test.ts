import { describe, expect, it } from 'vitest';
import { newPlaceSettings, scoreNewPlace, type NewPlaceSummary } from '../../src/core/analysis/detectors/new-place/index.js';

const DAY = 86_400_000;
const START = Date.UTC(2026, 10, 16, 0, 3);
const END = Date.UTC(2026, 10, 22, 23, 59);
const BASELINE_END = Date.UTC(2026, 10, 18);
const RU: Pick<NewPlaceSummary, 'country' | 'as'> = { country: 'RU', as: { number: 200593, organisation: 'PROSPERO OOO' } };
const at = (ms: number) => ({ start: START, end: END, baselineEnd: BASELINE_END, firstSeen: ms, placeFirstSeen: ms });

describe('scoreNewPlace: a country or AS no host reached before the baseline ended', () => {
  it('says which country, which AS and which day of the case, first for the organisation', () => {
    const e = scoreNewPlace({ ...RU, ...at(Date.UTC(2026, 10, 19, 14)), kind: 'country', family: 'lolbin' });
    expect(e).toMatchObject({ kind: 'new-country', score: 0.9, severity: 'medium', facts: { country: 'RU', asn: 200593, organisationFirst: true } });
    expect(e?.text).toBe('first connection to RU (AS200593 PROSPERO OOO) on day 4 of 7 (2026-11-19); no host went there before, new-country score 0.90');
    const as = scoreNewPlace({ ...RU, ...at(Date.UTC(2026, 10, 19, 14)), kind: 'as', family: null });
    expect(as).toMatchObject({ kind: 'new-as', score: 0.5, severity: 'info' });
    expect(as?.text).toBe('first connection to AS200593 PROSPERO OOO (RU) on day 4 of 7 (2026-11-19); no host went there before, new-AS score 0.50');
  });

  it('tells a later unit when the place became new, and discounts browsers', () => {
    const e = scoreNewPlace({ ...RU, ...at(Date.UTC(2026, 10, 21, 9)), placeFirstSeen: Date.UTC(2026, 10, 19, 14), kind: 'country', family: 'browser' });
    expect(e?.text).toBe('connection to RU (AS200593 PROSPERO OOO) on day 6 of 7, a country no host went to before day 4 of 7, new-country score 0.50');
    expect(scoreNewPlace({ ...RU, ...at(Date.UTC(2026, 10, 19, 14)), kind: 'as', family: 'browser' })).toBeNull();
  });

  it('is nothing for a place reached in the baseline, or without a country or AS to name', () => {
    expect(scoreNewPlace({ ...RU, ...at(BASELINE_END - 1), kind: 'country', family: null })).toBeNull();
    expect(scoreNewPlace({ ...RU, ...at(BASELINE_END), kind: 'country', family: null })?.severity).toBe('low');
    expect(scoreNewPlace({ country: null, as: null, ...at(BASELINE_END + DAY), kind: 'country', family: null })).toBeNull();
    expect(scoreNewPlace({ country: 'RU', as: null, ...at(BASELINE_END + DAY), kind: 'as', family: null })).toBeNull();
  });

  it('shows hidden characters of an AS name from a data file, and refuses settings out of range', () => {
    const e = scoreNewPlace({ country: 'NL', as: { number: 64500, organisation: 'Evil\u202eCorp' }, ...at(BASELINE_END + DAY), kind: 'as', family: null });
    expect(e?.text).toContain('AS64500 Evil⟨U+202E⟩Corp (NL)');
    expect(() => scoreNewPlace({ ...RU, ...at(BASELINE_END), kind: 'as', family: null }, { ...newPlaceSettings, asScore: 2 })).toThrow(/asScore is 2/);
  });
});
