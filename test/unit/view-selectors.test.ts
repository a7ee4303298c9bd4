import { describe, expect, it } from 'vitest';
import { countView, edgeIndex, edgeIndexOf, findingEdge, indicesOf, nodeIndex, searchMatch, selectVisibility } from '../../src/renderer/model/selectors.js';
import { defaultFilters, defaultQuery, type ClientFilters } from '../../src/renderer/model/view-state.js';
import { viewEdgeId } from '../../src/shared/graph-view-types.js';
import { graphViewOf, sampleView } from '../helpers/graph-view-fixture.js';

const view = sampleView();
const id = (i: number) => view.nodes[i]?.id;

function shown(filters: Partial<ClientFilters> = {}, extra: { hidden?: string[]; from?: string | null; to?: string | null } = {}) {
  const vis = selectVisibility(view, {
    filters: { ...defaultFilters, ...filters },
    hidden: extra.hidden ?? [],
    query: { ...defaultQuery, from: extra.from ?? null, to: extra.to ?? null },
  });
  const nodes = view.nodes.filter((_, i) => vis.nodes[i]).map((n) => n.id);
  const edges = [...vis.edges.keys()].filter((i) => vis.edges[i]).map((i) => viewEdgeId(view, i));
  return { nodes, edges, vis };
}

describe('visibility masks', () => {
  it('draws everything when nothing filters', () => {
    const { nodes, edges } = shown();
    expect(nodes).toHaveLength(view.nodes.length);
    expect(edges).toHaveLength(view.edges.source.length);
  });

  it('minimum score keeps the edges at or above it, their processes and hosts; the rest of the nodes go', () => {
    const { nodes, edges } = shown({ minScore: 0.5 });
    expect(edges).toEqual(['host:WS1->process:WS1|C:\\evil.exe', 'process:WS1|C:\\evil.exe->ip:7.7.7.7']);
    expect(nodes).toEqual(['host:WS1', 'process:WS1|C:\\evil.exe', 'ip:7.7.7.7']);
  });

  it('severity, detector kind, only findings, only IoC hits', () => {
    expect(shown({ severities: ['low'] }).nodes).toEqual(['host:WS1', 'process:WS1|C:\\chrome.exe', 'ip:6.6.6.6']);
    expect(shown({ severities: ['low', 'high'] }).nodes).toHaveLength(5);
    expect(shown({ kinds: ['new-destination'] }).nodes).toEqual(['host:WS1', 'process:WS1|C:\\evil.exe', 'ip:7.7.7.7']);
    expect(shown({ onlyFindings: true }).nodes).toEqual(['host:WS1', 'process:WS1|C:\\chrome.exe', 'process:WS1|C:\\evil.exe', 'ip:6.6.6.6', 'ip:7.7.7.7']);
    expect(shown({ onlyIoc: true }).edges).toEqual(['host:WS1->process:WS1|C:\\chrome.exe', 'process:WS1|C:\\chrome.exe->ip:6.6.6.6']);
  });

  it('an IoC hit suppressed by a warninglist does not count as one', () => {
    const v = graphViewOf(
      [
        { id: 'host:H', kind: 'host' },
        { id: 'ip:9.9.9.9', kind: 'destination', reputation: { hits: 1, sources: 1, score: 0.5, suppressed: 'on a warninglist' } },
      ],
      [{ from: 'host:H', to: 'ip:9.9.9.9' }],
    );
    const vis = selectVisibility(v, { filters: { ...defaultFilters, onlyIoc: true }, hidden: [], query: { from: null, to: null } });
    expect([...vis.nodes, ...vis.edges]).toEqual([0, 0, 0]);
  });

  it('the time range keeps edges that overlap it', () => {
    const day2 = shown({}, { from: '2024-03-02T00:00:00.000Z' });
    expect(day2.nodes).toEqual(['host:WS1', 'process:WS1|C:\\evil.exe', 'ip:7.7.7.7']);
    const morning = shown({}, { from: '2024-03-01T07:00:00.000Z', to: '2024-03-01T08:30:00.000Z' });
    expect(morning.nodes).toEqual(['host:WS1', 'host:SRV', 'process:WS1|C:\\chrome.exe', 'ip:1.1.1.1', 'ip:6.6.6.6', 'ip:10.0.0.9']);
  });

  it('a hidden node takes its edges; a node whose edges are all hidden goes too', () => {
    const { nodes, edges } = shown({}, { hidden: ['process:WS1|C:\\chrome.exe', 'ip:10.0.0.9'] });
    expect(nodes).toEqual(['host:WS1', 'process:WS1|C:\\evil.exe', 'ip:7.7.7.7']);
    expect(edges).toHaveLength(2);
  });

  it('memoises on its inputs: the same arrays for the same inputs', () => {
    const input = { filters: defaultFilters, hidden: [], query: { from: null, to: null } };
    expect(selectVisibility(view, input)).toBe(selectVisibility(view, input));
    expect(selectVisibility(view, input)).not.toBe(selectVisibility(view, { ...input, hidden: [] }));
  });

  it('counts drawn nodes per kind and edges against the answer', () => {
    const c = countView(view, shown({ minScore: 0.5 }).vis);
    expect(c.shown).toEqual({ host: 1, process: 1, destination: 1, group: 0, edges: 2 });
    expect(c.all).toEqual({ host: 2, process: 2, destination: 4, group: 0, edges: 6 });
  });
});

