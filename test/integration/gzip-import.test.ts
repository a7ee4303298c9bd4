import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineHarness } from '../helpers/engine.js';
import { countZeekTsv, fixtures } from '../helpers/fixtures.js';
import { writeZeekTsv } from '../helpers/zeek-gen.js';
import { damagedGzipVariants, failingOffset } from '../helpers/damaged-gzip.js';
import { openDescriptorsOn } from '../helpers/open-files.js';

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

  it('closes the file once imported, when the format was told from the first 64 KB of a longer content (found by the fuzz harness)', async () => {
    const engine = h.engine();
    const gz = path.join(h.tmp.make(), 'sysmon.json.gz');
    fs.writeFileSync(gz, zlib.gzipSync(fs.readFileSync(fixtures.sysmonBitsadmin)));
    const caseId = (await engine.invoke('createCase', { name: 'gz closed' })).id;
    const { files } = await engine.invoke('importFiles', { caseId, sources: [engine.files.source(gz)] });
    expect(files[0]?.status).toBe('imported');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(openDescriptorsOn(gz)).toEqual([]);
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

  it('every damaged or cut .gz fails naming the file and what is wrong (never "empty"), and the case stays as it was', async () => {
    const engine = h.engine();
    const dir = h.tmp.make();
    const caseId = (await engine.invoke('createCase', { name: 'gz damaged' })).id;
    const first = await engine.invoke('importFiles', { caseId, sources: [engine.files.source(fixtures.zeekJson)] });
    expect(first.files[0]?.status).toBe('imported');
    const before = await engine.invoke('openCase', { caseId });
    const variants = damagedGzipVariants(fs.readFileSync(fixtures.zeekTsv));
    const files = variants.map((v, i) => {
      const file = path.join(dir, `v${i}.log.gz`);
      fs.writeFileSync(file, v.bytes);
      return file;
    });
    const { files: results } = await engine.invoke('importFiles', { caseId, sources: files.map((p) => engine.files.source(p)) });
    variants.forEach((v, i) => {
      const r = results[i];
      expect(r, v.name).toMatchObject({ file: files[i], status: 'failed', events: 0 });
      if (v.expect === 'cut') expect(r?.error, v.name).toMatch(/^the file ends in the middle of its gzip data/);
      if (v.expect === 'damaged') expect(r?.error, v.name).toMatch(new RegExp(`^the gzip data is damaged: decompression fails at byte ${failingOffset(v.bytes)} `));
      if (v.expect === 'empty') expect(r?.error, v.name).toBe('the file is empty');
    });
    expect(results.filter((r) => /empty/.test(r.error ?? ''))).toHaveLength(1);
    expect(await engine.invoke('openCase', { caseId })).toEqual(before);
  });
});
