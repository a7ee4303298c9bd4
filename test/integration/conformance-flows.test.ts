import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import { EngineHarness, withCaseDb } from '../helpers/engine.js';
import { corpusDir, fileLines, fromRepo, repoRoot } from '../helpers/fixtures.js';

/*
 * The flow exports of the shared corpus (nfdump -o csv, Argus .binetflow),
 * imported IN PLACE (reference-only files must never be copied into the
 * repo) into a real case database. What to expect is counted here from the
 * raw text with this test's own code, never with a Sightline reader, so a
 * reader that drops, doubles or invents rows shows up as a mismatch.
 */
const corpus = path.join(corpusDir, 'reference-only');
const h = new EngineHarness();
afterEach(() => h.close());

interface Expected {
  format: 'nfdump-csv' | 'argus-binetflow';
  dataRows: number;
  /** Rows that are no IP conversation (Argus management records, ARP, LLC). */
  nonIp: number;
  /** Sum of the bytes the source side sent, over IP rows. */
  bytesOut: number;
  /** line → [source, destination] as written. */
  addresses: Map<number, [string, string]>;
}

/** Flow rows sit between the header and the `Summary` line; the Summary's own flow count must agree. */
function countNfdump(file: string): Expected & { summaryFlows: number | null } {
  const lines = fileLines(file);
  const header = (lines[0] ?? '').split(',');
  const col = (name: string) => header.indexOf(name);
  const out = { format: 'nfdump-csv' as const, dataRows: 0, nonIp: 0, bytesOut: 0, addresses: new Map<number, [string, string]>(), summaryFlows: null as number | null };
  let inSummary = false;
  lines.slice(1).forEach((text, i) => {
    if (text === 'Summary') inSummary = true;
    if (inSummary) {
      if (/^\d+,/.test(text)) out.summaryFlows = Number(text.split(',')[0]);
      return;
    }
    if (text.trim() === '') return;
    const f = text.split(',');
    out.dataRows++;
    out.bytesOut += Number(f[col('ibyt')]);
    out.addresses.set(i + 2, [f[col('sa')] ?? '', f[col('da')] ?? '']);
  });
  return out;
}

/** Every non-empty line after the header is a row; TAB or comma as the header has it. */
function countArgus(file: string): Expected {
  const lines = fileLines(file);
  const sep = (lines[0] ?? '').includes('\t') ? '\t' : ',';
  const header = (lines[0] ?? '').split(sep);
  const col = (name: string) => header.indexOf(name);
  const out = { format: 'argus-binetflow' as const, dataRows: 0, nonIp: 0, bytesOut: 0, addresses: new Map<number, [string, string]>() };
  lines.slice(1).forEach((text, i) => {
    if (text.trim() === '') return;
    const f = text.split(sep);
    out.dataRows++;
    const [proto, src, dst] = [f[col('Proto')] ?? '', f[col('SrcAddr')] ?? '', f[col('DstAddr')] ?? ''];
    if (['man', 'arp', 'llc'].includes(proto) || net.isIP(src) === 0) {
      out.nonIp++;
      return;
    }
    out.bytesOut += Number(f[col('SrcBytes')]);
    out.addresses.set(i + 2, [src, dst]);
  });
  return out;
}

/** The canonical text of an address, by the URL parser rather than Sightline's. */
function canonical(ip: string): string {
  return net.isIPv6(ip) ? new URL(`http://[${ip}]/`).hostname.slice(1, -1) : ip;
}

const files: [string, () => Expected][] = [];
const nfdumpDir = path.join(corpus, 'nfdump_csv_DERIVED');
const argusDir = path.join(corpus, 'argus_binetflow');
const present = fs.existsSync(nfdumpDir) && fs.existsSync(argusDir);
if (present) {
  for (const f of fs.readdirSync(nfdumpDir).filter((n) => n.endsWith('.csv'))) files.push([path.join(nfdumpDir, f), () => countNfdump(path.join(nfdumpDir, f))]);
  for (const f of fs.readdirSync(argusDir).filter((n) => n.endsWith('.binetflow'))) files.push([path.join(argusDir, f), () => countArgus(path.join(argusDir, f))]);
} else {
  console.warn(`conformance-flows: skipping, ${fromRepo(nfdumpDir)} or ${fromRepo(argusDir)} is absent (the shared corpus lives outside the repo)`);
}

async function importInPlace(engine: Engine, file: string) {
  const caseId = (await engine.invoke('createCase', { name: path.basename(file) })).id;
  const { files: results } = await engine.invoke('importFiles', { caseId, sources: [engine.files.source(file)] });
  return { caseId, result: results[0] };
}

