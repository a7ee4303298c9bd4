import { isUtf8 } from 'node:buffer';
import { EncodingError, type SightlineError } from '../errors/index.js';

/**
 * Text encodings of imported files. UTF-8 (with or without BOM) is the fast
 * path: its bytes go to the line splitter as read. UTF-16 with a BOM
 * (Windows PowerShell 5.1's `Out-File` and `>` write UTF-16LE) is
 * transcoded to UTF-8 first, chunk by chunk. UTF-16 without a BOM is
 * refused rather than guessed at.
 */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** How many first bytes decide the encoding (a BOM, or the zero bytes of BOM-less UTF-16). */
export const SNIFF_BYTES = 256;

const NL = 0x0a;

const CONVERT = 'convert it to UTF-8, for example with iconv -t UTF-8 or PowerShell Out-File -Encoding utf8';

/** The encoding the content's first bytes name, and the length of its BOM. */
export function sniffEncoding(head: Buffer, file?: string): { encoding: TextEncoding; bom: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  const bomless = bomlessUtf16(head);
  if (bomless) {
    throw new EncodingError(
      `the file looks like UTF-16${bomless === 'utf-16le' ? 'LE' : 'BE'} text without a byte-order mark (BOM), which is ambiguous; ` +
        `Sightline reads UTF-16 only with its BOM: ${CONVERT.replace('-t', `-f UTF-16${bomless === 'utf-16le' ? 'LE' : 'BE'} -t`)}`,
      { ...(file !== undefined ? { file } : {}), line: 1 },
    );
  }
  return { encoding: 'utf-8', bom: 0 };
}

/**
 * Mostly-ASCII text in UTF-16 has a zero byte in every pair, on the same
 * side; UTF-8 text has none, and binary formats are sniffed before this.
 */
function bomlessUtf16(head: Buffer): 'utf-16le' | 'utf-16be' | null {
  const pairs = Math.min(head.length, SNIFF_BYTES) >> 1;
  if (pairs < 2) return null;
  let le = 0;
  let be = 0;
  for (let i = 0; i < pairs; i++) {
    const a = head[2 * i] as number;
    const b = head[2 * i + 1] as number;
    if (a !== 0 && b === 0) le++;
    else if (a === 0 && b !== 0) be++;
  }
  if (le >= pairs * 0.9) return 'utf-16le';
  if (be >= pairs * 0.9) return 'utf-16be';
  return null;
}

/** The first bytes of a file as text, to sniff its format: BOM dropped, UTF-16 decoded, a character cut at the end left out. */
export function headText(head: Buffer, file?: string): string {
  const { encoding, bom } = sniffEncoding(head, file);
  const body = head.subarray(bom);
  if (encoding === 'utf-8') return body.toString('utf8');
  return utf16Units(body.subarray(0, body.length & ~1), encoding).toString('utf16le');
}

/** A whole file's content as checked text: UTF-8 (BOM dropped) or UTF-16 with BOM; errors name their line. */
export function decodeWhole(bytes: Buffer, file?: string): string {
  const { encoding, bom } = sniffEncoding(bytes, file);
  const body = bytes.subarray(bom);
  if (encoding === 'utf-8') return utf8Text(body, file, 0);
  const transcoder = new Utf16ToUtf8(encoding, file);
  const utf8 = transcoder.push(body);
  transcoder.end();
  return utf8.toString('utf8');
}

/** UTF-16 code units as little-endian bytes (BE input is swapped in a copy). */
function utf16Units(bytes: Buffer, encoding: 'utf-16le' | 'utf-16be'): Buffer {
  return encoding === 'utf-16le' ? bytes : Buffer.from(bytes).swap16();
}

/**
 * Checks UTF-8 and decodes it; `bytes` start at line `linesBefore + 1` and
 * end at a character boundary. Only when the native check fails is the
 * text split to find the line to name.
 */
