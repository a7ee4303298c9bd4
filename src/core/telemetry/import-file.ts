import crypto from 'node:crypto';
import fs from 'node:fs';
import type Database from 'better-sqlite3';
import type { CsvMapping, FileImportResult, TelemetryFormat } from '../../shared/types.js';
import { relativeTimesWarning } from '../bounds.js';
import { CancelledError, EmptyFileError, MalformedRecordError, SightlineError } from '../errors/index.js';
import { detectFormat } from './detect-format.js';
import { createIndexes, dropIndexes } from '../db/deferred-indexes.js';
import { parseInWorker, parseLines, WorkerUnavailableError, type ParseResult } from './import-parse.js';
import { RecordCollector, storedRecords } from './import-rows.js';
import { ImportWriter } from './import-writer.js';
import { removeOverlap } from './remove-overlap.js';
import { readerFor } from './readers/index.js';
import type { ReaderOptions } from './records.js';

export interface ImportProgressEvent {
  bytesRead: number;
  bytesTotal: number;
  rows: number;
  quarantined: number;
  /** Records per second since the file started. */
  rowsPerSecond: number;
  /** Seconds left at the current byte rate; null until it can be told. */
  etaSeconds: number | null;
}

export interface ImportFileOptions {
  /** The name shown to the user and stored; defaults to the path. */
  displayName?: string;
  format?: TelemetryFormat;
  /** Column mapping of a generic CSV export; implies format csv-mapped. */
  mapping?: CsvMapping;
  /** IANA zone of timestamps written without an offset; default UTC. */
  timezone?: string;
  signal?: AbortSignal;
  onProgress?: (p: ImportProgressEvent) => void;
}

const PROGRESS_EVERY_MS = 100;
/** Rough bytes per record of any supported format: only used to guess whether a file is big. */
const BYTES_PER_RECORD = 120;
const DEFER_INDEXES_FROM_ROWS = 50_000;
/** Smaller files parse in the importing thread: starting a worker (~50 ms) costs more than it saves. */
const WORKER_FROM_BYTES = 1 << 20;

/**
 * Where line formats are parsed: `auto` (a worker thread for files from
 * WORKER_FROM_BYTES on, when the worker file is there), `always` or `never`.
 * SIGHTLINE_PARSE_WORKER overrides it; for tests and benchmarks comparing the two.
 */
function workerMode(): 'auto' | 'always' | 'never' {
  const v = process.env['SIGHTLINE_PARSE_WORKER'];
  return v === 'always' || v === 'never' ? v : 'auto';
}

/**
 * Imports one file into a case in a single transaction: either the file's
 * records are stored or none is (cancel, crash, a file cut short). A record
 * that cannot be read is quarantined (line, reason, raw text) and the import
 * goes on, so one bad line does not cost an analyst the other million.
 * `db` must be a connection nobody else uses meanwhile: the transaction spans
 * awaits. A file whose content was imported before (same SHA-256) is reported
 * as a duplicate and changes nothing.
 *
 * Line formats from WORKER_FROM_BYTES on are parsed in a worker thread
 * (parse-worker.ts) while this thread inserts: the rows, counts, quarantine,
 * errors and hash are the same either way, and the parsing overlaps the
 * inserting (1M Zeek rows: ~7-7.8 s instead of ~8.6-9.8 s in one thread;
 * see bench/README.md).
 */
