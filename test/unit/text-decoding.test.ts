import { afterEach, describe, expect, it } from 'vitest';
import { EncodingError, type SightlineError } from '../../src/core/errors/index.js';
import { readLines } from '../../src/core/telemetry/line-reader.js';
import { headText, sniffEncoding, Utf16ToUtf8, Utf8Decoder } from '../../src/core/telemetry/text-decoding.js';
import { outFile } from '../helpers/powershell.js';
import { mulberry32, randInt } from '../helpers/prng.js';
import { rejected, thrown } from '../helpers/sink.js';
import { TempDirs } from '../helpers/temp-dirs.js';

const tmp = new TempDirs();
afterEach(() => tmp.cleanup());

/** `bytes` cut at random points. */
function chunked(bytes: Buffer, rand: () => number): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; ) {
    const n = randInt(rand, 1, 9);
    out.push(bytes.subarray(at, at + n));
    at += n;
  }
  return out;
}

const TEXT = 'ts,host,image\r\n2024-01-02,PC1,C:\\Windows\\système32\\cmd.exe\r\n😀 日本語,Ω,\u00a0\r\n';

describe('sniffEncoding', () => {
  it('names UTF-8 (BOM or none) and UTF-16 by their BOM', () => {
    expect(sniffEncoding(Buffer.from('\uFEFFabc'))).toEqual({ encoding: 'utf-8', bom: 3 });
    expect(sniffEncoding(Buffer.from('abc'))).toEqual({ encoding: 'utf-8', bom: 0 });
    expect(sniffEncoding(outFile('abc'))).toEqual({ encoding: 'utf-16le', bom: 2 });
    expect(sniffEncoding(outFile('abc', 'BigEndianUnicode'))).toEqual({ encoding: 'utf-16be', bom: 2 });
    expect(sniffEncoding(Buffer.alloc(0))).toEqual({ encoding: 'utf-8', bom: 0 });
  });

  it('refuses UTF-16 without a BOM, naming the file and line 1, rather than guessing', () => {
    for (const [bytes, name] of [
      [Buffer.from('#fields\tts\tuid\n', 'utf16le'), 'UTF-16LE'],
      [Buffer.from('#fields\tts\tuid\n', 'utf16le').swap16(), 'UTF-16BE'],
    ] as const) {
      const err = thrown(() => sniffEncoding(bytes, 'conn.log')) as SightlineError;
      expect(err).toBeInstanceOf(EncodingError);
      expect(err.location).toEqual({ file: 'conn.log', line: 1 });
      expect(err.message).toContain(`${name} text without a byte-order mark`);
      expect(err.message).toContain(`iconv -f ${name} -t UTF-8`);
    }
  });

  it('does not take NUL padding or a binary header for UTF-16', () => {
    expect(sniffEncoding(Buffer.alloc(512)).encoding).toBe('utf-8');
    expect(sniffEncoding(Buffer.from('ElfFile\0\0\0\0\0\0\0\0\0\x01\0\0\0', 'latin1')).encoding).toBe('utf-8');
  });
});

describe('headText', () => {
  it('decodes a head cut anywhere, dropping the BOM and a half character', () => {
    const le = outFile(TEXT);
    expect(headText(le)).toBe(TEXT);
    expect(headText(le.subarray(0, 9))).toBe('ts,');
    expect(headText(outFile(TEXT, 'BigEndianUnicode').subarray(0, 9))).toBe('ts,');
  });
});

