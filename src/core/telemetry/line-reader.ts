import fs from 'node:fs';
import { PassThrough, pipeline, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import { MalformedRecordError } from '../errors/index.js';
import { gzipError } from './gzip-damage.js';
import { decodeWhole, utf8Content, utf8Text } from './text-decoding.js';

export interface Line {
  /** Without the line terminator (LF or CRLF). */
  text: string;
  /** 1-based. */
  number: number;
}

export interface LineReaderOptions {
  /** Called with each chunk of content (decompressed for .gz), for hashing. */
  onChunk?: (chunk: Buffer) => void;
  /** Called with the number of file bytes read (compressed for .gz), for progress against the file size. */
  onBytes?: (bytes: number) => void;
  highWaterMark?: number;
}

const NL = 0x0a;
const CR = 0x0d;
/** No record of any supported format comes near this; past it the input is not line-oriented. */
const MAX_LINE_BYTES = 16 << 20;

/**
 * Streams a file as lines without ever holding more than one chunk (plus one
 * partial line) in memory. Bytes are checked as UTF-8 per chunk with the
 * native validator; only when a chunk fails is it split to find the line to
 * name in the error. UTF-16 with a BOM is transcoded to UTF-8 first
 * (text-decoding.ts).
 */
export async function* readLines(file: string, options: LineReaderOptions = {}): AsyncGenerator<Line> {
  for await (const block of readLineBlocks(file, options)) {
    const { lines, first } = block;
    for (let i = 0; i < lines.length; i++) yield { text: lines[i] as string, number: first + i };
  }
}

/** The lines of one chunk of a file: `lines[i]` is line number `first + i`. */
export interface LineBlock {
  lines: string[];
  /** 1-based number of lines[0]. */
  first: number;
}

/**
 * readLines a block at a time: one array of lines per block of at most
 * `blockBytes` (more only for a line that is longer), for the import's hot
 * loop, where one await and one object per line cost more than reading the
 * line. Reads are `highWaterMark` bytes; each block becomes one string before
 * it is split, and a string past V8's large-object size (128 KB) goes
 * straight to the old generation, where it stays as garbage until a full GC:
 * blocks of 64 KB keep it young, reads of 1 MB keep the calls few.
 */
export async function* readLineBlocks(file: string, options: LineReaderOptions & { blockBytes?: number } = {}): AsyncGenerator<LineBlock> {
  const chunks = utf8Content(contentChunks(file, options.highWaterMark ?? 1 << 20, options.onBytes), file, options.onChunk);
  const blockBytes = options.blockBytes ?? 64 * 1024;
  let carry: Buffer | null = null;
  let lineNo = 0;
  for await (const raw of chunks) {
    // A line cut by the previous read is completed alone: concatenating it with
    // the whole chunk would copy every byte of the file once more.
    let pieces: Buffer[] = [raw];
    if (carry) {
      const nl = raw.indexOf(NL);
      pieces = nl === -1 ? [Buffer.concat([carry, raw])] : [Buffer.concat([carry, raw.subarray(0, nl + 1)]), raw.subarray(nl + 1)];
      carry = null;
    }
    for (const piece of pieces) {
      let chunk: Buffer = carry ? Buffer.concat([carry, piece]) : piece;
      carry = null;
      const lastNl = chunk.lastIndexOf(NL);
      if (lastNl === -1) {
        if (chunk.length > MAX_LINE_BYTES) {
          throw new MalformedRecordError(`line longer than ${MAX_LINE_BYTES >> 20} MB: this is not line-oriented text`, { file, line: lineNo + 1 });
        }
        carry = chunk.buffer === raw.buffer ? Buffer.from(chunk) : chunk;
        continue;
      }
      // Copied: the chunk's memory is read into again (contentChunks).
      if (lastNl < chunk.length - 1) carry = Buffer.from(chunk.subarray(lastNl + 1));
      chunk = chunk.subarray(0, lastNl);
      // The chunk ends at a line end; cut it into blocks that end at line ends too.
      for (let start = 0; ; ) {
        let end = chunk.length;
        if (end - start > blockBytes) {
          const nl = chunk.lastIndexOf(NL, start + blockBytes);
          end = nl >= start ? nl : chunk.indexOf(NL, start + blockBytes);
          if (end === -1) end = chunk.length;
        }
        const lines = utf8Text(chunk.subarray(start, end), file, lineNo).split('\n');
        for (let i = 0; i < lines.length; i++) {
          const part = lines[i] as string;
          if (part.charCodeAt(part.length - 1) === CR) lines[i] = part.slice(0, -1);
        }
        yield { lines, first: lineNo + 1 };
        lineNo += lines.length;
        if (end >= chunk.length) break;
        start = end + 1;
      }
    }
  }
  if (carry && carry.length > 0) {
    yield { lines: [trimCr(utf8Text(carry, file, lineNo))], first: lineNo + 1 };
  }
}

/**
 * The file's content chunk by chunk, like contentStream, except that a plain
 * file is read into the same buffer again and again: a consumer must be done
 * with a chunk (or copy what it keeps) before asking for the next. Fresh
 * memory per read costs a page fault per 4 KB, which on some machines (VMs
 * especially) is most of the cost of reading; reused, the pages stay mapped.
 */
async function* contentChunks(file: string, size: number, onBytes?: (n: number) => void): AsyncGenerator<Buffer, undefined> {
  if (await isGzip(file)) {
    const stream = await contentStream(file, size, onBytes);
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) yield chunk;
    } finally {
      stream.destroy();
    }
    return undefined;
  }
  const handle = await fs.promises.open(file, 'r');
  try {
    const buffer = Buffer.allocUnsafeSlow(size);
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, size, null);
      if (bytesRead === 0) return undefined;
      onBytes?.(bytesRead);
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

