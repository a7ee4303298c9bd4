import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import type { EntityDetails } from '../../src/shared/entity-details-types.js';
import { EngineHarness } from '../helpers/engine.js';
import { analysedWeek } from '../helpers/week-case.js';
import type { WeekManifest } from '../synthetic/index.js';

/**
 * The details of the synthetic week's planted incidents, as the panel gets
 * them: a beacon's rhythm, an IoC hit's post, a warninglisted decoy, a hash
 * hit on a masquerading process, a host's pages, and the pivot from each
 * indicator back to the case.
 */

const h = new EngineHarness();
let manifest: WeekManifest;
let engine: Engine;
let caseId = '';

beforeAll(async () => {
  ({ manifest, engine, caseId } = await analysedWeek(h, 'details week'));
}, 300_000);
afterAll(() => h.close());

const incident = (id: string) => {
  const i = manifest.incidents.find((x) => x.id === id);
  if (!i) throw new Error(`the manifest has no incident ${id}`);
  return i;
};
const details = (nodeId: string): Promise<EntityDetails> => engine.invoke('getEntityDetails', { caseId, nodeId });
const sum = (a: readonly number[]) => a.reduce((x, y) => x + y, 0);

describe('details of a destination', () => {
  it("shows a beacon's interval histogram with its period as the tallest bar, its timeline and bytes per day", async () => {
    const beacon = incident('beacon');
    const d = await details(`ip:${beacon.destination.ip}`);
    const dst = d.destination;
    if (!dst?.intervals || !d.timeline) throw new Error('no intervals or timeline');
    const { edges, counts, medianSeconds } = dst.intervals;
    expect(edges.length).toBe(counts.length + 1);
    expect(sum(counts)).toBe(dst.intervals.gaps);
    expect(dst.intervals.gaps).toBe(d.connectionTotal - dst.intervals.units);
    const tallest = counts.indexOf(Math.max(...counts));
    // Every ~600 s ± 5 %: the tallest log bin holds 600 s and most of the gaps.
    expect(edges[tallest]).toBeLessThanOrEqual(600);
    expect(edges[tallest + 1]).toBeGreaterThan(600);
    expect(medianSeconds).toBeGreaterThan(570);
    expect(medianSeconds).toBeLessThan(630);
    expect(sum(d.timeline.counts)).toBe(d.connectionTotal);
    expect(d.timeline.counts.length).toBeLessThanOrEqual(120);
    expect(Date.parse(d.timeline.start as string)).toBeLessThanOrEqual(Date.parse(d.firstSeen as string));
    expect(sum(dst.bytesPerDay.connections)).toBe(d.connectionTotal);
    expect(dst.bytesPerDay.days.length).toBeGreaterThanOrEqual(5);
    expect(sum(dst.bytesPerDay.bytesOut)).toBeGreaterThan(0);
    expect(dst.reachedBy.rows.map((r) => [r.host, r.process])).toEqual([[beacon.host, beacon.process.image]]);
    expect(dst.reachedBy.rows[0]?.score).toBeGreaterThan(0.5);
    expect(dst.names).toContain(beacon.destination.hostname);
  });

  it('cites the post behind an IoC hit: source, author, time, text and link, scored now and as of the connection', async () => {
    const ioc = incident('ioc-ip');
    const posted = manifest.iocs.find((i) => i.incident === 'ioc-ip' && i.type === 'ipv4');
    if (!posted) throw new Error('no posted IoC for ioc-ip');
    const d = await details(`ip:${ioc.destination.ip}`);
    const hit = d.destination?.reputation.hits.find((x) => x.value === ioc.destination.ip);
    expect(hit).toMatchObject({ type: 'ipv4', how: 'exact', via: ioc.destination.ip, reasons: [] });
    expect(hit?.atConnection?.score).toBeGreaterThan(0);
    expect(hit?.scoreNow).toBeGreaterThanOrEqual(0);
    const cited = hit?.citations.find((c) => c.link === posted.postUrl);
    expect(cited, JSON.stringify(hit?.citations)).toBeDefined();
    expect(cited?.author).toContain(posted.author);
    expect(Date.parse(cited?.postedAt as string)).toBeLessThan(Date.parse(ioc.timeRange.first));
    expect(d.destination).toMatchObject({ addressClass: 'public', addressClassText: 'Public Internet address' });
  });

  it('finds a network posted as C2 with its author, and names the address class, country and AS', async () => {
    const cidr = incident('ioc-cidr');
    const d = await details(`ip:${cidr.destination.ip}`);
    const hit = d.destination?.reputation.hits.find((x) => x.type === 'cidr');
    expect(hit).toMatchObject({ how: 'cidr', via: cidr.destination.ip });
    const posted = manifest.iocs.find((i) => i.type === 'cidr');
    // The STIX bundle keeps the post's text: shown verbatim (as text) in the panel.
    expect(hit?.citations.map((c) => c.text)).toContain(posted?.text);
    expect(posted?.text).toBeTruthy();
    // The installed ip-location-db data knows every public address's AS, or says why not.
    expect(d.destination?.as !== null || d.destination?.geoMissing !== null).toBe(true);
  });

  it('shows a warninglisted hit as suppressed with the list, and the lists that name the address', async () => {
    const d = await details('ip:8.8.8.8');
    const dst = d.destination;
    expect(dst?.reputation.hits).toEqual([]);
    const suppressed = dst?.reputation.suppressed.find((x) => x.value === '8.8.8.8');
    expect(suppressed?.reasons).toContainEqual(expect.objectContaining({ kind: 'warninglist', listId: 'public-dns-v4', on: 'indicator' }));
    expect(dst?.warninglists).toContainEqual(expect.objectContaining({ value: '8.8.8.8', listId: 'public-dns-v4', contextOnly: false }));
    expect(dst?.country).toBe('US');
  });
});