export function utf8Text(bytes: Buffer, file: string | undefined, linesBefore: number): string {
  if (isUtf8(bytes)) return bytes.toString('utf8');
  let start = 0;
  let line = linesBefore;
  while (start <= bytes.length) {
    line++;
    const nl = bytes.indexOf(NL, start);
    const end = nl === -1 ? bytes.length : nl;
    if (!isUtf8(bytes.subarray(start, end))) break;
    if (nl === -1) break;
    start = nl + 1;
  }
  throw new EncodingError(`the file is not UTF-8 text: ${CONVERT}`, { ...(file !== undefined ? { file } : {}), line });
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Where the last whole UTF-8 character of `b` ends: a lead byte near the end whose continuation bytes have not all arrived starts the rest. */
function wholeCharsEnd(b: Buffer): number {
  for (let i = b.length - 1; i >= 0 && i >= b.length - 4; i--) {
    const c = b[i] as number;
    if ((c & 0xc0) === 0x80) continue;
    const need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return b.length - i < need ? i : b.length;
  }
  return b.length;
}

/**
 * UTF-8 bytes in chunks cut anywhere (not at line ends: a wevtutil export
 * is one line) to checked text; a bad byte is reported with its line.
 */
export class Utf8Decoder {
  private carry: Buffer | null = null;
  private lines = 0;

  constructor(private readonly file?: string) {}

  decode(chunk: Buffer): string {
    const bytes = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    const end = wholeCharsEnd(bytes);
    this.carry = end < bytes.length ? Buffer.from(bytes.subarray(end)) : null;
    const text = utf8Text(bytes.subarray(0, end), this.file, this.lines);
    this.lines += countNewlines(text);
    return text;
  }

  /** The end of the input: a character cut short there is an error. */
  end(): string {
    const rest = this.carry;
    this.carry = null;
    return rest ? utf8Text(rest, this.file, this.lines) : '';
  }
}

// An unpaired surrogate: a high one not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * UTF-16 bytes (BOM already dropped) in chunks cut anywhere to UTF-8
 * bytes; an unpaired surrogate or a file ending mid-character is an error
 * naming its line.
 */
export class Utf16ToUtf8 {
  private carry: Buffer | null = null;
  private lines = 0;

  constructor(
    private readonly encoding: 'utf-16le' | 'utf-16be',
    private readonly file?: string,
  ) {}

  push(chunk: Buffer): Buffer {
    const bytes = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    let end = bytes.length & ~1;
    // A high surrogate at the end waits for its low half in the next chunk.
    if (end >= 2) {
      const last = this.encoding === 'utf-16le' ? bytes.readUInt16LE(end - 2) : bytes.readUInt16BE(end - 2);
      if (last >= 0xd800 && last <= 0xdbff) end -= 2;
    }
    this.carry = end < bytes.length ? Buffer.from(bytes.subarray(end)) : null;
    const text = utf16Units(bytes.subarray(0, end), this.encoding).toString('utf16le');
    const bad = text.search(LONE_SURROGATE);
    if (bad !== -1) throw this.error('the file is not valid UTF-16 text (a lone surrogate code unit)', this.lines + countNewlines(text.slice(0, bad)));
    this.lines += countNewlines(text);
    return Buffer.from(text, 'utf8');
  }

  /** The end of the input: a character cut short there is an error. */
  end(): void {
    if (this.carry) throw this.error('the file ends in the middle of a UTF-16 character (is it cut short?)', this.lines);
  }

  private error(message: string, linesBefore: number): SightlineError {
    return new EncodingError(`${message}: ${CONVERT}`, { ...(this.file !== undefined ? { file: this.file } : {}), line: linesBefore + 1 });
  }
}

/**
 * A file's content (gunzipped) as UTF-8 bytes: the BOM dropped, UTF-16
 * transcoded. UTF-8 chunks are passed on as they come (the caller may
 * reuse their memory); `onChunk` sees the content before any of this, for
 * the content hash.
 */
export async function* utf8Content(chunks: AsyncIterable<Buffer>, file: string, onChunk?: (raw: Buffer) => void): AsyncGenerator<Buffer> {
  let head: Buffer | null = Buffer.alloc(0);
  let transcoder: Utf16ToUtf8 | null = null;
  const begin = (first: Buffer): Buffer => {
    const { encoding, bom } = sniffEncoding(first, file);
    if (encoding !== 'utf-8') transcoder = new Utf16ToUtf8(encoding, file);
    const body = first.subarray(bom);
    return transcoder ? transcoder.push(body) : body;
  };
  for await (const raw of chunks) {
    onChunk?.(raw);
    if (head === null) {
      yield transcoder ? (transcoder as Utf16ToUtf8).push(raw) : raw;
      continue;
    }
    // Held until there are enough bytes to decide (a copy: `raw` may be read into again).
    head = Buffer.concat([head, raw]);
    if (head.length < SNIFF_BYTES) continue;
    const body = begin(head);
    head = null;
    if (body.length > 0) yield body;
  }
  if (head !== null && head.length > 0) {
    const body = begin(head);
    if (body.length > 0) yield body;
  }
  (transcoder as Utf16ToUtf8 | null)?.end();
}
