import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { storableIso } from '../bounds.js';
import { CancelledError, MalformedRecordError, SightlineError, UnsupportedFormatError } from '../errors/index.js';
import { readLines, readWholeText } from '../telemetry/line-reader.js';
import { importBundle } from './bundle/import-bundle.js';
import { detectIntelFormat, type IntelFormat } from './detect-intel-format.js';
import type { FeedRecord } from './feeds/feed-record.js';
import { mispManifestEventIds, parseMispEvent } from './feeds/misp.js';
import { createPlainListReader, splitCsv } from './feeds/plain-list.js';
import { parseStixBundle } from './feeds/stix21.js';
import { parseTweetFeedLine } from './feeds/tweetfeed-csv.js';
import { createMispCsvReader } from './feeds/misp-csv.js';
import { readXApiJsonFile } from './feeds/x-api-json.js';
import { readXArchive } from './feeds/x-archive.js';
import { postRecords } from './sources/post-records.js';
import { Ingestor } from './store/ingest.js';
import { SourceRegistry } from './store/sources.js';
import type { WarninglistMatcher } from './warninglists/index.js';
import { insideFolder } from '../files/inside-folder.js';
import { nonPublicReason } from './non-public.js';

export interface IntelImportOptions {
  /** The file's name as the user knows it (an upload is stored under a random id): names list sources and errors. */
  displayName?: string;
  format?: IntelFormat;
  /** Plain CSV lists: the indicator column (index or header name). */
  column?: number | string;
  /** Posts (X files): the lists a sync extracts with, so a post gives the same indicators from a file as from the API. */
  warninglists?: WarninglistMatcher;
  signal?: AbortSignal;
  onProgress?: (p: { records: number }) => void;
}

export interface IntelImportResult {
  file: string;
  format: IntelFormat;
  records: number;
  newIndicators: number;
  newSightings: number;
  /** Records of a kind Sightline does not store (other MISP attribute types, non-STIX patterns, posts without an indicator). */
  skipped: number;
  /** Lines of a list, rows of a TweetFeed CSV, that are not an indicator: left out, the rest imported. */
  invalid: number;
  /** The first of them (up to MAX_INVALID_LISTED), with their line and why. */
  invalidLines: InvalidLine[];
  /** Addresses and networks not on the public Internet (private, documentation, loopback...): left out with a warning. */
  nonPublic: number;
  /** The first of them (up to MAX_INVALID_LISTED): the line (text formats) or the record's id (JSON formats), and why. */
  nonPublicLines: NonPublicLine[];
  sources: string[];
}

export interface NonPublicLine {
  line?: number;
  ref?: string;
  value: string;
  reason: string;
}

export interface InvalidLine {
  line: number;
  field?: string;
  reason: string;
}

/** Enough to see what is wrong with a file; a list of every bad line of a million-line feed would be noise. */
export const MAX_INVALID_LISTED = 20;

/** JSON feeds are parsed whole; past this they are refused rather than exhausting memory. */
const MAX_JSON_BYTES = 512 << 20;
/** Header names that hold the indicator in CSV lists, most specific first. */
const CSV_COLUMNS = ['dst_ip', 'ip_address', 'ip', 'ioc', 'indicator', 'value', 'domain', 'url'];

/**
 * Imports one intel file (or MISP feed folder) in one transaction of the
 * home database: all of it or nothing. Re-importing changes nothing new:
 * sightings are unique per (indicator, source, ref).
 */
