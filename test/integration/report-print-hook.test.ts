import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { threadId } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine, EngineOptions } from '../../src/core/engine.js';
import { InvalidInputError } from '../../src/core/errors/index.js';
import type { PdfPrinter, PrintOptions } from '../../src/core/report/pdf-printer.js';
import { buildCli } from '../helpers/cli.js';
import { EngineHarness, remoteError } from '../helpers/engine.js';
import { repoRoot } from '../helpers/fixtures.js';
import { encodedCommandProcess, masqueradeProcess, writeHostileSysmon } from '../helpers/sysmon-hostile-gen.js';

/**
 * The PDF print hook (EngineOptions.printPdf, the desktop app's Electron
 * printer) with a fake printer, run in the job worker and on the caller's
 * thread: the worker sends the print to the serving thread (where the host's
 * printer is) and the file is written from what it printed; a cancel
 * mid-print reaches the printer and leaves no file; a printer's error reaches
 * the caller; and while a PDF prints, an analysis and an import of the same
 * case are not held up (the report holds the case's turn only to gather).
 */

const h = new EngineHarness();
beforeAll(() => buildCli(), 180_000);
afterAll(() => h.close());

const FAKE_PDF = '%PDF-1.4\n% printed by the fake printer\n%%EOF\n';
const pdfDirs = () => new Set(fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('sightline-pdf-')));

interface Call {
  page: string;
  html: string;
  pdf: string;
  o: PrintOptions;
  thread: number;
}

/** A printer that records its calls and does what `act` says once the page is read. */
function fakePrinter(act: (call: Call) => Promise<void>): { print: PdfPrinter; calls: Call[] } {
  const calls: Call[] = [];
  const print: PdfPrinter = async (page, pdf, o) => {
    const call = { page, html: fs.readFileSync(page, 'utf8'), pdf, o, thread: threadId };
    calls.push(call);
    await act(call);
  };
  return { print, calls };
}

const writes = (call: Call) => fs.promises.writeFile(call.pdf, FAKE_PDF);

/** Resolves when `signal` aborts. */
const aborted = (signal: AbortSignal) => new Promise<void>((resolve) => (signal.aborted ? resolve() : signal.addEventListener('abort', () => resolve(), { once: true })));

const modes: [string, Pick<EngineOptions, 'jobWorkerFile'>][] = [
  ['in the job worker', { jobWorkerFile: pathToFileURL(path.join(repoRoot, 'dist', 'bundle', 'job-worker.js')) }],
  ["on the caller's thread", { jobWorkerFile: undefined }],
];

