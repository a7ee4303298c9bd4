import crypto from 'node:crypto';
import fs from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import type { Writable } from 'node:stream';
import zlib from 'node:zlib';
import { FileUnwritableError, NoSpaceError, type SightlineError } from './errors/index.js';

/** Appends text (or bytes) to the file being written, waiting when the stream asks to. */
export type Put = (text: string | Buffer) => Promise<void>;

/**
 * Writes `file` whole or not at all: the text goes to `<file>.<random>.partial`
 * beside it (gzipped when asked), created new (so a link planted under that
 * name in a shared folder is never followed) and owner-only unless the
 * caller asks for another mode (an intel export or bundle is the analyst's
 * store and stays private; a report, a hand-over document, is written with
 * the usual 0666 less the umask), renamed over `file` only when `write` has
 * put all of it (its result is returned), so a failure never leaves a file
 * that looks complete. Every way the path can be wrong for writing (no such
 * folder, a folder, no permission, a read-only disk) is a
 * FileUnwritableError naming the file and saying which, a full disk a
 * NoSpaceError, whoever the caller (the CLI's --out, a file the UI picked);
 * whatever the failure, the partial file is removed.
 */
export interface OutputFileOptions {
  gzip?: boolean;
  /** The new file's mode before the umask; 0o600 (owner-only) unless given. */
  mode?: number;
  /** Tests only: opens the partial file (a disk that fills up is /dev/full). */
  openPartial?: (tmp: string) => Promise<fs.promises.FileHandle>;
}

export async function writeOutputFile<T>(file: string, write: (put: Put) => Promise<T>, options: OutputFileOptions = {}): Promise<T> {
  const target = path.resolve(file);
  const tmp = `${target}.${crypto.randomBytes(6).toString('hex')}.partial`;
  if ((await fs.promises.stat(target).catch(() => null))?.isDirectory()) throw unwritable(target, 'EISDIR');
  let handle: fs.promises.FileHandle;
  try {
    handle = await (options.openPartial ?? ((p) => fs.promises.open(p, 'wx', options.mode ?? 0o600)))(tmp);
  } catch (err) {
    throw translated(err, target);
  }
  const out = handle.createWriteStream();
  const gzip = options.gzip ? zlib.createGzip() : null;
  const sink: Writable = gzip ?? out;
  // Kept, not thrown from an event: a write error (disk full) surfaces at the next put or at the end.
  let failure: unknown = null;
  const fail = (err: unknown): void => {
    failure ??= err;
  };
  out.on('error', fail);
  gzip?.on('error', fail);
  gzip?.pipe(out);
  const put: Put = async (text) => {
    if (failure) throw failure;
    if (!sink.write(text)) await drainedOrClosed(sink, out);
    if (failure) throw failure;
  };
  try {
    const result = await write(put);
    sink.end();
    await Promise.race([once(out, 'finish'), once(out, 'close')]);
    if (failure) throw failure;
    await fs.promises.rename(tmp, target);
    return result;
  } catch (err) {
    gzip?.destroy();
    out.destroy();
    await fs.promises.rm(tmp, { force: true });
    throw translated(err, target);
  }
}

/**
 * Until `sink` drains or `out` closes. The wait that loses is cancelled: each
 * `once` holds a listener (and an error listener) until it settles, and a
 * long export waits thousands of times.
 */
async function drainedOrClosed(sink: Writable, out: Writable): Promise<void> {
  const done = new AbortController();
  try {
    await Promise.race([once(sink, 'drain', { signal: done.signal }), once(out, 'close', { signal: done.signal })]);
  } finally {
    done.abort();
  }
}

/**
 * Creates a folder (and the folders above it) if missing, for the data
 * home and the like: a path that cannot be one (a file on the way, no
 * permission, a read-only disk) is a FileUnwritableError saying so.
 */
export function ensureFolder(dir: string, mode?: number): void {
  try {
    fs.mkdirSync(dir, { recursive: true, ...(mode !== undefined ? { mode } : {}) });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code ? WHY[code] : undefined;
    if (!why) throw err;
    throw new FileUnwritableError(`cannot create the folder: ${why(path.join(dir, '-'))}`, { file: dir }, { cause: err });
  }
}

/** An operating system's refusal to write `file` as a sentence; anything else is passed on as it is. */
function translated(err: unknown, file: string): unknown {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code && WHY[code] ? unwritable(file, code, err) : err;
}

/** Why `file` cannot be written, by the error code of the refusal. */
const WHY: Readonly<Record<string, (file: string) => string>> = {
  ENOENT: (f) => `the folder ${path.dirname(f)} does not exist`,
  ENOTDIR: (f) => `${nearestExisting(path.dirname(f))} is not a folder`,
  EISDIR: () => 'it is a folder (name a file in it)',
  EACCES: (f) => `no permission to write in ${nearestExisting(path.dirname(f))}`,
  EPERM: (f) => `no permission to write in ${nearestExisting(path.dirname(f))}`,
  EROFS: (f) => `${nearestExisting(path.dirname(f))} is on a read-only file system`,
  ENOSPC: () => 'the disk is full',
  EDQUOT: () => 'the disk quota is used up',
  ENAMETOOLONG: () => 'its name is too long',
};

/** `dir` or the nearest of its parents that exists: what refused (a file in the way, a folder without permission). */
function nearestExisting(dir: string): string {
  for (let p = dir; ; p = path.dirname(p)) {
    if (fs.existsSync(p) || path.dirname(p) === p) return p;
  }
}

/** A full disk is NO_SPACE, as for uploads; every other refusal FILE_UNWRITABLE. */
function unwritable(file: string, code: string, cause?: unknown): SightlineError {
  const Kind = code === 'ENOSPC' || code === 'EDQUOT' ? NoSpaceError : FileUnwritableError;
  return new Kind(`cannot write the file: ${(WHY[code] as (f: string) => string)(file)}`, { file }, { cause });
}
