import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { NotFoundError } from '../errors/index.js';

const STALE_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * Files a browser sends to the local host before importing them (a page
 * cannot hand over a path). Each is streamed to disk under a random id and
 * removed once imported; leftovers older than a day are swept at start.
 */
export class UploadStore {
  constructor(private readonly dir: string) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
    // Another Sightline process (a serve, a CLI) may be using fresh uploads: only sweep old ones.
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

  async save(body: Readable): Promise<{ uploadId: string; bytes: number }> {
    const uploadId = crypto.randomBytes(16).toString('hex');
    const file = this.pathOf(uploadId);
    let bytes = 0;
    body.on('data', (c: Buffer) => (bytes += c.length));
    try {
      await pipeline(body, fs.createWriteStream(file, { mode: 0o600 }));
    } catch (err) {
      fs.rmSync(file, { force: true });
      throw err;
    }
    return { uploadId, bytes };
  }

  resolve(uploadId: string): string {
    const file = this.pathOf(uploadId);
    if (!fs.existsSync(file)) throw new NotFoundError(`upload ${uploadId} does not exist (uploads are removed once imported)`, { field: 'uploadId' });
    return file;
  }

  remove(uploadId: string): void {
    fs.rmSync(this.pathOf(uploadId), { force: true });
  }

  private pathOf(uploadId: string): string {
    if (!/^[a-f0-9]{32}$/.test(uploadId)) throw new NotFoundError('malformed upload id', { field: 'uploadId' });
    return path.join(this.dir, uploadId);
  }
}
