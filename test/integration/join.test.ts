import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineHarness, withCaseDb } from '../helpers/engine.js';
import { resourcesDir } from '../helpers/fixtures.js';
import { viewEdges } from '../helpers/view-edges.js';
import { joinCounts } from '../../src/core/telemetry/join.js';

const h = new EngineHarness();
afterEach(() => h.close());

// The OTRF LSASS campaign: one Sysmon export of MKT01 and the Zeek conn.log of the same
// traffic. The export's network events (event 3) are dated about 483,280 s (5.6 days) before the
// Zeek flows and before the process starts (event 1) of the same export: its event-3 times are the
// ones off, and they are moved onto Zeek's clock. Counted independently (Python over the two files): 140 Sysmon network
// events, 112 Zeek flows, 110 same-tuple pairs (addresses normalised: IPv6 is written differently
// by the two), 105 one-to-one matches within ±120 s once the
// median offset is taken out.
const zeek = path.join(resourcesDir, 'demo', 'zeek-conn.log');
const sysmon = path.join(resourcesDir, 'demo', 'sysmon-lsass.json');

async function caseWith(files: string[], joinToleranceSeconds?: number) {
  const engine = h.engine();
  const caseId = (await engine.invoke('createCase', { name: 'join' })).id;
  const result = await engine.invoke('importFiles', {
    caseId,
    sources: files.map((p) => engine.files.source(p)),
    ...(joinToleranceSeconds !== undefined ? { joinToleranceSeconds } : {}),
  });
  return { engine, caseId, result };
}

