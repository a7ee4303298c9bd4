/**
 * The parse worker (worker_threads): reads, hashes and parses one telemetry
 * file and posts its rows to the importing thread in packed batches, so that
 * parsing one batch overlaps with inserting the previous one. Started by
 * parseInWorker (import-parse.ts) with ParseWorkerParams as workerData, or
 * ahead of need without them (prewarmParseWorker), then given them in a
 * 'start' message.
 */
import crypto from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';
import { RecordCollector } from './import-rows.js';
import { BatchBuilder } from './packed-batch.js';
import { serializeError } from '../errors/thread-errors.js';
import { MAX_IN_FLIGHT, parseLines, type Ack, type ParseWorkerParams, type Start, type WorkerMessage } from './import-parse.js';
import { readerFor } from './readers/index.js';
import type { TelemetryFormat } from '../../shared/types.js';

/** Rows per batch: large enough that a message costs little next to its rows, small enough to overlap well. */
const BATCH_ROWS = 4096;
/** Characters per batch (long command lines, quarantined raw records). */
const BATCH_CHARS = 1 << 20;
/** A batch goes out at least this often, so progress and cancel keep flowing on files that yield few rows. */
const BATCH_MS = 100;

const port = parentPort;
if (!port) throw new Error('parse-worker.js runs as a worker thread');

const builder = new BatchBuilder(BATCH_ROWS);
let credit = MAX_IN_FLIGHT;
let wake: (() => void) | null = null;
port.on('message', (m: Ack | Start) => {
  if (m?.type === 'start') {
    begin(m.params);
    return;
  }
  if (m?.type !== 'ack') return;
  builder.recycle(m.buffers);
  credit++;
  const w = wake;
  wake = null;
  w?.();
});

const post = (m: WorkerMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);

let started = false;
function begin(params: ParseWorkerParams): void {
  if (started) return;
  started = true;
  run(params).catch((err: unknown) => post({ type: 'error', error: serializeError(err) }));
}

async function run(params: ParseWorkerParams): Promise<void> {
  const reader = readerFor(params.format as TelemetryFormat);
  if (reader.kind !== 'lines') throw new Error(`${params.format} is not read line by line`);
  const collector = new RecordCollector(builder, params.format, params.name);
  const hash = crypto.createHash('sha256');
  let bytesRead = 0;
  let lastPost = Date.now();

  const send = async (): Promise<void> => {
    while (credit === 0) await new Promise<void>((resolve) => (wake = resolve));
    credit--;
    lastPost = Date.now();
    const { batch, transfer } = builder.seal();
    post({ type: 'batch', batch, bytesRead, stored: collector.stored(), quarantined: collector.counts.quarantined }, transfer);
  };

  await parseLines(params.file, reader, params.options, collector, {
    onChunk: (chunk) => hash.update(chunk),
    onBytes: (n) => (bytesRead += n),
    afterBlock: () => (builder.rows >= BATCH_ROWS || builder.textChars >= BATCH_CHARS || Date.now() - lastPost >= BATCH_MS ? send() : undefined),
  });
  if (builder.rows > 0) await send();
  post({
    type: 'end',
    sha256: hash.digest('hex'),
    counts: collector.counts,
    firstProblem: collector.firstProblem ? serializeError(collector.firstProblem) : null,
    bytesRead,
  });
}

if (workerData) begin(workerData as ParseWorkerParams);
