import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { contentFacts } from '../fuzz/checks.js';
import { mutantSeed, planMutant } from '../fuzz/mutant-files.js';
import {
  GIANT_LINE_BYTES, HUGE_CSV_HEADER_BYTES, HUGE_HEADER_COLUMNS, INVALID_UTF8, LONG_FIELD_BYTES, applies, mutate, mutationKinds,
  type MutationKind, type SeedShape,
} from '../fuzz/mutators.js';
import { NUMBER_EDGES } from '../fuzz/number-edges.js';
import { fixtureSeeds } from '../fuzz/seeds.js';
import { mulberry32 } from '../helpers/prng.js';

const seedOf = (id: string) => {
  const s = fixtureSeeds.find((x) => x.id === id);
  if (!s) throw new Error(`no seed ${id}`);
  return { bytes: fs.readFileSync(s.path), shape: s.shape };
};
const zeek = seedOf('zeek/lsass-conn.log');
const json = seedOf('zeek/apt29-scranton-conn.json');
const csv = seedOf('flows/nfdump-with-summary.csv');
const firewall = seedOf('firewall/plaso-firewall.log');
const xml = seedOf('sysmon/wevtutil-eid1-3-22.xml');
const ascii = [zeek, json, csv, firewall];

function run(kind: MutationKind, seed: { bytes: Buffer; shape: SeedShape }, n = 1) {
  const m = mutate(kind, seed.bytes, mulberry32(n), seed.shape);
  if (!m) throw new Error(`${kind} found nothing to change`);
  return m;
}
const lines = (b: Buffer) => b.toString('latin1').split('\n');
const count = (b: Buffer, byte: number) => b.reduce((n, x) => n + (x === byte ? 1 : 0), 0);

describe('fuzz mutators are deterministic and pure', () => {
  it('gives the same bytes for the same PRNG seed, other bytes for others, and never changes its input', () => {
    for (const kind of mutationKinds.filter((k) => k !== 'giant-line')) {
      for (const seed of [zeek, json, csv]) {
        if (!applies(kind, seed.shape)) continue;
        const copy = Buffer.from(seed.bytes);
        const a = mutate(kind, seed.bytes, mulberry32(7), seed.shape);
        const b = mutate(kind, seed.bytes, mulberry32(7), seed.shape);
        expect(b?.bytes.equals(a?.bytes ?? Buffer.alloc(0)), kind).toBe(true);
        expect(b?.detail).toBe(a?.detail);
        expect(seed.bytes.equals(copy), kind).toBe(true);
        if (a) expect(a.bytes.equals(seed.bytes), `${kind} changed nothing`).toBe(false);
      }
    }
    const details = new Set([1, 2, 3, 4, 5].map((n) => run('byte-flip', zeek, n).detail));
    expect(details.size).toBe(5);
  });

  it('plans mutant N of a run from the run seed and N alone, going round every kind', () => {
    expect(mutantSeed(1, 0)).toBe(mutantSeed(1, 0));
    expect(new Set([0, 1, 2, 3].map((i) => mutantSeed(1, i))).size).toBe(4);
    const a = planMutant(5, 3, fixtureSeeds);
    const b = planMutant(5, 3, fixtureSeeds);
    expect(a && b && a.bytes.equals(b.bytes) && a.detail === b.detail && a.seed.id === b.seed.id).toBe(true);
    const kinds = new Set(Array.from({ length: mutationKinds.length }, (_, i) => planMutant(5, i, fixtureSeeds)?.kind));
    expect(kinds.size).toBe(mutationKinds.length);
  });
});

