import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import type { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Engine, EngineOptions } from '../../src/core/engine.js';
import type { TokenStore } from '../../src/core/intel/sources/x/bearer-token.js';
import type { ImportProgress } from '../../src/shared/types.js';
import { buildCli } from '../helpers/cli.js';
import { caseFile, countRows, EngineHarness, remoteError } from '../helpers/engine.js';
import { countSysmon, countZeekTsv, fixtures, repoRoot } from '../helpers/fixtures.js';
import { CASE_TABLES, caseRows } from '../helpers/text-formats.js';
import { writeZeekTsv } from '../helpers/zeek-gen.js';
import { makePost, startXApiStandIn, type XApiStandIn } from '../standins/x-api/index.js';
import { sampleUsers } from '../standins/x-api/sample-data.js';

// The engine from the .ts sources, with heavy operations in the job worker built from the same
// sources (dist/bundle/job-worker.js), against the same engine running them on its own thread.
const h = new EngineHarness();
const servers: XApiStandIn[] = [];
afterEach(async () => {
  h.close();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
beforeAll(() => buildCli(), 180_000);

const workerFile = () => pathToFileURL(path.join(repoRoot, 'dist', 'bundle', 'job-worker.js'));
const inWorker = (options: EngineOptions = {}): Engine => h.engine({ ...options, jobWorkerFile: workerFile() });
const onThisThread = (options: EngineOptions = {}): Engine => h.engine({ ...options, jobWorkerFile: undefined });

/** The engine's job worker, for the test that kills it (no other way in: a crash is not an operation). */
function jobWorkerOf(engine: Engine): Worker | undefined {
  return (engine as unknown as { jobThread: { current: { worker: Worker } | null } | null }).jobThread?.current?.worker;
}

/** Counts timer ticks on this (the serving) thread. */
function ticker(): { ticks(): number; stop(): void } {
  let n = 0;
  const t = setInterval(() => n++, 20);
  return { ticks: () => n, stop: () => clearInterval(t) };
}

function bigZeek(rows: number): string {
  const file = path.join(h.tmp.make('big-'), 'conn.log');
  writeZeekTsv(file, rows, 7);
  return file;
}

const TABLES = { ...CASE_TABLES, imports: 'file_name, format, sha256, bytes, events, processes, dns, alerts, ignored, quarantined' };

describe('heavy operations in the job worker', () => {
  it('import the same case as on the serving thread, progress flowing, while this thread keeps ticking', async () => {
    const big = bigZeek(40_000);
    const files = [big, fixtures.zeekTsv, fixtures.sysmonWevtutil];
    const run = async (engine: Engine) => {
      const c = await engine.invoke('createCase', { name: 'Same' });
      const progress: ImportProgress[] = [];
      const r = await engine.invoke('importFiles', { caseId: c.id, sources: files.map((f) => engine.files.source(f)) }, { onProgress: (p) => progress.push(p) });
      return { r, progress, rows: caseRows(caseFile(engine, c.id), TABLES) };
    };
    const clock = ticker();
    const started = Date.now();
    const worker = await run(inWorker());
    const elapsed = Date.now() - started;
    clock.stop();
    const here = await run(onThisThread());
    expect(worker.r).toEqual(here.r);
    expect(worker.rows).toEqual(here.rows);
    expect((worker.rows['events'] ?? []).length).toBe(40_000 + countZeekTsv(fixtures.zeekTsv).events + countSysmon(fixtures.sysmonWevtutil).events);
    expect(worker.progress.filter((p) => p.fileIndex === 0 && p.rows > 0).length).toBeGreaterThan(1);
    expect(worker.progress.at(-1)).toMatchObject({ fileIndex: 2, fileCount: 3 });
    // A 20 ms timer on this thread kept firing: nothing held it for long (measured closely in serving-latency.test.ts).
    expect(clock.ticks()).toBeGreaterThan(elapsed / 20 / 3);
  });

  it('are cancelled by cancelJob, storing nothing of the file', async () => {
    const engine = inWorker();
    const big = bigZeek(300_000);
    const c = await engine.invoke('createCase', { name: 'Cancel' });
    let cancelled = false;
    const r = await engine.invoke(
      'importFiles',
      { caseId: c.id, sources: [engine.files.source(big)] },
      {
        jobId: 'job-1',
        onProgress: (p) => {
          if (cancelled || p.rows === 0) return;
          cancelled = true;
          void engine.invoke('cancelJob', { jobId: 'job-1' });
        },
      },
    );
    expect(cancelled).toBe(true);
    expect(r.files[0]).toMatchObject({ status: 'cancelled', events: 0 });
    expect(countRows(engine, c.id, 'events')).toBe(0);
    expect(countRows(engine, c.id, 'imports')).toBe(0);
  });

  it('fail with the payload the serving thread would give: code, message, field, and per-file lines', async () => {
    const badLine = path.join(h.tmp.make('bad-'), 'conn.log');
    // A byte that is not UTF-8 on line 12: the file fails, naming the line.
    const lines = fs.readFileSync(fixtures.zeekTsv).toString('latin1').split('\n');
    lines[11] += '\xe9';
    fs.writeFileSync(badLine, Buffer.from(lines.join('\n'), 'latin1'));
    const outcome = async (engine: Engine) => {
      const c = await engine.invoke('createCase', { name: 'Errors' });
      const zone = (await remoteError(engine.invoke('importFiles', { caseId: c.id, sources: [engine.files.source(fixtures.zeekTsv)], timezone: 'Mars/Olympus' }))).payload;
      const missing = await engine.invoke('importFiles', { caseId: c.id, sources: [{ fileId: 'f'.repeat(32) }, engine.files.target(path.join(h.tmp.make('t-'), 'x'))] });
      const bad = await engine.invoke('importFiles', { caseId: c.id, sources: [engine.files.source(badLine)] });
      const noCase = (await remoteError(engine.invoke('deleteImport', { caseId: 'nope', importId: 1 }))).payload;
      const invalid = await engine.call('intelImport', { sources: [] });
      return { zone, missing: missing.files, bad: bad.files, noCase, invalid };
    };
    const worker = await outcome(inWorker());
    const here = await outcome(onThisThread());
    expect(worker).toEqual(here);
    expect(worker.zone).toMatchObject({ code: 'INVALID_INPUT', field: 'timezone' });
    expect(worker.missing.map((f) => f.errorField)).toEqual(['fileId', 'fileId']);
    expect(worker.bad[0]).toMatchObject({ status: 'failed', errorLine: 12 });
    expect(worker.noCase).toMatchObject({ code: 'NOT_FOUND', field: 'caseId' });
  });

  it('use the serving thread’s grants: an upload is removed once imported, an export without a target becomes its download', async () => {
    const engine = inWorker();
    const bytes = fs.readFileSync(fixtures.zeekTsv);
    const upload = await engine.files.receiveUpload(Readable.from([bytes]), 'conn.log', bytes.length);
    expect(fs.readdirSync(engine.layout.uploadsDir)).toHaveLength(1);
    const c = await engine.invoke('createCase', { name: 'Grants' });
    const r = await engine.invoke('importFiles', { caseId: c.id, sources: [{ fileId: upload.fileId }] });
    expect(r.files[0]).toMatchObject({ file: 'conn.log', status: 'imported', events: countZeekTsv(fixtures.zeekTsv).events });
    expect(fs.readdirSync(engine.layout.uploadsDir)).toEqual([]);
    expect(() => engine.files.read(upload.fileId)).toThrow(/not available/);

    await engine.invoke('intelImport', { sources: [engine.files.source(fixtures.tweetfeedCsv)] });
    const exported = await engine.invoke('intelExport', { format: 'csv' });
    expect(exported.download).toMatchObject({ fileId: expect.stringMatching(/^[a-f0-9]{32}$/), bytes: expect.any(Number) });
    const download = engine.files.takeDownload(exported.download?.fileId ?? '');
    expect(download?.bytes).toBe(exported.download?.bytes);
    const chunks: Buffer[] = [];
    for await (const chunk of download?.stream ?? []) chunks.push(chunk as Buffer);
    download?.done();
    expect(Buffer.concat(chunks).toString('utf8').split('\n').length).toBeGreaterThan(exported.records);

    const target = path.join(h.tmp.make('out-'), 'bundle.sightline');
    const bundle = await engine.invoke('intelExport', { format: 'bundle', target: engine.files.target(target) });
    expect(bundle).toMatchObject({ file: target, download: null });
    expect(fs.statSync(target).size).toBeGreaterThan(0);
  });

  it('sync with the serving thread’s X token and test clock (neither can cross a thread)', async () => {
    const NOW = Date.parse('2026-11-20T12:00:00Z');
    const posts = Array.from({ length: 120 }, (_, i) => makePost({ authorUsername: 'HoneyFeedOne', createdAt: NOW - (i + 1) * 60_000, text: `honeypot: #SSH attack from 45.95.1.${i + 1}` }));
    const s = await startXApiStandIn({ users: sampleUsers(), posts, now: NOW, limits: { userTweets: 1 }, tokens: { good: 'ok', revoked: 'unauthorized' } });
    servers.push(s);
    let token: string | null = 'good';
    const tokens: TokenStore = { where: 'memory', get: () => token, set: (t) => (token = t) };
    const engine = inWorker({ tokens, serviceOrigins: { x: s.baseUrl }, clock: { now: () => s.control.now(), sleep: async (ms) => s.control.advance(ms) } });
    await engine.invoke('intelAddSource', { kind: 'x-account', username: 'HoneyFeedOne' });
    const waits: string[] = [];
    const started = Date.now();
    const r = await engine.invoke('intelSync', { maxWaitSeconds: 900 }, { onProgress: (p) => p.waitingUntil && waits.push(p.waitingUntil) });
    expect(r.sources[0]).toMatchObject({ state: 'ok', posts: 120, complete: true });
    // The rate limit (one page per 15 minutes) was waited out on the stand-in's clock, so in no time.
    expect(waits.length).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect((await engine.invoke('intelStats', {})).sightings).toBe(120);
    token = 'revoked';
    s.control.advance(16 * 60_000);
    expect((await engine.invoke('intelSync', {})).sources[0]).toMatchObject({ state: 'unauthorized' });
  });

  it('analyse a case into the same findings as on the serving thread, with the serving thread’s clock', async () => {
    const findings = async (engine: Engine) => {
      const c = await engine.invoke('createCase', { name: 'Analysed' });
      await engine.invoke('intelImport', { sources: [engine.files.source(fixtures.tweetfeedCsv)] });
      await engine.invoke('importFiles', { caseId: c.id, sources: [fixtures.zeekTsv, fixtures.sysmonWevtutil].map((f) => engine.files.source(f)) });
      const progress: unknown[] = [];
      const run = await engine.invoke('analyzeCase', { caseId: c.id }, { onProgress: (p) => progress.push(p) });
      const listed = await engine.invoke('listFindings', { caseId: c.id });
      return { progress: progress.length > 0, findings: run.findings, listed: listed.findings, total: listed.total };
    };
    const NOW = Date.parse('2026-11-20T12:00:00Z');
    const clock = { now: () => NOW, sleep: async () => undefined };
    const worker = await findings(inWorker({ clock }));
    const here = await findings(onThisThread({ clock }));
    expect(worker.progress).toBe(true);
    expect(worker.findings).toBeGreaterThan(0);
    expect(worker.listed).toEqual(here.listed);
    expect(worker.total).toBe(here.total);
  });

  it('keep graph answers from one job to the next (the worker makes handlers for each job)', async () => {
    const engine = inWorker();
    const caseId = (await engine.invoke('createCase', { name: 'Kept' })).id;
    await engine.invoke('importFiles', { caseId, sources: [engine.files.source(fixtures.zeekTsv)] });
    const first = await engine.invoke('getGraphView', { caseId });
    // A unit written behind the engine's back, without a new revision: a kept answer does not show it, a regrouping would.
    const db = new Database(caseFile(engine, caseId));
    try {
      db.prepare("INSERT INTO edge_stats (host, image, dst_ip, events, bytes_out, bytes_in, first_ts, last_ts, ports) VALUES ('planted', '', '198.51.100.77', 1, 0, 0, 0, 0, '80')").run();
    } finally {
      db.close();
    }
    expect(await engine.invoke('getGraphView', { caseId })).toEqual(first);
    expect((await engine.invoke('getGraphView', { caseId, maxDestinations: 399 })).totals.hosts).toBe(first.totals.hosts + 1);
  });

  it('take turns on one case in the worker; the later one reports that it waits', async () => {
    const engine = inWorker();
    const c = await engine.invoke('createCase', { name: 'Queue' });
    const second: ImportProgress[] = [];
    const [a, b] = await Promise.all([
      engine.invoke('importFiles', { caseId: c.id, sources: [engine.files.source(fixtures.zeekTsv)] }),
      engine.invoke('importFiles', { caseId: c.id, sources: [engine.files.source(fixtures.sysmonWevtutil)] }, { onProgress: (p) => second.push(p) }),
    ]);
    expect([a.files[0]?.status, b.files[0]?.status]).toEqual(['imported', 'imported']);
    expect(second[0]).toMatchObject({ waitingSeconds: 0 });
    expect(b.join.flowEvents).toBe(countZeekTsv(fixtures.zeekTsv).events);
  });
});

describe('the start of the app while a job runs', () => {
  /** getAppInfo is the footer's first answer: a page must not say "Connecting…" for as long as a job holds the worker. */
  const ANSWER_MS = 250;

  it('answers getAppInfo at once, saying the demo case is being prepared, while an analysis holds the worker', async () => {
    const engine = inWorker({ resourcesDir: path.join(repoRoot, 'resources') });
    const c = await engine.invoke('createCase', { name: 'Long job' });
    await engine.invoke('importFiles', { caseId: c.id, sources: [engine.files.source(bigZeek(200_000))] });
    let analysed = 0;
    let analysing: () => void = () => undefined;
    const started = new Promise<void>((resolve) => (analysing = resolve));
    const analysis = engine.invoke('analyzeCase', { caseId: c.id }, { onProgress: () => analysing() }).then((r) => ((analysed = performance.now()), r));
    // The app starts (its first getAppInfo, which starts the demo case's build) while the worker analyses.
    await started;
    const asked = performance.now();
    const info = await engine.invoke('getAppInfo', {});
    const answeredMs = performance.now() - asked;
    const start = engine.invoke('getStartCase', {});

    expect(answeredMs).toBeLessThan(ANSWER_MS);
    expect(analysed).toBe(0);
    expect(info).toMatchObject({ dataHome: engine.layout.root, preparing: 'demo-case' });
    const [{ findings }, { caseId }] = await Promise.all([analysis, start]);
    expect(findings).toBeGreaterThan(0);
    // The start case is the demo case, once built.
    expect(caseId).not.toBeNull();
    expect(await engine.invoke('openCase', { caseId: caseId as string })).toMatchObject({ importCount: 2 });
    expect(await engine.invoke('getAppInfo', {})).toMatchObject({ preparing: null });
  }, 120_000);
});

describe('a job worker that stops', () => {
  it('fails the running job with a clear error; nothing of its file is kept, and the next job runs in a new worker', async () => {
    const engine = inWorker();
    const big = bigZeek(300_000);
    const c = await engine.invoke('createCase', { name: 'Crash' });
    let killed: Worker | undefined;
    const err = await remoteError(
      engine.invoke('importFiles', { caseId: c.id, sources: [engine.files.source(big)] }, {
        onProgress: (p) => {
          if (killed || p.rows === 0) return;
          killed = jobWorkerOf(engine);
          void killed?.terminate();
        },
      }),
    );
    expect(killed).toBeDefined();
    expect(err.payload).toEqual({
      code: 'INTERNAL',
      message: 'internal error: the job worker stopped unexpectedly (exit code 1) while running importFiles; it did not finish (files are imported whole or not at all): run it again',
    });
    expect(countRows(engine, c.id, 'events')).toBe(0);
    // The killed worker's job lock and transaction went with it: the next import is not kept waiting.
    const started = Date.now();
    const again = await engine.invoke('importFiles', { caseId: c.id, sources: [engine.files.source(fixtures.zeekTsv)] });
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(again.files[0]).toMatchObject({ status: 'imported', events: countZeekTsv(fixtures.zeekTsv).events });
    expect(jobWorkerOf(engine)).not.toBe(killed);
    expect(countRows(engine, c.id, 'events')).toBe(countZeekTsv(fixtures.zeekTsv).events);
  });

  it('that cannot start leaves heavy operations on the serving thread', async () => {
    const broken = path.join(h.tmp.make('broken-'), 'job-worker.js');
    fs.writeFileSync(broken, 'throw new Error("this worker cannot start");\n');
    const engine = h.engine({ jobWorkerFile: pathToFileURL(broken) });
    const c = await engine.invoke('createCase', { name: 'Fallback' });
    const r = await engine.invoke('importFiles', { caseId: c.id, sources: [engine.files.source(fixtures.zeekTsv)] });
    expect(r.files[0]).toMatchObject({ status: 'imported', events: countZeekTsv(fixtures.zeekTsv).events });
    expect(jobWorkerOf(engine)).toBeUndefined();
  });
});
