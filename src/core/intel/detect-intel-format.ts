import fs from 'node:fs';
import path from 'node:path';
import { EmptyFileError, FileUnreadableError, UnsupportedFormatError } from '../errors/index.js';
import { headBytes, isGzip } from '../telemetry/line-reader.js';
import { headText } from '../telemetry/text-decoding.js';
import { BUNDLE_FORMAT } from './bundle/bundle-format.js';
import { MISP_CSV_HEADER } from './feeds/misp-csv.js';
import { TWEETFEED_ROW } from './feeds/tweetfeed-csv.js';
import { looksLikeXApiJson } from './feeds/x-api-json.js';
import { isZip, xArchiveFileKind, xArchivePostFiles, zipRefusal } from './feeds/x-archive.js';

export const intelFormats = ['bundle', 'tweetfeed-csv', 'stix21', 'misp-event', 'misp-feed', 'misp-csv', 'plain-list', 'x-api-json', 'x-archive'] as const;
export type IntelFormat = (typeof intelFormats)[number];

export const intelFormatsText =
  'a Sightline offline bundle [bundle]; TweetFeed CSV [tweetfeed-csv]; STIX 2.1 bundle [stix21]; MISP event JSON [misp-event]; MISP feed folder or its manifest.json [misp-feed]; MISP CSV export [misp-csv]; ' +
  'plain list, one indicator per line or CSV with --column [plain-list]; a saved X API v2 response [x-api-json]; an X archive folder or its data/tweets.js [x-archive]';

const HEAD_BYTES = 64 * 1024;
/** The first line of a bundle (bundle-format.ts): `{"t":"header","format":"sightline-intel-bundle",…`. */
const BUNDLE_HEADER = new RegExp(`^\\{"t":"header","format":"${BUNDLE_FORMAT}"`);

/** Names an intel file's format from its content (a folder is a MISP feed when it has manifest.json, an X archive when it has data/tweets.js). */
export async function detectIntelFormat(file: string): Promise<IntelFormat> {
  let stat: fs.Stats;
  try {
    stat = await fs.promises.stat(file);
  } catch {
    throw new FileUnreadableError('cannot read the file: no such file', { file });
  }
  if (stat.isDirectory()) {
    if (fs.existsSync(path.join(file, 'manifest.json'))) return 'misp-feed';
    if (xArchivePostFiles(file)) return 'x-archive';
    throw new UnsupportedFormatError(`a folder, but neither a MISP feed (no manifest.json) nor an X archive (no data/tweets.js). Sightline reads: ${intelFormatsText}`, { file });
  }
  const handle = await fs.promises.open(file, 'r');
  let bytes: Buffer;
  try {
    const buf = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    bytes = buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
  if (isZip(bytes)) throw new UnsupportedFormatError(zipRefusal(bytes), { file });
  if (await isGzip(file)) {
    // Sightline's own bundle, or any text format gzipped (read through the same gunzip).
    bytes = await headBytes(file, HEAD_BYTES);
    if (BUNDLE_HEADER.test(bytes.subarray(0, 200).toString('utf8'))) return 'bundle';
  }
  const head = headText(bytes, file);
  const trimmed = head.trimStart();
  if (trimmed === '') throw new EmptyFileError('the file is empty', { file });
  const archive = xArchiveFileKind(trimmed);
  if (archive === 'posts') return 'x-archive';
  if (archive === 'other') throw new UnsupportedFormatError('a file of an X archive, but not its posts: import data/tweets.js or the archive folder', { file });
  if (trimmed.startsWith('{')) {
    if (/"type"\s*:\s*"bundle"/.test(head) && /"objects"\s*:/.test(head)) return 'stix21';
    if (/^\{\s*"Event"\s*:/.test(trimmed)) return 'misp-event';
    if (path.basename(file) === 'manifest.json' || /^\{\s*"[0-9a-f-]{36}"\s*:\s*\{[^}]*"info"/.test(trimmed)) return 'misp-feed';
    if (looksLikeXApiJson(trimmed)) return 'x-api-json';
    throw new UnsupportedFormatError(`JSON, but neither a STIX 2.1 bundle, a MISP event or feed, nor an X API response. Sightline reads: ${intelFormatsText}`, { file });
  }
  if (trimmed.startsWith('[') && looksLikeXApiJson(trimmed)) return 'x-api-json';
  if (head.includes('\0')) throw new UnsupportedFormatError(`a binary file. Sightline reads: ${intelFormatsText}`, { file });
  if (TWEETFEED_ROW.test(trimmed)) return 'tweetfeed-csv';
  if (MISP_CSV_HEADER.test(trimmed)) return 'misp-csv';
  return 'plain-list';
}
