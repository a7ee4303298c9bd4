import fs from 'node:fs';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { EmptyFileError, EncodingError, FileUnreadableError, UnsupportedFormatError, type SightlineError } from '../../src/core/errors/index.js';
import { detectFormat } from '../../src/core/telemetry/detect-format.js';
import { telemetryFormats } from '../../src/shared/types.js';
import { fixtures } from '../helpers/fixtures.js';
import { mulberry32 } from '../helpers/prng.js';
import { outFile } from '../helpers/powershell.js';
import { rejected } from '../helpers/sink.js';
import { TempDirs } from '../helpers/temp-dirs.js';

const tmp = new TempDirs();
afterEach(() => tmp.cleanup());

async function failure(file: string, displayName?: string): Promise<SightlineError> {
  return (await rejected(detectFormat(file, displayName))) as SightlineError;
}

describe('detectFormat', () => {
  it.each([
    [fixtures.zeekTsv, 'zeek-conn-tsv'],
    [fixtures.zeekJson, 'zeek-conn-json'],
    [fixtures.sysmonWevtutil, 'sysmon-json'],
    [fixtures.sysmonBitsadmin, 'sysmon-json'],
  ])('detects %s as %s', async (file, format) => {
    expect(await detectFormat(file)).toBe(format);
  });

  it('detects by content, not by name, and looks past a BOM', async () => {
    const tsv = fs.readFileSync(fixtures.zeekTsv, 'utf8');
    expect(await detectFormat(tmp.file('export.json', `\uFEFF${tsv}`))).toBe('zeek-conn-tsv');
  });

  it('detects UTF-16 with a BOM (PowerShell Out-File), gzipped or not, and refuses it without one at line 1', async () => {
    const tsv = fs.readFileSync(fixtures.zeekTsv, 'utf8');
    for (const bytes of [outFile(tsv), outFile(tsv, 'BigEndianUnicode'), zlib.gzipSync(outFile(tsv))]) {
      expect(await detectFormat(tmp.file('conn.log', bytes))).toBe('zeek-conn-tsv');
    }
    const err = await failure(tmp.file('conn.log', Buffer.from(tsv, 'utf16le')), 'conn.log');
    expect(err).toBeInstanceOf(EncodingError);
    expect(err.location).toEqual({ file: 'conn.log', line: 1 });
  });

  it('detects dotted-key Zeek JSON', async () => {
    const line = JSON.stringify({ ts: 1, 'id.orig_h': '10.0.0.1', 'id.orig_p': 1, 'id.resp_h': '10.0.0.2', 'id.resp_p': 2 });
    expect(await detectFormat(tmp.file('conn.log', `${line}\n`))).toBe('zeek-conn-json');
  });

  it('refuses plain text with UnsupportedFormatError listing every supported format', async () => {
    const file = tmp.file('notes.txt', 'Meeting notes\nnothing to see here\n');
    const err = await failure(file, 'notes.txt');
    expect(err).toBeInstanceOf(UnsupportedFormatError);
    expect(err.code).toBe('UNSUPPORTED_FORMAT');
    expect(err.location.file).toBe('notes.txt');
    for (const format of telemetryFormats.filter((f) => f !== 'csv-mapped')) expect(err.message).toContain(format);
    // The way out for any other CSV.
    expect(err.message).toMatch(/--map mapping\.json/);
  });

  it('refuses a Zeek log of a stream it does not read (#path http)', async () => {
    const file = tmp.file('http.log', '#separator \\x09\n#path\thttp\n#fields\tts\tuid\tid.orig_h\tid.resp_h\thost\turi\n');
    expect(await failure(file)).toBeInstanceOf(UnsupportedFormatError);
  });

  it('refuses JSON that is neither Zeek conn nor Windows events', async () => {
    expect(await failure(tmp.file('x.json', '{"hello":"world"}\n'))).toBeInstanceOf(UnsupportedFormatError);
  });

  it('refuses an empty or blank file with EmptyFileError', async () => {
    for (const content of ['', '\n\n   \n', '\uFEFF']) {
      const err = await failure(tmp.file('empty.log', content));
      expect(err, JSON.stringify(content)).toBeInstanceOf(EmptyFileError);
      expect(err.code).toBe('EMPTY_FILE');
    }
  });

  it('refuses a binary file (NUL bytes, not UTF-8) as binary', async () => {
    // Random bytes with NULs: no format's signature.
    const rand = mulberry32(7);
    const noise = Buffer.from(Array.from({ length: 4096 }, () => Math.floor(rand() * 256)));
    const bytes = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), noise, Buffer.from([0xff, 0xfe, 0, 0])]);
    const err = await failure(tmp.file('export.zip', bytes));
    expect(err).toBeInstanceOf(UnsupportedFormatError);
    expect(err.message).toMatch(/binary/);
    for (const format of telemetryFormats.filter((f) => f !== 'csv-mapped')) expect(err.message).toContain(format);
  });

  it('refuses NUL-padded text (valid UTF-8) as unsupported too', async () => {
    expect(await failure(tmp.file('pad.bin', Buffer.alloc(1024, 0)))).toBeInstanceOf(UnsupportedFormatError);
  });

  it('reports a missing file or a folder as FileUnreadableError under the display name', async () => {
    const missing = await failure('/nonexistent/sightline/conn.log', 'conn.log');
    expect(missing).toBeInstanceOf(FileUnreadableError);
    expect(missing.code).toBe('FILE_UNREADABLE');
    expect(missing.location.file).toBe('conn.log');
    expect(missing.message).toMatch(/no such file/);
    const folder = await failure(tmp.make());
    expect(folder).toBeInstanceOf(FileUnreadableError);
    expect(folder.message).toMatch(/not a regular file/);
  });
});