export async function importFile(db: Database.Database, file: string, options: ImportFileOptions = {}): Promise<FileImportResult> {
  const name = options.displayName ?? file;
  const format = options.mapping ? 'csv-mapped' : (options.format ?? (await detectFormat(file, name)));
  const bytesTotal = (await fs.promises.stat(file)).size;
  const readerOptions: ReaderOptions = { timezone: options.timezone ?? 'UTC', ...(options.mapping ? { mapping: options.mapping } : {}) };
  const reader = readerFor(format);
  const started = Date.now();
  /** What progress reports: updated by whichever thread parses. */
  const live = { bytesRead: 0, stored: 0, quarantined: 0 };
  let lastProgress = 0;

  const insertImport = db.prepare(
    `INSERT INTO imports (file_name, file_path, sha256, format, bytes, events, processes, imported_at)
     VALUES (?, ?, ?, ?, ?, 0, 0, ?)`,
  );
  const cancelled = (): SightlineError => new CancelledError('import cancelled; nothing from this file was stored', { file: name });
  const progress = (final = false): void => {
    const elapsed = Math.max(1, Date.now() - started) / 1000;
    const done = final ? bytesTotal : live.bytesRead;
    const byteRate = done / elapsed;
    options.onProgress?.({
      bytesRead: done,
      bytesTotal,
      rows: live.stored,
      quarantined: live.quarantined,
      rowsPerSecond: Math.round(live.stored / elapsed),
      etaSeconds: final ? 0 : elapsed >= 1 && byteRate > 0 ? Math.round((bytesTotal - done) / byteRate) : null,
    });
  };
  const maybeProgress = (): void => {
    const now = Date.now();
    if (now - lastProgress >= PROGRESS_EVERY_MS) {
      lastProgress = now;
      progress();
    }
  };

  db.exec('BEGIN IMMEDIATE');
  let committed = false;
  try {
    // A file that will be a large part of the case loads faster without its
    // indexes, rebuilt once at the end (inside this transaction).
    const existing = (db.prepare('SELECT CAST(TOTAL(events) AS INTEGER) AS n FROM imports').get() as { n: number }).n;
    const expected = bytesTotal / BYTES_PER_RECORD;
    const deferredIndexes = expected >= DEFER_INDEXES_FROM_ROWS && expected > existing / 2 ? dropIndexes(db, 'events') : [];

    const lastIdBefore = (db.prepare('SELECT COALESCE(MAX(id), 0) AS n FROM events').get() as { n: number }).n;
    // A unique placeholder until the hash is known at the end of the stream.
    const importId = Number(
      insertImport.run(name, file === name ? file : null, `pending:${crypto.randomUUID()}`, format, bytesTotal, new Date().toISOString()).lastInsertRowid,
    );
    const writer = new ImportWriter(db, importId);
    let parsed: ParseResult | null = null;
    const mode = workerMode();
    if (reader.kind === 'lines' && mode !== 'never' && (mode === 'always' || bytesTotal >= WORKER_FROM_BYTES)) {
      try {
        parsed = await parseInWorker({ file, name, format, options: readerOptions }, writer, {
          onBatch: (m) => {
            live.bytesRead = m.bytesRead;
            live.stored = m.stored;
            live.quarantined = m.quarantined;
            maybeProgress();
          },
          cancelled,
          ...(options.signal ? { signal: options.signal } : {}),
        });
      } catch (err) {
        // Nothing was handed to the writer yet: parse here instead.
        if (!(err instanceof WorkerUnavailableError)) throw err;
      }
    }
    if (!parsed) {
      // The hash is of the content (the same log gzipped or not is one import); progress counts file bytes.
      const hash = crypto.createHash('sha256');
      const collector = new RecordCollector(writer, format, name);
      const onChunk = (chunk: Buffer): void => {
        hash.update(chunk);
      };
      const update = (): void => {
        live.stored = collector.stored();
        live.quarantined = collector.counts.quarantined;
        maybeProgress();
      };
      if (reader.kind === 'stream') {
        await reader.create(readerOptions).read(file, collector, {
          onChunk,
          onBytes: (n) => {
            live.bytesRead += n;
            update();
          },
          onBadRecord: (err, record, raw) => {
            if (!(err instanceof MalformedRecordError)) throw err;
            collector.bad(err, record, raw);
          },
          ...(options.signal ? { signal: options.signal } : {}),
        });
      } else {
        await parseLines(file, reader, readerOptions, collector, {
          onChunk,
          onBytes: (n) => (live.bytesRead += n),
          afterBlock: () => {
            if (options.signal?.aborted) throw cancelled();
            update();
          },
        });
      }
      parsed = { sha256: hash.digest('hex'), counts: collector.counts, firstProblem: collector.firstProblem };
    }
    const { counts, firstProblem } = parsed;
    const stored = (): number => storedRecords(counts);
    if (options.signal?.aborted) throw cancelled();
    if (stored() === 0) {
      const problem = firstProblem as SightlineError | null;
      if (problem) {
        throw new MalformedRecordError(`none of its ${counts.quarantined} records could be read as ${format}; first problem: ${problem.message}`, {
          file: name,
          line: problem.location.line,
          field: problem.location.field,
        });
      }
      throw new EmptyFileError(
        counts.ignored > 0 ? `no network connections, process creations, file creations, DNS answers or alerts among its ${counts.ignored} records` : 'the file holds no records',
        { file: name },
      );
    }

    const sha256 = parsed.sha256;
    const previous = db.prepare('SELECT file_name AS name FROM imports WHERE sha256 = ?').get(sha256) as { name: string } | undefined;
    if (previous) {
      db.exec('ROLLBACK');
      committed = true;
      return { file: name, status: 'duplicate', format, events: 0, processes: 0, dns: 0, alerts: 0, fileCreations: 0, ignored: 0, quarantined: 0, error: `already imported as ${previous.name}` };
    }
    writer.finish();
    createIndexes(db, deferredIndexes);
    const warning = relativeTimesWarning(counts.early, stored());
    const overlapping = removeOverlap(db, lastIdBefore);
    counts.events -= overlapping;
    if (stored() === 0) {
      db.exec('ROLLBACK');
      committed = true;
      return { file: name, status: 'duplicate', format, events: 0, processes: 0, dns: 0, alerts: 0, fileCreations: 0, ignored: 0, quarantined: 0, overlapping, error: `all its ${overlapping} connections are already in the case (an overlapping export)` };
    }
    db.prepare('UPDATE imports SET sha256 = ?, events = ?, processes = ?, dns = ?, alerts = ?, file_creations = ?, ignored = ?, quarantined = ? WHERE id = ?').run(
      sha256,
      counts.events,
      counts.processes,
      counts.dns,
      counts.alerts,
      counts.fileCreations,
      counts.ignored,
      counts.quarantined,
      importId,
    );
    db.exec('COMMIT');
    committed = true;
    live.stored = stored();
    live.quarantined = counts.quarantined;
    progress(true);
    const { events, processes, dns, alerts, fileCreations, ignored, quarantined } = counts;
    return {
      file: name,
      status: 'imported',
      format,
      importId,
      events,
      processes,
      dns,
      alerts,
      fileCreations,
      ignored,
      quarantined,
      ...(overlapping > 0 ? { overlapping } : {}),
      ...(warning ? { warnings: [warning] } : {}),
    };
  } catch (err) {
    // The readers name the path they read; the user knows the file by its name (an upload is stored under an id).
    if (err instanceof SightlineError && (err.location.file === undefined || err.location.file === file)) {
      (err.location as { file?: string }).file = name;
    }
    throw err;
  } finally {
    if (!committed && db.inTransaction) db.exec('ROLLBACK');
  }
}
