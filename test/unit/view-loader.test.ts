import { afterEach, describe, expect, it, vi } from 'vitest';
import { startLoader, type ViewSource } from '../../src/renderer/model/loader.js';
import { createViewModel } from '../../src/renderer/model/view-model.js';
import { initialViewState } from '../../src/renderer/model/view-state.js';
import type { GraphViewQuery, TimelineQuery } from '../../src/shared/graph-view-types.js';
import { sampleView } from '../helpers/graph-view-fixture.js';

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function fakeSource() {
  const graphs: { query: GraphViewQuery; answer: ReturnType<typeof deferred<ReturnType<typeof sampleView>>> }[] = [];
  const timelines: TimelineQuery[] = [];
  const findings: string[] = [];
  const source: ViewSource = {
    graphView(query) {
      const answer = deferred<ReturnType<typeof sampleView>>();
      graphs.push({ query, answer });
      return answer.promise;
    },
    timeline: async (q) => {
      timelines.push(q);
      return { start: null, end: null, binSeconds: 1, counts: [], bytes: [], findings: [] };
    },
    findings: async (caseId) => {
      findings.push(caseId);
      return { findings: [], total: 0 };
    },
  };
  return { source, graphs, timelines, findings };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => vi.useRealTimers());

describe('loader', () => {
  it('fetches nothing without a case, then the graph, timeline and findings of the case opened', async () => {
    const m = createViewModel(initialViewState());
    const f = fakeSource();
    const stop = startLoader(m, f.source);
    expect(f.graphs).toHaveLength(0);
    m.dispatch({ type: 'openCase', caseId: 'c1' });
    expect(f.graphs.map((g) => g.query)).toEqual([{ caseId: 'c1', includeInternal: true, grouping: { destinations: 'auto', hosts: 'none', processes: 'none' }, expand: [] }]);
    expect(m.getState().loaded.graph.status).toBe('loading');
    f.graphs[0]?.answer.resolve(sampleView());
    await flush();
    expect(m.getState().loaded.graph.status).toBe('ready');
    expect([f.timelines.length, f.findings]).toEqual([1, ['c1']]);
    stop();
  });

  it('fetches the graph again for a query change, not for a selection or a client filter; the timeline ignores the brush', async () => {
    const m = createViewModel(initialViewState({ caseId: 'c1' }));
    const f = fakeSource();
    startLoader(m, f.source);
    m.dispatch({ type: 'select', nodeId: 'host:WS1' });
    m.dispatch({ type: 'setMinScore', minScore: 0.5 });
    expect(f.graphs).toHaveLength(1);
    m.dispatch({ type: 'setTimeRange', from: '2024-03-01T00:00:00.000Z', to: null });
    expect(f.graphs).toHaveLength(2);
    expect(f.graphs[1]?.query.from).toBe('2024-03-01T00:00:00.000Z');
    expect(f.timelines).toHaveLength(1);
    m.dispatch({ type: 'setHosts', hosts: ['WS1'] });
    expect([f.graphs.length, f.timelines.length, f.findings.length]).toEqual([3, 2, 1]);
    m.dispatch({ type: 'refresh' });
    expect([f.graphs.length, f.timelines.length, f.findings.length]).toEqual([4, 3, 2]);
  });

  it('drops an answer to a question no longer asked, and keeps a failure as an error', async () => {
    const m = createViewModel(initialViewState({ caseId: 'c1' }));
    const f = fakeSource();
    startLoader(m, f.source, { errorMessage: (e) => `failed: ${(e as Error).message}` });
    m.dispatch({ type: 'setIncludeInternal', includeInternal: false });
    const late = sampleView();
    f.graphs[0]?.answer.resolve(late);
    await flush();
    expect(m.getState().loaded.graph.status).toBe('loading');
    f.graphs[1]?.answer.reject(new Error('no such case'));
    await flush();
    expect(m.getState().loaded.graph).toEqual({ status: 'error', error: 'failed: no such case', previous: null });
  });

  it('waits for typing to stop before fetching a search', async () => {
    vi.useFakeTimers();
    const m = createViewModel(initialViewState({ caseId: 'c1' }));
    const f = fakeSource();
    startLoader(m, f.source, { searchDelayMs: 250 });
    for (const s of ['e', 'ev', 'evi', 'evil']) {
      m.dispatch({ type: 'setSearch', search: s });
      vi.advanceTimersByTime(100);
    }
    expect(f.graphs).toHaveLength(1);
    vi.advanceTimersByTime(200);
    expect(f.graphs.map((g) => g.query.search)).toEqual([undefined, 'evil']);
  });

  it('stops: nothing fetched after, late answers dropped', async () => {
    const m = createViewModel(initialViewState({ caseId: 'c1' }));
    const f = fakeSource();
    const stop = startLoader(m, f.source);
    stop();
    f.graphs[0]?.answer.resolve(sampleView());
    m.dispatch({ type: 'setLayout', layout: 'force' });
    m.dispatch({ type: 'setHosts', hosts: ['x'] });
    await flush();
    expect(f.graphs).toHaveLength(1);
    expect(m.getState().loaded.graph.status).toBe('loading');
  });
});
