import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import type { GraphView } from '../../src/shared/graph-view-types.js';
import { EngineHarness } from '../helpers/engine.js';
import { analysedWeek } from '../helpers/week-case.js';
import type { WeekManifest } from '../synthetic/index.js';

/**
 * The investigation graph of the synthetic week, analysed: the planted
 * incidents are drawn on their own whatever the budget, nothing is dropped
 * (every connection ends on a drawn node, group counts add up).
 */
const h = new EngineHarness();
let manifest: WeekManifest;
let engine: Engine;
let caseId = '';

beforeAll(async () => {
  ({ manifest, engine, caseId } = await analysedWeek(h, 'graph week'));
}, 300_000);
afterAll(() => h.close());

const connects = (v: GraphView) => v.edges.events.reduce((s, n, i) => s + (v.edges.kind[i] === 1 ? n : 0), 0);

describe('the synthetic week in the investigation graph', () => {
  it.each([1, 5, 400])('draws every planted incident\'s destination on its own with its finding, with a budget of %i', async (maxDestinations) => {
    const view = await engine.invoke('getGraphView', { caseId, maxDestinations });
    const { findings } = await engine.invoke('listFindings', { caseId, limit: 10_000 });
    const marked = new Set(findings.filter((f) => f.score > 0).map((f) => f.dst));
    const own = new Map(view.nodes.filter((n) => n.kind === 'destination').map((n) => [n.label, n]));
    for (const incident of manifest.incidents) {
      const node = own.get(incident.destination.ip);
      expect(node, `${incident.id}: ${incident.destination.ip}`).toBeDefined();
      expect(node?.finding?.score, incident.id).toBeGreaterThan(0);
    }
    // Every destination with a finding is drawn, unless it is a host's own address (it is that host then).
    const hostAddresses = new Set(view.nodes.flatMap((n) => n.addresses ?? []));
    for (const ip of marked) if (!hostAddresses.has(ip)) expect(own.has(ip), ip).toBe(true);
    // Nothing dropped: the groups hold every destination not drawn, and every connection ends on a drawn node.
    const groups = view.nodes.filter((n) => n.group?.of === 'destination');
    expect(own.size + groups.reduce((s, g) => s + (g.group?.members ?? 0), 0)).toBe(view.totals.destinations);
    if (view.folded.edges === 0) expect(connects(view)).toBe(view.totals.events);
    expect(view.nodes.filter((n) => n.kind === 'destination' && !n.finding).length).toBeLessThanOrEqual(maxDestinations);
  });

  it('one machine is one node: no workstation or server address is also a destination', async () => {
    const view = await engine.invoke('getGraphView', { caseId, maxDestinations: 20_000 });
    const server = view.nodes.find((n) => n.id === 'host:SRV01');
    expect(server?.addresses).toContain('10.20.0.10');
    expect(view.nodes.some((n) => n.id === 'ip:10.20.0.10')).toBe(false);
    const into = view.edges.target.filter((t) => t === view.nodes.indexOf(server!)).length;
    expect(into).toBeGreaterThan(0);
  });

  it('"hide internal destinations" keeps the public ones', async () => {
    const view = await engine.invoke('getGraphView', { caseId, includeInternal: false });
    const destinations = view.nodes.filter((n) => n.kind === 'destination');
    expect(destinations.length).toBeGreaterThan(10);
    expect(destinations.every((n) => n.addressClass === 'public' || n.addressClass === 'documentation')).toBe(true);
  });

  it('marks the IoC destinations and the hash-matched process with their reputation, 8.8.8.8 as suppressed by its warninglist', async () => {
    const view = await engine.invoke('getGraphView', { caseId, maxDestinations: 1 });
    const byId = new Map(view.nodes.map((n) => [n.id, n]));
    for (const id of ['ioc-ip', 'ioc-domain', 'ioc-cidr']) {
      const incident = manifest.incidents.find((i) => i.id === id)!;
      const node = byId.get(`ip:${incident.destination.ip}`);
      // Each planted indicator was posted once, by one account, in the TweetFeed file.
      expect(node?.reputation, id).toMatchObject({ hits: expect.any(Number), sources: 1 });
      expect(node?.reputation?.hits, id).toBeGreaterThanOrEqual(1);
      expect(node?.reputation?.score, id).toBeGreaterThan(0);
      expect(node?.reputation?.suppressed, id).toBeUndefined();
      expect(node?.benign, id).toBeUndefined();
    }
    // The decoy: drawn as suppressed, with the list in words, and dimmed as known benign.
    const all = await engine.invoke('getGraphView', { caseId, maxDestinations: 20_000 });
    const dns = all.nodes.find((n) => n.id === 'ip:8.8.8.8');
    expect(dns?.reputation).toMatchObject({ hits: 1, sources: 1 });
    expect(dns?.reputation?.suppressed).toMatch(/warninglist "List of known IPv4 public DNS resolvers"/);
    expect(dns?.benign).toMatch(/^on the warninglist "List of known IPv4 public DNS resolvers"$/);
    // Its behaviour (a resolver every host asks all day) scores under every severity: not a finding that outweighs the list.
    expect(dns?.finding?.severity ?? null).toBeNull();
    const hash = manifest.incidents.find((i) => i.id === 'hash-ioc')!;
    const process = view.nodes.find((n) => n.kind === 'process' && n.id === `process:${hash.host}|${hash.process.image}`);
    expect(process?.reputation).toMatchObject({ hits: 1, sources: 1 });
    expect(process?.reputation?.suppressed).toBeUndefined();
    // No other process carries a hash reputation.
    expect(view.nodes.filter((n) => n.kind === 'process' && n.reputation).map((n) => n.id)).toEqual([process?.id]);
  });

  it('carries the hash-matched process\'s reputation onto its image when processes are folded by image across hosts', async () => {
    const hash = manifest.incidents.find((i) => i.id === 'hash-ioc')!;
    const byImage = await engine.invoke('getGraphView', { caseId, grouping: { processes: 'image' } });
    const image = byImage.nodes.find((n) => n.kind === 'group' && n.group?.of === 'process' && n.path === hash.process.image);
    expect(image?.reputation).toMatchObject({ hits: 1, sources: 1 });
    expect(image?.reputation?.suppressed).toBeUndefined();
    expect(byImage.nodes.filter((n) => n.group?.of === 'process' && n.reputation).map((n) => n.id)).toEqual([image?.id]);
  });

  it.each(['asn', 'country', 'service'] as const)('groups destinations by %s from the enrichment the analysis stored, counts adding up to the totals', async (by) => {
    const view = await engine.invoke('getGraphView', { caseId, grouping: { destinations: by } });
    const groups = view.nodes.filter((n) => n.group?.of === 'destination');
    const named = groups.filter((g) => g.group?.by === by);
    expect(named.length, `groups by ${by}`).toBeGreaterThan(1);
    for (const g of named) {
      if (by === 'asn') expect(g.label).toMatch(/^AS\d+( |$)/);
      else if (by === 'country') expect(g.label).toMatch(/^[A-Z]{2}$/);
      else expect(g.label).toBe(g.group?.key);
    }
    // Drawn destinations carry what grouped the others.
    const own = view.nodes.filter((n) => n.kind === 'destination');
    const field = by === 'asn' ? 'as' : by;
    expect(own.some((n) => n[field] !== undefined), `${field} on drawn destinations`).toBe(true);
    expect(own.length + groups.reduce((s, g) => s + (g.group?.members ?? 0), 0)).toBe(view.totals.destinations);
    if (view.folded.edges === 0) expect(connects(view)).toBe(view.totals.events);
    const reached = view.nodes.filter((n) => n.kind === 'destination' || n.group?.of === 'destination').reduce((s, n) => s + n.events, 0);
    expect(reached).toBeLessThanOrEqual(view.totals.events);
  });
});
