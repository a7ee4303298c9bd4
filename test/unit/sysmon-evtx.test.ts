import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { EvtxFile } from '@ts-evtx/core';
import { MalformedRecordError, UnsupportedFormatError, type SightlineError } from '../../src/core/errors/index.js';
import { loadLibrary, readEvtxContent, sysmonEvtxReader } from '../../src/core/telemetry/readers/sysmon-evtx.js';
import { sysmonXmlReader } from '../../src/core/telemetry/readers/sysmon-xml.js';
import { corpusDir, fromRepo } from '../helpers/fixtures.js';
import { collectingSink, rejected } from '../helpers/sink.js';

/**
 * The only real Sysmon EVTX at hand is reference-only (GPL-3.0, not
 * redistributable): it is read where it lies and never copied; the tests
 * that need it skip when it is absent.
 */
const SAMPLE = path.join(corpusDir, 'reference-only', 'sysmon_evtx', 'powercat_revShell_sysmon_1_3.evtx');
const haveSample = fs.existsSync(SAMPLE);
const needsSample = `needs the reference-only sample ${fromRepo(SAMPLE)}`;
if (!haveSample) console.warn(`sysmon-evtx: ${fromRepo(SAMPLE)} is absent (reference-only corpus, outside the repo); the tests on a real EVTX are skipped`);

interface Bad {
  record: number;
  message: string;
}

/** Feeds `bytes` (in pieces of `piece` bytes) through the reader's decoder, collecting what it reports. */
async function decode(bytes: Buffer, piece = 1 << 16) {
  const { sink, collected } = collectingSink();
  const bad: Bad[] = [];
  const lib = await loadLibrary();
  async function* pieces() {
    for (let i = 0; i < bytes.length; i += piece) yield bytes.subarray(i, i + piece);
  }
  await readEvtxContent(lib, pieces(), sink, { onChunk: () => undefined, onBytes: () => undefined, onBadRecord: (err, record) => void bad.push({ record, message: err.message }) });
  return { collected, bad };
}

/** Counted independently: the library's own whole-file walk, event ids read from its XML with a pattern. */
async function countByEventId(file: string) {
  const counts = { connections: 0, processes: 0, dns: 0, ignored: 0, records: 0 };
  const evtx = await EvtxFile.open(file);
  for (const record of evtx.records()) {
    counts.records++;
    const xml = record.renderXml();
    const id = xml.includes('Microsoft-Windows-Sysmon') ? Number(/<EventID[^>]*>(\d+)</.exec(xml)?.[1]) : NaN;
    if (id === 3) counts.connections++;
    else if (id === 1) counts.processes++;
    else if (id === 22) counts.dns++;
    else counts.ignored++;
  }
  return counts;
}

