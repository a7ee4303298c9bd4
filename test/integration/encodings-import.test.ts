import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import { caseFile, EngineHarness } from '../helpers/engine.js';
import { outFile } from '../helpers/powershell.js';
import { caseRows, textFormatFixtures, type TextFormatFixture } from '../helpers/text-formats.js';

// Every text format as Windows PowerShell 5.1 writes it (Out-File: UTF-16LE, BOM, CRLF), as UTF-16BE and
// gzipped, stores what the UTF-8 export stores, line numbers included; BOM-less UTF-16 and bytes that are
// not UTF-8 fail the file naming its line. In-thread here; parse-worker.test.ts runs the worker the same way.
const h = new EngineHarness();
afterEach(() => h.close());

async function importInto(engine: Engine, name: string, file: string, f: TextFormatFixture) {
  const caseId = (await engine.invoke('createCase', { name })).id;
  const { files } = await engine.invoke('importFiles', { caseId, sources: [engine.files.source(file)], ...(f.mapping ? { mapping: f.mapping } : {}) });
  return { caseId, result: files[0] };
}

describe('text encodings of every text format', () => {
  for (const f of textFormatFixtures) {
    it(`${f.format} (${path.basename(f.file)}): UTF-16LE and BE with BOM, gzipped or not, store what UTF-8 stores`, async () => {
      const engine = h.engine();
      const dir = h.tmp.make();
      const text = fs.readFileSync(f.file, 'utf8');
      const variants = {
        'utf-16le': outFile(text),
        'utf-16be': outFile(text, 'BigEndianUnicode'),
        'utf-16le.gz': zlib.gzipSync(outFile(text)),
      };
      const reference = await importInto(engine, 'utf-8', f.file, f);
      expect(reference.result, JSON.stringify(reference.result)).toMatchObject({ status: 'imported', format: f.format });
      const expected = caseRows(caseFile(engine, reference.caseId));
      for (const [name, bytes] of Object.entries(variants)) {
        const file = path.join(dir, `${name}-${path.basename(f.file)}`);
        fs.writeFileSync(file, bytes);
        const got = await importInto(engine, name, file, f);
        expect(got.result, name).toMatchObject({ ...reference.result, file, importId: expect.any(Number) });
        expect(caseRows(caseFile(engine, got.caseId)), name).toEqual(expected);
      }
    });
  }

  it('UTF-16 without a BOM fails naming the file and line 1, not as binary', async () => {
    const engine = h.engine();
    const f = textFormatFixtures[0] as TextFormatFixture;
    const file = path.join(h.tmp.make(), 'conn-no-bom.log');
    fs.writeFileSync(file, outFile(fs.readFileSync(f.file, 'utf8')).subarray(2));
    const { result } = await importInto(engine, 'no bom', file, f);
    expect(result).toMatchObject({ file, status: 'failed', errorLine: 1 });
    expect(result?.error).toMatch(/^the file looks like UTF-16LE text without a byte-order mark/);
  });
});

describe('bytes that are not UTF-8 fail the file naming their line, in every text format', () => {
  for (const f of textFormatFixtures) {
    it(`${f.format} (${path.basename(f.file)})`, async () => {
      const engine = h.engine();
      const lines = fs.readFileSync(f.file).toString('latin1').split('\n');
      // A Latin-1 "é" in the middle of a line near the middle of the file (the only line of a wevtutil export).
      const bad = Math.floor(lines.length / 2);
      const line = lines[bad] as string;
      lines[bad] = `${line.slice(0, line.length >> 1)}\xe9${line.slice(line.length >> 1)}`;
      const file = path.join(h.tmp.make(), `latin1-${path.basename(f.file)}`);
      fs.writeFileSync(file, Buffer.from(lines.join('\n'), 'latin1'));
      const { caseId, result } = await importInto(engine, 'latin1', file, f);
      expect(result).toMatchObject({ file, status: 'failed', errorLine: bad + 1 });
      expect(result?.error).toMatch(/^the file is not UTF-8 text/);
      expect((await engine.invoke('openCase', { caseId })).importCount).toBe(0);
    });
  }
});
