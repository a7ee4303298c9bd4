import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { FileUnwritableError, NoSpaceError, type SightlineError } from '../../src/core/errors/index.js';
import { ensureFolder, writeOutputFile } from '../../src/core/output-file.js';
import { rejected, thrown } from '../helpers/sink.js';
import { TempDirs } from '../helpers/temp-dirs.js';

const tmp = new TempDirs();
afterEach(() => tmp.cleanup());

const hello = async (put: (s: string) => Promise<void>) => {
  await put('hello\n');
  return 1;
};

async function refusal(file: string, write = hello): Promise<SightlineError> {
  const err = (await rejected(writeOutputFile(file, write))) as SightlineError;
  expect(err).toBeInstanceOf(FileUnwritableError);
  expect(err.code).toBe('FILE_UNWRITABLE');
  expect(err.location.file).toBe(path.resolve(file));
  return err;
}

describe('writeOutputFile', () => {
  it('writes the file whole (gzipped when asked), returns what the writer returns, and leaves no partial file', async () => {
    const dir = tmp.make();
    expect(await writeOutputFile(path.join(dir, 'a.txt'), hello)).toBe(1);
    await writeOutputFile(path.join(dir, 'b.gz'), hello, { gzip: true });
    expect(fs.readFileSync(path.join(dir, 'a.txt'), 'utf8')).toBe('hello\n');
    expect(zlib.gunzipSync(fs.readFileSync(path.join(dir, 'b.gz'))).toString()).toBe('hello\n');
    expect(fs.readdirSync(dir).sort()).toEqual(['a.txt', 'b.gz']);
  });

  it('names a missing folder, a folder given as the file and a file used as a folder', async () => {
    const dir = tmp.make();
    expect((await refusal(path.join(dir, 'missing', 'x.csv'))).message).toBe(`cannot write the file: the folder ${path.join(dir, 'missing')} does not exist`);
    expect((await refusal(dir)).message).toBe('cannot write the file: it is a folder (name a file in it)');
    fs.writeFileSync(path.join(dir, 'plain'), 'x');
    expect((await refusal(path.join(dir, 'plain', 'x.csv'))).message).toBe(`cannot write the file: ${path.join(dir, 'plain')} is not a folder`);
    expect(fs.readdirSync(dir)).toEqual(['plain']);
  });

  it('waits for the stream as often as it must without piling up listeners (found by the fuzz harness)', async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => void warnings.push(`${w.name}: ${w.message}`);
    process.on('warning', onWarning);
    try {
      for (const gzip of [false, true]) {
        const file = path.join(tmp.make(), 'many.txt');
        // Far more than the stream buffers: it asks the writer to wait dozens of times.
        const line = `${'x'.repeat(1023)}\n`;
        await writeOutputFile(file, async (put) => {
          for (let i = 0; i < 4096; i++) await put(line);
        }, { gzip });
        const written = fs.readFileSync(file);
        expect((gzip ? zlib.gunzipSync(written) : written).length).toBe(4096 * 1024);
      }
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('says the disk is full when a write fails so, and removes the partial file', async () => {
    // The partial file is a link to /dev/full: every write to it fails with ENOSPC, as on a full disk.
    const dir = tmp.make();
    const file = path.join(dir, 'x.csv');
    const big = async (put: (s: string) => Promise<void>) => {
      for (let i = 0; i < 64; i++) await put('x'.repeat(64 * 1024));
      return 0;
    };
    const err = (await rejected(writeOutputFile(file, big, { openPartial: () => fs.promises.open('/dev/full', 'w') }))) as SightlineError;
    expect(err).toBeInstanceOf(NoSpaceError);
    expect([err.code, err.message, err.location.file]).toEqual(['NO_SPACE', 'cannot write the file: the disk is full', file]);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('never writes through a link planted where the partial file goes, and writes owner-only', async () => {
    const dir = tmp.make();
    const victim = path.join(tmp.make(), 'victim.txt');
    fs.writeFileSync(victim, 'KEEP');
    const file = path.join(dir, 'out.csv');
    fs.symlinkSync(victim, `${file}.partial`);
    await writeOutputFile(file, async (put) => put('a,b\n'));
    expect(fs.readFileSync(victim, 'utf8')).toBe('KEEP');
    expect(fs.readFileSync(file, 'utf8')).toBe('a,b\n');
    expect(fs.lstatSync(file).isSymbolicLink()).toBe(false);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('writes the mode asked for, less the umask (a report), still never through a planted link', async () => {
    const dir = tmp.make();
    const victim = path.join(tmp.make(), 'victim.txt');
    fs.writeFileSync(victim, 'KEEP');
    const file = path.join(dir, 'report.html');
    fs.symlinkSync(victim, `${file}.partial`);
    await writeOutputFile(file, async (put) => put('<p>'), { mode: 0o666 });
    expect(fs.readFileSync(victim, 'utf8')).toBe('KEEP');
    expect(fs.statSync(file).mode & 0o777).toBe(0o666 & ~process.umask());
  });

  it('keeps a writer failure as it is and leaves nothing behind', async () => {
    const dir = tmp.make();
    const err = await rejected(
      writeOutputFile(path.join(dir, 'x.csv'), async (put) => {
        await put('half');
        throw new Error('the database went away');
      }),
    );
    expect((err as Error).message).toBe('the database went away');
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it.skipIf(process.getuid?.() === 0)('names a folder without write permission (not as root, whom permissions do not stop)', async () => {
    const dir = tmp.make();
    const locked = path.join(dir, 'locked');
    fs.mkdirSync(locked, { mode: 0o555 });
    expect((await refusal(path.join(locked, 'x.csv'))).message).toBe(`cannot write the file: no permission to write in ${locked}`);
  });
});

describe('ensureFolder', () => {
  it('creates missing folders, and names the file in the way of one that cannot be', () => {
    const dir = tmp.make();
    ensureFolder(path.join(dir, 'a', 'b'));
    expect(fs.statSync(path.join(dir, 'a', 'b')).isDirectory()).toBe(true);
    fs.writeFileSync(path.join(dir, 'plain'), 'x');
    const err = thrown(() => ensureFolder(path.join(dir, 'plain', 'x', 'y'))) as SightlineError;
    expect(err).toBeInstanceOf(FileUnwritableError);
    expect(err.message).toBe(`cannot create the folder: ${path.join(dir, 'plain')} is not a folder`);
    expect(err.location.file).toBe(path.join(dir, 'plain', 'x', 'y'));
  });
});
