import fs from 'node:fs';
import zlib from 'node:zlib';
import { FileUnreadableError, MalformedRecordError, type SightlineError } from '../errors/index.js';

/** zlib's words for what it found, in the user's. */
const REASONS: Readonly<Record<string, string>> = {
  // The first header is checked before zlib sees the file (isGzip): this is what follows a member.
  'incorrect header check': 'what follows the end of a gzip member is not another member',
  'unknown compression method': 'an unknown compression method in its header',
  'unknown header flags set': 'unknown flags in its header',
  'header crc mismatch': 'its header checksum does not match',
  'incorrect data check': 'its CRC-32 checksum does not match the content',
  'incorrect length check': 'its length field does not match the content',
};

/**
 * Past this many compressed bytes before the damage, the exact byte is not
 * looked for (that means decompressing the file twice more): the error
 * names where the failing stretch starts instead.
 */
const LOCATE_UP_TO_BYTES = 256 << 20;

/**
 * The error a failed gunzip of `file` becomes: a file cut short says so, a
 * damaged one names the byte where the damage shows. `fedBefore` is how many
 * compressed bytes zlib had taken before the step that failed
 * (Gunzip.bytesWritten at the error); the exact byte is found by a second
 * read (see locateDamage). A read error of the file itself (which the
 * pipeline hands to the Gunzip) says so.
 */
export async function gzipError(err: Error & { code?: string }, file: string, fedBefore: number): Promise<SightlineError> {
  if (err.code === 'Z_BUF_ERROR') {
    return new MalformedRecordError('the file ends in the middle of its gzip data: it was cut short (an interrupted copy or download?)', { file });
  }
  if (err.code !== 'Z_DATA_ERROR') return new FileUnreadableError(`cannot read the file: ${err.message}`, { file }, { cause: err });
  const reason = REASONS[err.message] ?? `invalid compressed data: ${err.message}`;
  const at = fedBefore > LOCATE_UP_TO_BYTES ? null : await locateDamage(file, fedBefore);
  // Where zlib notices, counted from 0: the damage itself is there or earlier (a checksum is only checked at the member's end).
  const where = at === null ? `after byte ${fedBefore}` : `at byte ${at}`;
  return new MalformedRecordError(`the gzip data is damaged: decompression fails ${where} (${reason})`, { file });
}

/**
 * The offset (from 0) of the byte at which zlib finds `file`'s gzip data
 * damaged. A failed Gunzip only tells where its last good step ended
 * (bytesWritten), up to a megabyte before the damage, and its state cannot
 * be rewound; so the file is decompressed again (output dropped) up to that
 * point, then fed in small writes until one fails, then again up to that
 * write and byte by byte. Null when no write fails (the damage was not
 * reproduced: the file changed meanwhile).
 */
export async function locateDamage(file: string, goodUntil: number): Promise<number | null> {
  const near = await firstFailingWrite(file, goodUntil, 4096);
  return near === null ? null : firstFailingWrite(file, near, 1);
}

/** Feeds a fresh Gunzip `file`'s bytes, quickly up to `fastUntil`, then `step` bytes a write: the offset of the first write that fails. */
async function firstFailingWrite(file: string, fastUntil: number, step: number): Promise<number | null> {
  const gunzip = zlib.createGunzip({ chunkSize: 64 * 1024 });
  let failed = false;
  let wake: (() => void) | null = null;
  gunzip.on('error', () => {
    failed = true;
    wake?.();
  });
  gunzip.resume();
  const write = (bytes: Buffer): Promise<void> =>
    new Promise<void>((resolve) => {
      wake = resolve;
      gunzip.write(bytes, () => resolve());
    });
  const handle = await fs.promises.open(file, 'r');
  try {
    const buffer = Buffer.alloc(1 << 20);
    let offset = 0;
    while (!failed) {
      const size = offset < fastUntil ? Math.min(buffer.length, fastUntil - offset) : step;
      const { bytesRead } = await handle.read(buffer, 0, size, offset);
      if (bytesRead === 0) return null;
      // Copied: the write may still be queued when the buffer is read into again.
      await write(Buffer.from(buffer.subarray(0, bytesRead)));
      if (failed) return offset >= fastUntil ? offset : null;
      offset += bytesRead;
    }
    return null;
  } finally {
    gunzip.destroy();
    await handle.close();
  }
}