describe('facts cut short', () => {
  it('say how many more there are: a busy destination reached by every host lists eight and "and N more"', async () => {
    const heartbeat = manifest.decoys.find((x) => x.id === 'heartbeat');
    if (!heartbeat) throw new Error('the manifest has no heartbeat decoy');
    const d = await details(`ip:${heartbeat.destination.ip}`);
    const hosts = d.facts.find((f) => f.label === 'Hosts')?.value ?? '';
    const m = /^(.+), and (\d+) more$/.exec(hosts);
    expect(m, hosts).not.toBeNull();
    expect(m?.[1]?.split(', ')).toHaveLength(8);
    expect(8 + Number(m?.[2])).toBe(manifest.hosts.length);
  });
});

describe('details of a process', () => {
  it("gives a masquerading process's hashes with the hash hit, its command line, user and lineage", async () => {
    const m = incident('hash-ioc');
    const sha256 = (m.details as { sha256: string }).sha256;
    const d = await details(`process:${m.host}|${m.process.image}`);
    const p = d.process;
    expect(p?.path).toBe(m.process.image);
    const hash = p?.hashes.find((x) => x.type === 'sha256');
    expect(hash?.value).toBe(sha256.toLowerCase());
    expect(hash?.reputation?.hits.map((x) => [x.type, x.value, x.how])).toEqual([['sha256', sha256.toLowerCase(), 'exact']]);
    expect(hash?.reputation?.hits[0]?.citations.length).toBeGreaterThan(0);
    expect(p?.hashes.find((x) => x.type === 'imphash')?.reputation ?? null).toBeNull();
    expect(p?.users.length).toBeGreaterThan(0);
    expect(p?.commandLine).toBeTruthy();
    expect(d.lineage?.written?.by?.toLowerCase()).toContain('winword.exe');
    expect(p?.destinations.total).toBeGreaterThan(0);
  });
});