describe('index and id maps', () => {
  it('maps node ids to indices and back, and leaves out ids the answer lacks', () => {
    expect(nodeIndex(view).get('ip:7.7.7.7')).toBe(6);
    expect(id(6)).toBe('ip:7.7.7.7');
    expect([...indicesOf(view, ['host:SRV', 'host:GONE', 'ip:1.1.1.1'])]).toEqual([1, 4]);
    expect(nodeIndex(view)).toBe(nodeIndex(view));
  });

  it('maps edge ids to indices', () => {
    expect(edgeIndex(view).size).toBe(6);
    expect(edgeIndexOf(view, 'process:WS1|C:\\evil.exe->ip:7.7.7.7')).toBe(4);
    expect(edgeIndexOf(view, 'nope->nope')).toBeNull();
    expect(edgeIndexOf(view, null)).toBeNull();
  });

  it("finds a finding's edge: process to destination, host for flows, the image's node when grouped", () => {
    expect(findingEdge(view, { host: 'WS1', process: 'C:\\evil.exe', dst: '7.7.7.7' })).toBe(4);
    expect(findingEdge(view, { host: 'SRV', process: null, dst: '10.0.0.9' })).toBe(5);
    expect(findingEdge(view, { host: 'WS1', process: 'C:\\other.exe', dst: '7.7.7.7' })).toBeNull();
    const grouped = graphViewOf(
      [
        { id: 'group:image:evil.exe', kind: 'process', label: 'evil.exe', path: 'C:\\evil.exe', hosts: 3 },
        { id: 'ip:7.7.7.7', kind: 'destination' },
      ],
      [{ from: 'group:image:evil.exe', to: 'ip:7.7.7.7' }],
    );
    expect(findingEdge(grouped, { host: 'WS1', process: 'C:\\evil.exe', dst: '7.7.7.7' })).toBe(0);
  });

  it('search focuses a match, one with a finding first, by label, path or DNS name', () => {
    expect(searchMatch(view, 'EXE')).toBe(2);
    expect(searchMatch(view, '7.7')).toBe(6);
    expect(searchMatch(view, 'EVIL.exe')).toBe(3);
    expect(searchMatch(view, 'cdn.example')).toBe(4);
    expect(searchMatch(view, '   ')).toBeNull();
    expect(searchMatch(view, 'zzz')).toBeNull();
  });
});
