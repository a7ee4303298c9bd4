import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineHarness } from '../helpers/engine.js';
import { fixtures, repoRoot } from '../helpers/fixtures.js';

/** The details of real exports (test/fixtures): a private destination named by DNS, a host's pages, a Sysmon process's hashes. */
const h = new EngineHarness();
afterEach(() => h.close());

const fixture = (...parts: string[]) => path.join(repoRoot, 'test', 'fixtures', ...parts);
const sum = (a: readonly number[]) => a.reduce((x, y) => x + y, 0);

describe('entity details over real exports', () => {
  it('describes a Zeek destination: class, names, timeline and bytes per day that add up, who reached it', async () => {
    const engine = h.engine({ resourcesDir: path.join(repoRoot, 'resources'), noDemo: true });
    const caseId = (await engine.invoke('createCase', { name: 'lsass' })).id;
    await engine.invoke('importFiles', { caseId, sources: [fixtures.zeekTsv, fixture('zeek', 'lsass-dns.log')].map((p) => engine.files.source(p)) });
    const d = await engine.invoke('getEntityDetails', { caseId, nodeId: 'ip:192.168.1.4' });
    const dst = d.destination;
    expect(dst).toMatchObject({ addressClass: 'private', country: null, as: null, reputation: { hits: [], suppressed: [] } });
    expect(dst?.addressClassText).toContain('RFC 1918');
    expect(dst?.geoMissing).toBe('not a public address');
    expect(dst?.names).toContain('dc01.pandalab.com');
    expect(sum(d.timeline?.counts ?? [])).toBe(d.connectionTotal);
    expect(sum(dst?.bytesPerDay.connections ?? [])).toBe(d.connectionTotal);
    expect(dst?.bytesPerDay.withBytes).toBeGreaterThan(0);
    expect(sum(dst?.reachedBy.rows.map((r) => r.events) ?? [])).toBe(d.connectionTotal);
    // The busiest destination of the capture: its sources and, page by page, every destination of its host.
    const c2 = await engine.invoke('getEntityDetails', { caseId, nodeId: 'ip:10.0.5.13' });
    const hostId = c2.destination?.reachedBy.rows[0]?.nodeId as string;
    expect(hostId).toMatch(/^host:/);
    const host = await engine.invoke('getEntityDetails', { caseId, nodeId: hostId });
    const total = host.host?.destinations.total ?? 0;
    const seen = new Set<string>();
    for (let offset = 0; offset < total; offset += 4) {
      const page = await engine.invoke('listNodeLinks', { caseId, nodeId: hostId, links: 'destinations', offset, limit: 4 });
      expect(page.total).toBe(total);
      for (const r of page.rows) seen.add(r.nodeId);
    }
    expect(seen.size).toBe(total);
    expect(seen).toContain('ip:10.0.5.13');
    expect(host.host?.processes.total).toBe(0);
    // A sensor names the host by its address: that address is its own (one machine, one node).
    expect(host.host?.addresses).toEqual([hostId.slice('host:'.length)]);
  });

  it("lists a Sysmon process's hashes, matching MD5, SHA-1 and SHA-256 against the store but not the import hash", async () => {
    const engine = h.engine();
    const caseId = (await engine.invoke('createCase', { name: 'sysmon' })).id;
    await engine.invoke('importFiles', { caseId, sources: [engine.files.source(fixtures.sysmonWevtutil)] });
    const graph = await engine.invoke('getGraphView', { caseId });
    const withHashes = [];
    for (const n of graph.nodes.filter((x) => x.kind === 'process')) {
      const d = await engine.invoke('getEntityDetails', { caseId, nodeId: n.id });
      if ((d.process?.hashes.length ?? 0) > 0) withHashes.push(d);
    }
    expect(withHashes.length).toBeGreaterThan(0);
    for (const d of withHashes) {
      for (const x of d.process?.hashes ?? []) {
        expect(x.value).toMatch(/^[0-9a-f]+$/);
        expect(x.reputation === null).toBe(x.type === 'imphash');
      }
      expect(d.process?.path).toBe(d.facts.find((f) => f.label === 'Image')?.value);
    }
  });
});
