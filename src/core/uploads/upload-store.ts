import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { NotFoundError } from '../errors/index.js';

/**
 * Files a browser sends to the local host before importing them (a page
 * cannot hand over a path). Each is streamed to disk under a random id and
 * removed once imported; leftovers from a crash are swept at start.
 */
export class UploadStore {
  constructor(private readonly dir: string) {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
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
