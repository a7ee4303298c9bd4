import { execFile } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../helpers/fixtures.js';
import { checkFileResult, crashText, outcomeOf, type ContentFacts, type FileResult, type Outcome, type Violation } from './checks.js';

export const CLI = path.join(repoRoot, 'bin', 'sightline.js');

export interface CliImport {
  target: 'telemetry' | 'intel';
  /** The mutant (file or folder). */
  file: string;
  home: string;
  caseName: string;
  /** A --map file for csv-mapped seeds. */
  mapFile?: string | undefined;
  json: boolean;
  /** Parse in the worker thread whatever the size (SIGHTLINE_PARSE_WORKER=always). */
  worker: boolean;
  timeoutMs: number;
}

export interface CliRun {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  ms: number;
}

/** The arguments of `sightline import` / `intel import` for one mutant (also the repro line's). */
export function cliArgs(c: Pick<CliImport, 'target' | 'file' | 'caseName' | 'mapFile' | 'json'>): string[] {
  const opts = [...(c.json ? ['--json'] : [])];
  if (c.target === 'intel') return ['intel', 'import', c.file, ...opts];
  return ['import', c.file, '--case', c.caseName, ...(c.mapFile ? ['--map', c.mapFile] : []), ...opts];
}

export function runCliImport(c: CliImport): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, SIGHTLINE_HOME: c.home };
  if (c.worker) env.SIGHTLINE_PARSE_WORKER = 'always';
  else delete env.SIGHTLINE_PARSE_WORKER;
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...cliArgs(c)], { cwd: repoRoot, env, timeout: c.timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const e = err as (Error & { code?: number | string; signal?: string | null; killed?: boolean }) | null;
      resolve({
        code: e ? (typeof e.code === 'number' ? e.code : null) : 0,
        signal: e?.signal ?? null,
        stdout,
        stderr,
        timedOut: !!e?.killed && Date.now() - started >= c.timeoutMs,
        ms: Date.now() - started,
      });
    });
  });
}

/**
 * The CLI's side of the invariants: exit 0 or 1 and never 2, within the
 * bound, no crash output, with --json parseable output agreeing with the exit
 * status and nothing on stderr, without it a message naming the file.
 */
export function checkCliRun(run: CliRun, c: CliImport, facts: ContentFacts | null): { outcome: Outcome; result: FileResult | null; violations: Violation[] } {
  const violations: Violation[] = [];
  const v = (cls: Violation['class'], message: string) => violations.push({ class: cls, via: 'cli', message });
  if (run.timedOut) {
    v('hang', `no exit within ${c.timeoutMs / 1000} s; killed`);
    return { outcome: 'no-answer', result: null, violations };
  }
  if (run.signal) v('crash', `killed by ${run.signal}: ${run.stderr.slice(0, 500)}`);
  else if (run.code === 2) v('exit-2', `exit 2: ${run.stderr.trim().slice(0, 500)}`);
  else if (run.code !== 0 && run.code !== 1) v('bad-exit', `exit ${String(run.code)}: ${run.stderr.slice(0, 500)}`);
  const crash = crashText(run.stderr);
  if (crash) v('crash', crash);
  if (!c.json) {
    if (run.code === 1 && !run.stderr.includes(c.file)) v('unnamed-error', `exit 1 and stderr does not name ${c.file}: ${run.stderr.trim().slice(0, 300)}`);
    // The sentence after "sightline: FILE, line N:" is the error a --json run would give.
    const said = run.stderr.trim().split('\n').at(-1)?.replace(/^sightline: /, '').split(': ').slice(1).join(': ');
    if (run.code === 1 && said) violations.push(...checkFileResult({ file: c.file, status: 'failed', error: said }, c.file, facts, 'cli'));
    const outcome: Outcome = run.code === 0 ? (/quarantined|lines not indicators/.test(run.stdout) ? 'quarantined' : /^skipped/m.test(run.stdout) ? 'duplicate' : 'imported') : 'refused';
    return { outcome, result: null, violations };
  }
  if (run.stderr !== '' && !crash) v('stray-output', run.stderr.slice(0, 500));
  let result: FileResult | undefined;
  try {
    result = (JSON.parse(run.stdout) as { files?: FileResult[] }).files?.[0];
  } catch {
    // Reported below: --json must print JSON whatever happened to the file.
  }
  if (!result) {
    if (run.code !== 2) v('bad-exit', `--json printed no file result (exit ${String(run.code)}): ${run.stdout.slice(0, 200)} ${run.stderr.slice(0, 300)}`);
    return { outcome: 'refused', result: null, violations };
  }
  const ok = result.status === 'imported' || result.status === 'duplicate';
  if ((run.code === 0) !== ok) v('bad-exit', `exit ${String(run.code)} with status ${result.status}`);
  violations.push(...checkFileResult(result, c.file, facts, 'cli'));
  return { outcome: outcomeOf(result), result, violations };
}