describe.skipIf(!haveSample)(`sysmon-evtx on the powercat sample (${needsSample})`, () => {
  it('reads every record in place, counts matching an independent count, and hashes the bytes', async () => {
    const { sink, collected } = collectingSink();
    const bad: Bad[] = [];
    const hash = crypto.createHash('sha256');
    let bytes = 0;
    await sysmonEvtxReader.create({ timezone: 'UTC' }).read(SAMPLE, sink, {
      onChunk: (c) => hash.update(c),
      onBytes: (n) => (bytes += n),
      onBadRecord: (err, record) => void bad.push({ record, message: err.message }),
    });
    const expected = await countByEventId(SAMPLE);
    expect(bad).toEqual([]);
    expect({ connections: collected.connections.length, processes: collected.processes.length, dns: collected.dns.length, ignored: collected.ignored.length, records: 9 }).toEqual(
      expected,
    );
    expect(expected.records).toBe(9);
    expect(hash.digest('hex')).toBe(crypto.createHash('sha256').update(fs.readFileSync(SAMPLE)).digest('hex'));
    expect(bytes).toBe(fs.statSync(SAMPLE).size);
  });

  it('reads the first process creation and the reverse-shell connection as Sysmon logged them', async () => {
    const { collected } = await decode(fs.readFileSync(SAMPLE));
    expect(collected.processes[0]).toEqual({
      line: 1,
      record: {
        ts: Date.UTC(2019, 5, 20, 8, 7, 42, 316),
        host: 'IEWIN7',
        processGuid: '{365ABB72-3ECE-5D0B-0000-00107F7F1A00}',
        pid: 1284,
        image: 'C:\\Windows\\System32\\NETSTAT.EXE',
        commandLine: '"C:\\Windows\\system32\\NETSTAT.EXE"  -na',
        user: 'IEWIN7\\IEUser',
        parentImage: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
        parentCommandLine: 'powershell',
        hashes: expect.stringMatching(/^SHA1=F08D57DD80AEDDD7645CBDF27E5AF5EDF99C1F46,MD5=/),
        integrityLevel: 'High',
        parentProcessGuid: '{365ABB72-3D05-5D0B-0000-001004220D00}',
      },
    });
    // Initiated=false and a Boolean before the addresses: the values after it must not shift.
    expect(collected.connections).toEqual([
      {
        line: 7,
        event: expect.objectContaining({
          host: 'IEWIN7',
          image: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe',
          pid: 816,
          proto: 'tcp',
          initiated: false,
          srcIp: '10.0.2.13',
          dstIp: '10.0.2.18',
          dstHost: null,
        }),
      },
    ]);
    expect(collected.ignored).toEqual([2, 4, 6]);
  });

  it('gives the same result whatever the sizes of the pieces it is fed', async () => {
    const bytes = fs.readFileSync(SAMPLE);
    const whole = await decode(bytes);
    expect(await decode(bytes, 1000)).toEqual(whole);
    expect(await decode(bytes, 7)).toEqual(whole);
  });

  it('reports a chunk without its signature, and a file cut inside a chunk, and goes on', async () => {
    const bytes = Buffer.from(fs.readFileSync(SAMPLE));
    bytes.write('XXXXXXXX', 0x1000, 'latin1');
    expect((await decode(bytes)).bad).toEqual([{ record: 1, message: expect.stringContaining('no ElfChnk signature') }]);
    const cut = await decode(fs.readFileSync(SAMPLE).subarray(0, 0x1000 + 30000));
    expect(cut.bad).toEqual([{ record: 1, message: expect.stringContaining('cut short') }]);
  });

  it('reports a record it cannot decode and reads the others', async () => {
    const bytes = Buffer.from(fs.readFileSync(SAMPLE));
    const chunk = bytes.subarray(0x1000, 0x11000);
    // Records follow the 512-byte chunk header: magic 0x00002a2a, then the record's size. Spoil the third one's body.
    let offset = 0x200;
    for (let i = 0; i < 2; i++) offset += chunk.readUInt32LE(offset + 4);
    expect(chunk.readUInt32LE(offset)).toBe(0x2a2a);
    chunk.fill(0xff, offset + 24, offset + 60);
    const out = await decode(bytes);
    expect(out.bad).toEqual([{ record: 3, message: expect.stringContaining('no <EventID>') }]);
    expect(out.collected.processes.map((p) => p.line)).toEqual([1, 5, 8, 9]);
    expect(out.collected.connections.map((c) => c.event.dstIp)).toEqual(['10.0.2.18']);
  });
});

describe('sysmon-evtx without the sample', () => {
  it('sniffs the ElfFile signature and nothing else', () => {
    expect(sysmonEvtxReader.sniffBytes(Buffer.from('ElfFile\0\0\0\0\0', 'latin1'))).toBe(true);
    expect(sysmonEvtxReader.sniffBytes(Buffer.from('ElfChnk\0', 'latin1'))).toBe(false);
    expect(sysmonEvtxReader.sniffBytes(Buffer.from('<Events>'))).toBe(false);
    expect(sysmonXmlReader.sniffBytes(Buffer.from('ElfFile\0', 'latin1'))).toBe(false);
  });

  it('refuses a file shorter than the header, and a header that does not verify', async () => {
    const short = (await rejected(decode(Buffer.from('ElfFile\0', 'latin1')))) as SightlineError;
    expect(short).toBeInstanceOf(MalformedRecordError);
    expect(short.message).toContain('shorter than an EVTX header');
    const garbage = Buffer.alloc(0x1000 + 0x10000, 0x41);
    garbage.write('ElfFile\0', 0, 'latin1');
    const damaged = (await rejected(decode(garbage))) as SightlineError;
    expect(damaged).toBeInstanceOf(MalformedRecordError);
    expect(damaged.message).toContain('wevtutil qe Microsoft-Windows-Sysmon/Operational /f:xml');
  });

  it('says how to export the log instead when the parser cannot be loaded', async () => {
    vi.resetModules();
    vi.doMock('@ts-evtx/core', () => {
      throw new Error('Cannot find package @ts-evtx/core');
    });
    try {
      const fresh = await import('../../src/core/telemetry/readers/sysmon-evtx.js');
      const err = (await rejected(fresh.loadLibrary())) as SightlineError;
      // A fresh module graph has its own error classes: check the kind by name and code.
      expect([err.name, err.code]).toEqual([UnsupportedFormatError.name, 'UNSUPPORTED_FORMAT']);
      expect(err.message).toContain('wevtutil qe Microsoft-Windows-Sysmon/Operational /f:xml > sysmon.xml');
      expect(err.message).toContain('Get-WinEvent');
    } finally {
      vi.doUnmock('@ts-evtx/core');
      vi.resetModules();
    }
  });
});