describe('joining Sysmon events with Zeek flows by 5-tuple', () => {
  it('finds the sensor clock skew of the real LSASS case and pairs 105 connections', async () => {
    const { result } = await caseWith([zeek, sysmon]);
    expect(result.join).toMatchObject({ toleranceSeconds: 120, endpointEvents: 140, endpointMatched: 105, flowEvents: 112, flowMatched: 105, newlyMatched: 105 });
    expect(result.join.clockSkews).toHaveLength(1);
    expect(result.join.clockSkews[0]).toMatchObject({ file: zeek, endpointFile: sysmon, off: 'endpoint' });
    expect(Math.abs((result.join.clockSkews[0]?.seconds ?? 0) - 483_280)).toBeLessThan(10);
    // MKT01 opened TCP connections from these two addresses (Sysmon Initiated=true): Zeek's host is MKT01.
    expect(result.join.namedHosts).toEqual([
      { ip: '192.168.1.41', host: 'MKT01.pandalab.com' },
      { ip: 'fe80::5d91:ea18:e2b5:9755', host: 'MKT01.pandalab.com' },
    ]);
  });

  it('shows a sensor flow of a named address under the endpoint host, keeping the address as its source', async () => {
    const { engine, caseId } = await caseWith([zeek, sysmon]);
    const graph = await engine.invoke('getGraphView', { caseId });
    expect(graph.nodes.map((n) => n.id)).not.toContain('host:192.168.1.41');
    // One machine, one node: the named address is the host's own, not a destination either.
    expect(graph.nodes.map((n) => n.id)).not.toContain('ip:192.168.1.41');
    expect(graph.nodes.find((n) => n.id === 'host:MKT01.pandalab.com')?.addresses).toContain('192.168.1.41');
    // An unmatched flow (Zeek saw it, Sysmon did not) hangs off the host itself: process unknown.
    expect(viewEdges(graph).some((e) => e.source === 'host:MKT01.pandalab.com' && e.target.startsWith('ip:') && e.kind === 'connects')).toBe(true);
    const details = await engine.invoke('getEntityDetails', { caseId, nodeId: 'host:MKT01.pandalab.com' });
    // The address its flows came from is one of its own (said once, not again among other source addresses).
    expect(details.facts.find((f) => f.label === 'Own addresses')?.value.split(', ')).toContain('192.168.1.41');
    expect(details.facts.find((f) => f.label === 'Other source addresses')?.value.split(', ') ?? []).not.toContain('192.168.1.41');
  });

  it('gives the endpoint event the flow bytes and the flow its process, and counts the pair once in the graph', async () => {
    const { engine, caseId } = await caseWith([sysmon, zeek]);
    const pairs = withCaseDb(engine, caseId, (db) =>
      db
        .prepare(
          `SELECT e.image, e.bytes_out AS eOut, e.bytes_in AS eIn, f.bytes_out AS fOut, f.bytes_in AS fIn, f.peer_id AS back, e.id AS eid,
                  e.src_ip = f.src_ip AS same
           FROM events e JOIN events f ON f.id = e.peer_id WHERE e.image IS NOT NULL`,
        )
        .all(),
    ) as { image: string; eOut: number | null; eIn: number | null; fOut: number | null; fIn: number | null; back: number; eid: number; same: number }[];
    expect(pairs).toHaveLength(105);
    for (const p of pairs) {
      expect(p.back).toBe(p.eid);
      expect([p.eOut, p.eIn]).toEqual(p.same ? [p.fOut, p.fIn] : [p.fIn, p.fOut]);
    }

    const graph = await engine.invoke('getGraphView', { caseId });
    const edges = viewEdges(graph);
    const c2Edges = edges.filter((e) => e.target === 'ip:10.0.5.13');
    // The C2 sessions Sysmon logged now carry Zeek's byte counts on the process's edge (Sysmon has none of its own).
    const fromProcess = c2Edges.filter((e) => e.source.startsWith('process:'));
    expect(fromProcess.length).toBeGreaterThan(0);
    expect(fromProcess.reduce((n, e) => n + e.bytesIn + e.bytesOut, 0)).toBeGreaterThan(0);
    const totalEvents = withCaseDb(engine, caseId, (db) => (db.prepare('SELECT COUNT(*) AS n FROM events').get() as { n: number }).n);
    const drawn = edges.filter((e) => e.kind === 'connects').reduce((n, e) => n + e.events, 0);
    expect(drawn).toBe(totalEvents - 105);
    expect(graph.totals.events).toBe(totalEvents - 105);

    // The same totals with a filter (computed from events rather than edge_stats).
    const filtered = await engine.invoke('getGraphView', { caseId, from: '2000-01-01T00:00:00Z' });
    expect(viewEdges(filtered).filter((e) => e.kind === 'connects').reduce((n, e) => n + e.events, 0)).toBe(totalEvents - 105);

    const details = await engine.invoke('getEntityDetails', { caseId, nodeId: 'ip:10.0.5.13', limit: 100 });
    const joined = details.connections.filter((c) => c.joined);
    expect(joined.length).toBeGreaterThan(0);
    expect(joined.every((c) => c.process !== null && c.joined?.format === 'zeek-conn-tsv')).toBe(true);
  });

  it('is incremental: importing again adds no pair, and a later file joins with what is there', async () => {
    const { engine, caseId } = await caseWith([zeek]);
    const second = await engine.invoke('importFiles', { caseId, sources: [engine.files.source(sysmon)] });
    expect(second.join).toMatchObject({ endpointMatched: 105, newlyMatched: 105 });
    const third = await engine.invoke('importFiles', { caseId, sources: [engine.files.source(sysmon), engine.files.source(zeek)] });
    expect(third.files.map((f) => f.status)).toEqual(['duplicate', 'duplicate']);
    expect(third.join).toMatchObject({ endpointMatched: 105, flowMatched: 105, newlyMatched: 0 });
    // The summary counts through indexes; a plain scan of every event agrees.
    withCaseDb(engine, caseId, (db) => {
      const scanned = db
        .prepare(
          `SELECT SUM(image IS NOT NULL) AS endpointEvents, SUM(image IS NOT NULL AND peer_id IS NOT NULL) AS endpointMatched,
                  SUM(image IS NULL) AS flowEvents, SUM(image IS NULL AND peer_id IS NOT NULL) AS flowMatched FROM events`,
        )
        .get();
      expect(joinCounts(db)).toEqual(scanned);
    });
  });

  it('pairs within the tolerance only, in either orientation, nearest first, and leaves the rest on both sides', async () => {
    const dir = h.tmp.make();
    const t0 = Date.UTC(2026, 10, 2, 9, 0, 0);
    const sysmonLine = (ms: number, src: string, sport: number, dst: string, dport: number, image: string) =>
      JSON.stringify({
        SourceName: 'Microsoft-Windows-Sysmon',
        EventID: 3,
        Hostname: 'WS01',
        UtcTime: new Date(ms).toISOString().replace('T', ' ').replace('Z', ''),
        Image: image,
        ProcessId: '4242',
        Protocol: 'tcp',
        Initiated: 'true',
        SourceIp: src,
        SourcePort: String(sport),
        DestinationIp: dst,
        DestinationPort: String(dport),
      });
    fs.writeFileSync(
      path.join(dir, 'sysmon.json'),
      [
        sysmonLine(t0, '10.1.1.5', 50000, '203.0.113.77', 443, 'C:\\Tools\\beacon.exe'),
        // Same tuple 10 minutes later: port reuse, pairs with its own flow.
        sysmonLine(t0 + 600_000, '10.1.1.5', 50000, '203.0.113.77', 443, 'C:\\Tools\\beacon.exe'),
        // Written the other way round (an inbound connection): still the same tuple.
        sysmonLine(t0 + 5_000, '10.1.1.5', 3389, '198.51.100.9', 61000, 'C:\\Windows\\System32\\svchost.exe'),
        // No flow within 30 s.
        sysmonLine(t0 + 1_000, '10.1.1.5', 50001, '203.0.113.77', 443, 'C:\\Tools\\late.exe'),
      ].join('\n'),
    );
    const row = (ms: number, o: string, op: number, r: string, rp: number, ob: number, rb: number) =>
      [(ms / 1000).toFixed(6), `C${ms}`, o, op, r, rp, 'tcp', '-', '1.5', ob, rb, 'SF', '-', '-', 0, 'ShADadFf', 10, 1000, 12, 4000, '-'].join('\t');
    fs.writeFileSync(
      path.join(dir, 'conn.log'),
      [
        '#separator \\x09',
        '#path\tconn',
        '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents',
        row(t0 + 2_000, '10.1.1.5', 50000, '203.0.113.77', 443, 700, 9000),
        row(t0 + 601_000, '10.1.1.5', 50000, '203.0.113.77', 443, 800, 9100),
        row(t0 + 4_000, '198.51.100.9', 61000, '10.1.1.5', 3389, 1500, 250000),
        row(t0 + 45_000, '10.1.1.5', 50001, '203.0.113.77', 443, 10, 20),
        '#close\t2026-11-02-10-00-00',
      ].join('\n'),
    );
    const { engine, caseId, result } = await caseWith([path.join(dir, 'sysmon.json'), path.join(dir, 'conn.log')], 30);
    expect(result.join).toMatchObject({ endpointEvents: 4, endpointMatched: 3, flowEvents: 4, flowMatched: 3, clockSkews: [] });
    const bytes = withCaseDb(engine, caseId, (db) =>
      db.prepare('SELECT image, ts, bytes_out AS o, bytes_in AS i FROM events WHERE image IS NOT NULL ORDER BY ts').all(),
    ) as { image: string; o: number | null; i: number | null }[];
    expect(bytes.map((b) => [b.image.split('\\').pop(), b.o, b.i])).toEqual([
      ['beacon.exe', 700, 9000],
      ['late.exe', null, null],
      // The inbound one: Zeek's originator is the remote peer, so its bytes are the endpoint's "in".
      ['svchost.exe', 250000, 1500],
      ['beacon.exe', 800, 9100],
    ]);
  });

  describe('which clock is off, decided by the processes\' starts', () => {
    const t0 = Date.UTC(2026, 10, 2, 9, 0, 0);
    const utc = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
    const guid = (i: number) => `{aaaaaaaa-0000-0000-0000-00000000000${i}}`;
    /** Three processes started at t0 + i min, each opening one connection 5 s later; `connectionShift` moves only the connections. */
    function sysmonFile(dir: string, withStarts: boolean, connectionShift = 0): string {
      const lines: string[] = [];
      for (let i = 1; i <= 3; i++) {
        const start = t0 + i * 60_000;
        const image = `C:\\Tools\\tool${i}.exe`;
        if (withStarts) {
          lines.push(JSON.stringify({ SourceName: 'Microsoft-Windows-Sysmon', EventID: 1, Hostname: 'WS01', UtcTime: utc(start), ProcessGuid: guid(i), ProcessId: String(100 + i), Image: image, CommandLine: image, User: 'LAB\\ann', ParentImage: 'C:\\Windows\\explorer.exe' }));
        }
        lines.push(
          JSON.stringify({
            SourceName: 'Microsoft-Windows-Sysmon', EventID: 3, Hostname: 'WS01', UtcTime: utc(start + 5_000 + connectionShift), ProcessGuid: guid(i), ProcessId: String(100 + i), Image: image,
            Protocol: 'tcp', Initiated: 'true', SourceIp: '10.1.1.5', SourcePort: String(50000 + i), DestinationIp: '203.0.113.77', DestinationPort: '443',
          }),
        );
      }
      const file = path.join(dir, 'sysmon.json');
      fs.writeFileSync(file, lines.join('\n'));
      return file;
    }
    /** The Zeek flows of those connections, `shift` ms off the true time. */
    function zeekFile(dir: string, shift: number): string {
      const rows = [1, 2, 3].map((i) =>
        [((t0 + i * 60_000 + 5_000 + shift) / 1000).toFixed(6), `C${i}`, '10.1.1.5', 50000 + i, '203.0.113.77', 443, 'tcp', '-', '1.5', 700, 9000, 'SF', '-', '-', 0, 'ShADadFf', 10, 1000, 12, 4000, '-'].join('\t'),
      );
      const file = path.join(dir, 'conn.log');
      fs.writeFileSync(file, ['#separator \\x09', '#path\tconn', `#fields\t${ZEEK_FIELDS}`, ...rows].join('\n'));
      return file;
    }
    const ZEEK_FIELDS = 'ts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp\tmissed_bytes\thistory\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\ttunnel_parents';
    const DAYS2 = 2 * 86_400_000;
    const times = (engine: Parameters<typeof withCaseDb>[0], caseId: string) =>
      withCaseDb(engine, caseId, (db) => db.prepare('SELECT image IS NULL AS flow, ts FROM events ORDER BY flow, ts').all()) as { flow: number; ts: number }[];

    it('blames the flows when they come before the processes that made them, and moves them', async () => {
      const dir = h.tmp.make();
      const { engine, caseId, result } = await caseWith([sysmonFile(dir, true), zeekFile(dir, -DAYS2)]);
      expect(result.join.clockSkews).toEqual([expect.objectContaining({ off: 'flow', checked: 3, endpointBeforeStart: 0, flowBeforeStart: 3, seconds: -172_800 })]);
      expect(result.join.endpointMatched).toBe(3);
      // Both sides now on the endpoint's (right) clock.
      const t = times(engine, caseId);
      expect(t.filter((r) => r.flow).map((r) => r.ts)).toEqual(t.filter((r) => !r.flow).map((r) => r.ts));
    });

    it('blames the endpoint file when its connections come before their own processes\' starts, and moves those', async () => {
      const dir = h.tmp.make();
      const { engine, caseId, result } = await caseWith([sysmonFile(dir, true, -DAYS2), zeekFile(dir, 0)]);
      expect(result.join.clockSkews).toEqual([expect.objectContaining({ off: 'endpoint', checked: 3, endpointBeforeStart: 3, flowBeforeStart: 0, seconds: 172_800 })]);
      expect(times(engine, caseId).map((r) => r.ts)).toEqual([1, 2, 3, 1, 2, 3].map((i) => t0 + i * 60_000 + 5_000));
      // The times as logged stay known: the correction is recorded per import.
      const recorded = withCaseDb(engine, caseId, (db) => db.prepare("SELECT key, value FROM meta WHERE key LIKE 'clock_correction:%'").all());
      expect(recorded).toEqual([{ key: 'clock_correction:1', value: String(DAYS2) }]);
    });

    it('says it cannot tell without process starts (or when both sides agree with them), and puts the flows on the endpoint\'s clock', async () => {
      const dir = h.tmp.make();
      const { engine, caseId, result } = await caseWith([sysmonFile(dir, false), zeekFile(dir, DAYS2)]);
      expect(result.join.clockSkews).toEqual([expect.objectContaining({ off: 'unknown', checked: 0 })]);
      const t = times(engine, caseId);
      expect(t.filter((r) => r.flow).map((r) => r.ts)).toEqual(t.filter((r) => !r.flow).map((r) => r.ts));
      const ahead = h.tmp.make();
      const both = await caseWith([sysmonFile(ahead, true), zeekFile(ahead, DAYS2)]);
      expect(both.result.join.clockSkews).toEqual([expect.objectContaining({ off: 'unknown', checked: 3, endpointBeforeStart: 0, flowBeforeStart: 0 })]);
    });
  });
});
