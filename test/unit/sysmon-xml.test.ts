import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { EncodingError, type SightlineError } from '../../src/core/errors/index.js';
import { decodeXmlEntities, EventScanner, MAX_EVENT_CHARS, parseEventXml, sysmonXmlReader } from '../../src/core/telemetry/readers/sysmon-xml.js';
import type { StreamReader } from '../../src/core/telemetry/records.js';
import { fileLines, fixtures } from '../helpers/fixtures.js';
import { collectingSink, parseLines, rejected, type Collected } from '../helpers/sink.js';
import { TempDirs } from '../helpers/temp-dirs.js';

const dir = path.dirname(fixtures.sysmonWevtutil);
/** `wevtutil qe ... /f:xml /e:Events` of the OTRF events: all on one line. */
const wevtutilFile = path.join(dir, 'wevtutil-eid1-3-22.xml');
/** PowerShell `$_.ToXml()` per event through Out-File -Encoding utf8: BOM, one event per CRLF line. */
const getWinEventFile = path.join(dir, 'get-winevent-eid1-3-22.xml');

const tmp = new TempDirs();
afterEach(() => tmp.cleanup());

interface Bad {
  record: number;
  message: string;
  field: string | undefined;
  raw: string;
}

/** Runs a stream reader over a file as the import does, keeping what it reports. */
async function readStream(reader: StreamReader, file: string) {
  const { sink, collected } = collectingSink();
  const bad: Bad[] = [];
  const hash = crypto.createHash('sha256');
  let bytes = 0;
  await reader.create({ timezone: 'UTC' }).read(file, sink, {
    onChunk: (c) => hash.update(c),
    onBytes: (n) => (bytes += n),
    onBadRecord: (err, record, raw) => bad.push({ record, message: err.message, field: (err as SightlineError).location?.field, raw }),
  });
  return { collected, bad, sha256: hash.digest('hex'), bytes };
}

const records = (out: Collected) => ({
  connections: out.connections.map((c) => c.event),
  processes: out.processes.map((p) => p.record),
  dns: out.dns.map((d) => d.record),
  ignored: out.ignored.length,
});
const numbered = (out: Collected) => [...out.connections.map((c) => c.line), ...out.processes.map((p) => p.line), ...out.dns.map((d) => d.line)].sort((a, b) => a - b);

const sysmonEvent = (id: number, data: string, provider = 'Microsoft-Windows-Sysmon') =>
  `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='${provider}'/><EventID>${id}</EventID>` +
  `<TimeCreated SystemTime='2024-01-02T03:04:06.1234567Z'/><Channel>${provider === 'Microsoft-Windows-Sysmon' ? 'Microsoft-Windows-Sysmon/Operational' : 'Security'}</Channel>` +
  `<Computer>PC1</Computer></System><EventData>${data}</EventData></Event>`;
const conn =
  "<Data Name='UtcTime'>2024-01-02 03:04:05.678</Data><Data Name='Image'>C:\\x.exe</Data><Data Name='Protocol'>tcp</Data>" +
  "<Data Name='SourceIp'>10.0.0.5</Data><Data Name='SourcePort'>50000</Data><Data Name='DestinationIp'>93.184.216.34</Data><Data Name='DestinationPort'>443</Data>";

