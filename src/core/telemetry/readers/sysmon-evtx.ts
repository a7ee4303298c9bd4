import { MalformedRecordError, UnsupportedFormatError } from '../../errors/index.js';
import { contentStream } from '../line-reader.js';
import { emitXmlEvent } from './sysmon-xml.js';
import type { RecordSink, StreamParser, StreamReader } from '../records.js';

const MAGIC = Buffer.from('ElfFile\0', 'latin1');
const CHUNK_MAGIC = Buffer.from('ElfChnk\0', 'latin1');
/** EVTX layout: a 4 KB file header, then 64 KB chunks, each self-contained (its own strings and templates). */
const HEADER_BYTES = 0x1000;
const CHUNK_BYTES = 0x10000;

const EXPORT_ADVICE =
  'export the log as XML on the Windows machine instead and import that file: ' +
  '`wevtutil qe Microsoft-Windows-Sysmon/Operational /f:xml > sysmon.xml`, or in PowerShell ' +
  '`Get-WinEvent -LogName Microsoft-Windows-Sysmon/Operational | ForEach-Object { $_.ToXml() } | Out-File -Encoding utf8 sysmon.xml`';

/** The part of @ts-evtx/core used here, typed locally so the reader does not depend on its declaration files. */
interface EvtxRecord {
  recordNum(): bigint;
  renderXml(): string;
}
export interface EvtxLibrary {
  BinaryReader: new (bytes: Uint8Array) => unknown;
  FileHeader: new (reader: unknown, offset: number) => { verify(): boolean };
  ChunkHeader: new (reader: unknown, offset: number) => { records(): Iterable<EvtxRecord> };
}

/** The decoder, loaded on first use; when it cannot be, the error says how to export the log as XML instead. */
export async function loadLibrary(): Promise<EvtxLibrary> {
  try {
    const lib = (await import('@ts-evtx/core')) as unknown as EvtxLibrary;
    const values = (await import('@ts-evtx/core/dist/src/evtx/VariantValueParser.js')) as unknown as { VariantValueParser: { prototype: ValueParser } };
    useDeclaredSizes(values.VariantValueParser.prototype);
    return lib;
  } catch (err) {
    throw new UnsupportedFormatError(`the EVTX parser (@ts-evtx/core) could not be loaded (${(err as Error).message}); ${EXPORT_ADVICE}`, {}, { cause: err });
  }
}

interface ValueParser {
  r: { tell(): number; seek(position: number): void };
  parse(type: number, expectedLength?: number): { value: unknown; consumedBytes: number };
  [PATCHED]?: true;
}
const PATCHED = Symbol.for('sightline.evtx.declared-sizes');

/**
 * @ts-evtx/core 1.1.1 reads a Boolean substitution as 1 byte where the record
 * declares 4 (a Win32 BOOL), which shifts every later value of the record:
 * Sysmon event 3 (Initiated, SourceIsIpv6) came out with garbled addresses.
 * EVTX defines each substitution's size by its declaration, so every value
 * is made to take exactly that; a parser that already does is unchanged.
 */
function useDeclaredSizes(proto: ValueParser): void {
  if (proto[PATCHED]) return;
  const parse = proto.parse;
  proto.parse = function (this: ValueParser, type: number, expectedLength?: number) {
    const start = this.r.tell();
    const result = parse.call(this, type, expectedLength);
    if (expectedLength === undefined || result.consumedBytes === expectedLength) return result;
    this.r.seek(start + expectedLength);
    return { value: expectedLength === 0 ? null : result.value, consumedBytes: expectedLength };
  };
  proto[PATCHED] = true;
}

/**
 * Raw Windows event log files (.evtx) of the Sysmon channel, decoded by
 * @ts-evtx/core record by record to the same XML wevtutil prints, then read
 * by the sysmon-xml event parser (the library's own eventId is 0 for every
 * record). The file is read one 64 KB chunk at a time, never whole.
 * Record numbers in errors count the records of the file from 1.
 */
export const sysmonEvtxReader: StreamReader = {
  kind: 'stream',
  format: 'sysmon-evtx',
  description: 'Sysmon events 1, 3, 11 and 22 (raw .evtx event log files; other events skipped)',
  sniffBytes: (head) => head.length >= MAGIC.length && head.subarray(0, MAGIC.length).equals(MAGIC),
  create: (): StreamParser => ({
    async read(file, sink, hooks) {
      const lib = await loadLibrary();
      const stream = await contentStream(file, CHUNK_BYTES, hooks.onBytes);
      try {
        await readEvtxContent(lib, stream as AsyncIterable<Buffer>, sink, hooks);
      } finally {
        stream.destroy();
      }
    },
  }),
};

