import fs from 'node:fs';
import { isUtf8 } from 'node:buffer';
import { EncodingError, MalformedRecordError } from '../errors/index.js';

export interface Line {
  /** Without the line terminator (LF or CRLF). */
  text: string;
  /** 1-based. */
  number: number;
}

export interface LineReaderOptions {
  /** Called with each chunk's raw bytes, for hashing and progress. */
  onChunk?: (chunk: Buffer) => void;
  highWaterMark?: number;
}

const NL = 0x0a;
/** No record of any supported format comes near this; past it the input is not line-oriented. */
const MAX_LINE_BYTES = 16 << 20;

/**
 * Streams a file as lines without ever holding more than one chunk (plus one
 * partial line) in memory. Bytes are checked as UTF-8 per chunk with the
 * native validator; only when a chunk fails is it split to find the line to
 * name in the error.
 */
export async function* readLines(file: string, options: LineReaderOptions = {}): AsyncGenerator<Line> {
  const stream = fs.createReadStream(file, { highWaterMark: options.highWaterMark ?? 1 << 20 });
  let carry: Buffer | null = null;
  let lineNo = 0;
  let first = true;
  try {
    for await (const raw of stream as AsyncIterable<Buffer>) {
      options.onChunk?.(raw);
      let chunk: Buffer = carry ? Buffer.concat([carry, raw]) : raw;
      carry = null;
      const lastNl = chunk.lastIndexOf(NL);
      if (lastNl === -1) {
        if (chunk.length > MAX_LINE_BYTES) {
          throw new MalformedRecordError(`line longer than ${MAX_LINE_BYTES >> 20} MB: this is not line-oriented text`, { file, line: lineNo + 1 });
        }
        carry = chunk;
        continue;
      }
      if (lastNl < chunk.length - 1) carry = chunk.subarray(lastNl + 1);
      chunk = chunk.subarray(0, lastNl);
      if (first) {
        chunk = stripBom(chunk);
        first = false;
      }
      const parts = decode(chunk, file, lineNo).split('\n');
      for (const part of parts) {
        lineNo++;
        yield { text: trimCr(part), number: lineNo };
      }
    }
    if (carry && carry.length > 0) {
      const rest = first ? stripBom(carry) : carry;
      lineNo++;
      yield { text: trimCr(decode(rest, file, lineNo - 1)), number: lineNo };
    }
  } finally {
    stream.destroy();
  }
}

function decode(bytes: Buffer, file: string, linesBefore: number): string {
  if (isUtf8(bytes)) return bytes.toString('utf8');
  // Find the first offending line to name it.
  let start = 0;
  let line = linesBefore;
  while (start <= bytes.length) {
    line++;
    const nl = bytes.indexOf(NL, start);
    const end = nl === -1 ? bytes.length : nl;
    if (!isUtf8(bytes.subarray(start, end))) {
      throw new EncodingError('the file is not UTF-8 text (convert it, for example with iconv -t UTF-8)', { file, line });
    }
    if (nl === -1) break;
    start = nl + 1;
  }
  throw new EncodingError('the file is not UTF-8 text', { file });
}

function stripBom(b: Buffer): Buffer {
  return b.length >= 3 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? b.subarray(3) : b;
}

function trimCr(s: string): string {
  return s.endsWith('\r') ? s.slice(0, -1) : s;
}

/** The first bytes of a file as text, for format detection. */
export async function readHead(file: string, bytes = 64 * 1024): Promise<string> {
  const handle = await fs.promises.open(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buf, 0, bytes, 0);
    return stripBom(buf.subarray(0, bytesRead)).toString('utf8');
  } finally {
    await handle.close();
  }
}
