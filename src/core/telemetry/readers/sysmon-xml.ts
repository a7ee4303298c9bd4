import { MalformedRecordError, type SightlineError } from '../../errors/index.js';
import { contentStream } from '../line-reader.js';
import { headText, utf8Content, Utf8Decoder } from '../text-decoding.js';
import { emitSysmonEvent, isSysmonSource } from './sysmon-event.js';
import type { RecordSink, StreamParser, StreamReader } from '../records.js';

/** A Sysmon event is a few KB; an <Event> past this is a damaged file, not data to buffer. */
export const MAX_EVENT_CHARS = 1 << 20;
const READ_CHUNK = 1 << 16;

/* ---- One <Event> element ------------------------------------------------ */

const NAMED_ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
const ENTITY = /&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|amp|lt|gt|quot|apos);/g;

/** XML's five named entities and numeric character references; anything else (and invalid code points) is kept as written. */
export function decodeXmlEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (whole, name: string) => {
    if (name[0] !== '#') return NAMED_ENTITIES[name] ?? whole;
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    const valid = code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff);
    return valid ? String.fromCodePoint(code) : whole;
  });
}

const ATTRIBUTE = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function attribute(attrs: string, name: string): string | null {
  for (const m of attrs.matchAll(ATTRIBUTE)) {
    if (m[1] === name) return decodeXmlEntities(m[2] ?? m[3] ?? '');
  }
  return null;
}

function elementText(xml: string, tag: RegExp): string | null {
  const m = tag.exec(xml);
  return m ? decodeXmlEntities(m[1] ?? '') : null;
}

// Every repeat is bounded: an unbounded [^>]* retried at each of many '<EventID' in a hostile
// megabyte would scan to its end each time.
const EVENT_ID = /<EventID(?:\s[^>]{0,200})?>([^<]{0,100})<\/EventID\s{0,20}>/;
const COMPUTER = /<Computer(?:\s[^>]{0,200})?>([^<]{0,1000})<\/Computer\s{0,20}>/;
const CHANNEL = /<Channel(?:\s[^>]{0,200})?>([^<]{0,1000})<\/Channel\s{0,20}>/;
const PROVIDER = /<Provider\b([^>]{0,1000})>/;
const TIME_CREATED = /<TimeCreated\b([^>]{0,200})>/;
const DATA_OPEN = /<Data\b([^>]{0,1000}?)(\/?)>/g;

/** The parts of a Windows event (wevtutil / EVTX XML) that the Sysmon readers use. */
export interface XmlEvent {
  provider: string | null;
  channel: string | null;
  eventId: string | null;
  computer: string | null;
  systemTime: string | null;
  /** EventData's <Data Name="...">, entity-decoded. */
  data: Map<string, string>;
}

/**
 * Reads one <Event>…</Event> (already bounded by the caller) with a few
 * anchored patterns rather than a DOM: the schema is fixed, and text
 * content cannot hold '<', so a tag found is a tag.
 */
export function parseEventXml(xml: string, record: number): XmlEvent {
  const data = new Map<string, string>();
  DATA_OPEN.lastIndex = 0;
  for (let m = DATA_OPEN.exec(xml); m !== null; m = DATA_OPEN.exec(xml)) {
    const name = attribute(m[1] ?? '', 'Name');
    if (name === null || m[2] === '/') {
      if (name !== null) data.set(name, '');
      continue;
    }
    const from = m.index + m[0].length;
    const close = xml.indexOf('</Data>', from);
    if (close === -1) throw new MalformedRecordError(`the <Data Name="${name.slice(0, 40)}"> element is not closed`, { line: record, field: name });
    data.set(name, decodeXmlEntities(xml.slice(from, close)));
    // Resume after the close, so no text is searched twice.
    DATA_OPEN.lastIndex = close + 7;
  }
  const provider = PROVIDER.exec(xml);
  const created = TIME_CREATED.exec(xml);
  return {
    provider: provider ? attribute(provider[1] ?? '', 'Name') : null,
    channel: elementText(xml, CHANNEL),
    eventId: elementText(xml, EVENT_ID),
    computer: elementText(xml, COMPUTER),
    systemTime: created ? attribute(created[1] ?? '', 'SystemTime') : null,
    data,
  };
}

/** One event's XML to the sink: Sysmon events through the shared mapping, other providers ignored. */
export function emitXmlEvent(xml: string, record: number, sink: RecordSink): void {
  const e = parseEventXml(xml, record);
  // Every Windows event has both: without them this is a damaged record (the EVTX decoder renders those as <Event/>), not another channel's.
  if (e.eventId === null) throw new MalformedRecordError('the event has no <EventID> (a damaged record?)', { line: record, field: 'EventID' });
  if (e.provider === null && e.channel === null) throw new MalformedRecordError('the event names no <Provider> or <Channel>', { line: record, field: 'Provider' });
  if (!isSysmonSource(e.provider) && !isSysmonSource(e.channel)) {
    sink.ignored(record);
    return;
  }
  emitSysmonEvent({ eventId: e.eventId, host: e.computer, time: e.systemTime, data: (name) => e.data.get(name) }, record, sink, {
    host: 'Computer',
    time: 'TimeCreated',
  });
}

/* ---- Finding <Event> elements in a stream ---------------------------------- */

type Tag = { kind: 'open' | 'close'; at: number; end: number } | { kind: 'more'; at: number } | null;

const isSpace = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';

/**
 * The next `<Event ...>` or `</Event>` at or after `from` (not <EventData>,
 * <EventID>, <Events>...); 'more' when the text ends where such a tag may
 * still be coming, null when there is none.
 */
