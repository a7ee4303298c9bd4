import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { FileGrants, SpoolDir } from '../../src/core/files/index.js';
import { TempDirs } from '../helpers/temp-dirs.js';

const tmp = new TempDirs();
afterEach(() => tmp.cleanup());

function grants(now = { t: 0 }, idleMs = 1000): FileGrants {
  const root = tmp.make('sightline-grants-');
  return new FileGrants({
    uploadsDir: path.join(root, 'uploads'),
    downloadsDir: path.join(root, 'downloads'),
    uploadLimits: { maxBytes: 1000, reserveBytes: 0 },
    idleMs,
    now: () => now.t,
  });
}

describe('FileGrants', () => {
  it('answers a path only for the access it was granted', () => {
    const g = grants();
    const file = tmp.file('a.log', 'x');
    const read = g.source(file);
    const write = g.target(file);
    expect(g.read(read.fileId)).toEqual({ file, name: file });
    expect(() => g.write(read.fileId)).toThrow(/save target is not available/);
    expect(g.write(write.fileId).file).toBe(file);
    expect(() => g.read(write.fileId)).toThrow(/choose it again/);
    expect(() => g.read('0'.repeat(32))).toThrow(/choose it again/);
    g.close();
  });

  it('keeps path grants after an import and deletes uploaded copies', async () => {
    const g = grants();
    const file = tmp.file('a.log', 'x');
    const byPath = g.source(file);
    const upload = await g.receiveUpload(Readable.from([Buffer.from('hello')]), 'up.log', 5);
    const copy = g.read(upload.fileId).file;
    expect(fs.readFileSync(copy, 'utf8')).toBe('hello');
    g.consumed(byPath.fileId);
    g.consumed(upload.fileId);
    expect(g.read(byPath.fileId).file).toBe(file);
    expect(fs.existsSync(copy)).toBe(false);
    expect(fs.existsSync(file)).toBe(true);
    g.close();
  });

  it('removes uploads and downloads left idle, and everything spooled at close, never a granted path', async () => {
    const now = { t: 0 };
    const g = grants(now, 1000);
    const file = tmp.file('keep.log', 'x');
    g.source(file);
    const stale = await g.receiveUpload(Readable.from([Buffer.from('old')]), 'old.log', 3);
    now.t = 600;
    const fresh = await g.receiveUpload(Readable.from([Buffer.from('new')]), 'new.log', 3);
    const download = g.newDownload('export.csv');
    fs.writeFileSync(g.write(download.fileId).file, 'a,b\n');
    now.t = 1200;
    g.read(fresh.fileId);
    expect(g.sweepIdle()).toBe(1);
    expect(() => g.read(stale.fileId)).toThrow();
    expect(g.read(fresh.fileId)).toBeTruthy();
    const spooled = [g.read(fresh.fileId).file, g.write(download.fileId).file];
    g.close();
    for (const f of spooled) expect(fs.existsSync(f)).toBe(false);
    expect(fs.existsSync(file)).toBe(true);
  });
});

describe('SpoolDir', () => {
  it('cuts off and removes a body longer than it announced', async () => {
    const dir = new SpoolDir(path.join(tmp.make(), 'spool'));
    await expect(dir.receive(Readable.from([Buffer.alloc(10), Buffer.alloc(10)]), 15, { maxBytes: 100, reserveBytes: 0 }, 'x.log')).rejects.toThrow(/more than the 15 bytes/);
    expect(fs.readdirSync(dir.dir)).toEqual([]);
  });

  it('refuses before writing when over the limit or short of disk', () => {
    const dir = new SpoolDir(path.join(tmp.make(), 'spool'));
    expect(() => dir.checkRoom(2048, { maxBytes: 1024, reserveBytes: 0 }, '"a.log"')).toThrow(/"a\.log" is 2\.0 KB; the browser host accepts files up to 1\.0 KB/);
    expect(() => dir.checkRoom(1, { maxBytes: 1024, reserveBytes: Number.MAX_SAFE_INTEGER }, '"a.log"')).toThrow(/does not fit/);
    expect(fs.statSync(dir.dir).mode & 0o777).toBe(0o700);
  });
});