describe.each(modes)('a PDF report with the engine given a printer, %s', (_mode, where) => {
  let printer: PdfPrinter = () => Promise.reject(new Error('no printer set for this test'));
  let engine: Engine;
  let caseId = '';
  const out = () => h.tmp.make('print-out-');

  beforeAll(async () => {
    engine = h.engine({ ...where, jobWorker: true, printPdf: (page, pdf, o) => printer(page, pdf, o) });
    caseId = (await engine.invoke('createCase', { name: 'Print' })).id;
    const file = writeHostileSysmon(path.join(h.tmp.make('print-in-'), 'sysmon.json'), [masqueradeProcess()]);
    await engine.invoke('importFiles', { caseId, sources: [engine.files.source(file)] });
    await engine.invoke('analyzeCase', { caseId });
  }, 120_000);

  it('prints through the serving thread and writes what the printer printed', async () => {
    const fake = fakePrinter(writes);
    printer = fake.print;
    const file = path.join(out(), 'r.pdf');
    const before = pdfDirs();
    const r = await engine.invoke('exportReport', { caseId, format: 'pdf', minScore: 0, title: 'Hook <b>test</b>', target: engine.files.target(file) });
    expect(r).toMatchObject({ format: 'pdf', records: 1 });
    expect(fs.readFileSync(file, 'utf8')).toBe(FAKE_PDF);
    expect(fake.calls).toHaveLength(1);
    const [call] = fake.calls as [Call];
    // The printer ran here, on the thread that serves (a function cannot cross to the worker: it was asked for).
    expect(call.thread).toBe(threadId);
    expect(call.html).toMatch(/^<!doctype html>/i);
    expect(call.html).toContain('Hook &lt;b&gt;test&lt;/b&gt;');
    expect([path.dirname(call.pdf), path.basename(call.page)]).toEqual([path.dirname(call.page), 'report.html']);
    expect(call.o.timeoutMs).toBe(180_000);
    // The page's private folder is gone.
    expect(fs.existsSync(call.page)).toBe(false);
    expect([...pdfDirs()].filter((d) => !before.has(d))).toEqual([]);
  });

  it.each([
    ['stops when told', true],
    ['ignores the cancel', false],
  ])('a cancel mid-print reaches a printer that %s, and no file is left', async (_how, obeys) => {
    let release = (): void => undefined;
    const fake = fakePrinter(async (call) => {
      if (obeys) {
        await aborted(call.o.signal);
        throw new Error('stopped');
      }
      // A printer deaf to the cancel still writes after a while: the report must not wait for it, nor keep what it wrote.
      await new Promise<void>((resolve) => (release = resolve));
      await writes(call).catch(() => undefined);
    });
    printer = fake.print;
    const dir = out();
    const file = path.join(dir, 'r.pdf');
    const before = pdfDirs();
    const abort = new AbortController();
    const started = Date.now();
    const pending = engine.invoke('exportReport', { caseId, format: 'pdf', minScore: 0, target: engine.files.target(file) }, { signal: abort.signal });
    await expect.poll(() => fake.calls.length, { timeout: 30_000 }).toBe(1);
    abort.abort();
    const err = await remoteError(pending);
    expect([err.code, err.message]).toEqual(['CANCELLED', 'the report was cancelled; no file was written']);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect((fake.calls[0] as Call).o.signal.aborted).toBe(true);
    release();
    await new Promise((r) => setTimeout(r, 100));
    expect(fs.readdirSync(dir)).toEqual([]);
    expect([...pdfDirs()].filter((d) => !before.has(d))).toEqual([]);
  });

  it.each([
    ['a user error, kept whole', () => new InvalidInputError('the printer is out of paper', { field: 'format' }), { code: 'INVALID_INPUT', message: 'the printer is out of paper', field: 'format' }],
    ['any other failure, as an internal error', () => new Error('the render process is gone'), { code: 'INTERNAL', message: 'internal error: the render process is gone' }],
  ])("a printer's failure reaches the caller: %s; no file", async (_what, failure, payload) => {
    printer = fakePrinter(() => Promise.reject(failure())).print;
    const dir = out();
    const err = await remoteError(engine.invoke('exportReport', { caseId, format: 'pdf', minScore: 0, target: engine.files.target(path.join(dir, 'r.pdf')) }));
    expect(err.payload).toEqual(payload);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('a printer that writes no PDF is an internal error, not an empty file', async () => {
    printer = fakePrinter(async () => undefined).print;
    const dir = out();
    const err = await remoteError(engine.invoke('exportReport', { caseId, format: 'pdf', minScore: 0, target: engine.files.target(path.join(dir, 'r.pdf')) }));
    expect(err.payload).toEqual({ code: 'INTERNAL', message: 'the printer wrote no PDF' });
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('while a PDF prints, an analysis and an import of the same case run to the end', async () => {
    let release = (): void => undefined;
    const fake = fakePrinter(async (call) => {
      await new Promise<void>((resolve) => (release = resolve));
      await writes(call);
    });
    printer = fake.print;
    const file = path.join(out(), 'r.pdf');
    const pending = engine.invoke('exportReport', { caseId, format: 'pdf', minScore: 0, target: engine.files.target(file) });
    await expect.poll(() => fake.calls.length, { timeout: 30_000 }).toBe(1);
    const more = writeHostileSysmon(path.join(h.tmp.make('print-more-'), 'sysmon.json'), [encodedCommandProcess(2048, 0)]);
    const imported = await engine.invoke('importFiles', { caseId, sources: [engine.files.source(more)] });
    expect(imported.files[0]?.status).toBe('imported');
    const analysed = await engine.invoke('analyzeCase', { caseId });
    expect(analysed.findings).toBeGreaterThan(0);
    expect(fs.existsSync(file)).toBe(false);
    release();
    expect((await pending).format).toBe('pdf');
    expect(fs.readFileSync(file, 'utf8')).toBe(FAKE_PDF);
  }, 60_000);
});