describe('each fuzz mutation does what it says', () => {
  it('truncations cut: anywhere, inside a multi-byte character, inside a record', () => {
    const t = run('truncate', zeek);
    expect(zeek.bytes.subarray(0, t.bytes.length).equals(t.bytes)).toBe(true);
    expect(t.bytes.length).toBeLessThan(zeek.bytes.length);
    for (const seed of [zeek, seedOf('sysmon/splunk-sysmon.csv')]) {
      const u = run('truncate-mid-utf8', seed, 3).bytes;
      expect(isUtf8(u)).toBe(false);
      // Only the last, cut character is invalid.
      expect([1, 2, 3].some((k) => isUtf8(u.subarray(0, u.length - k)))).toBe(true);
    }
    const r = run('truncate-mid-record', csv, 2).bytes;
    expect(csv.bytes.subarray(0, r.length).equals(r)).toBe(true);
    expect(r[r.length - 1]).not.toBe(0x0a);
    expect(r[r.length - 2]).not.toBe(0x0a);
  });

  it('byte flips change 1 to 8 bytes in place; NULs are inserted or written over', () => {
    const f = run('byte-flip', json, 4).bytes;
    expect(f.length).toBe(json.bytes.length);
    const changed = f.reduce((n, x, i) => n + (x === json.bytes[i] ? 0 : 1), 0);
    expect(changed).toBeGreaterThanOrEqual(1);
    expect(changed).toBeLessThanOrEqual(8);
    for (const n of [1, 2, 3, 4]) expect(count(run('nul', zeek, n).bytes, 0)).toBeGreaterThan(0);
  });

  it('a giant line is 20 MB without a line end; a long field is 1 MB and keeps the record count', () => {
    const g = run('giant-line', zeek).bytes;
    const longest = Math.max(...lines(g).map((l) => l.length));
    expect(longest).toBeGreaterThanOrEqual(GIANT_LINE_BYTES);
    for (const seed of [zeek, json, csv, xml]) {
      const l = run('long-field', seed, 5).bytes;
      expect(lines(l).length).toBe(lines(seed.bytes).length);
      expect(l.toString('latin1')).toContain('A'.repeat(LONG_FIELD_BYTES));
      expect(l.length - seed.bytes.length).toBeGreaterThan(LONG_FIELD_BYTES - 400);
    }
  });

  it('invalid UTF-8 is one of the invalid sequences, in the text', () => {
    for (const seq of INVALID_UTF8) expect(isUtf8(Buffer.from(seq)), Buffer.from(seq).toString('hex')).toBe(false);
    for (const n of [1, 2, 3, 4, 5, 6]) {
      const b = run('invalid-utf8', json, n).bytes;
      expect(isUtf8(b)).toBe(false);
      expect(lines(b).length).toBe(lines(json.bytes).length);
    }
  });

  it('UTF-16 re-encodings decode back to the text, with and without a BOM, in both byte orders', () => {
    const text = zeek.bytes.toString('utf8');
    const le = run('utf16le', zeek).bytes;
    expect(le.toString('utf16le')).toBe(text);
    const leBom = run('utf16le-bom', zeek).bytes;
    expect([...leBom.subarray(0, 2)]).toEqual([0xff, 0xfe]);
    expect(leBom.subarray(2).toString('utf16le')).toBe(text);
    const beBom = run('utf16be-bom', zeek).bytes;
    expect([...beBom.subarray(0, 2)]).toEqual([0xfe, 0xff]);
    expect(Buffer.from(beBom.subarray(2)).swap16().toString('utf16le')).toBe(text);
    expect(Buffer.from(run('utf16be', zeek).bytes).swap16().toString('utf16le')).toBe(text);
    // A UTF-8 BOM is not carried over as a character.
    const bommed = seedOf('sysmon/splunk-sysmon.csv');
    expect(run('utf16le', bommed).bytes.toString('utf16le')).toBe(bommed.bytes.subarray(3).toString('utf8'));
  });

  it('huge headers: 100k more Zeek and firewall columns, a 1 MB CSV header, 100k keys in the first JSON object', () => {
    const z = lines(run('huge-header', zeek).bytes).find((l) => l.startsWith('#fields')) ?? '';
    expect(z.split('\t').length).toBe(lines(zeek.bytes).find((l) => l.startsWith('#fields'))?.split('\t').length as number + HUGE_HEADER_COLUMNS);
    const fw = lines(run('huge-header', firewall).bytes).find((l) => l.startsWith('#Fields:')) ?? '';
    expect(fw.split(' ').length).toBeGreaterThan(HUGE_HEADER_COLUMNS);
    const c = lines(run('huge-header', csv).bytes);
    expect(c[0]?.length).toBeGreaterThanOrEqual(HUGE_CSV_HEADER_BYTES);
    expect(c.slice(1)).toEqual(lines(csv.bytes).slice(1));
    const first = JSON.parse(lines(run('huge-header', json).bytes)[0] ?? '') as Record<string, unknown>;
    expect(Object.keys(first).length).toBe(Object.keys(JSON.parse(lines(json.bytes)[0] ?? '') as object).length + HUGE_HEADER_COLUMNS);
    expect(applies('huge-header', xml.shape)).toBe(false);
  });

  it('a duplicated header appears twice; line ends become CRLF or CR', () => {
    const header = lines(csv.bytes)[0] ?? '';
    expect(lines(run('duplicate-header', csv, 2).bytes).filter((l) => l === header)).toHaveLength(2);
    const fields = lines(zeek.bytes).find((l) => l.startsWith('#fields'));
    expect(lines(run('duplicate-header', zeek, 2).bytes).filter((l) => l === fields)).toHaveLength(2);
    const crlf = run('crlf', zeek).bytes.toString('latin1');
    expect(crlf.split('\r\n').length).toBe(lines(zeek.bytes).length);
    expect(/[^\r]\n/.test(crlf)).toBe(false);
    const cr = run('cr', zeek).bytes;
    expect(count(cr, 0x0a)).toBe(0);
    expect(count(cr, 0x0d)).toBe(count(zeek.bytes, 0x0a));
    // Nothing to change: CRLF on a CRLF file is no mutant.
    const crlfFile = seedOf('sysmon/splunk-sysmon.csv');
    expect(mutate('crlf', crlfFile.bytes, mulberry32(1), crlfFile.shape)).toBeNull();
  });

  it('a number edge replaces one standalone number, never part of an address, date or time', () => {
    for (const seed of ascii) {
      for (const n of [1, 2, 3, 4, 5, 6, 7, 8]) {
        const m = run('number-edge', seed, n);
        const [, old, edge] = /number (\S+) at byte (?:\d+) replaced by (".*")$/.exec(m.detail) ?? [];
        expect(NUMBER_EDGES).toContain(JSON.parse(edge as string));
        const at = Number(/at byte (\d+)/.exec(m.detail)?.[1]);
        expect(seed.bytes.subarray(at, at + (old as string).length).toString('latin1')).toBe(old);
        const before = String.fromCharCode(seed.bytes[at - 1] ?? 0x20);
        const after = String.fromCharCode(seed.bytes[at + (old as string).length] ?? 0x20);
        expect(before + after, m.detail).not.toMatch(/[\w.]|\d:/);
        expect(m.bytes.length).toBe(seed.bytes.length - (old as string).length + Buffer.byteLength(JSON.parse(edge as string) as string));
      }
    }
  });

  it('gzip mutations: the content as it is, cut, with garbage after it, flipped, of a mutated content', () => {
    expect(zlib.gunzipSync(run('gzip', zeek).bytes).equals(zeek.bytes)).toBe(true);
    for (const n of [1, 2, 3]) {
      const cut = run('gzip-cut', zeek, n).bytes;
      expect(() => zlib.gunzipSync(cut)).toThrow();
      expect(zlib.gzipSync(zeek.bytes).subarray(0, cut.length).equals(cut)).toBe(true);
      const garbage = run('gzip-garbage', zeek, n).bytes;
      expect(garbage.subarray(0, zlib.gzipSync(zeek.bytes).length).equals(zlib.gzipSync(zeek.bytes))).toBe(true);
      expect(garbage.length).toBeGreaterThan(zlib.gzipSync(zeek.bytes).length);
      const inner = zlib.gunzipSync(run('gzip-mutated', zeek, n).bytes);
      expect(inner.equals(zeek.bytes)).toBe(false);
    }
    expect(contentFacts(run('gzip-flip', zeek, 9).bytes).blank).toBe(false);
  });

  it('binary files get only byte-level mutations; a gzip file gets text mutations inside it', () => {
    const binary: SeedShape = { binary: true };
    expect(mutationKinds.filter((k) => applies(k, binary)).sort()).toEqual(['byte-flip', 'empty', 'gzip', 'gzip-cut', 'gzip-flip', 'gzip-garbage', 'gzip-mutated', 'nul', 'stacked', 'truncate']);
    const gz = { bytes: zlib.gzipSync(json.bytes), shape: { ...json.shape, gzipped: true } };
    const inside = run('crlf', gz);
    expect(inside.detail).toMatch(/^inside the gzip: /);
    expect(zlib.gunzipSync(inside.bytes).toString('latin1')).toBe(json.bytes.toString('latin1').replace(/\n/g, '\r\n'));
  });
});

describe('content facts the checks rely on', () => {
  it('knows blank content (BOMs, whitespace, a gzip of nothing) from content that is not', () => {
    for (const b of [Buffer.alloc(0), Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(' \r\n\t'), Buffer.from([0xff, 0xfe, 0x20, 0x00]), zlib.gzipSync(Buffer.alloc(0))]) {
      expect(contentFacts(b).blank, b.toString('hex')).toBe(true);
    }
    for (const b of [Buffer.from('x'), Buffer.from([0]), zlib.gzipSync(Buffer.from('a')).subarray(0, 12), Buffer.concat([zlib.gzipSync(Buffer.alloc(0)), Buffer.from('junk')])]) {
      expect(contentFacts(b).blank, b.toString('hex')).toBe(false);
    }
    expect(contentFacts(Buffer.from('a\nb\nc')).maxLine).toBe(3);
    expect(contentFacts(zlib.gzipSync(Buffer.from('a\nb\n'))).maxLine).toBe(3);
  });
});
