#!/usr/bin/env node
// Benchmark runner: finds bench/*.bench.js, runs each, prints a table and
// writes bench/results/latest.json. Plain ESM, no build step of its own
// (`npm run bench` builds Sightline first, which the benchmarks run).
//
//   node bench/run.js [--only NAME]...     BENCH_ROWS=100000 for a quick run
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(benchDir);
const resultsDir = path.join(benchDir, 'results');
const workDir = path.join(benchDir, '.work');
const DEFAULT_ROWS = 1_000_000;

const USAGE = `Usage: node bench/run.js [--only NAME]...

  --only NAME   run only this benchmark (repeatable); names: the files bench/NAME.bench.js
  -h, --help    this text

Environment:
  BENCH_ROWS      rows of generated input (default ${DEFAULT_ROWS.toLocaleString('en-US')})
  BENCH_BIG=1     also run the opt-in benchmarks (big-file: a ~2 GB import, minutes);
                  naming one with --only runs it too
  BENCH_BIG_ROWS  rows of the big-file input (default 16,000,000, ~2 GB)
  BENCH_REPEAT    runs per side of the import benchmarks, best kept (default 3; big-file runs once)
`;

function log(msg) {
  process.stderr.write(`[bench] ${msg}\n`);
}

function parseRows() {
  const raw = process.env.BENCH_ROWS;
  if (raw === undefined || raw === '') return DEFAULT_ROWS;
  const n = Number(raw.replaceAll('_', ''));
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`BENCH_ROWS must be a positive integer, got "${raw}"`);
  return n;
}

async function discover() {
  const files = fs
    .readdirSync(benchDir)
    .filter((f) => f.endsWith('.bench.js'))
    .sort();
  const benches = [];
  for (const file of files) {
    const mod = await import(pathToFileURL(path.join(benchDir, file)).href);
    if (typeof mod.name !== 'string' || typeof mod.run !== 'function') {
      throw new Error(`${file} must export name (string), description (string) and async run(ctx)`);
    }
    benches.push({ file, name: mod.name, description: mod.description ?? '', optIn: mod.optIn === true, run: mod.run });
  }
  return benches;
}

function machineInfo() {
  const cpus = os.cpus();
  const git = (args) => {
    const r = spawnSync('git', args, { cwd: root, encoding: 'utf8' });
    return r.status === 0 ? r.stdout.trim() : null;
  };
  return {
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
    cores: os.availableParallelism?.() ?? cpus.length,
    totalMemMB: Math.round(os.totalmem() / (1 << 20)),
    date: new Date().toISOString(),
    // Other work on the machine skews timings: the 1/5/15-minute load when the run started.
    loadAvg: os.loadavg().map((l) => Math.round(l * 100) / 100),
    gitCommit: git(['rev-parse', 'HEAD']),
    gitDirty: (git(['status', '--porcelain', '--', 'src', 'bin', 'package.json']) ?? '') !== '',
  };
}

// ---------------------------------------------------------------------------
// Table

function fmt(value, unit) {
  if (value === null || value === undefined || Number.isNaN(value)) return '-';
  if (typeof value !== 'number') return String(value);
  if (unit === 'rows/s' || Math.abs(value) >= 1000) return Math.round(value).toLocaleString('en-US');
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

function printTable(results) {
  const header = ['benchmark', 'metric', 'sightline', 'peer', 'unit', 'ratio S/P', 'peer name', 'note'];
  const right = new Set([2, 3, 5]);
  const lines = [];
  for (const r of results) {
    for (const row of r.rows) {
      lines.push([
        r.name,
        row.metric,
        fmt(row.sightline, row.unit),
        fmt(row.peer, row.unit),
        row.unit ?? '',
        row.ratio === null || row.ratio === undefined ? '-' : row.ratio.toFixed(2),
        row.peerName ?? '',
        row.note ?? '',
      ]);
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const cell = (text, i) => (right.has(i) ? text.padStart(widths[i]) : text.padEnd(widths[i]));
  const render = (cols) => `| ${cols.map(cell).join(' | ')} |`;
  const out = [render(header), `|${widths.map((w, i) => (right.has(i) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`];
  for (const l of lines) out.push(render(l));
  process.stdout.write(`${out.join('\n')}\n`);
}

// ---------------------------------------------------------------------------

async function main() {
  let args;
  try {
    args = parseArgs({
      options: { only: { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h', default: false } },
    }).values;
  } catch (err) {
    process.stderr.write(`${err.message}\n\n${USAGE}`);
    return 1;
  }
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  let rows;
  try {
    rows = parseRows();
  } catch (err) {
    process.stderr.write(`${err.message}\n`);
    return 1;
  }
  let benches = await discover();
  if (args.only?.length) {
    const known = new Set(benches.map((b) => b.name));
    const unknown = args.only.filter((n) => !known.has(n));
    if (unknown.length) {
      process.stderr.write(`unknown benchmark ${unknown.join(', ')}; known: ${[...known].join(', ')}\n`);
      return 1;
    }
    benches = benches.filter((b) => args.only.includes(b.name));
  } else if (process.env.BENCH_BIG !== '1') {
    // Opt-in benchmarks (minutes each) run only when named or with BENCH_BIG=1.
    const skipped = benches.filter((b) => b.optIn).map((b) => b.name);
    if (skipped.length) log(`skipping opt-in ${skipped.join(', ')} (BENCH_BIG=1 or --only NAME runs them)`);
    benches = benches.filter((b) => !b.optIn);
  }

  const machine = machineInfo();
  log(`${benches.length} benchmark(s), ${rows.toLocaleString('en-US')} rows; node ${machine.node}, ${machine.cpuModel} x${machine.cores}, ${machine.totalMemMB} MB`);
  fs.mkdirSync(workDir, { recursive: true });

  const results = [];
  const failures = [];
  for (const b of benches) {
    log(`running ${b.name}: ${b.description}`);
    const started = Date.now();
    const ctx = { rows, root, benchDir, workDir, log: (m) => log(`${b.name}: ${m}`) };
    try {
      const out = await b.run(ctx);
      if (!Array.isArray(out)) throw new Error('run(ctx) must return an array of rows');
      results.push({ name: b.name, description: b.description, seconds: (Date.now() - started) / 1000, rows: out });
    } catch (err) {
      log(`${b.name} FAILED: ${err?.stack ?? err}`);
      failures.push({ name: b.name, error: String(err?.message ?? err) });
    }
  }

  if (results.length) printTable(results);

  const report = { machine, config: { rows, only: args.only ?? null, big: process.env.BENCH_BIG === '1' }, results, ...(failures.length ? { failures } : {}) };
  fs.mkdirSync(resultsDir, { recursive: true });
  // A failed run leaves the last good latest.json alone; its report goes to a .tmp (gitignored).
  const target = path.join(resultsDir, failures.length ? 'failed.json.tmp' : 'latest.json');
  const tmp = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, `${JSON.stringify(report, null, 2)}\n`);
  fs.renameSync(tmp, target);
  log(`wrote ${path.relative(root, target)}`);
  if (failures.length) {
    log(`${failures.length} benchmark(s) failed: ${failures.map((f) => f.name).join(', ')}`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`[bench] ${err?.stack ?? err}\n`);
    process.exitCode = 1;
  },
);