export async function importIntelFile(db: Database.Database, file: string, options: IntelImportOptions = {}): Promise<IntelImportResult> {
  const name = options.displayName ?? file;
  const format = options.format ?? (await detectIntelFormat(file));
  if (format === 'bundle') {
    const r = await importBundle(db, file);
    // A bundle is another Sightline's store, checked when its indicators were first imported.
    return { file, format, records: r.records, newIndicators: r.newIndicators, newSightings: r.newSightings, skipped: 0, invalid: 0, invalidLines: [], nonPublic: 0, nonPublicLines: [], sources: [] };
  }
  const ingestor = new Ingestor(db);
  const sources = new SourceRegistry(db);
  const importedAt = new Date().toISOString();
  const result: IntelImportResult = { file, format, records: 0, newIndicators: 0, newSightings: 0, skipped: 0, invalid: 0, invalidLines: [], nonPublic: 0, nonPublicLines: [], sources: [] };
  const seenSources = new Set<string>();
  /** Every format's records pass here: an address no one can meet on the Internet is never stored, whichever feed names it. */
  const take = (r: FeedRecord, line?: number) => {
    const notPublic = nonPublicReason(r.indicator);
    if (notPublic !== null) {
      result.nonPublic++;
      if (result.nonPublicLines.length < MAX_INVALID_LISTED) {
        result.nonPublicLines.push({ ...(line !== undefined ? { line } : { ref: r.ref }), value: r.indicator.value, reason: `${notPublic}: not stored as an indicator` });
      }
      return;
    }
    const kind = format === 'plain-list' ? 'list' : 'feed';
    const sourceId = sources.ensure(r.source, kind);
    seenSources.add(r.source);
    ingestor.add({ ...r, sourceId }, importedAt);
    result.records++;
    if ((result.records & 4095) === 0) {
      if (options.signal?.aborted) throw new CancelledError('intel import cancelled; nothing from this file was stored', { file });
      options.onProgress?.({ records: result.records });
    }
  };

  db.exec('BEGIN IMMEDIATE');
  try {
    switch (format) {
      case 'stix21':
      case 'misp-event': {
        const json = await readJson(file);
        const parsed = format === 'stix21' ? parseStixBundle(json, path.basename(name)) : parseMispEvent(json, path.basename(name));
        for (const r of parsed.records) take(r);
        result.skipped += parsed.skipped;
        break;
      }
      case 'misp-feed': {
        const dir = fs.statSync(file).isDirectory() ? file : path.dirname(file);
        const manifest = path.join(dir, 'manifest.json');
        if (!insideFolder(dir, manifest)) throw new UnsupportedFormatError('the feed folder has no manifest.json of its own (a link to a file elsewhere is not read)', { file: name });
        const ids = mispManifestEventIds(await readJson(manifest), manifest);
        for (const id of ids) {
          const eventFile = path.join(dir, `${id}.json`);
          // Feeds are often mirrored partially: an event the manifest lists but the folder lacks is skipped, not fatal.
          // A link that leads out of the folder is no event of this feed.
          if (!fs.existsSync(eventFile) || !insideFolder(dir, eventFile)) continue;
          const parsed = parseMispEvent(await readJson(eventFile), path.basename(eventFile));
          for (const r of parsed.records) take(r);
          result.skipped += parsed.skipped;
        }
        break;
      }
      case 'tweetfeed-csv':
        for await (const { text, number } of readLines(file)) {
          let r: FeedRecord | null;
          try {
            r = parseTweetFeedLine(text, number);
          } catch (err) {
            // One bad row (a type TweetFeed added since, an empty value, a broken date) costs that row, not the feed.
            if (!(err instanceof MalformedRecordError)) throw err;
            invalidLine(result, { line: number, ...(err.location.field ? { field: err.location.field } : {}), reason: err.message });
            continue;
          }
          if (r) take(r, number);
        }
        break;
      case 'misp-csv': {
        const reader = createMispCsvReader(`misp-csv:${path.basename(name)}`);
        for await (const { text, number } of readLines(file)) {
          const got = reader.line(text, number);
          if (Array.isArray(got)) for (const r of got) take(r, number);
          else if (got === 'skip' && text.trim() !== '') result.skipped++;
        }
        break;
      }
      case 'plain-list':
        await importList(file, path.basename(name), options.column, take, result);
        break;
      case 'x-api-json':
      case 'x-archive': {
        const read = format === 'x-api-json' ? await readXApiJsonFile(file, path.basename(name)) : await readXArchive(file, path.basename(name));
        for (const post of read.posts) {
          const records = postRecords(post, read.source, options.warninglists);
          if (records.length === 0) result.skipped++;
          for (const r of records) take(r);
        }
        break;
      }
    }
    if (result.records === 0) throw noIndicators(result, file);
    ingestor.finish();
    db.exec('COMMIT');
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    if (err instanceof SightlineError && (err.location.file === undefined || err.location.file === file)) (err.location as { file?: string }).file = name;
    throw err;
  }
  result.newIndicators = ingestor.counts.newIndicators;
  result.newSightings = ingestor.counts.newSightings;
  result.sources = [...seenSources].sort();
  return result;
}

async function importList(file: string, listName: string, column: number | string | undefined, take: (r: FeedRecord, line: number) => void, result: IntelImportResult): Promise<void> {
  const source = `list:${listName}`;
  // The list was seen when it was last written; a clock set wrong (a future or pre-1970 date) is taken as now.
  const now = Date.now();
  const seenAt = storableIso(Math.min((await fs.promises.stat(file)).mtimeMs, now)) ?? new Date(now).toISOString();
  let reader: ReturnType<typeof createPlainListReader> | null = column === undefined ? null : createPlainListReader({ column });
  for await (const { text, number } of readLines(file)) {
    if (!reader) {
      const t = text.trim();
      if (t === '' || t.startsWith('#')) continue;
      // The first data line decides: a CSV header names the column, anything else is one value per line.
      const cells = splitCsv(t).map((c) => c.toLowerCase());
      const named = cells.length > 1 ? CSV_COLUMNS.find((c) => cells.includes(c)) : undefined;
      if (cells.length > 1 && !named && !/^[^,]+$/.test(t)) {
        throw new MalformedRecordError(`a CSV list without a known indicator column (${CSV_COLUMNS.join(', ')}): name it with --column`, { file, line: number });
      }
      reader = createPlainListReader(named ? { column: named } : {});
    }
    const got = reader.line(text);
    if (got === 'skip') continue;
    if (got === 'invalid') {
      invalidLine(result, { line: number, reason: 'not an IP address, CIDR, domain, URL or hash' });
      continue;
    }
    take({ indicator: got, source, ref: source, seenAt, labels: [] }, number);
  }
}

function invalidLine(result: IntelImportResult, line: InvalidLine): void {
  result.invalid++;
  if (result.invalidLines.length < MAX_INVALID_LISTED) result.invalidLines.push(line);
}

/** A file that gave nothing: its first bad line, if any, says why. */
function noIndicators(result: IntelImportResult, file: string): InstanceType<typeof MalformedRecordError> {
  const notPublic = result.nonPublicLines[0];
  if (notPublic && result.invalid === 0) {
    return new MalformedRecordError(`no indicators found: all ${result.nonPublic} addresses are not on the public Internet; first: ${notPublic.reason}`, {
      file,
      ...(notPublic.line !== undefined ? { line: notPublic.line } : {}),
    });
  }
  const first = result.invalidLines[0];
  if (!first) return new MalformedRecordError('no indicators found', { file });
  return new MalformedRecordError(`no indicators found: none of its ${result.invalid} lines is one; first problem: ${first.reason}`, {
    file,
    line: first.line,
    ...(first.field ? { field: first.field } : {}),
  });
}

async function readJson(file: string): Promise<unknown> {
  const text = await readWholeText(file, MAX_JSON_BYTES);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new MalformedRecordError(`invalid JSON (${(err as Error).message})`, { file });
  }
}
