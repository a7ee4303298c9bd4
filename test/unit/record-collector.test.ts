import { describe, expect, it } from 'vitest';
import { MAX_HOST_CHARS, MAX_IMAGE_CHARS } from '../../src/core/bounds.js';
import { MalformedRecordError, type SightlineError } from '../../src/core/errors/index.js';
import { EVENTS, FILE_CREATIONS, QUARANTINE, RecordCollector, TABLES, type TableId } from '../../src/core/telemetry/import-rows.js';
import type { ConnectionEvent, FileCreateRecord } from '../../src/core/telemetry/records.js';
import { thrown } from '../helpers/sink.js';

const event: ConnectionEvent = {
  ts: Date.UTC(2023, 7, 16), host: 'WS1', user: null, image: null, pid: null, processGuid: null, proto: 'tcp', srcIp: '10.0.0.5', srcPort: 50000,
  dstIp: '192.0.2.10', dstPort: 443, dstHost: null, initiated: null, bytesOut: 1, bytesIn: 2, pktsOut: 1, pktsIn: 1, duration: 0.5, uid: null,
};

function collector(): { c: RecordCollector; rows: [TableId, unknown[]][] } {
  const rows: [TableId, unknown[]][] = [];
  return { c: new RecordCollector({ row: (t, v) => void rows.push([t, [...v]]) }, 'zeek-conn-json', 'conn.json'), rows };
}

describe('RecordCollector: the last gate before a row', () => {
  it('refuses a record a reader let through out of bounds, naming the record field, and writes nothing of it', () => {
    const { c, rows } = collector();
    for (const [field, bad] of [['dstPort', { dstPort: 70000 }], ['ts', { ts: Number.POSITIVE_INFINITY }], ['bytesIn', { bytesIn: -1 }], ['duration', { duration: Number.NaN }], ['pid', { pid: 2 ** 32 }]] as const) {
      const err = thrown(() => c.connection({ ...event, ...bad }, 7));
      expect(err, field).toBeInstanceOf(MalformedRecordError);
      expect((err as SightlineError).location, field).toEqual({ line: 7, field });
    }
    expect(rows).toEqual([]);
    expect(c.counts.events).toBe(0);
    c.connection(event, 8);
    expect(rows.map(([t]) => t)).toEqual([EVENTS]);
  });

  it('refuses a host name or image path too long to be a graph node, at every kind of record, and keeps one at the bound (found by the fuzz harness)', () => {
    const { c, rows } = collector();
    const host = 'h'.repeat(MAX_HOST_CHARS);
    const image = `C:\\${'x'.repeat(MAX_IMAGE_CHARS - 3)}`;
    const cases: [string, () => void][] = [
      ['host', () => c.connection({ ...event, host: `${host}x` }, 7)],
      ['image', () => c.connection({ ...event, image: `${image}x` }, 7)],
      ['host', () => c.process({ ts: event.ts, host: `${host}x`, processGuid: null, pid: 1, image: 'C:\\a.exe', commandLine: null, user: null, parentImage: null, parentCommandLine: null, hashes: null, integrityLevel: null, parentProcessGuid: null }, 7)],
      ['image', () => c.dns({ ts: event.ts, host: 'WS1', image: `${image}x`, query: 'example.org', answers: ['192.0.2.10'] }, 7)],
      ['host', () => c.alert({ ts: event.ts, host: `${host}x`, proto: 'tcp', srcIp: '10.0.0.5', srcPort: 1, dstIp: '192.0.2.10', dstPort: 2, signature: 's', signatureId: null, category: null, severity: null, action: null }, 7)],
    ];
    for (const [field, call] of cases) {
      const err = thrown(call) as SightlineError;
      expect(err).toBeInstanceOf(MalformedRecordError);
      expect(err.location).toEqual({ line: 7, field });
      expect(err.message).toMatch(field === 'host' ? /is not a host name: it has 256 characters, and host names have at most 255$/ : /is not a process image path: it has 32768 characters, and process image paths have at most 32767$/);
    }
    expect(rows).toEqual([]);
    c.connection({ ...event, host, image }, 8);
    expect(rows.map(([t]) => t)).toEqual([EVENTS]);
  });

  it('counts records dated before 1990 (the import warns of relative times)', () => {
    const { c, rows } = collector();
    c.connection({ ...event, ts: 22_335 }, 1);
    c.connection(event, 2);
    c.dns({ ts: 0, host: 'WS1', image: null, query: 'example.org', answers: ['192.0.2.10', '192.0.2.11'] }, 3);
    expect(c.counts).toMatchObject({ events: 2, dns: 1, early: 2 });
    expect(rows.filter(([t]) => t === QUARANTINE)).toEqual([]);
  });

  it('turns a file creation into a row with its lower-cased target key, counts it as stored, and holds its numbers and names to their bounds', () => {
    const { c, rows } = collector();
    const write: FileCreateRecord = {
      ts: Date.UTC(2026, 10, 20, 9, 14), host: 'WS1', processGuid: '{a}', pid: 4242, image: 'C:\\Program Files\\Microsoft Office\\WINWORD.EXE',
      targetFilename: 'C:\\Users\\Ann\\AppData\\Local\\Temp\\SVCH0ST.EXE', creationTs: Date.UTC(2026, 10, 20, 9, 14), user: 'CORP\\ann',
    };
    c.fileCreate(write, 3);
    expect(rows).toHaveLength(1);
    const [table, values] = rows[0] as [TableId, unknown[]];
    expect(table).toBe(FILE_CREATIONS);
    const spec = TABLES[FILE_CREATIONS];
    const row = Object.fromEntries(spec?.columns.map((col, i) => [col, values[i]]) ?? []);
    expect(row).toMatchObject({ line: 3, host: 'WS1', process_guid: '{a}', pid: 4242, target_filename: write.targetFilename, target_key: 'c:\\users\\ann\\appdata\\local\\temp\\svch0st.exe', user: 'CORP\\ann' });
    expect(c.counts.fileCreations).toBe(1);
    expect(c.stored()).toBe(1);
    const cases: [string, Partial<FileCreateRecord>][] = [
      ['ts', { ts: Number.NaN }],
      ['creationTs', { creationTs: Date.UTC(2200, 0, 1) }],
      ['pid', { pid: -1 }],
      ['host', { host: 'h'.repeat(MAX_HOST_CHARS + 1) }],
      ['image', { image: 'x'.repeat(MAX_IMAGE_CHARS + 1) }],
      ['targetFilename', { targetFilename: 'x'.repeat(MAX_IMAGE_CHARS + 1) }],
    ];
    for (const [field, bad] of cases) {
      const err = thrown(() => c.fileCreate({ ...write, ...bad }, 9)) as SightlineError;
      expect(err, field).toBeInstanceOf(MalformedRecordError);
      expect(err.location, field).toEqual({ line: 9, field });
    }
    expect(rows).toHaveLength(1);
  });
});
