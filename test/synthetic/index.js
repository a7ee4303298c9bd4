// @ts-check
/**
 * Synthetic cases with planted incidents, seeded and deterministic (the same
 * options give the same bytes), written in formats Sightline imports. Plain
 * ESM JavaScript with JSDoc types (tsc checks it with the test config), so
 * the CLI and the benchmarks run it with plain `node`, without a build.
 *
 * - generateWeek(dir, options): a week of an organisation of Windows
 *   workstations and a server: Sysmon per host (events 1, 3, 11, 22),
 *   Zeek conn.log and dns.log from a sensor, benign noise and decoys, nine
 *   planted incidents, intel feeds dated the day before, and manifest.json
 *   saying what a correct analysis must find (week-case.js).
 * - generateScale(dir, options): a million connections (configurable) with
 *   K planted beacons and a heartbeat decoy, streamed to disk; Zeek only or
 *   Sysmon and Zeek (scale-case.js).
 * - `node test/synthetic/generate.js --out DIR [--seed N] [--connections N]`:
 *   either from the command line (cli.js).
 */
export { generateWeek, WEEK_DEFAULTS, WEEK_GENERATOR_VERSION } from './week-case.js';
export { generateScale, SCALE_DEFAULTS, SCALE_GENERATOR_VERSION } from './scale-case.js';
export { FINDING_KINDS } from './manifest.js';
export { PLANTED } from './incidents.js';
export { BENIGN_SETTINGS } from './benign.js';
export { main as generateMain } from './cli.js';

/** @typedef {ReturnType<typeof import('./week-case.js').generateWeek>} WeekManifest */
/** @typedef {ReturnType<typeof import('./scale-case.js').generateScale>} ScaleManifest */
