// @ts-check
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const BUFFER_BYTES = 4 << 20;

/**
 * A file written in large synchronous chunks while its SHA-256 is computed,
 * so a million-row file streams to disk without being held in memory and
 * its digest costs no second read. Text is encoded straight into one
 * reused buffer (joining strings first made most of a large run's garbage).
 * Written under a `.partial` name and renamed by close(), so a killed run
 * leaves no complete-looking file.
 */
export class FileSink {
  /**
   * @param {string} root  the output folder
   * @param {string} name  the file's path relative to it, with forward slashes
   */
  constructor(root, name) {
    this.name = name;
    this.file = path.join(root, ...name.split('/'));
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    this.fd = fs.openSync(`${this.file}.partial`, 'w');
    this.hash = createHash('sha256');
    this.buffer = Buffer.allocUnsafe(BUFFER_BYTES);
    this.used = 0;
    this.bytes = 0;
  }

  /** Appends text (UTF-8). */
  write(/** @type {string} */ text) {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    if (this.used + text.length * 3 > BUFFER_BYTES) {
      this.flush();
      if (text.length * 3 > BUFFER_BYTES) {
        this.out(Buffer.from(text, 'utf8'));
        return;
      }
    }
    this.used += this.buffer.write(text, this.used, 'utf8');
  }

  flush() {
    if (this.used === 0) return;
    this.out(this.buffer.subarray(0, this.used));
    this.used = 0;
  }

  /** @param {Buffer} chunk */
  out(chunk) {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    for (let off = 0; off < chunk.length; ) off += fs.writeSync(this.fd, chunk, off);
  }

  /** Finishes the file; returns its name, size and digest for the manifest. */
  close() {
    this.flush();
    fs.closeSync(this.fd);
    fs.renameSync(`${this.file}.partial`, this.file);
    return { path: this.name, bytes: this.bytes, sha256: this.hash.digest('hex') };
  }
}
