import { checkSeverityThresholds, type SeverityThresholds } from '../severity.js';

/**
 * The volume detector's parameters. Three questions: did a unit or a host
 * send far more on one day than on its other days; did one connection send
 * far more than the unit and the host usually do; did a unit open many
 * connections in a few minutes against its usual rate.
 */
export interface VolumeSettings {
  readonly daily: {
    /** Robust z of the day's bytes out against the other active days that earns each severity (3.5: Iglewicz and Hoaglin's outlier). */
    readonly zSteps: SeverityThresholds;
    /** Bytes out above the other days' median that earn each severity: a jump from 10 KB to 900 KB a day is a large z and no exfiltration. */
    readonly excessSteps: SeverityThresholds;
    /** At least this many other active days make a baseline (fewer: no judgement). */
    readonly minOtherDays: number;
  };
  readonly largeTransfer: {
    /** One connection's bytes out over the larger of the unit's and the host's usual (median) connection that earn each severity. */
    readonly ratioSteps: SeverityThresholds;
    /** The connection's bytes out that earn each severity (a 50 KB request is never "large"). */
    readonly bytesSteps: SeverityThresholds;
    /** The unit's usual counts only with this many other connections; fewer: the host's usual alone. */
    readonly minUnitConnections: number;
  };
  readonly burst: {
    /**
     * Connections are counted in fixed windows of this many seconds (SQL groups by ts / window):
     * a burst across a window's edge is seen at half its size or more in one of the two.
     */
    readonly windowSeconds: number;
    /** Peak window count over the unit's usual (median active window) that earns each severity. */
    readonly ratioSteps: SeverityThresholds;
    /** Peak window count that earns each severity: the absolute floor. */
    readonly countSteps: SeverityThresholds;
    /** With fewer active windows than this the unit has no usual rate, and 1 a window is taken. */
    readonly minActiveWindows: number;
  };
}

const MB = 2 ** 20;

export const volumeSettings: VolumeSettings = {
  daily: {
    zSteps: { info: 3.5, low: 6, medium: 10, high: 20 },
    excessSteps: { info: 5 * MB, low: 50 * MB, medium: 250 * MB, high: 1024 * MB },
    minOtherDays: 2,
  },
  largeTransfer: {
    ratioSteps: { info: 20, low: 100, medium: 1000, high: 10_000 },
    bytesSteps: { info: 10 * MB, low: 50 * MB, medium: 250 * MB, high: 1024 * MB },
    minUnitConnections: 3,
  },
  burst: {
    windowSeconds: 300,
    ratioSteps: { info: 10, low: 20, medium: 50, high: 100 },
    countSteps: { info: 30, low: 60, medium: 150, high: 300 },
    minActiveWindows: 3,
  },
};

function wholeAtLeast(value: number, least: number, name: string): void {
  if (!Number.isInteger(value) || value < least) throw new RangeError(`volume setting ${name} is ${String(value)}: it must be a whole number >= ${least}`);
}

function positiveSteps(t: SeverityThresholds, name: string): void {
  checkSeverityThresholds(t, `volume ${name}`);
  if (!(t.info > 0)) throw new RangeError(`volume ${name}.info is ${String(t.info)}: it must be above 0`);
}

/** Throws a RangeError naming the first setting out of range. */
export function checkVolumeSettings(s: VolumeSettings): void {
  positiveSteps(s.daily.zSteps, 'daily.zSteps');
  positiveSteps(s.daily.excessSteps, 'daily.excessSteps');
  wholeAtLeast(s.daily.minOtherDays, 1, 'daily.minOtherDays');
  positiveSteps(s.largeTransfer.ratioSteps, 'largeTransfer.ratioSteps');
  positiveSteps(s.largeTransfer.bytesSteps, 'largeTransfer.bytesSteps');
  wholeAtLeast(s.largeTransfer.minUnitConnections, 1, 'largeTransfer.minUnitConnections');
  wholeAtLeast(s.burst.windowSeconds, 1, 'burst.windowSeconds');
  positiveSteps(s.burst.ratioSteps, 'burst.ratioSteps');
  positiveSteps(s.burst.countSteps, 'burst.countSteps');
  wholeAtLeast(s.burst.minActiveWindows, 1, 'burst.minActiveWindows');
}
