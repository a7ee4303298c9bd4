import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checkDigests, checkFileResult, contentFacts, crashText, outcomeOf } from '../fuzz/checks.js';
import { checkCliRun, type CliImport, type CliRun } from '../fuzz/cli-run.js';

const file = '/tmp/m1/conn.log';
const facts = contentFacts(Buffer.from('a\nb\nc\n'));
const classes = (vs: { class: string }[]) => vs.map((v) => v.class);

describe('fuzz invariants on one file result', () => {
  it('accepts an import or a refusal that names the file, says why, and points at a line the file has', () => {
    expect(checkFileResult({ file, status: 'imported' }, file, facts, 'engine')).toEqual([]);
    expect(checkFileResult({ file, status: 'failed', error: 'the file is not UTF-8 text', errorLine: 4 }, file, facts, 'engine')).toEqual([]);
  });

  it('flags a result for another file, an empty message, an internal error, a line past the end, an untrue "empty", a cancel nobody asked for', () => {
    expect(classes(checkFileResult({ file: '/tmp/other', status: 'imported' }, file, facts, 'engine'))).toEqual(['unnamed-error']);
    expect(classes(checkFileResult({ file, status: 'failed', error: ' ' }, file, facts, 'engine'))).toEqual(['unnamed-error']);
    expect(classes(checkFileResult({ file, status: 'failed', error: 'internal error: x is undefined' }, file, facts, 'cli'))).toEqual(['internal-error']);
    expect(classes(checkFileResult({ file, status: 'failed', error: 'bad', errorLine: 5 }, file, facts, 'engine'))).toEqual(['line-out-of-range']);
    expect(classes(checkFileResult({ file, status: 'failed', error: 'bad', errorLine: 0 }, file, facts, 'engine'))).toEqual(['line-out-of-range']);
    expect(classes(checkFileResult({ file, status: 'failed', error: 'the file is empty' }, file, facts, 'engine'))).toEqual(['untrue-error']);
    expect(checkFileResult({ file, status: 'failed', error: 'the file is empty' }, file, contentFacts(Buffer.from('\n\n')), 'engine')).toEqual([]);
    expect(classes(checkFileResult({ file, status: 'cancelled', error: 'cancelled' }, file, facts, 'engine'))).toContain('internal-error');
  });

  it('counts records, not lines, for formats numbered by record, and nothing for binary files', () => {
    const xml = Buffer.from('<Events><Event xmlns="x">a</Event><Event xmlns="x">b</Event><Event>c</Event></Events>');
    expect(contentFacts(xml).maxLine).toBe(1);
    expect(contentFacts(xml, { records: /<Event[\s>/]/g }).maxLine).toBe(4);
    expect(contentFacts(Buffer.from('\n\n\n'), { binary: true }).maxLine).toBeNull();
    // A gzip that does not even start right (compression method 7) has no lines to tell.
    const badMethod = zlib.gzipSync(Buffer.from('a\nb\n'));
    badMethod[2] = 7;
    expect(contentFacts(badMethod).maxLine).toBeNull();
    expect(contentFacts(zlib.gzipSync(Buffer.from('a\nb\n')).subarray(0, 20)).maxLine).toBeGreaterThanOrEqual(1);
  });

  it('wants the database unchanged after a failure or a duplicate, and changed by an import that adds', () => {
    expect(checkDigests({ file, status: 'failed' }, 'a', 'a', 'engine')).toEqual([]);
    expect(classes(checkDigests({ file, status: 'failed' }, 'a', 'b', 'engine'))).toEqual(['changed-after-failure']);
    expect(classes(checkDigests({ file, status: 'duplicate' }, 'a', 'b', 'cli'))).toEqual(['changed-after-failure']);
    expect(classes(checkDigests({ file, status: 'imported' }, 'a', 'a', 'engine'))).toEqual(['not-stored']);
    // Intel that adds nothing new (known indicators, known sightings) rightly leaves the store as it was.
    expect(checkDigests({ file, status: 'imported', newIndicators: 0, newSightings: 0 }, 'a', 'a', 'engine')).toEqual([]);
    expect(outcomeOf({ file, status: 'imported', quarantined: 2 })).toBe('quarantined');
    expect(outcomeOf({ file, status: 'imported', invalid: 0 })).toBe('imported');
  });

  it('knows crash output: stack frames, unhandled rejections, fatal errors; not a plain sentence', () => {
    expect(crashText('Error: boom\n    at readLines (file:///x/line-reader.js:12:5)\n')).not.toBeNull();
    expect(crashText('(node:1) UnhandledPromiseRejectionWarning: x')).not.toBeNull();
    expect(crashText('FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory')).not.toBeNull();
    expect(crashText('sightline: conn.log, line 3: not a valid address at 10:20:30')).toBeNull();
  });
});

describe('fuzz invariants on a CLI run', () => {
  const c: CliImport = { target: 'telemetry', file, home: '/tmp/h', caseName: 'fuzz', json: true, worker: false, timeoutMs: 30_000 };
  const run = (over: Partial<CliRun>): CliRun => ({ code: 0, signal: null, stdout: '', stderr: '', timedOut: false, ms: 10, ...over });
  const json = (status: string, error?: string) => JSON.stringify({ files: [{ file, status, ...(error ? { error } : {}) }] });

  it('accepts exit 0 with an import and exit 1 with a refusal, and nothing on stderr under --json', () => {
    expect(checkCliRun(run({ stdout: json('imported') }), c, facts).violations).toEqual([]);
    expect(checkCliRun(run({ code: 1, stdout: json('failed', 'the file is not UTF-8 text') }), c, facts)).toMatchObject({ outcome: 'refused', violations: [] });
  });

  it('flags exit 2, a kill, a hang, an exit that disagrees with the status, no JSON, stderr output', () => {
    expect(classes(checkCliRun(run({ code: 2, stderr: 'sightline: internal error: x' }), c, facts).violations)).toContain('exit-2');
    expect(classes(checkCliRun(run({ code: null, signal: 'SIGSEGV' }), c, facts).violations)).toContain('crash');
    expect(classes(checkCliRun(run({ code: null, signal: 'SIGKILL', timedOut: true }), c, facts).violations)).toEqual(['hang']);
    expect(classes(checkCliRun(run({ code: 1, stdout: json('imported') }), c, facts).violations)).toEqual(['bad-exit']);
    expect(classes(checkCliRun(run({ code: 1, stdout: 'not json' }), c, facts).violations)).toEqual(['bad-exit']);
    expect(classes(checkCliRun(run({ stdout: json('imported'), stderr: 'progress 50%' }), c, facts).violations)).toEqual(['stray-output']);
  });

  it('without --json, wants the file named on stderr and checks the sentence after it', () => {
    const text = { ...c, json: false };
    expect(checkCliRun(run({ code: 1, stderr: `sightline: ${file}, line 2: the file is not UTF-8 text\n` }), text, facts).violations).toEqual([]);
    expect(classes(checkCliRun(run({ code: 1, stderr: 'sightline: the file is not UTF-8 text\n' }), text, facts).violations)).toEqual(['unnamed-error']);
    expect(classes(checkCliRun(run({ code: 1, stderr: `sightline: ${file}: the file is empty\n` }), text, facts).violations)).toEqual(['untrue-error']);
  });
});
