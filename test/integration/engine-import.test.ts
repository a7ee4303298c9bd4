import { describeFileError } from '../../src/shared/error-payload.js';
import type { FileImportResult } from '../../src/shared/types.js';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import type { ImportProgress } from '../../src/shared/types.js';
import { caseFile, countRows, EngineHarness, withCaseDb } from '../helpers/engine.js';
import { copyWithLine, countSysmon, countZeekJson, countZeekTsv, fileLines, fixtures, type ExpectedCounts } from '../helpers/fixtures.js';
import { writeZeekTsv, ZEEK_HEADER_LINES } from '../helpers/zeek-gen.js';

const h = new EngineHarness();
afterEach(() => h.close());

async function newCase(engine: Engine, name = 'Import test') {
  return (await engine.invoke('createCase', { name })).id;
}

const importPath = (engine: Engine, caseId: string, file: string, options?: Parameters<Engine['invoke']>[2]) =>
  engine.invoke('importFiles', { caseId, sources: [engine.files.source(file)] }, options);

describe('importFiles counts match the fixture files', () => {
  const table: [string, string, 'zeek-conn-tsv' | 'zeek-conn-json' | 'sysmon-json', (f: string) => ExpectedCounts][] = [
    ['Zeek TSV', fixtures.zeekTsv, 'zeek-conn-tsv', countZeekTsv],
    ['Zeek JSON', fixtures.zeekJson, 'zeek-conn-json', countZeekJson],
    ['Sysmon EID 1/3/22', fixtures.sysmonWevtutil, 'sysmon-json', countSysmon],
    ['Sysmon mixed channels', fixtures.sysmonBitsadmin, 'sysmon-json', countSysmon],
  ];

  it.each(table)('%s', async (_label, file, format, count) => {
    const expected = count(file);
    expect(expected.events).toBeGreaterThan(0);
    const engine = h.engine();
    const caseId = await newCase(engine);
    const { files } = await importPath(engine, caseId, file);
    expect(files).toEqual([{ file, status: 'imported', format, importId: 1, ...expected }]);
    expect(countRows(engine, caseId, 'events')).toBe(expected.events);
    expect(countRows(engine, caseId, 'processes')).toBe(expected.processes);
    const sha256 = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
    expect(await engine.invoke('listImports', { caseId })).toEqual([
      { id: 1, file, format, sha256, bytes: fs.statSync(file).size, ...expected, importedAt: expect.any(String) },
    ]);
    expect(await engine.invoke('openCase', { caseId })).toMatchObject({ eventCount: expected.events, importCount: 1 });
  });

  it('stores each event with its source line, so the UI can point back to it', async () => {
    const engine = h.engine();
    const caseId = await newCase(engine);
    await importPath(engine, caseId, fixtures.zeekTsv);
    const lines = fileLines(fixtures.zeekTsv);
    const rows = withCaseDb(engine, caseId, (db) => db.prepare('SELECT line, uid, src_ip, dst_ip FROM events ORDER BY line').all()) as { line: number; uid: string; src_ip: string; dst_ip: string }[];
    for (const r of rows) {
      const cols = (lines[r.line - 1] ?? '').split('\t');
      expect([cols[1], cols[2], cols[4]]).toEqual([r.uid, r.src_ip, r.dst_ip]);
    }
  });
});

