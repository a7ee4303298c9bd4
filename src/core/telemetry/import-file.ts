import crypto from 'node:crypto';
import fs from 'node:fs';
import type Database from 'better-sqlite3';
import type { FileImportResult, TelemetryFormat } from '../../shared/types.js';
import { CancelledError, EmptyFileError, SightlineError } from '../errors/index.js';
import { detectFormat } from './detect-format.js';
import { EdgeAggregator } from './edge-aggregator.js';
import { createIndexes, dropIndexes } from '../db/deferred-indexes.js';
import { readLines } from './line-reader.js';
import { readerFor } from './readers/index.js';
import type { ConnectionEvent, ProcessRecord, RecordSink } from './records.js';

export interface ImportFileOptions {
  /** The name shown to the user and stored; defaults to the path. */
  displayName?: string;
  format?: TelemetryFormat;
  signal?: AbortSignal;
  onProgress?: (p: { bytesRead: number; bytesTotal: number; rows: number }) => void;
}

const PROGRESS_EVERY_MS = 100;
/** Rough bytes per record of any supported format: only used to guess whether a file is big. */
const BYTES_PER_RECORD = 120;
const DEFER_INDEXES_FROM_ROWS = 50_000;

/**
 * Imports one file into a case in a single transaction: either every record
 * is stored or none is (bad record, cancel, crash). `db` must be a connection
 * nobody else uses meanwhile: the transaction spans awaits.
 * A file whose content was imported before (same SHA-256) is reported as a
 * duplicate and changes nothing.
 */
export async function importFile(db: Database.Database, file: string, options: ImportFileOptions = {}): Promise<FileImportResult> {
  const name = options.displayName ?? file;
  const format = options.format ?? (await detectFormat(file, name));
  const bytesTotal = (await fs.promises.stat(file)).size;
  const parser = readerFor(format).create();
  const hash = crypto.createHash('sha256');
  const counts = { events: 0, processes: 0, ignored: 0 };
  let bytesRead = 0;
  let lastProgress = 0;

  const insertImport = db.prepare(
    `INSERT INTO imports (file_name, file_path, sha256, format, bytes, events, processes, imported_at)
     VALUES (?, ?, ?, ?, ?, 0, 0, ?)`,
  );
  const insertEvent = db.prepare(
    `INSERT INTO events (import_id, line, ts, host, user, image, pid, process_guid, proto, src_ip, src_port, dst_ip, dst_port,
       dst_host, initiated, bytes_out, bytes_in, pkts_out, pkts_in, duration, uid)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertProcess = db.prepare(
    `INSERT INTO processes (import_id, line, ts, host, process_guid, pid, image, command_line, user, parent_image,
       parent_command_line, hashes, integrity_level)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );

  const edges = new EdgeAggregator(db);

  db.exec('BEGIN IMMEDIATE');
  let committed = false;
  try {
    // A file that will be a large part of the case loads faster without its
    // indexes, rebuilt once at the end (inside this transaction).
    const existing = (db.prepare('SELECT CAST(TOTAL(events) AS INTEGER) AS n FROM imports').get() as { n: number }).n;
    const expected = bytesTotal / BYTES_PER_RECORD;
    const deferredIndexes = expected >= DEFER_INDEXES_FROM_ROWS && expected > existing / 2 ? dropIndexes(db, 'events') : [];

    // A unique placeholder until the hash is known at the end of the stream.
    const importId = Number(
      insertImport.run(name, file === name ? file : null, `pending:${crypto.randomUUID()}`, format, bytesTotal, new Date().toISOString()).lastInsertRowid,
    );
    const sink: RecordSink = {
      connection(e: ConnectionEvent, line: number) {
        insertEvent.run(importId, line, e.ts, e.host, e.user, e.image, e.pid, e.processGuid, e.proto, e.srcIp, e.srcPort, e.dstIp, e.dstPort,
          e.dstHost, e.initiated === null ? null : e.initiated ? 1 : 0, e.bytesOut, e.bytesIn, e.pktsOut, e.pktsIn, e.duration, e.uid);
        edges.add(e);
        counts.events++;
      },
      process(p: ProcessRecord, line: number) {
        insertProcess.run(importId, line, p.ts, p.host, p.processGuid, p.pid, p.image, p.commandLine, p.user, p.parentImage,
          p.parentCommandLine, p.hashes, p.integrityLevel);
        counts.processes++;
      },
      ignored() {
        counts.ignored++;
      },
    };

    let lastLine = 0;
    // The hash is of the content (the same log gzipped or not is one import); progress counts file bytes.
    const lines = readLines(file, {
      onChunk: (chunk) => hash.update(chunk),
      onBytes: (n) => (bytesRead += n),
    });
    for await (const { text, number } of lines) {
      lastLine = number;
      parser.line(text, number, sink);
      // Checking the clock every line costs more than the check; every 4096 is plenty.
      if ((number & 4095) === 0) {
        if (options.signal?.aborted) throw new CancelledError('import cancelled; nothing from this file was stored', { file: name });
        const now = Date.now();
        if (now - lastProgress >= PROGRESS_EVERY_MS) {
          lastProgress = now;
          options.onProgress?.({ bytesRead, bytesTotal, rows: counts.events + counts.processes });
        }
      }
    }
    parser.end(lastLine);
    if (options.signal?.aborted) throw new CancelledError('import cancelled; nothing from this file was stored', { file: name });
    if (counts.events + counts.processes === 0) {
      throw new EmptyFileError(
        counts.ignored > 0
          ? `no network connections or process creations among its ${counts.ignored} records`
          : 'the file holds no records',
        { file: name },
      );
    }

    const sha256 = hash.digest('hex');
    const previous = db.prepare('SELECT file_name AS name FROM imports WHERE sha256 = ?').get(sha256) as { name: string } | undefined;
    if (previous) {
      db.exec('ROLLBACK');
      committed = true;
      return { file: name, status: 'duplicate', format, events: 0, processes: 0, ignored: 0, error: `already imported as ${previous.name}` };
    }
    edges.flush();
    createIndexes(db, deferredIndexes);
    db.prepare('UPDATE imports SET sha256 = ?, events = ?, processes = ? WHERE id = ?').run(sha256, counts.events, counts.processes, importId);
    db.exec('COMMIT');
    committed = true;
    options.onProgress?.({ bytesRead: bytesTotal, bytesTotal, rows: counts.events + counts.processes });
    return { file: name, status: 'imported', format, ...counts };
  } catch (err) {
    if (err instanceof SightlineError && err.location.file === undefined) {
      (err.location as { file?: string }).file = name;
    }
    throw err;
  } finally {
    if (!committed && db.inTransaction) db.exec('ROLLBACK');
  }
}