describe('details of a host, paged and searchable', () => {
  it('lists its own addresses and its processes and destinations a page at a time, searchable', async () => {
    const beacon = incident('beacon');
    const d = await details(`host:${beacon.host}`);
    expect(d.host?.addresses).toContain(beacon.hostIp);
    const total = d.host?.processes.total ?? 0;
    expect(total).toBeGreaterThan(5);
    const page = (offset: number) => engine.invoke('listNodeLinks', { caseId, nodeId: `host:${beacon.host}`, links: 'processes', offset, limit: 3 });
    const [a, b] = await Promise.all([page(0), page(3)]);
    expect([a.total, b.total]).toEqual([total, total]);
    expect(a.rows.length).toBe(3);
    expect(new Set([...a.rows, ...b.rows].map((r) => r.nodeId)).size).toBe(a.rows.length + b.rows.length);
    expect(a.rows.map((r) => r.events)).toEqual([...a.rows.map((r) => r.events)].sort((x, y) => y - x));
    const found = await engine.invoke('listNodeLinks', { caseId, nodeId: `host:${beacon.host}`, links: 'processes', search: 'synchelper' });
    expect(found.rows.map((r) => r.process)).toEqual([beacon.process.image]);
    expect(found.total).toBe(1);
    const dsts = await engine.invoke('listNodeLinks', { caseId, nodeId: `host:${beacon.host}`, links: 'destinations', search: beacon.destination.ip });
    expect(dsts.rows.map((r) => r.nodeId)).toEqual([`ip:${beacon.destination.ip}`]);
    // A literal % is searched as itself, not as a wildcard.
    expect((await engine.invoke('listNodeLinks', { caseId, nodeId: `host:${beacon.host}`, links: 'processes', search: '%' })).total).toBe(0);
  });

  it('says its own addresses once, as a fact, apart from any other address its connections came from', async () => {
    const beacon = incident('beacon');
    const d = await details(`host:${beacon.host}`);
    const fact = (label: string) => d.facts.find((f) => f.label === label)?.value;
    expect(fact('Own addresses')).toBe(d.host?.addresses.join(', '));
    expect(d.host?.addresses).toEqual([beacon.hostIp]);
    // Not listed again among the source addresses.
    expect(fact('Source addresses')).toBeUndefined();
    expect(fact('Other source addresses')?.split(', ') ?? []).not.toContain(beacon.hostIp);
  });

  it('refuses links a node kind does not have, saying which it has', async () => {
    await expect(engine.invoke('listNodeLinks', { caseId, nodeId: 'ip:8.8.8.8', links: 'processes' })).rejects.toThrow(/destinations: sources/);
  });
});

describe('findings show how their score was reached', () => {
  it('reaches each stored score from its explanations', async () => {
    const { findings } = await engine.invoke('listFindings', { caseId, limit: 2000, includeIgnored: true });
    expect(findings.length).toBeGreaterThan(10);
    for (const f of findings) expect(f.combination?.total, `finding ${f.id}`).toBe(f.score);
    const beacon = incident('beacon');
    const top = findings.find((f) => f.dst === beacon.destination.ip);
    expect(top?.combination?.steps[0]).toMatchObject({ role: 'sets' });
  });
});

describe('where an indicator was seen', () => {
  const nodesOf = async (type: 'ipv4' | 'cidr' | 'domain' | 'url' | 'sha256', value: string) => {
    const r = await engine.invoke('intelWhereSeen', { type, value });
    expect(r.casesSearched).toBe(1);
    return r.cases.flatMap((c) => c.nodes.map((n) => ({ caseId: c.caseId, nodeId: n.nodeId, via: n.via, events: n.events })));
  };

  it('finds the case and the destination for an address, a network, a domain and a URL', async () => {
    const ip = incident('ioc-ip');
    expect(await nodesOf('ipv4', ip.destination.ip)).toEqual([{ caseId, nodeId: `ip:${ip.destination.ip}`, via: ip.destination.ip, events: expect.any(Number) }]);
    const cidr = incident('ioc-cidr');
    const net = manifest.iocs.find((i) => i.type === 'cidr')?.value as string;
    expect((await nodesOf('cidr', net)).map((n) => n.nodeId)).toContain(`ip:${cidr.destination.ip}`);
    const dom = incident('ioc-domain');
    expect(await nodesOf('domain', dom.destination.hostname as string)).toEqual([
      { caseId, nodeId: `ip:${dom.destination.ip}`, via: dom.destination.hostname, events: dom.connections },
    ]);
    expect((await nodesOf('url', `https://${dom.destination.hostname}/login`)).map((n) => n.nodeId)).toEqual([`ip:${dom.destination.ip}`]);
  });

  it('finds the process that ran with a hash', async () => {
    const m = incident('hash-ioc');
    const nodes = await nodesOf('sha256', (m.details as { sha256: string }).sha256);
    expect(nodes.map((n) => n.nodeId)).toEqual([`process:${m.host}|${m.process.image}`]);
    expect(nodes[0]?.events).toBeGreaterThan(0);
  });

  it('finds nothing for an indicator the case never met, and refuses a value that is not of its type', async () => {
    expect(await nodesOf('ipv4', '203.0.113.99')).toEqual([]);
    await expect(engine.invoke('intelWhereSeen', { type: 'ipv4', value: 'not-an-ip' })).rejects.toThrow(/not a valid ipv4/);
  });
});
