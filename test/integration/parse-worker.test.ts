import fs from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildCli, runCli } from '../helpers/cli.js';
import { TempDirs } from '../helpers/temp-dirs.js';
import { fileLines, fixtures, repoRoot } from '../helpers/fixtures.js';
import { caseFile, edgeValues, numericCases, STORED_BOUNDS } from '../helpers/numeric-edges.js';
import { writeZeekTsv } from '../helpers/zeek-gen.js';
import { damagedGzipVariants, failingOffset } from '../helpers/damaged-gzip.js';
import { outFile } from '../helpers/powershell.js';
import { CASE_TABLES, caseRows, textFormatFixtures } from '../helpers/text-formats.js';

// Under vitest the sources are .ts and the import parses in-thread; the built CLI (dist/) can run the
// parse worker. SIGHTLINE_PARSE_WORKER forces either way, so both must give the same case, row for row.
const tmp = new TempDirs();
afterEach(() => tmp.cleanup());
beforeAll(() => buildCli(), 120_000);

const TABLES = { ...CASE_TABLES, imports: 'file_name, format, sha256, bytes, events, processes, dns, alerts, ignored, quarantined' };

interface CliImport {
  rows: Record<string, unknown[]>;
  files: Record<string, unknown>[];
}

async function runImport(mode: 'always' | 'never', files: string[], expectedCode = 0): Promise<CliImport> {
  const home = tmp.make();
  const r = await runCli(home, ['import', ...files, '--case', 'w', '--json'], { SIGHTLINE_PARSE_WORKER: mode });
  expect(r.code, r.stderr).toBe(expectedCode);
  return { rows: caseRows(path.join(home, 'cases', 'w.sqlite'), TABLES), files: (JSON.parse(r.stdout) as { files: Record<string, unknown>[] }).files };
}

async function importWith(mode: 'always' | 'never', files: string[]): Promise<Record<string, unknown[]>> {
  return (await runImport(mode, files)).rows;
}

