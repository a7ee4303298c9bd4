// Helpers shared by the benchmarks: run a child under GNU time, make and
// remove temp folders. Plain ESM so `node bench/run.js` needs no build.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const GNU_TIME = '/usr/bin/time';

/** Throws a readable error when a tool the benchmarks need is missing. */
export function requireTool(file, hint) {
  const found = path.isAbsolute(file)
    ? fs.existsSync(file)
    : spawnSync('sh', ['-c', `command -v ${file}`], { stdio: 'ignore' }).status === 0;
  if (!found) throw new Error(`${file} is not installed (${hint})`);
}

/**
 * Runs `cmd args` under `/usr/bin/time -f '%e %M'` and returns its output,
 * the wall time measured here (ms resolution, includes process start-up),
 * GNU time's own %e (10 ms resolution) and the child's peak RSS (%M, KiB).
 * GNU time writes to a file (-o) so the child's stderr stays its own.
 */
export async function timed(cmd, args, { env = process.env, cwd, stdinFile } = {}) {
  settleDisk();
  const timeFile = path.join(os.tmpdir(), `sightline-bench-time-${process.pid}-${Date.now()}.txt`);
  const stdin = stdinFile ? fs.openSync(stdinFile, 'r') : 'ignore';
  const started = process.hrtime.bigint();
  try {
    const child = spawn(GNU_TIME, ['-f', '%e %M', '-o', timeFile, cmd, ...args], {
      env,
      cwd,
      stdio: [stdin, 'pipe', 'pipe'],
    });
    const out = [];
    const err = [];
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => err.push(b));
    const code = await new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (c, signal) => resolve(signal ? 128 : c));
    });
    const wallS = Number(process.hrtime.bigint() - started) / 1e9;
    const stdout = Buffer.concat(out).toString('utf8');
    const stderr = Buffer.concat(err).toString('utf8');
    // On a non-zero exit GNU time adds "Command exited with non-zero status N" first.
    const timeText = fs.existsSync(timeFile) ? fs.readFileSync(timeFile, 'utf8') : '';
    const m = /(\d+(?:\.\d+)?) (\d+)\s*$/.exec(timeText);
    if (!m) throw new Error(`could not read GNU time's output for ${cmd}: ${JSON.stringify(timeText)}\n${stderr}`);
    return { code, stdout, stderr, wallS, timeElapsedS: Number(m[1]), maxRssKb: Number(m[2]) };
  } finally {
    if (typeof stdin === 'number') fs.closeSync(stdin);
    fs.rmSync(timeFile, { force: true });
  }
}

/**
 * Writes out what earlier runs left in the page cache (`sync`) before a run
 * starts, so that no run pays for the writeback of another: the 2 GB import
 * leaves gigabytes of it, and in a full run without this the three
 * mapped-CSV imports right after it took 6.8-7.8 s (5.2-5.5 s otherwise)
 * while the shell's, in between, were as fast as ever. Not timed; where
 * there is no `sync` (Windows) nothing happens.
 */
function settleDisk() {
  spawnSync('sync', [], { stdio: 'ignore' });
}

/** A fresh empty folder under the OS temp dir; remove it with removeDir. */
export function makeTempDir(prefix) {
  return fs.mkdtempSync(path.join(os.tmpdir(), `sightline-bench-${prefix}-`));
}

export function removeDir(dir) {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
}

export function ratio(a, b) {
  return Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? a / b : null;
}