function nextTag(buf: string, from: number): Tag {
  let i = from;
  for (;;) {
    const at = buf.indexOf('<', i);
    if (at === -1) return null;
    const close = buf[at + 1] === '/';
    const name = close ? '</Event' : '<Event';
    if (buf.length - at <= name.length) return name.startsWith(buf.slice(at)) ? { kind: 'more', at } : null;
    if (buf.startsWith(name, at)) {
      let j = at + name.length;
      if (close) {
        // Bounded, or endless blanks after '</Event' would be held and rescanned waiting for the '>'.
        while (isSpace(buf[j]) && j - at < 64) j++;
        if (j === buf.length) return { kind: 'more', at };
        if (buf[j] === '>') return { kind: 'close', at, end: j + 1 };
      } else if (isSpace(buf[j]) || buf[j] === '>' || buf[j] === '/') {
        return { kind: 'open', at, end: j };
      }
    }
    i = at + 1;
  }
}

/**
 * Cuts a text stream into <Event> elements, whatever the line breaks: one
 * per line, all on one line, or wrapped in <Events>. Holds at most one
 * event plus the text just pushed; an event that grows past 1 MB, that a
 * new <Event> interrupts, or that the file ends inside is reported bad,
 * and scanning resumes at the next <Event>.
 */
export class EventScanner {
  private buf = '';
  /** Where the open event starts in buf, or -1 between events. */
  private start = -1;
  /** Everything before this has been scanned. */
  private from = 0;
  private record = 0;

  constructor(
    private readonly onEvent: (xml: string, record: number) => void,
    private readonly onBad: (err: SightlineError, record: number, raw: string) => void,
  ) {}

  push(text: string): void {
    this.buf += text;
    for (;;) {
      const tag = nextTag(this.buf, this.from);
      if (tag === null) {
        this.from = this.buf.length;
        break;
      }
      if (tag.kind === 'more') {
        this.from = tag.at;
        break;
      }
      this.from = tag.end;
      if (tag.kind === 'open') {
        if (this.start !== -1) this.bad('the <Event> element is not closed before the next one starts', this.buf.slice(this.start, tag.at));
        this.start = tag.at;
        this.record++;
      } else if (this.start !== -1) {
        const xml = this.buf.slice(this.start, tag.end);
        this.start = -1;
        this.onEvent(xml, this.record);
      }
      // A close with no open event is the tail of an oversized event (or stray text): skipped.
    }
    this.compact();
  }

  /** Reports an event the file ends inside. */
  finish(): void {
    if (this.start !== -1) this.bad('the <Event> element is not closed before the end of the file (is the file cut short?)', this.buf.slice(this.start));
    this.buf = '';
    this.from = 0;
  }

  private bad(message: string, raw: string): void {
    this.start = -1;
    this.onBad(new MalformedRecordError(message, { line: this.record }), this.record, raw.slice(0, 4096));
  }

  private compact(): void {
    if (this.start !== -1 && this.buf.length - this.start > MAX_EVENT_CHARS) {
      // The rest of this element is dropped unread as it streams past; its </Event> is then a stray close.
      this.bad(`the <Event> element is larger than ${MAX_EVENT_CHARS >> 20} MB`, this.buf.slice(this.start));
    }
    const keepFrom = this.start !== -1 ? this.start : this.from;
    if (keepFrom > 0) {
      this.buf = this.buf.slice(keepFrom);
      this.from -= keepFrom;
      if (this.start !== -1) this.start = 0;
    }
  }
}

/* ---- The reader ------------------------------------------------------------ */

const SYSMON_EVENT_START = /^<Event\s[^>]*xmlns\s*=/;

/**
 * Sysmon as Windows event XML (`wevtutil qe Microsoft-Windows-Sysmon/Operational
 * /f:xml`, PowerShell `$_.ToXml()`): <Event> elements back to back, on one
 * line or many, optionally inside <Events>. Read as a stream because wevtutil
 * writes the whole log on a single line.
 */
export const sysmonXmlReader: StreamReader = {
  kind: 'stream',
  format: 'sysmon-xml',
  description: 'Sysmon events 1, 3, 11 and 22 (Windows event XML from wevtutil or Get-WinEvent; other events skipped)',
  sniffBytes(head) {
    let text: string;
    try {
      text = headText(head);
    } catch {
      return false;
    }
    text = text.trimStart().replace(/^<\?xml[^>]*\?>\s*/, '');
    if (/^<Events[\s>]/.test(text)) return true;
    return SYSMON_EVENT_START.test(text) && text.includes('Microsoft-Windows-Sysmon');
  },
  create: (): StreamParser => ({
    async read(file, sink, hooks) {
      const stream = await contentStream(file, READ_CHUNK, hooks.onBytes);
      const scanner = new EventScanner(
        (xml, record) => {
          try {
            emitXmlEvent(xml, record, sink);
          } catch (err) {
            if (!(err instanceof MalformedRecordError)) throw err;
            hooks.onBadRecord(err, record, xml.slice(0, 4096));
          }
        },
        (err, record, raw) => hooks.onBadRecord(err, record, raw),
      );
      // Line numbers for an encoding error are the file's lines (a wevtutil export is one line); records are numbered by event.
      const text = new Utf8Decoder(file);
      const chunks = utf8Content(stream as AsyncIterable<Buffer>, file, hooks.onChunk);
      try {
        for await (const bytes of chunks) {
          if (hooks.signal?.aborted) return;
          scanner.push(text.decode(bytes));
        }
        scanner.push(text.end());
        scanner.finish();
      } finally {
        stream.destroy();
      }
    },
  }),
};