describe('importFiles is idempotent and atomic', () => {
  it('reports the same content again as a duplicate, under any name, and changes nothing', async () => {
    const engine = h.engine();
    const caseId = await newCase(engine);
    await importPath(engine, caseId, fixtures.sysmonWevtutil);
    const before = { imports: await engine.invoke('listImports', { caseId }), events: countRows(engine, caseId, 'events'), processes: countRows(engine, caseId, 'processes') };

    const again = await importPath(engine, caseId, fixtures.sysmonWevtutil);
    expect(again.files[0]).toMatchObject({ status: 'duplicate', events: 0, processes: 0, error: expect.stringContaining(fixtures.sysmonWevtutil) });
    const renamed = path.join(h.tmp.make(), 'renamed.json');
    fs.copyFileSync(fixtures.sysmonWevtutil, renamed);
    expect((await importPath(engine, caseId, renamed)).files[0]?.status).toBe('duplicate');

    expect(await engine.invoke('listImports', { caseId })).toEqual(before.imports);
    expect(countRows(engine, caseId, 'events')).toBe(before.events);
    expect(countRows(engine, caseId, 'processes')).toBe(before.processes);
  });

  it('quarantines a bad line in the middle with file, line, reason and raw text, and imports the rest', async () => {
    const engine = h.engine();
    const caseId = await newCase(engine);
    // Line 60 of the TSV loses its last 10 columns.
    const bad = path.join(h.tmp.make(), 'conn-bad.log');
    const line60 = fileLines(fixtures.zeekTsv)[59] ?? '';
    const cut = line60.split('\t').slice(0, 11).join('\t');
    copyWithLine(fixtures.zeekTsv, bad, 60, cut);
    const { files } = await importPath(engine, caseId, bad);
    const dataRows = countZeekTsv(fixtures.zeekTsv).events;
    expect(files[0]).toMatchObject({ file: bad, status: 'imported', events: dataRows - 1, quarantined: 1 });
    // data rows = imported + quarantined
    expect((files[0]?.events ?? 0) + (files[0]?.quarantined ?? 0)).toBe(dataRows);
    const q = await engine.invoke('listQuarantine', { caseId });
    expect(q.total).toBe(1);
    expect(q.rows[0]).toMatchObject({ importId: files[0]?.importId, file: bad, line: 60, raw: cut, reason: expect.stringContaining('expected') });
    expect((await engine.invoke('listImports', { caseId }))[0]).toMatchObject({ quarantined: 1, events: dataRows - 1 });
  });

  it('fails a file none of whose records can be read, names the first problem, and stores nothing', async () => {
    const engine = h.engine();
    const caseId = await newCase(engine);
    await importPath(engine, caseId, fixtures.zeekJson);
    const before = { imports: await engine.invoke('listImports', { caseId }), summary: await engine.invoke('openCase', { caseId }) };
    const bad = path.join(h.tmp.make(), 'conn-all-bad.log');
    const lines = fileLines(fixtures.zeekTsv).map((l) => (l.startsWith('#') ? l : l.split('\t').slice(0, 5).join('\t')));
    fs.writeFileSync(bad, `${lines.join('\n')}\n`);
    const firstData = lines.findIndex((l) => !l.startsWith('#')) + 1;
    const { files } = await importPath(engine, caseId, bad);
    expect(files[0]).toMatchObject({ file: bad, status: 'failed', events: 0, errorLine: firstData, error: expect.stringContaining('none of its') });
    // The message says what; the result says where: describeFileError puts them in one sentence.
    expect(describeFileError(files[0] as FileImportResult)).toMatch(new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}, line ${firstData}(, field [\\w.]+)?: `));
    expect(await engine.invoke('listImports', { caseId })).toEqual(before.imports);
    expect(await engine.invoke('openCase', { caseId })).toEqual(before.summary);
    expect((await engine.invoke('listQuarantine', { caseId })).total).toBe(0);
  });

  it('goes on with the next file after a bad one', async () => {
    const engine = h.engine();
    const caseId = await newCase(engine);
    const notes = path.join(h.tmp.make(), 'notes.txt');
    fs.writeFileSync(notes, 'just some text\n');
    const { files } = await engine.invoke('importFiles', {
      caseId,
      sources: [
        engine.files.source(notes),
        engine.files.source(fixtures.zeekTsv),
      ],
    });
    expect(files.map((f) => f.status)).toEqual(['failed', 'imported']);
    expect(files[0]?.error).toMatch(/not a supported telemetry format/);
    expect(countRows(engine, caseId, 'events')).toBe(countZeekTsv(fixtures.zeekTsv).events);
  });

  it('fails a well-formed file that holds nothing Sightline keeps', async () => {
    const engine = h.engine();
    const caseId = await newCase(engine);
    const others = fileLines(fixtures.sysmonBitsadmin).filter((l) => (JSON.parse(l) as { SourceName?: string }).SourceName !== 'Microsoft-Windows-Sysmon');
    expect(others.length).toBeGreaterThan(10);
    const file = path.join(h.tmp.make(), 'security-only.json');
    fs.writeFileSync(file, `${others.join('\n')}\n`);
    const { files } = await importPath(engine, caseId, file);
    expect(files[0]).toMatchObject({ status: 'failed', error: expect.stringContaining(`among its ${others.length} records`) });
    expect(await engine.invoke('listImports', { caseId })).toEqual([]);
  });

  it('cancels a large import through engine.jobs.cancel and stores none of it', async () => {
    const engine = h.engine();
    const caseId = await newCase(engine);
    await importPath(engine, caseId, fixtures.zeekTsv);
    const big = path.join(h.tmp.make(), 'big-conn.log');
    writeZeekTsv(big, 200_000, 42);
    expect(fileLines(big)).toHaveLength(200_000 + ZEEK_HEADER_LINES + 1);

    const jobId = 'cancel-me';
    const progress: ImportProgress[] = [];
    const { files } = await importPath(engine, caseId, big, {
      jobId,
      onProgress: (p) => {
        progress.push(p as ImportProgress);
        // Cancel on the first progress event: the import is under way, far from done.
        if (progress.length === 1) expect(engine.jobs.cancel(jobId)).toBe(true);
      },
    });
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0]?.bytesRead).toBeLessThan(fs.statSync(big).size);
    expect(files).toEqual([
      { file: big, status: 'cancelled', events: 0, processes: 0, dns: 0, alerts: 0, fileCreations: 0, ignored: 0, quarantined: 0, error: expect.stringMatching(/cancelled/) },
    ]);
    expect(countRows(engine, caseId, 'events')).toBe(countZeekTsv(fixtures.zeekTsv).events);
    expect(await engine.invoke('listImports', { caseId })).toHaveLength(1);
    // The job is gone once the call settled.
    expect(engine.jobs.cancel(jobId)).toBe(false);
    expect(fs.existsSync(caseFile(engine, caseId))).toBe(true);
  });
});