describe('Utf16ToUtf8', () => {
  it('gives the same UTF-8 whatever the chunking, surrogate pairs and CRLF included (seeded)', () => {
    const rand = mulberry32(1601);
    for (const encoding of ['utf-16le', 'utf-16be'] as const) {
      const body = outFile(TEXT, encoding === 'utf-16le' ? 'Unicode' : 'BigEndianUnicode').subarray(2);
      for (let run = 0; run < 50; run++) {
        const t = new Utf16ToUtf8(encoding, 'x.csv');
        const out = Buffer.concat(chunked(body, rand).map((c) => t.push(c)));
        t.end();
        expect(out.toString('utf8'), `${encoding} run ${run}`).toBe(TEXT);
      }
    }
  });

  it('names the line of a lone surrogate, and of a file cut mid-character', () => {
    const bad = Buffer.concat([Buffer.from('ok\r\nalso ok\r\nbad ', 'utf16le'), Buffer.from([0x00, 0xdc]), Buffer.from('\r\n', 'utf16le')]);
    const t = new Utf16ToUtf8('utf-16le', 'x.log');
    const err = thrown(() => chunked(bad, mulberry32(3)).forEach((c) => t.push(c))) as SightlineError;
    expect(err).toBeInstanceOf(EncodingError);
    expect(err.location).toEqual({ file: 'x.log', line: 3 });
    expect(err.message).toMatch(/not valid UTF-16 text/);

    const cut = new Utf16ToUtf8('utf-16le', 'x.log');
    cut.push(Buffer.concat([Buffer.from('a\nb\nc', 'utf16le'), Buffer.from([0x41])]));
    const end = thrown(() => cut.end()) as SightlineError;
    expect(end.location).toEqual({ file: 'x.log', line: 3 });
    expect(end.message).toMatch(/ends in the middle of a UTF-16 character/);
  });
});

describe('Utf8Decoder', () => {
  it('decodes chunks cut inside characters, and names the line of a bad byte', () => {
    const rand = mulberry32(99);
    const bytes = Buffer.from(TEXT);
    for (let run = 0; run < 30; run++) {
      const d = new Utf8Decoder('x');
      expect(chunked(bytes, rand).map((c) => d.decode(c)).join('') + d.end()).toBe(TEXT);
    }
    const bad = Buffer.concat([Buffer.from('one\ntwo\nthr'), Buffer.from([0xe9]), Buffer.from('e\nfour\n')]);
    const d = new Utf8Decoder('events.xml');
    const err = thrown(() => chunked(bad, rand).forEach((c) => d.decode(c))) as SightlineError;
    expect(err).toBeInstanceOf(EncodingError);
    expect(err.location).toEqual({ file: 'events.xml', line: 3 });
    // A character cut by the end of the file.
    const cut = new Utf8Decoder('events.xml');
    cut.decode(Buffer.from([0x61, 0x0a, 0xe6, 0x97]));
    expect((thrown(() => cut.end()) as SightlineError).location).toEqual({ file: 'events.xml', line: 2 });
  });
});

describe('readLines over UTF-16', () => {
  it('reads PowerShell Out-File text (LE and BE, BOM, CRLF) as the same lines as UTF-8, hashing the bytes as stored', async () => {
    const lines = TEXT.replace(/\r\n$/, '').split('\r\n');
    for (const encoding of ['Unicode', 'BigEndianUnicode'] as const) {
      const bytes = outFile(TEXT, encoding);
      const file = tmp.file('ps.csv', bytes);
      for (const highWaterMark of [1, 3, 64, 1 << 20]) {
        const raw: Buffer[] = [];
        const got: string[] = [];
        for await (const l of readLines(file, { highWaterMark, onChunk: (c) => raw.push(Buffer.from(c)) })) got.push(l.text);
        expect(got, `${encoding} hwm ${highWaterMark}`).toEqual(lines);
        expect(Buffer.concat(raw).equals(bytes)).toBe(true);
      }
    }
  });

  const readAll = async (file: string): Promise<void> => {
    for await (const l of readLines(file)) void l;
  };

  it('refuses BOM-less UTF-16 at line 1 and a lone surrogate at its line', async () => {
    const bomless = tmp.file('conn.log', Buffer.from('#separator \\x09\n#fields\tts\n', 'utf16le'));
    const err = (await rejected(readAll(bomless))) as SightlineError;
    expect(err).toBeInstanceOf(EncodingError);
    expect(err.location).toEqual({ file: bomless, line: 1 });
    const lone = tmp.file('lone.log', Buffer.concat([outFile('a\nb\nc\n').subarray(0, -2), Buffer.from([0x3d, 0xd8]), Buffer.from('\r\nd\r\n', 'utf16le')]));
    const err2 = (await rejected(readAll(lone))) as SightlineError;
    expect(err2.location).toEqual({ file: lone, line: 3 });
  });
});
