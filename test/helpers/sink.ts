import type { TelemetryFormat } from '../../src/shared/types.js';
import { readerFor } from '../../src/core/telemetry/readers/index.js';
import type { AlertRecord, ConnectionEvent, DnsRecord, FileCreateRecord, ProcessRecord, ReaderOptions, RecordSink } from '../../src/core/telemetry/records.js';
import { MalformedRecordError } from '../../src/core/errors/index.js';

export interface Collected {
  connections: { event: ConnectionEvent; line: number }[];
  processes: { record: ProcessRecord; line: number }[];
  dns: { record: DnsRecord; line: number }[];
  alerts: { record: AlertRecord; line: number }[];
  fileCreations: { record: FileCreateRecord; line: number }[];
  ignored: number[];
  /** Lines the parser threw MalformedRecordError for (only with `quarantine: true`). */
  quarantined: { line: number; reason: string; field: string | undefined }[];
}

/** A sink that keeps everything a reader hands it, in `collected`. */
export function collectingSink(): { sink: RecordSink; collected: Collected } {
  const collected: Collected = { connections: [], processes: [], dns: [], alerts: [], fileCreations: [], ignored: [], quarantined: [] };
  const sink: RecordSink = {
    connection: (event, line) => void collected.connections.push({ event, line }),
    process: (record, line) => void collected.processes.push({ record, line }),
    dns: (record, line) => void collected.dns.push({ record, line }),
    alert: (record, line) => void collected.alerts.push({ record, line }),
    fileCreate: (record, line) => void collected.fileCreations.push({ record, line }),
    ignored: (line) => void collected.ignored.push(line),
  };
  return { sink, collected };
}

export interface ParseLinesOptions extends Partial<ReaderOptions> {
  /** Keep going after a MalformedRecordError, as the import does, recording the line in `quarantined`. */
  quarantine?: boolean;
}

/** Feeds lines (numbered from 1) to a fresh parser of `format` (a line-based reader), then ends it. */
export function parseLines(format: TelemetryFormat, lines: readonly string[], options: ParseLinesOptions = {}): Collected {
  const { sink, collected } = collectingSink();
  const reader = readerFor(format);
  if (reader.kind !== 'lines') throw new Error(`${format} is not a line-based reader`);
  const parser = reader.create({ timezone: options.timezone ?? 'UTC', mapping: options.mapping });
  lines.forEach((text, i) => {
    try {
      parser.line(text, i + 1, sink);
    } catch (err) {
      if (!options.quarantine || !(err instanceof MalformedRecordError)) throw err;
      collected.quarantined.push({ line: err.location.line ?? i + 1, reason: err.message, field: err.location.field });
    }
  });
  parser.end(lines.length);
  return collected;
}

/** Runs `fn`, expecting it to throw; returns the error for closer checks. */
export function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to throw, it returned');
}

/** Awaits `p`, expecting it to reject; returns the reason. */
export async function rejected(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (err) {
    return err;
  }
  throw new Error('expected the promise to reject, it resolved');
}