describe('sysmon-xml on wevtutil and Get-WinEvent exports of the OTRF events', () => {
  const reference = parseLines('sysmon-json', fileLines(fixtures.sysmonWevtutil));

  it.each([
    ['wevtutil, all on one line inside <Events>', wevtutilFile],
    ['Get-WinEvent, BOM and one event per CRLF line', getWinEventFile],
  ])('%s: the same records as the flat JSON, numbered by event', async (_label, file) => {
    const out = await readStream(sysmonXmlReader, file);
    expect(out.bad).toEqual([]);
    expect(records(out.collected)).toEqual(records(reference));
    // One event per JSON line, in the same order: event numbers are the JSON line numbers.
    expect(numbered(out.collected)).toEqual(numbered(reference));
    expect(out.sha256).toBe(crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex'));
    expect(out.bytes).toBe(fs.statSync(file).size);
  });

  it('decodes &quot; in command lines', () => {
    expect(fs.readFileSync(wevtutilFile, 'utf8')).toContain('&quot;C:\\Program Files (x86)');
  });

  it('reads the export gzipped, and as UTF-16LE (PowerShell 5 redirection)', async () => {
    const text = fs.readFileSync(getWinEventFile, 'utf8').replace(/^\uFEFF/, '');
    const gz = tmp.file('sysmon.xml.gz', zlib.gzipSync(fs.readFileSync(wevtutilFile)));
    const utf16 = tmp.file('sysmon-utf16.xml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    for (const file of [gz, utf16]) {
      const out = await readStream(sysmonXmlReader, file);
      expect(records(out.collected), file).toEqual(records(reference));
    }
    expect(sysmonXmlReader.sniffBytes(fs.readFileSync(utf16).subarray(0, 4096))).toBe(true);
  });
});

describe('sysmon-xml sniffing', () => {
  const head = (text: string) => Buffer.from(text, 'utf8');

  it('claims <Events>, and <Event xmlns=…> of the Sysmon provider', () => {
    expect(sysmonXmlReader.sniffBytes(fs.readFileSync(wevtutilFile).subarray(0, 65536))).toBe(true);
    expect(sysmonXmlReader.sniffBytes(fs.readFileSync(getWinEventFile).subarray(0, 65536))).toBe(true);
    expect(sysmonXmlReader.sniffBytes(head(`<?xml version="1.0" encoding="utf-8"?>\n${sysmonEvent(3, conn)}`))).toBe(true);
    expect(sysmonXmlReader.sniffBytes(head(`  ${sysmonEvent(3, conn)}`))).toBe(true);
  });

  it('leaves other XML, JSON and CSV alone', () => {
    expect(sysmonXmlReader.sniffBytes(head(sysmonEvent(4624, '', 'Microsoft-Windows-Security-Auditing')))).toBe(false);
    expect(sysmonXmlReader.sniffBytes(head('<EventLog><Event>1</Event></EventLog>'))).toBe(false);
    expect(sysmonXmlReader.sniffBytes(fs.readFileSync(fixtures.sysmonWevtutil).subarray(0, 4096))).toBe(false);
    expect(sysmonXmlReader.sniffBytes(head('EventID,Image,UtcTime\n'))).toBe(false);
  });
});

describe('decodeXmlEntities', () => {
  it('decodes the five named entities and character references, and keeps what is not one', () => {
    expect(decodeXmlEntities('&quot;a&amp;b&quot; &lt;c&gt; &apos;d&apos;')).toBe(`"a&b" <c> 'd'`);
    expect(decodeXmlEntities('&#65;&#x42;&#X43;&#x1F600;')).toBe('ABC\u{1F600}');
    expect(decodeXmlEntities('&#0; &#xD800; &#x110000; &nbsp; & &amp;amp;')).toBe('&#0; &#xD800; &#x110000; &nbsp; & &amp;');
  });
});

describe('EventScanner', () => {
  function scan(pieces: readonly string[]) {
    const events: [number, string][] = [];
    const bad: [number, string][] = [];
    const scanner = new EventScanner(
      (xml, record) => events.push([record, xml]),
      (err, record) => bad.push([record, err.message]),
    );
    for (const p of pieces) scanner.push(p);
    scanner.finish();
    return { events, bad, scanner };
  }

  const three = `<Events>${sysmonEvent(3, conn)}\n${sysmonEvent(1, '')}  ${sysmonEvent(22, '')}</Events>`;

  it('finds the same events however the text is cut (one character at a time)', () => {
    const whole = scan([three]);
    expect(whole.events.map(([r]) => r)).toEqual([1, 2, 3]);
    expect(whole.events[0]?.[1]).toBe(sysmonEvent(3, conn));
    expect(scan([...three])).toEqual({ ...whole, scanner: expect.anything() });
  });

  it('does not take <EventData>, <EventID> or <Events> for an event, and accepts </Event > with a space', () => {
    const out = scan(['<Events><EventData/>', sysmonEvent(3, conn).replace('</Event>', '</Event >'), '</Events>']);
    expect(out.events).toHaveLength(1);
    expect(out.bad).toEqual([]);
  });

  it('reports an event interrupted by the next one, and one the text ends inside', () => {
    const cut = sysmonEvent(3, conn).slice(0, 200);
    const out = scan([cut, sysmonEvent(1, ''), cut]);
    expect(out.bad).toEqual([
      [1, expect.stringContaining('not closed before the next one')],
      [3, expect.stringContaining('end of the file')],
    ]);
    expect(out.events.map(([r]) => r)).toEqual([2]);
  });

  it('drops an event over 1 MB without holding it, and reads the next one', () => {
    const bad: number[] = [];
    const events: number[] = [];
    const scanner = new EventScanner(
      (_xml, record) => events.push(record),
      (_err, record) => bad.push(record),
    );
    const piece = `<Data Name='CommandLine'>${'A'.repeat(65536)}</Data>`;
    let held = 0;
    scanner.push(`<Events><Event xmlns='x'><System><EventID>1</EventID></System><EventData>`);
    for (let i = 0; i < 48; i++) {
      scanner.push(piece);
      held = Math.max(held, (scanner as unknown as { buf: string }).buf.length);
    }
    scanner.push(`</EventData></Event>${sysmonEvent(3, conn)}</Events>`);
    scanner.finish();
    expect(bad).toEqual([1]);
    expect(events).toEqual([2]);
    expect(held).toBeLessThanOrEqual(MAX_EVENT_CHARS + piece.length);
  });
});

describe('hostile XML stays linear and bounded', () => {
  const timed = (fn: () => unknown): number => {
    const t = performance.now();
    fn();
    return performance.now() - t;
  };

  it('parses a megabyte of unclosed <Data> or <EventID> openings quickly', () => {
    const manyData = `<Event xmlns='x'>${"<Data Name='a'>x".repeat(60_000)}</Data></Event>`;
    expect(timed(() => parseEventXml(manyData, 1))).toBeLessThan(1000);
    const manyIds = `<Event xmlns='x'>${'<EventID a'.repeat(100_000)}</Event>`;
    expect(timed(() => expect(parseEventXml(manyIds, 1).eventId).toBeNull())).toBeLessThan(1000);
  });

  it('does not hold endless blanks after "</Event" while waiting for its ">"', () => {
    const scanner = new EventScanner(
      () => undefined,
      () => undefined,
    );
    scanner.push('<Events></Event');
    let held = 0;
    for (let i = 0; i < 100; i++) {
      scanner.push(' '.repeat(65536));
      held = Math.max(held, (scanner as unknown as { buf: string }).buf.length);
    }
    expect(held).toBeLessThan(65536 + 100);
  });
});

describe('sysmon-xml records', () => {
  it('ignores other providers and Sysmon events other than 1, 3 and 22; reports bad events and goes on', async () => {
    const file = tmp.file(
      'mixed.xml',
      [
        sysmonEvent(4624, '', 'Microsoft-Windows-Security-Auditing'),
        sysmonEvent(5, conn),
        sysmonEvent(3, conn.replace('93.184.216.34', '93.184.216.340')),
        sysmonEvent(3, conn).replace('<EventID>3</EventID>', ''),
        sysmonEvent(3, conn.replace("<Data Name='UtcTime'>2024-01-02 03:04:05.678</Data>", "<Data Name='UtcTime'/>")),
        sysmonEvent(22, "<Data Name='QueryName'>a&amp;b.example</Data><Data Name='QueryResults'>type:  5 x.example;::ffff:1.2.3.4;</Data>"),
        "<Event xmlns='x'><System><EventID>3</EventID></System></Event>",
      ].join('\r\n'),
    );
    const out = await readStream(sysmonXmlReader, file);
    expect(out.collected.ignored).toEqual([1, 2]);
    expect(out.bad.map(({ record, field }) => [record, field])).toEqual([
      [3, 'DestinationIp'],
      [4, 'EventID'],
      [7, 'Provider'],
    ]);
    expect(out.bad[0]?.raw).toContain('93.184.216.340');
    // An empty UtcTime falls back to TimeCreated.
    expect(out.collected.connections).toEqual([expect.objectContaining({ line: 5, event: expect.objectContaining({ ts: Date.UTC(2024, 0, 2, 3, 4, 6, 123), host: 'PC1' }) })]);
    expect(out.collected.dns).toEqual([expect.objectContaining({ line: 6, record: expect.objectContaining({ query: 'a&b.example', answers: ['1.2.3.4'] }) })]);
  });

  it('fails a file that is not UTF-8 with an encoding error', async () => {
    const file = tmp.file('latin1.xml', Buffer.concat([Buffer.from(sysmonEvent(3, conn)), Buffer.from([0xe9, 0xff, 0x20])]));
    expect(await rejected(readStream(sysmonXmlReader, file))).toBeInstanceOf(EncodingError);
  });
});
