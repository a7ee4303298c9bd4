import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform, type Readable } from 'node:stream';
import { InvalidInputError, NoSpaceError, TooLargeError } from '../errors/index.js';
import { ensurePrivateDir } from '../home/owner-only.js';

/** What a spooled file's owner decides: how big one may be, and how much disk must stay free. */
export interface SpoolLimits {
  maxBytes: number;
  /** Space left free on the volume after the file is written. */
  reserveBytes: number;
  /** Tests only: how much the volume has free (default: what the file system says). */
  freeBytes?: ((dir: string) => number | null) | undefined;
}

const STALE_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * An owner-only folder of files under random ids: browser uploads waiting to be
 * imported, exports waiting to be downloaded. Ids are 128-bit random, so a file
 * is reachable only by whoever was handed its id. Leftovers older than a day
 * (another process's, or a crashed one's) are swept when the folder is opened.
 */
export class SpoolDir {
  /** Bytes announced by files still arriving: counted against the disk reserve before they land. */
  private arriving = 0;

  constructor(readonly dir: string) {
    ensurePrivateDir(dir);
    const cutoff = Date.now() - STALE_AFTER_MS;
    for (const name of fs.readdirSync(dir)) {
      const file = path.join(dir, name);
      try {
        if (fs.statSync(file).mtimeMs < cutoff) fs.rmSync(file, { force: true });
      } catch {
        // Removed by its owner meanwhile.
      }
    }
  }

  newId(): string {
    return crypto.randomBytes(16).toString('hex');
  }

  pathOf(id: string): string {
    if (!/^[a-f0-9]{32}$/.test(id)) throw new Error(`malformed spool id ${JSON.stringify(id.slice(0, 40))}`);
    return path.join(this.dir, id);
  }

  /**
   * Streams `body` into a new file. Refused before a byte is written when the
   * declared size is over the limit or would not leave the reserve free (with
   * what other uploads still arriving announced); a body longer or shorter
   * than declared is refused and removed.
   */
  async receive(body: Readable, declaredBytes: number, limits: SpoolLimits, what: string): Promise<{ id: string; bytes: number }> {
    this.checkRoom(declaredBytes, limits, what);
    const id = this.newId();
    const file = this.pathOf(id);
    // Created here, synchronously: a failure below always finds the file to remove.
    const fd = fs.openSync(file, 'wx', 0o600);
    this.arriving += declaredBytes;
    let bytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        if (bytes > declaredBytes) done(new TooLargeError(`${what} sent more than the ${declaredBytes} bytes it announced`));
        else done(null, chunk);
      },
    });
    try {
      await pipeline(body, counter, fs.createWriteStream('', { fd }));
      if (bytes < declaredBytes) throw new InvalidInputError(`${what} was cut off: ${bytes} of the ${declaredBytes} bytes it announced arrived`);
    } catch (err) {
      fs.rmSync(file, { force: true });
      throw err;
    } finally {
      this.arriving -= declaredBytes;
    }
    return { id, bytes };
  }

  remove(id: string): void {
    fs.rmSync(this.pathOf(id), { force: true });
  }

  /** Refuses a file of `bytes` that is over the limit or would leave less than the reserve free on the volume. */
  checkRoom(bytes: number, limits: SpoolLimits, what: string): void {
    if (bytes > limits.maxBytes) {
      throw new TooLargeError(`${what} is ${formatBytes(bytes)}; the browser host accepts files up to ${formatBytes(limits.maxBytes)} (import larger files with \`sightline import\`, or start \`sightline serve --max-upload SIZE\`)`);
    }
    const free = (limits.freeBytes ?? freeBytes)(this.dir);
    if (free !== null && free - this.arriving - bytes < limits.reserveBytes) {
      throw new NoSpaceError(`${what} (${formatBytes(bytes)}) does not fit: ${formatBytes(free)} free where Sightline keeps its data (${this.dir}), and ${formatBytes(limits.reserveBytes)} must stay free`);
    }
  }
}

function freeBytes(dir: string): number | null {
  try {
    const s = fs.statfsSync(dir);
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}

export function formatBytes(n: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u += 1;
  }
  return u === 0 ? `${n} bytes` : `${v.toFixed(v < 10 ? 1 : 0)} ${units[u]}`;
}
