import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineHarness } from '../helpers/engine.js';
import { countZeekTsv, fixtures } from '../helpers/fixtures.js';
import { writeZeekTsv } from '../helpers/zeek-gen.js';

const h = new EngineHarness();
afterEach(() => h.close());

describe('gzip-compressed telemetry', () => {
  it('imports .gz by content, streamed, with the same records as the plain file, and the two are one import', async () => {
    const engine = h.engine();
    const dir = h.tmp.make();
    const gz = path.join(dir, 'conn.log.gz');
    fs.writeFileSync(gz, zlib.gzipSync(fs.readFileSync(fixtures.zeekTsv)));
    // No .gz in the name: gzip is recognised by its bytes.
    const unnamed = path.join(dir, 'export.bin');
    fs.writeFileSync(unnamed, zlib.gzipSync(fs.readFileSync(fixtures.zeekJson)));
    const caseId = (await engine.invoke('createCase', { name: 'gz' })).id;
    const { files } = await engine.invoke('importFiles', { caseId, sources: [gz, unnamed, fixtures.zeekTsv].map((p) => engine.files.source(p)) });
    expect(files.map((f) => [f.status, f.format])).toEqual([
      ['imported', 'zeek-conn-tsv'],
      ['imported', 'zeek-conn-json'],
      ['duplicate', 'zeek-conn-tsv'],
    ]);
    expect(files[0]?.events).toBe(countZeekTsv(fixtures.zeekTsv).events);
  });

  it('reports progress in file bytes up to the compressed size', async () => {
    const engine = h.engine();
    const dir = h.tmp.make();
    const plain = path.join(dir, 'big.log');
    writeZeekTsv(plain, 60_000, 3);
    const gz = `${plain}.gz`;
    fs.writeFileSync(gz, zlib.gzipSync(fs.readFileSync(plain)));
    const caseId = (await engine.invoke('createCase', { name: 'gz progress' })).id;
    const seen: { bytesRead: number; bytesTotal: number }[] = [];
    const { files } = await engine.invoke('importFiles', { caseId, sources: [engine.files.source(gz)] }, { onProgress: (p) => seen.push(p) });
    expect(files[0]).toMatchObject({ status: 'imported', events: 60_000 });
    const size = fs.statSync(gz).size;
    expect(seen.every((p) => p.bytesTotal === size && p.bytesRead <= size)).toBe(true);
    expect(seen.at(-1)?.bytesRead).toBe(size);
  });

  it('a damaged or cut .gz fails with a clear error and stores nothing', async () => {
    const engine = h.engine();
    const dir = h.tmp.make();
    const cut = path.join(dir, 'cut.log.gz');
    const whole = zlib.gzipSync(fs.readFileSync(fixtures.zeekTsv));
    fs.writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    const caseId = (await engine.invoke('createCase', { name: 'gz cut' })).id;
    const { files } = await engine.invoke('importFiles', { caseId, sources: [engine.files.source(cut)] });
    expect(files[0]).toMatchObject({ status: 'failed', events: 0 });
    expect(files[0]?.error).toMatch(/gzip file is damaged or cut short/);
    expect(await engine.invoke('openCase', { caseId })).toMatchObject({ eventCount: 0, importCount: 0 });
  });
});
