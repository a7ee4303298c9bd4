import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineHarness } from '../helpers/engine.js';
import { fileLines, fixtures, repoRoot } from '../helpers/fixtures.js';

const h = new EngineHarness();
afterEach(() => h.close());

const fixture = (...parts: string[]) => path.join(repoRoot, 'test', 'fixtures', ...parts);

describe('destinations named by DNS and marked by alerts', () => {
  it('names destinations from a Zeek dns.log of the same traffic, on the graph node and in the details', async () => {
    const engine = h.engine();
    // Without the connections DC01 (192.168.1.4) opened, Zeek does not name a host by that address: it is a destination.
    const conn = path.join(h.tmp.make(), 'conn-without-dc01.log');
    fs.writeFileSync(conn, fileLines(fixtures.zeekTsv).filter((l) => l.startsWith('#') || l.split('\t')[2] !== '192.168.1.4').join('\n'));
    const caseId = (await engine.invoke('createCase', { name: 'dns' })).id;
    const { files } = await engine.invoke('importFiles', {
      caseId,
      sources: [conn, fixture('zeek', 'lsass-dns.log')].map((p) => engine.files.source(p)),
    });
    expect(files.map((f) => [f.status, f.format])).toEqual([
      ['imported', 'zeek-conn-tsv'],
      ['imported', 'zeek-dns-tsv'],
    ]);
    expect(files[1]?.dns).toBeGreaterThan(0);
    const graph = await engine.invoke('getGraphView', { caseId });
    // dc01.pandalab.com answered with 192.168.1.4 in the dns.log; the conn.log talks to it.
    const dc = graph.nodes.find((n) => n.id === 'ip:192.168.1.4');
    expect(dc?.names).toContain('dc01.pandalab.com');
    const details = await engine.invoke('getEntityDetails', { caseId, nodeId: 'ip:192.168.1.4' });
    expect(details.destination?.names).toContain('dc01.pandalab.com');
    expect(details.node.names).toContain('dc01.pandalab.com');
  });

  it('keeps the names of a host\'s own address in its details, where the graph draws the address as the host', async () => {
    const engine = h.engine();
    const caseId = (await engine.invoke('createCase', { name: 'dns whole' })).id;
    await engine.invoke('importFiles', { caseId, sources: [fixtures.zeekTsv, fixture('zeek', 'lsass-dns.log')].map((p) => engine.files.source(p)) });
    // DC01 opened connections of its own in the whole log: Zeek names it 192.168.1.4, one machine one node.
    const graph = await engine.invoke('getGraphView', { caseId });
    expect(graph.nodes.map((n) => n.id)).not.toContain('ip:192.168.1.4');
    expect(graph.nodes.find((n) => n.id === 'host:192.168.1.4')?.addresses).toEqual(['192.168.1.4']);
    const details = await engine.invoke('getEntityDetails', { caseId, nodeId: 'ip:192.168.1.4' });
    expect(details.destination?.names).toContain('dc01.pandalab.com');
  });

  it('marks a destination with the Suricata alerts that involve it and lists their signatures', async () => {
    const engine = h.engine();
    const caseId = (await engine.invoke('createCase', { name: 'alerts' })).id;
    const { files } = await engine.invoke('importFiles', { caseId, sources: [engine.files.source(fixture('suricata', 'eve-curl-ipinfo.json'))] });
    expect(files[0]).toMatchObject({ status: 'imported', format: 'suricata-eve', alerts: 1 });
    const graph = await engine.invoke('getGraphView', { caseId });
    expect(graph.nodes.find((n) => n.id === 'ip:34.117.59.81')).toMatchObject({ alerts: 1 });
    const details = await engine.invoke('getEntityDetails', { caseId, nodeId: 'ip:34.117.59.81' });
    expect(details.facts).toContainEqual({ label: 'IDS alert (1×)', value: 'ET POLICY curl User-Agent Outbound' });
    expect(details.node.alerts).toBe(1);
  });
});
