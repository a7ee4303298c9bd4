import type { TelemetryFormat } from '../../src/shared/types.js';
import { readerFor } from '../../src/core/telemetry/readers/index.js';
import type { ConnectionEvent, ProcessRecord, RecordSink } from '../../src/core/telemetry/records.js';

export interface Collected {
  connections: { event: ConnectionEvent; line: number }[];
  processes: { record: ProcessRecord; line: number }[];
  ignored: number[];
}

/** A sink that keeps everything a reader hands it, in `collected`. */
export function collectingSink(): { sink: RecordSink; collected: Collected } {
  const collected: Collected = { connections: [], processes: [], ignored: [] };
  const sink: RecordSink = {
    connection: (event, line) => void collected.connections.push({ event, line }),
    process: (record, line) => void collected.processes.push({ record, line }),
    ignored: (line) => void collected.ignored.push(line),
  };
  return { sink, collected };
}

/** Feeds lines (numbered from 1) to a fresh parser of `format`, then ends it. */
export function parseLines(format: TelemetryFormat, lines: readonly string[]): Collected {
  const { sink, collected } = collectingSink();
  const parser = readerFor(format).create();
  lines.forEach((text, i) => parser.line(text, i + 1, sink));
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