describe.skipIf(!present)('flow exports of the shared corpus, imported in place', () => {
  it('finds the files', () => {
    expect(files.map(([f]) => path.basename(f)).sort()).toEqual(['test1-malicious.nfdump.csv', 'test2-malicious.binetflow', 'test5-mixed.binetflow']);
  });

  it.each(files.map(([f, count]) => [path.basename(f), f, count] as const))('%s: every data row is an event, ignored or quarantined', async (_name, file, count) => {
    const want = count();
    expect(want.dataRows).toBeGreaterThan(0);
    const engine = h.engine();
    const { caseId, result } = await importInPlace(engine, file);
    expect(result).toMatchObject({ status: 'imported', format: want.format });
    if (!result) throw new Error('no result');
    expect(result.events + result.ignored + result.quarantined).toBe(want.dataRows);
    expect(result.quarantined).toBe(0);
    expect(result.ignored).toBe(want.nonIp);
    expect(result.events).toBe(want.addresses.size);

    const rows = withCaseDb(engine, caseId, (db) => db.prepare('SELECT line, src_ip, dst_ip, host, bytes_out FROM events ORDER BY line').all()) as {
      line: number;
      src_ip: string;
      dst_ip: string;
      host: string;
      bytes_out: number | null;
    }[];
    expect(rows).toHaveLength(want.addresses.size);
    for (const r of rows) {
      const [src, dst] = want.addresses.get(r.line) ?? ['?', '?'];
      expect([r.line, r.src_ip, r.dst_ip, r.host]).toEqual([r.line, canonical(src), canonical(dst), canonical(src)]);
    }
    expect(rows.reduce((n, r) => n + (r.bytes_out ?? 0), 0)).toBe(want.bytesOut);
  });

  it('test1-malicious.nfdump.csv: the Summary block agrees and is not read as flows', async () => {
    const file = path.join(nfdumpDir, 'test1-malicious.nfdump.csv');
    const want = countNfdump(file);
    expect(want.summaryFlows).toBe(want.dataRows);
    const engine = h.engine();
    const { caseId, result } = await importInPlace(engine, file);
    expect(result?.events).toBe(want.summaryFlows);
    const first = withCaseDb(engine, caseId, (db) => db.prepare('SELECT ts, proto FROM events ORDER BY line LIMIT 1').get()) as { ts: number; proto: string };
    // "2018-01-12 15:37:30" is naive: read as UTC by default.
    expect(first).toEqual({ ts: Date.parse('2018-01-12T15:37:30Z'), proto: 'tcp' });
  });
});

describe('the flow and CSV fixtures through importFiles', () => {
  const fixture = (...p: string[]) => path.join(repoRoot, 'test', 'fixtures', ...p);
  const count = (engine: Engine, caseId: string, table: 'events' | 'alerts' | 'quarantine') =>
    withCaseDb(engine, caseId, (db) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n);

  it('recognises nfdump and both Argus layouts by content', async () => {
    const engine = h.engine();
    const caseId = (await engine.invoke('createCase', { name: 'flows' })).id;
    const sources = ['nfdump-with-summary.csv', 'argus-ctu13-comma.binetflow', 'argus-stratosphere-tab.binetflow'].map((f) => engine.files.source(fixture('flows', f)));
    const { files: results } = await engine.invoke('importFiles', { caseId, sources });
    expect(results.map((r) => [r.status, r.format, r.events, r.ignored, r.quarantined])).toEqual([
      ['imported', 'nfdump-csv', 6, 0, 0],
      ['imported', 'argus-binetflow', 5, 1, 0],
      ['imported', 'argus-binetflow', 4, 3, 0],
    ]);
  });

  it('imports a SIEM alert export with a mapping: connections and alerts', async () => {
    const engine = h.engine();
    const caseId = (await engine.invoke('createCase', { name: 'siem' })).id;
    const mapping = {
      columns: { time: 'timestamp', srcIp: 'src_ip', dstIp: 'dest_ip', dstPort: 'dest_port', proto: 'transport', host: 'host', signature: 'signature', severity: 'severity', action: 'action' },
      timeFormat: 'epoch-ms' as const,
    };
    const { files: results } = await engine.invoke('importFiles', { caseId, sources: [engine.files.source(fixture('csv', 'siem-alerts-epoch-ms.csv'))], mapping });
    expect(results[0]).toMatchObject({ status: 'imported', format: 'csv-mapped', events: 4, alerts: 3, quarantined: 0 });
    expect(count(engine, caseId, 'alerts')).toBe(3);
  });

  it('imports a locale export in its time zone and quarantines the impossible date', async () => {
    const engine = h.engine();
    const caseId = (await engine.invoke('createCase', { name: 'locale' })).id;
    const mapping = { columns: { time: 'Zeitpunkt', srcIp: 'Quelle', dstIp: 'Ziel', dstPort: 'Zielport', proto: 'Protokoll' }, timeFormat: 'dmy' as const };
    const file = fixture('csv', 'locale-semicolon-dmy.csv');
    const { files: results } = await engine.invoke('importFiles', { caseId, sources: [engine.files.source(file)], mapping, timezone: 'Europe/Berlin' });
    expect(results[0]).toMatchObject({ status: 'imported', events: 3, quarantined: 1 });
    const q = await engine.invoke('listQuarantine', { caseId });
    expect(q.rows).toEqual([expect.objectContaining({ line: 5, field: 'Zeitpunkt', raw: '31/02/2027 10:00:00;192.168.178.22;203.0.113.12;80;TCP;erlaubt' })]);
    const ts = withCaseDb(engine, caseId, (db) => db.prepare('SELECT ts FROM events WHERE line = 3').get()) as { ts: number };
    expect(ts.ts).toBe(Date.UTC(2026, 11, 31, 22, 59, 59));
  });

  it('fails the whole file, storing nothing, when the mapping names a column the header lacks', async () => {
    const engine = h.engine();
    const caseId = (await engine.invoke('createCase', { name: 'bad mapping' })).id;
    const file = fixture('csv', 'locale-semicolon-dmy.csv');
    const mapping = { columns: { time: 'Zeitpunkt', srcIp: 'Quelle', dstIp: 'Destination' }, timeFormat: 'dmy' as const };
    const { files: results } = await engine.invoke('importFiles', { caseId, sources: [engine.files.source(file)], mapping });
    expect(results[0]).toMatchObject({
      status: 'failed',
      events: 0,
      error: "column 'Destination' named by the mapping is not in the header: Zeitpunkt, Quelle, Ziel, Zielport, Protokoll, Aktion",
      errorLine: 1,
      errorField: 'Destination',
    });
    expect(count(engine, caseId, 'events')).toBe(0);
    expect(count(engine, caseId, 'quarantine')).toBe(0);
    expect(await engine.invoke('listImports', { caseId })).toEqual([]);
  });
});
