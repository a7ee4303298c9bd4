// @ts-check
import { parseArgs } from 'node:util';
import { generateScale, SCALE_DEFAULTS } from './scale-case.js';
import { generateWeek, WEEK_DEFAULTS } from './week-case.js';

export const USAGE = `Usage: node test/synthetic/generate.js --out DIR [options]

Writes a synthetic case with planted incidents and its manifest.json into DIR.
The same options always give the same bytes.

  --out DIR            the folder to write (created; files of the same names are replaced)
  --seed N             the run's seed (default ${WEEK_DEFAULTS.seed})
  --start ISO          the week's first moment, a Monday 00:00 UTC (default ${WEEK_DEFAULTS.start})

The week case (default): ${WEEK_DEFAULTS.workstations} Windows workstations and a server, Sysmon per host,
Zeek conn.log and dns.log from a sensor, intel feeds, nine planted incidents
(eight findings: the masquerading binary and its hash IoC are one process).
  --workstations N     workstations besides the server (default ${WEEK_DEFAULTS.workstations}, at least 8)

The scale case, for benchmarks: chosen by --connections.
  --connections N      connections in total (e.g. 1000000)
  --beacons K          planted beacons (default ${SCALE_DEFAULTS.beacons})
  --hosts N            hosts (default: one per 3,000 connections, 10 to 300)
  --sysmon             also write the endpoints' Sysmon (default: Zeek conn.log only)
  -h, --help           this text
`;

/**
 * Runs the generator with command-line arguments; returns the exit code.
 * @param {string[]} argv
 * @param {{ out: (s: string) => void, err: (s: string) => void }} io
 */
export function main(argv, io) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        out: { type: 'string' },
        seed: { type: 'string' },
        start: { type: 'string' },
        workstations: { type: 'string' },
        connections: { type: 'string' },
        beacons: { type: 'string' },
        hosts: { type: 'string' },
        sysmon: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (err) {
    io.err(`${err instanceof Error ? err.message : String(err)}\n\n${USAGE}`);
    return 1;
  }
  if (values.help) {
    io.out(USAGE);
    return 0;
  }
  try {
    if (values.out === undefined || values.out === '') throw new Error('--out DIR is required');
    const scaleOnly = ['beacons', 'hosts', 'sysmon'].filter((k) => values[/** @type {'beacons'} */ (k)] !== undefined);
    const common = { ...number('seed', values.seed), ...(values.start !== undefined ? { start: values.start } : {}) };
    const started = Date.now();
    let manifest;
    if (values.connections !== undefined) {
      if (values.workstations !== undefined) throw new Error('--workstations is for the week case; the scale case takes --hosts');
      manifest = generateScale(values.out, { ...common, ...number('connections', values.connections), ...number('beacons', values.beacons), ...number('hosts', values.hosts), sysmon: values.sysmon === true });
    } else {
      if (scaleOnly.length > 0) throw new Error(`--${scaleOnly[0]} is for the scale case: add --connections N`);
      manifest = generateWeek(values.out, { ...common, ...number('workstations', values.workstations) });
    }
    const bytes = manifest.files.reduce((n, f) => n + f.bytes, 0);
    io.out(`${manifest.mode} case: ${manifest.counts.connections.toLocaleString('en-US')} connections, ${manifest.incidents.length} planted incidents, ${manifest.files.length} files (${(bytes / 1e6).toFixed(1)} MB) in ${((Date.now() - started) / 1000).toFixed(1)} s → ${values.out}\n`);
    return 0;
  } catch (err) {
    io.err(`generate: ${err instanceof Error ? err.message : String(err)}\n`);
    return 1;
  }
}

/** An option that must be a whole number, as `{ name: n }`, or nothing when absent. */
function number(/** @type {string} */ name, /** @type {string | undefined} */ raw) {
  if (raw === undefined) return {};
  const n = Number(raw.replaceAll('_', ''));
  if (raw.trim() === '' || !Number.isSafeInteger(n)) throw new Error(`--${name}: "${raw}" is not a whole number`);
  return { [name]: n };
}
