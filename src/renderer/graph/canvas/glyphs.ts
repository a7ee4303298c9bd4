import type { EvidenceKind } from '../../../shared/analysis-types.js';

/**
 * One short glyph per detector kind for the anomaly badges (the legend spells
 * them out). IoC and hash hits are the reputation overlay's; modifiers
 * (prevalence, verdict, known-benign, suppressed) are not detectors.
 */
export const detectorGlyphs: Partial<Record<EvidenceKind, string>> = {
  beacon: 'B',
  'long-connection': 'L',
  volume: 'V',
  burst: 'S',
  'new-destination': 'N',
  'rare-destination': 'R',
  'new-country': 'C',
  'new-as': 'A',
  'unusual-port': 'Pt',
  'service-misuse': 'M',
  'early-download': 'D',
  process: 'Pr',
  alert: '!',
};

export const detectorNames: Partial<Record<EvidenceKind, string>> = {
  beacon: 'beacon',
  'long-connection': 'long connection',
  volume: 'volume',
  burst: 'burst (spike)',
  'new-destination': 'new destination',
  'rare-destination': 'rare destination',
  'new-country': 'new country',
  'new-as': 'new AS',
  'unusual-port': 'unusual port',
  'service-misuse': 'service misuse',
  'early-download': 'download at start',
  process: 'process judged',
  alert: 'IDS/SIEM alert',
};

/** The glyphs of a finding's kinds, in the legend's order, each once. */
export function glyphsOf(kinds: readonly string[]): string[] {
  const out: string[] = [];
  for (const [kind, glyph] of Object.entries(detectorGlyphs)) if (kinds.includes(kind)) out.push(glyph);
  return out;
}