type ReadHooks = Parameters<StreamParser['read']>[2];

/** Decodes EVTX content arriving as buffers of any size, holding at most one chunk plus one buffer. */
export async function readEvtxContent(lib: EvtxLibrary, content: AsyncIterable<Buffer>, sink: RecordSink, hooks: ReadHooks): Promise<void> {
  const state = { record: 0, chunk: 0 };
  // Pieces are gathered until a whole header or chunk is there, then joined once (small pieces stay linear).
  const parts: Buffer[] = [];
  let size = 0;
  let headerDone = false;
  for await (const data of content) {
    hooks.onChunk(data);
    if (hooks.signal?.aborted) return;
    parts.push(data);
    size += data.length;
    if (size < (headerDone ? CHUNK_BYTES : HEADER_BYTES)) continue;
    const bytes = Buffer.concat(parts, size);
    let at = 0;
    if (!headerDone) {
      checkHeader(lib, bytes.subarray(0, HEADER_BYTES));
      headerDone = true;
      at = HEADER_BYTES;
    }
    for (; bytes.length - at >= CHUNK_BYTES; at += CHUNK_BYTES) readChunk(lib, bytes.subarray(at, at + CHUNK_BYTES), state, sink, hooks.onBadRecord);
    parts.length = 0;
    size = bytes.length - at;
    if (size > 0) parts.push(bytes.subarray(at));
  }
  const pending = Buffer.concat(parts, size);
  if (!headerDone) throw new MalformedRecordError('the file is shorter than an EVTX header (is it cut short?)');
  if (pending.some((b) => b !== 0)) {
    hooks.onBadRecord(new MalformedRecordError('the file ends inside an event chunk (is it cut short?)', { line: state.record + 1 }), state.record + 1, '');
  }
}

function checkHeader(lib: EvtxLibrary, header: Buffer): void {
  if (!header.subarray(0, MAGIC.length).equals(MAGIC)) throw new MalformedRecordError('not an EVTX file (no ElfFile signature)');
  if (!new lib.FileHeader(new lib.BinaryReader(header), 0).verify()) {
    throw new MalformedRecordError(`the EVTX file header is damaged or of an unknown version; ${EXPORT_ADVICE}`);
  }
}

type BadRecord = (err: Error, record: number, raw: string) => void;

/** One chunk's records; a chunk that cannot be walked is reported once and the next chunk is read. */
function readChunk(lib: EvtxLibrary, bytes: Buffer, state: { record: number; chunk: number }, sink: RecordSink, onBad: BadRecord): void {
  state.chunk++;
  // Space the log has not used yet is zeros, not a damaged chunk.
  if (!bytes.subarray(0, CHUNK_MAGIC.length).equals(CHUNK_MAGIC)) {
    if (bytes.some((b) => b !== 0)) onBad(new MalformedRecordError(`event chunk ${state.chunk} has no ElfChnk signature`, { line: state.record + 1 }), state.record + 1, '');
    return;
  }
  const damaged = (err: unknown): void =>
    onBad(new MalformedRecordError(`event chunk ${state.chunk} is damaged: ${(err as Error).message}`, { line: state.record + 1 }), state.record + 1, '');
  let records: Iterator<EvtxRecord>;
  try {
    records = new lib.ChunkHeader(new lib.BinaryReader(bytes), 0).records()[Symbol.iterator]();
  } catch (err) {
    damaged(err);
    return;
  }
  for (;;) {
    // Only the library's walk is guarded: an error of the sink (the database) must stop the import.
    let step: IteratorResult<EvtxRecord>;
    try {
      step = records.next();
    } catch (err) {
      damaged(err);
      return;
    }
    if (step.done) return;
    state.record++;
    readRecord(step.value, state.record, sink, onBad);
  }
}

function readRecord(rec: EvtxRecord, record: number, sink: RecordSink, onBad: BadRecord): void {
  let xml: string;
  try {
    xml = rec.renderXml();
  } catch (err) {
    onBad(new MalformedRecordError(`record ${record} (EventRecordID ${recordId(rec)}) cannot be decoded: ${(err as Error).message}`, { line: record }), record, '');
    return;
  }
  try {
    emitXmlEvent(xml, record, sink);
  } catch (err) {
    if (!(err instanceof MalformedRecordError)) throw err;
    onBad(err, record, xml.slice(0, 4096));
  }
}

function recordId(rec: EvtxRecord): string {
  try {
    return String(rec.recordNum());
  } catch {
    return 'unreadable';
  }
}