function trimCr(s: string): string {
  return s.endsWith('\r') ? s.slice(0, -1) : s;
}

/**
 * The first `bytes` of a file's content: decompressed when the file is gzip
 * (any format may come as .gz). A .gz damaged or cut short before that many
 * bytes came out fails here with the error saying so, not later as "empty".
 */
export async function headBytes(file: string, bytes: number): Promise<Buffer> {
  const stream = await contentStream(file, Math.min(bytes, 1 << 16));
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      parts.push(chunk);
      size += chunk.length;
      if (size >= bytes) break;
    }
  } finally {
    stream.destroy();
  }
  return Buffer.concat(parts).subarray(0, bytes);
}

/**
 * A whole file's content as text, for formats parsed whole (JSON feeds):
 * gunzipped when gzip, UTF-8 or UTF-16 with BOM, checked; refused past
 * `maxBytes` of content rather than exhausting memory.
 */
export async function readWholeText(file: string, maxBytes: number): Promise<string> {
  const stream = await contentStream(file, 1 << 20);
  const parts: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) throw new MalformedRecordError(`larger than ${maxBytes >> 20} MB`, { file });
      parts.push(chunk);
    }
  } finally {
    stream.destroy();
  }
  return decodeWhole(Buffer.concat(parts), file);
}

/** True for gzip content, by its magic bytes rather than the file name. */
export async function isGzip(file: string): Promise<boolean> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(2);
    const { bytesRead } = await handle.read(buf, 0, 2, 0);
    return bytesRead === 2 && buf[0] === 0x1f && buf[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

/**
 * The file's content as a stream: gunzipped on the fly for .gz (never
 * decompressed to disk or memory whole). A damaged or cut archive fails
 * the stream with an error that says which, and where (gzip-damage.ts).
 */
export async function contentStream(file: string, highWaterMark: number, onBytes?: (n: number) => void): Promise<Readable> {
  const gz = await isGzip(file);
  const raw = fs.createReadStream(file, { highWaterMark });
  if (onBytes) raw.on('data', (c: Buffer | string) => onBytes(c.length));
  if (!gz) return raw;
  const gunzip = zlib.createGunzip({ chunkSize: Math.max(zlib.constants.Z_MIN_CHUNK, highWaterMark) });
  // pipeline forwards a read error of the file into gunzip; its own error is reported below.
  pipeline(raw, gunzip, () => undefined);
  const out = new PassThrough({ highWaterMark });
  gunzip.on('error', (err) => {
    // Read now: the compressed bytes zlib took before the step that failed.
    const fedBefore = gunzip.bytesWritten;
    void gzipError(err, file, fedBefore).then(
      (described) => out.destroy(described),
      (failed: unknown) => out.destroy(failed as Error),
    );
  });
  // A reader that stops early (the 64 KB head, a record that ends the import) destroys `out`: the
  // gunzip and the file under it go too, or they would stay open, paused, for as long as the process lives.
  out.once('close', () => gunzip.destroy());
  return gunzip.pipe(out);
}
