import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import type { TelemetryFormat } from '../../shared/types.js';
import { EmptyFileError, FileUnreadableError, UnsupportedFormatError } from '../errors/index.js';
import { headBytes } from './line-reader.js';
import { readers } from './readers/index.js';

const HEAD_BYTES = 64 * 1024;

/** Checks the file can be read, then names its format from its first bytes (content, never the file name). */
export async function detectFormat(file: string, displayName: string = file): Promise<TelemetryFormat> {
  const head = await readHeadBytes(file, displayName);
  if (head.trim() === '') throw new EmptyFileError('the file is empty', { file: displayName });
  const reader = readers.find((r) => r.sniff(head));
  if (!reader) {
    throw new UnsupportedFormatError(`not a supported telemetry format. Sightline reads: ${supportedFormatsText()}`, { file: displayName });
  }
  return reader.format;
}

export function supportedFormatsText(): string {
  return readers.map((r) => `${r.description} [${r.format}]`).join('; ');
}

/** The first bytes of the content (gunzipped when the file is .gz), after checking the file can be read. */
async function readHeadBytes(file: string, displayName: string): Promise<string> {
  try {
    const stat = await fs.promises.stat(file);
    if (!stat.isFile()) throw new FileUnreadableError('not a regular file', { file: displayName });
    await fs.promises.access(file, fs.constants.R_OK);
  } catch (err) {
    if (err instanceof FileUnreadableError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
    throw new FileUnreadableError(`cannot read the file: ${why}`, { file: displayName }, { cause: err });
  }
  let bytes = await headBytes(file, HEAD_BYTES);
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) bytes = bytes.subarray(3);
  // A head cut mid-character is fine; binary content is not text at all.
  if (!isUtf8(bytes) && !isUtf8(bytes.subarray(0, Math.max(0, bytes.length - 3)))) {
    if (bytes.includes(0)) {
      throw new UnsupportedFormatError(`a binary file, not a supported telemetry format. Sightline reads: ${supportedFormatsText()}`, { file: displayName });
    }
  }
  return bytes.toString('utf8');
}
