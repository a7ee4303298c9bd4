/**
 * The parameters of the robust statistics, with their published defaults.
 * The lead gathers every module's settings into one analysis settings object.
 */
export interface StatsSettings {
  /**
   * Bowley skew is taken as 0 when the interquartile range is below this:
   * with quartiles a few units apart the ratio swings on a single value
   * (RITA v5 uses 10, in seconds for intervals and in bytes for sizes).
   */
  readonly bowleyMinIqr: number;
  /** |robust z| above this is an outlier (Iglewicz and Hoaglin recommend 3.5). */
  readonly outlierZ: number;
}

export const statsSettings: StatsSettings = {
  bowleyMinIqr: 10,
  outlierZ: 3.5,
};
