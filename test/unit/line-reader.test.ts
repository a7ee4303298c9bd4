import crypto from 'node:crypto';
import fs from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { EncodingError, MalformedRecordError } from '../../src/core/errors/index.js';
import { readLines, type Line } from '../../src/core/telemetry/line-reader.js';
import { mulberry32, pick, randInt } from '../helpers/prng.js';
import { rejected } from '../helpers/sink.js';
import { TempDirs } from '../helpers/temp-dirs.js';

const tmp = new TempDirs();
afterEach(() => tmp.cleanup());

async function read(file: string, highWaterMark?: number): Promise<Line[]> {
  const out: Line[] = [];
  for await (const line of readLines(file, highWaterMark ? { highWaterMark } : {})) out.push(line);
  return out;
}

async function texts(content: string | Uint8Array, highWaterMark?: number): Promise<string[]> {
  return (await read(tmp.file('in.txt', content), highWaterMark)).map((l) => l.text);
}

describe('readLines', () => {
  it('splits LF lines and numbers them from 1', async () => {
    const lines = await read(tmp.file('a.txt', 'alpha\nbeta\ngamma\n'));
    expect(lines).toEqual([
      { text: 'alpha', number: 1 },
      { text: 'beta', number: 2 },
      { text: 'gamma', number: 3 },
    ]);
  });

  it('drops the CR of CRLF line ends but keeps a CR inside a line', async () => {
    expect(await texts('a\r\nb\rc\r\nd\r\n')).toEqual(['a', 'b\rc', 'd']);
  });

  it('strips a UTF-8 BOM from the first line only', async () => {
    const bom = '\uFEFF';
    expect(await texts(`${bom}first\n${bom}second\n`)).toEqual(['first', `${bom}second`]);
    // Also when the BOM arrives split over several tiny chunks.
    expect(await texts(`${bom}x\ny`, 1)).toEqual(['x', 'y']);
    expect(await texts(`${bom}only`)).toEqual(['only']);
  });

  it('yields the last line when the file has no trailing newline', async () => {
    expect(await texts('one\ntwo')).toEqual(['one', 'two']);
    expect(await texts('solo')).toEqual(['solo']);
  });

  it('keeps empty lines but adds no phantom line after the final newline', async () => {
    expect(await texts('a\n\nb\n\n')).toEqual(['a', '', 'b', '']);
    expect(await texts('')).toEqual([]);
  });

  it('joins lines that span chunk boundaries, multi-byte characters included', async () => {
    const content = 'héllo wörld\r\n日本語のテキスト\n😀 emoji line\nlast';
    for (const hwm of [1, 2, 3, 5, 7, 16]) {
      expect(await texts(content, hwm)).toEqual(['héllo wörld', '日本語のテキスト', '😀 emoji line', 'last']);
    }
  });

  it('passes every raw byte to onChunk, BOM included', async () => {
    const content = Buffer.from('\uFEFFa\r\nbb\nccc', 'utf8');
    const file = tmp.file('bytes.txt', content);
    const chunks: Buffer[] = [];
    for await (const line of readLines(file, { highWaterMark: 4, onChunk: (c) => chunks.push(Buffer.from(c)) })) void line;
    expect(chunks.length).toBeGreaterThan(1);
    expect(Buffer.concat(chunks).equals(content)).toBe(true);
  });

  describe('invalid UTF-8', () => {
    // Line 4 holds the bytes ff fe, which no UTF-8 text contains.
    const bytes = (badLine: number) =>
      Buffer.concat(
        [1, 2, 3, 4, 5].map((n) =>
          Buffer.concat([n === badLine ? Buffer.from([0x62, 0x61, 0x64, 0x20, 0xff, 0xfe]) : Buffer.from(`ok line ${n}`), Buffer.from('\n')]),
        ),
      );

    for (const hwm of [undefined, 3, 8, 64]) {
      it(`names the offending line (highWaterMark ${hwm ?? 'default'})`, async () => {
        const file = tmp.file('bad.txt', bytes(4));
        const err = await rejected(read(file, hwm));
        expect(err).toBeInstanceOf(EncodingError);
        expect((err as InstanceType<typeof EncodingError>).code).toBe('ENCODING');
        expect((err as InstanceType<typeof EncodingError>).location).toEqual({ file, line: 4 });
      });
    }

    it('names the last line when it is the bad one and has no newline', async () => {
      const b = Buffer.concat([Buffer.from('fine\nalso fine\n'), Buffer.from([0x41, 0xc0, 0xaf])]);
      const file = tmp.file('tail.txt', b);
      const err = (await rejected(read(file))) as InstanceType<typeof EncodingError>;
      expect(err).toBeInstanceOf(EncodingError);
      expect(err.location.line).toBe(3);
    });

    it('names line 1 for a bad first line', async () => {
      const file = tmp.file('first.txt', Buffer.from([0xff, 0x0a, 0x41, 0x0a]));
      const err = (await rejected(read(file, 2))) as InstanceType<typeof EncodingError>;
      expect(err).toBeInstanceOf(EncodingError);
      expect(err.location.line).toBe(1);
    });
  });

  it('refuses a single line longer than 16 MB as not line-oriented', async () => {
    const file = tmp.file('huge.bin', Buffer.alloc((16 << 20) + (2 << 20), 0x61));
    const err = (await rejected(read(file))) as InstanceType<typeof MalformedRecordError>;
    expect(err).toBeInstanceOf(MalformedRecordError);
    expect(err.location).toEqual({ file, line: 1 });
  });

  it('is lossless on random content: joining the lines gives the text back (seeded property test)', async () => {
    const pool = ['a', 'b', 'z', '0', '9', ' ', '\t', '#', ',', '"', '{', '}', 'é', 'ß', '日', '本', '😀', '🦊', 'Ω', '\u00a0'];
    const rand = mulberry32(20240601);
    for (let run = 0; run < 60; run++) {
      const count = randInt(rand, 1, 40);
      const lines: string[] = [];
      for (let i = 0; i < count; i++) {
        const len = rand() < 0.15 ? 0 : randInt(rand, 1, 120);
        let s = '';
        for (let j = 0; j < len; j++) s += pick(rand, pool);
        lines.push(s);
      }
      const eol = rand() < 0.5 ? '\n' : '\r\n';
      const trailing = rand() < 0.5;
      if (!trailing && lines[lines.length - 1] === '') lines[lines.length - 1] = 'end';
      const bom = rand() < 0.3 ? '\uFEFF' : '';
      const content = bom + lines.join(eol) + (trailing ? eol : '');
      const hwm = pick(rand, [1, 2, 3, 4, 7, 13, 64, 1024]);
      const file = tmp.file(`prop-${run}.txt`, content);
      const hash = crypto.createHash('sha256');
      const got: Line[] = [];
      for await (const l of readLines(file, { highWaterMark: hwm, onChunk: (c) => hash.update(c) })) got.push(l);
      const context = `run ${run}, hwm ${hwm}, eol ${JSON.stringify(eol)}, trailing ${trailing}`;
      expect(got.map((l) => l.text), context).toEqual(lines);
      expect(got.map((l) => l.number), context).toEqual(lines.map((_, i) => i + 1));
      expect(got.map((l) => l.text).join('\n'), context).toBe(lines.join('\n'));
      expect(hash.digest('hex'), context).toBe(crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex'));
    }
  });
});