describe('the parse worker and in-thread parsing store the same case', () => {
  it('for a 2 MB Zeek log with bad lines, Sysmon JSON and a Suricata eve.json', async () => {
    const dir = tmp.make();
    const big = path.join(dir, 'conn.log');
    writeZeekTsv(big, 15_000, 3);
    // Two unreadable lines: the quarantine must match too.
    const lines = fileLines(big);
    lines[20] = 'not\ta\tzeek\trow';
    lines[9000] = (lines[9000] ?? '').replace(/\t\d+\.\d+\.\d+\.\d+\t/, '\t999.1.1.1\t');
    fs.writeFileSync(big, `${lines.join('\n')}\n`);
    expect(fs.statSync(big).size).toBeGreaterThan(1 << 20);
    const files = [big, fixtures.sysmonWevtutil, path.join(repoRoot, 'test', 'fixtures', 'suricata', 'eve-curl-ipinfo.json')];
    const inWorker = await importWith('always', files);
    const inThread = await importWith('never', files);
    expect(inWorker['quarantine']).toHaveLength(2);
    expect((inWorker['events'] ?? []).length).toBeGreaterThan(15_000);
    for (const table of Object.keys(TABLES)) expect(inWorker[table], table).toEqual(inThread[table]);
  }, 120_000);

  it('for UTF-16 exports, damaged gzip and bytes that are not UTF-8: the same rows, and the same errors with the same lines', async () => {
    const dir = tmp.make();
    const write = (name: string, bytes: Buffer): string => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, bytes);
      return file;
    };
    const lineFormats = textFormatFixtures.filter((f) => f.format !== 'csv-mapped' && f.format !== 'sysmon-xml');
    const utf16 = lineFormats.map((f, i) => write(`${i}-utf16-${path.basename(f.file)}`, outFile(fs.readFileSync(f.file, 'utf8'), i % 2 ? 'BigEndianUnicode' : 'Unicode')));
    const latin1 = lineFormats.map((f, i) => {
      const lines = fs.readFileSync(f.file).toString('latin1').split('\n');
      lines[lines.length >> 1] += '\xe9';
      return write(`${i}-latin1-${path.basename(f.file)}`, Buffer.from(lines.join('\n'), 'latin1'));
    });
    const gz = damagedGzipVariants(fs.readFileSync(fixtures.zeekTsv)).filter((v) => v.expect !== 'empty');
    const damaged = gz.map((v, i) => write(`${i}-damaged.log.gz`, v.bytes));
    const bomless = write('bomless.log', Buffer.from(fs.readFileSync(fixtures.zeekTsv, 'utf8'), 'utf16le'));
    const files = [...utf16, ...latin1, ...damaged, bomless];
    const inWorker = await runImport('always', files, 1);
    const inThread = await runImport('never', files, 1);
    expect(inWorker.files).toEqual(inThread.files);
    expect(inWorker.rows).toEqual(inThread.rows);
    const byFile = new Map(inWorker.files.map((f) => [f['file'], f]));
    for (const file of utf16) expect(byFile.get(file), file).toMatchObject({ status: 'imported' });
    latin1.forEach((file) => {
      const middle = (fs.readFileSync(file).toString('latin1').split('\n').length >> 1) + 1;
      expect(byFile.get(file), file).toMatchObject({ status: 'failed', errorLine: middle, error: expect.stringMatching(/^the file is not UTF-8 text/) });
    });
    gz.forEach((v, i) => {
      const error = v.expect === 'cut' ? /^the file ends in the middle of its gzip data/ : new RegExp(`^the gzip data is damaged: decompression fails at byte ${failingOffset(v.bytes)} `);
      expect(byFile.get(damaged[i]), v.name).toMatchObject({ status: 'failed', error: expect.stringMatching(error) });
    });
    expect(byFile.get(bomless)).toMatchObject({ status: 'failed', errorLine: 1, error: expect.stringMatching(/UTF-16LE text without a byte-order mark/) });
  }, 120_000);

  it('for values at and past the bounds in every format the worker reads (numeric-bounds.property.test.ts feeds its packed path in-process)', async () => {
    const dir = tmp.make();
    // Two fields of each format (formats are told by content here: csv-mapped needs a mapping and is left out).
    const perFormat = new Map<string, number>();
    const files = numericCases()
      .filter((c) => {
        const n = perFormat.get(c.format) ?? 0;
        perFormat.set(c.format, n + 1);
        return c.format !== 'csv-mapped' && n < 2;
      })
      .map((c, i) => {
        const file = path.join(dir, `${i}.${c.ext}`);
        fs.writeFileSync(file, caseFile(c, edgeValues(2000 + i)).text);
        return file;
      });
    const inWorker = await importWith('always', files);
    const inThread = await importWith('never', files);
    expect((inWorker['quarantine'] ?? []).length).toBeGreaterThan(files.length * 10);
    for (const table of Object.keys(TABLES)) expect(inWorker[table], table).toEqual(inThread[table]);
    for (const table of ['events', 'processes', 'dns_answers', 'alerts'] as const) {
      const columns = TABLES[table].split(', ');
      const out = (inWorker[table] as unknown[][]).flatMap((row) => columns.filter((c, i) => STORED_BOUNDS[c] && !STORED_BOUNDS[c](row[i])).map((c) => `${table}.${c}: ${JSON.stringify(row)}`));
      expect(out, table).toEqual([]);
    }
  }, 120_000);

  // The desktop app's main bundle carries its own copy of the worker (electron.vite.config.ts).
  const electronWorker = path.join(repoRoot, 'out', 'main', 'parse-worker.js');
  it.skipIf(!fs.existsSync(electronWorker))('the Electron main bundle has a parse worker that reads a file like the CLI one (skipped before electron-vite build)', async () => {
    const batches: number[] = [];
    const end = await new Promise<{ type: string; counts?: { events: number }; error?: unknown }>((resolve, reject) => {
      const worker = new Worker(electronWorker, { workerData: { file: fixtures.zeekTsv, name: 'conn.log', format: 'zeek-conn-tsv', options: { timezone: 'UTC' } } });
      worker.on('message', (m: { type: string; batch?: { rows: number } }) => {
        if (m.type === 'batch') {
          batches.push(m.batch?.rows ?? 0);
          worker.postMessage({ type: 'ack', buffers: [] });
        } else {
          void worker.terminate();
          resolve(m);
        }
      });
      worker.on('error', reject);
    });
    expect(end.type, JSON.stringify(end.error)).toBe('end');
    const rows = fileLines(fixtures.zeekTsv).filter((l) => l !== '' && !l.startsWith('#')).length;
    expect(end.counts?.events).toBe(rows);
    expect(batches.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(rows);
  });
});
