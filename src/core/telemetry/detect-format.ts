import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import type { TelemetryFormat } from '../../shared/types.js';
import { EmptyFileError, FileUnreadableError, UnsupportedFormatError } from '../errors/index.js';
import { headBytes } from './line-reader.js';
import { readers } from './readers/index.js';
import { headText, sniffEncoding } from './text-decoding.js';

const HEAD_BYTES = 64 * 1024;

/** Checks the file can be read, then names its format from its first bytes (content, never the file name). */
export async function detectFormat(file: string, displayName: string = file): Promise<TelemetryFormat> {
  const bytes = await readHeadBytes(file, displayName);
  const binary = readers.find((r) => r.kind === 'stream' && r.sniffBytes(bytes));
  if (binary) return binary.format;
  const head = sniffText(bytes, displayName);
  if (head.trim() === '') throw new EmptyFileError('the file is empty', { file: displayName });
  const reader = readers.find((r) => r.kind === 'lines' && r.sniff(head));
  if (!reader) {
    throw new UnsupportedFormatError(`not a supported telemetry format. ${supportedFormatsText()}`, { file: displayName });
  }
  return reader.format;
}

/** Every format with its name for --format, and how to read any other CSV. */
export function supportedFormatsText(): string {
  const list = readers.filter((r) => r.format !== 'csv-mapped').map((r) => `${r.description} [${r.format}]`).join('; ');
  return (
    `Sightline reads: ${list}. ` +
    'Any other CSV or TSV export can be read with a column mapping: the import wizard in the app, or `sightline import --map mapping.json` (see README).'
  );
}

/** The first bytes of the content (gunzipped when the file is .gz), after checking the file can be read. */
async function readHeadBytes(file: string, displayName: string): Promise<Buffer> {
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
  return headBytes(file, HEAD_BYTES);
}

/** The head as text for the line formats' sniffers: UTF-8 or UTF-16 with BOM; binary content is refused here. */
function sniffText(bytes: Buffer, displayName: string): string {
  const { encoding, bom } = sniffEncoding(bytes, displayName);
  const body = bytes.subarray(bom);
  // A head cut mid-character is fine; binary content is not text at all.
  if (encoding === 'utf-8' && !isUtf8(body) && !isUtf8(body.subarray(0, Math.max(0, body.length - 3))) && body.includes(0)) {
    throw new UnsupportedFormatError(`a binary file, not a supported telemetry format. ${supportedFormatsText()}`, { file: displayName });
  }
  return headText(bytes, displayName);
}
