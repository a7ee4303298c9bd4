/**
 * Robust statistics over numeric arrays (plain or typed), pure and without
 * side effects: inputs are never written to. Functions named *Sorted take an
 * ascending array and run in O(1) or O(n); the others sort a copy first
 * (O(n log n)). Empty input gives NaN; non-finite values are refused with a
 * RangeError. Used by the detectors' pure scoring (beacon regularity, volume
 * baselines).
 */
export { statsSettings, type StatsSettings } from './settings.js';
export { assertFinite, isSortedAscending, sortedCopy } from './order.js';
export { median, medianOfRange, medianSorted, percentile, percentileSorted, quartiles, quartilesSorted, type Quartiles } from './quantiles.js';
export { bowleySkew, bowleySkewSorted, coefficientOfVariation, mad, madSorted, mean, populationStdDev } from './dispersion.js';
export { MAD_TO_Z, MEAN_AD_TO_SIGMA, robustBaseline, robustBaselineSorted, robustZ, type RobustBaseline } from './robust-z.js';
