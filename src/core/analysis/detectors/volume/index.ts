/**
 * The volume detector: bytes out per unit (host, process, destination) and
 * per host per day against their own other days (robust z over median and
 * MAD), single connections far above the unit's and the host's usual, and
 * bursts of connections against the unit's usual rate. Evidence kinds
 * 'volume' and 'burst'. `queryVolume` reads a case; the scoring is pure.
 */
export { checkVolumeSettings, volumeSettings, type VolumeSettings } from './settings.js';
export { scoreBurst, scoreDailyVolume, scoreLargeTransfer, type BurstSummary, type DailyVolumeSummary, type LargeTransferSummary } from './score.js';
export { queryVolume } from './query.js';
