import { baselineSettings, type BaselineSettings } from './baseline.js';
import { alertSettings, type AlertSettings } from './detectors/alerts/index.js';
import { beaconSettings, type BeaconSettings } from './detectors/beacon/index.js';
import { earlyDownloadSettings, type EarlyDownloadSettings } from './detectors/early-download/index.js';
import { longConnectionSettings, type LongConnectionSettings } from './detectors/long-connection/index.js';
import { newAndRareSettings, type NewAndRareSettings } from './detectors/new-and-rare/index.js';
import { newPlaceSettings, type NewPlaceSettings } from './detectors/new-place/index.js';
import { serviceMisuseSettings, type ServiceMisuseSettings } from './detectors/service-misuse/index.js';
import { unusualPortSettings, type UnusualPortSettings } from './detectors/unusual-port/index.js';
import { volumeSettings, type VolumeSettings } from './detectors/volume/index.js';

/**
 * Every parameter of the analysis in one object, so a run can store what it
 * used (analysis_runs.settings) and be explained and reproduced. Each
 * detector's part is its own module's settings object with its documented
 * defaults.
 */
export interface AnalysisSettings {
  /** Where "what is normal" ends: connections before it form the baseline the new/unusual detectors compare with. */
  readonly baseline: BaselineSettings;
  readonly beacon: BeaconSettings;
  readonly longConnection: LongConnectionSettings;
  readonly volume: VolumeSettings;
  readonly newAndRare: NewAndRareSettings;
  readonly newPlace: NewPlaceSettings;
  readonly unusualPort: UnusualPortSettings;
  readonly serviceMisuse: ServiceMisuseSettings;
  readonly earlyDownload: EarlyDownloadSettings;
  readonly alerts: AlertSettings;
  readonly combine: CombineSettings;
  /** Units scoring below this are not stored as findings (unless they carry reputation, a verdict or a suppression). */
  readonly minStoredScore: number;
  /** At most this many findings are stored per run, highest scores first. */
  readonly maxFindings: number;
}

/** How evidence about one unit adds up to its score (combine.ts). */
export interface CombineSettings {
  /**
   * The strongest evidence sets the score; each further piece closes this
   * share of the remaining gap to 1 times its own score. 0.5: an info-level
   * beacon (0.5) with an info-level new destination (0.5) makes 0.625.
   */
  readonly corroboration: number;
  /**
   * A destination reached by at least this share of the case's hosts is
   * common: behavioural evidence about it (beacons, volume, ports…) counts
   * for `commonWeight` of its score. Reputation (IoC, hash, alert) is never
   * damped: a C2 address every host reaches is still C2.
   */
  readonly commonShare: number;
  /** …only in cases with at least this many hosts (1 of 2 hosts says little). */
  readonly commonMinHosts: number;
  readonly commonWeight: number;
  /**
   * A destination on a warninglist of known-benign infrastructure (public
   * DNS resolvers, NTP, well-known CDNs; not the context-only lists of
   * services attackers rent): its behaviour counts for this share.
   */
  readonly knownBenignWeight: number;
  /**
   * The shipped warninglists (ids: file names without .json) that name
   * infrastructure whose rhythm and volume are expected: resolvers, OS and
   * office endpoints, certificate checks, the large CDNs. Not cloud ranges,
   * dynamic DNS or LOTS (attackers rent and abuse those), nor the
   * special-use address lists (a connection to a documentation address is odd, not benign).
   */
  readonly knownBenignLists: readonly string[];
  /**
   * A program talking to its own service (Dropbox.exe to Dropbox, Telegram.exe to Telegram: the question "is it
   * normal for this process to talk to it?" answered yes): its rhythm, volume and rarity count for this share.
   */
  readonly ownServiceWeight: number;
}

export const combineSettings: CombineSettings = {
  corroboration: 0.5,
  commonShare: 0.8,
  commonMinHosts: 3, commonWeight: 0.5,
  knownBenignWeight: 0.5,
  ownServiceWeight: 0.5,
  knownBenignLists: ['public-dns-v4', 'public-dns-v6', 'microsoft-win10-connection-endpoints', 'microsoft-office365', 'microsoft-office365-ip', 'crl-ip', 'crl-hostname', 'akamai', 'fastly', 'google', 'apple'],
};

export const analysisSettings: AnalysisSettings = {
  baseline: baselineSettings,
  beacon: beaconSettings,
  longConnection: longConnectionSettings,
  volume: volumeSettings,
  newAndRare: newAndRareSettings,
  newPlace: newPlaceSettings,
  unusualPort: unusualPortSettings,
  serviceMisuse: serviceMisuseSettings,
  earlyDownload: earlyDownloadSettings,
  alerts: alertSettings,
  combine: combineSettings,
  minStoredScore: 0.3,
  maxFindings: 20_000,
};
