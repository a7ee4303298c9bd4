import { describe, expect, it, vi } from 'vitest';
import type { Action } from '../../src/renderer/model/actions.js';
import { MAX_IDS } from '../../src/renderer/model/reduce.js';
import { createViewModel, HISTORY_LIMIT, type ViewModel } from '../../src/renderer/model/view-model.js';
import { defaultSeen, initialViewState, type ViewState } from '../../src/renderer/model/view-state.js';
import { sampleView } from '../helpers/graph-view-fixture.js';

function model(partial: Partial<ViewState> = { caseId: 'c1' }): ViewModel & { run(...actions: Action[]): ViewState } {
  const m = createViewModel(initialViewState(partial));
  return Object.assign(m, {
    run(...actions: Action[]) {
      for (const a of actions) m.dispatch(a);
      return m.getState();
    },
  });
}

describe('view model actions', () => {
  it('selects one node, adds and removes with additive, clears with null', () => {
    const m = model();
    expect(m.run({ type: 'select', nodeId: 'host:A' }).selection).toEqual(['host:A']);
    expect(m.run({ type: 'select', nodeId: 'host:B', additive: true }).selection).toEqual(['host:A', 'host:B']);
    expect(m.run({ type: 'select', nodeId: 'host:A', additive: true }).selection).toEqual(['host:B']);
    expect(m.run({ type: 'select', nodeId: 'host:C' }).selection).toEqual(['host:C']);
    expect(m.run({ type: 'select', nodeId: null }).selection).toEqual([]);
  });

  it('selectNodes keeps each id once and at most MAX_IDS, the latest', () => {
    const ids = Array.from({ length: MAX_IDS + 5 }, (_, i) => `host:${i}`);
    const s = model().run({ type: 'selectNodes', nodeIds: [...ids, 'host:0'] });
    expect(s.selection).toHaveLength(MAX_IDS);
    expect(s.selection[0]).toBe('host:5');
  });

  it('selecting an edge clears the node selection; a node clears the edge and finding', () => {
    const m = model();
    let s = m.run({ type: 'select', nodeId: 'host:A' }, { type: 'selectEdge', edgeId: 'a->b' });
    expect([s.selection, s.selectedEdge]).toEqual([[], 'a->b']);
    s = m.run({ type: 'selectFinding', findingId: 7, edgeId: 'x->y', nodeId: 'ip:1.2.3.4' });
    expect([s.selectedFinding, s.selectedEdge, s.selection]).toEqual([7, 'x->y', ['ip:1.2.3.4']]);
    s = m.run({ type: 'select', nodeId: 'host:B' });
    expect([s.selectedFinding, s.selectedEdge, s.selection]).toEqual([null, null, ['host:B']]);
    s = m.run({ type: 'selectFinding', findingId: 3 }, { type: 'selectFinding', findingId: null, edgeId: 'ignored' });
    expect([s.selectedFinding, s.selectedEdge, s.selection]).toEqual([null, null, []]);
  });

  it('sets the server query: search cut to 200, a reversed brush, bounded lists, lower-case protocols', () => {
    const m = model();
    expect(m.run({ type: 'setSearch', search: 'x'.repeat(300) }).query.search).toHaveLength(200);
    const t = m.run({ type: 'setTimeRange', from: '2024-03-02T00:00:00.000Z', to: '2024-03-01T00:00:00.000Z' }).query;
    expect([t.from, t.to]).toEqual(['2024-03-01T00:00:00.000Z', '2024-03-02T00:00:00.000Z']);
    expect(m.run({ type: 'setHosts', hosts: ['A', 'A', 'B'] }).query.hosts).toEqual(['A', 'B']);
    expect(m.run({ type: 'setProcesses', processes: ['p'] }).query.processes).toEqual(['p']);
    expect(m.run({ type: 'setPorts', ports: [443, -1, 70000, 1.5, 53] }).query.ports).toEqual([443, 53]);
    expect(m.run({ type: 'setProtocols', protocols: ['TCP', 'tcp', 'udp'] }).query.protocols).toEqual(['tcp', 'udp']);
    expect(m.run({ type: 'setIncludeInternal', includeInternal: false }).query.includeInternal).toBe(false);
  });

  it('grouping merges and drops what was expanded; expand once, collapse', () => {
    const m = model();
    m.dispatch({ type: 'selectNodes', nodeIds: ['g:1', 'host:A'] });
    let q = m.run({ type: 'expandGroup', groupId: 'g:1' }, { type: 'expandGroup', groupId: 'g:1' }, { type: 'expandGroup', groupId: 'g:2' }).query;
    expect(q.expanded).toEqual(['g:1', 'g:2']);
    expect(m.getState().selection).toEqual(['host:A']);
    q = m.run({ type: 'collapseGroup', groupId: 'g:1' }).query;
    expect(q.expanded).toEqual(['g:2']);
    q = m.run({ type: 'setGrouping', grouping: { destinations: 'asn' } }).query;
    expect(q.grouping).toEqual({ destinations: 'asn', hosts: 'none', processes: 'none' });
    expect(q.expanded).toEqual([]);
  });

  it('client filters: score clamped, severities and kinds toggled, only IoC / findings, reset', () => {
    const m = model();
    expect(m.run({ type: 'setMinScore', minScore: 7 }).filters.minScore).toBe(1);
    expect(m.run({ type: 'setMinScore', minScore: Number.NaN }).filters.minScore).toBe(0);
    expect(m.run({ type: 'toggleSeverity', severity: 'high' }, { type: 'toggleSeverity', severity: 'low' }, { type: 'toggleSeverity', severity: 'high' }).filters.severities).toEqual(['low']);
    expect(m.run({ type: 'toggleKind', kind: 'beacon' }).filters.kinds).toEqual(['beacon']);
    const f = m.run({ type: 'setOnlyIoc', on: true }, { type: 'setOnlyFindings', on: true }, { type: 'setSearch', search: 'x' }).filters;
    expect([f.onlyIoc, f.onlyFindings]).toEqual([true, true]);
    const s = m.run({ type: 'resetFilters' });
    expect(s.filters).toEqual(defaultSeen.filters);
    expect(s.query.search).toBe('');
  });

  it('overlays, layout, edge width, theme and view', () => {
    const s = model().run(
      { type: 'setOverlay', overlay: 'dimBenign', on: false },
      { type: 'setLayout', layout: 'force' },
      { type: 'setEdgeWidth', edgeWidth: 'bytes' },
      { type: 'setTheme', theme: 'dark' },
      { type: 'setView', view: 'intel' },
    );
    expect(s.overlays).toEqual({ reputation: true, anomaly: true, dimBenign: false });
    expect([s.layout, s.edgeWidth, s.theme, s.view]).toEqual(['force', 'bytes', 'dark', 'intel']);
  });

  it('pins and unpins (non-finite positions refused); hides nodes (deselecting them) and shows all', () => {
    const m = model();
    expect(m.run({ type: 'pin', nodeId: 'a', x: 1, y: 2 }, { type: 'pin', nodeId: 'b', x: Number.NaN, y: 0 }).pins).toEqual({ a: [1, 2] });
    expect(m.run({ type: 'unpin', nodeIds: ['a'] }).pins).toEqual({});
    const s = m.run({ type: 'selectNodes', nodeIds: ['a', 'b'] }, { type: 'hideNodes', nodeIds: ['a', 'c'] });
    expect([s.hidden, s.selection]).toEqual([['a', 'c'], ['b']]);
    expect(m.run({ type: 'showAllNodes' }).hidden).toEqual([]);
  });

  it('each drag is one pin and one undo step, also of the same node; unpin and unpin all are one step each', () => {
    const m = model();
    // A drag dispatches once, at the drop: two drags of one node are two steps.
    m.run({ type: 'pin', nodeId: 'a', x: 10, y: 20 }, { type: 'pin', nodeId: 'a', x: 30, y: 40 }, { type: 'pin', nodeId: 'b', x: 1, y: 1 });
    expect(m.getHistory().undo).toBe(3);
    expect(m.run({ type: 'undo' }).pins).toEqual({ a: [30, 40] });
    expect(m.run({ type: 'undo' }).pins).toEqual({ a: [10, 20] });
    expect(m.run({ type: 'redo' }, { type: 'redo' }).pins).toEqual({ a: [30, 40], b: [1, 1] });
    expect(m.run({ type: 'unpin', nodeIds: ['a', 'b', 'not-pinned'] }).pins).toEqual({});
    expect(m.getHistory().undo).toBe(4);
    m.run({ type: 'undo' });
    expect(m.run({ type: 'unpinAll' }).pins).toEqual({});
    expect(m.run({ type: 'undo' }).pins).toEqual({ a: [30, 40], b: [1, 1] });
  });

  it('pins any node id as its own key ("__proto__" too) and keeps at most MAX_IDS, dropping the oldest', () => {
    const m = model();
    const s = m.run({ type: 'pin', nodeId: '__proto__', x: 1, y: 2 });
    expect(Object.keys(s.pins)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(s.pins)).toBe(Object.prototype);
    for (let i = 0; i < MAX_IDS + 3; i++) m.dispatch({ type: 'pin', nodeId: `n${i}`, x: i, y: i });
    // Pinned again: the newest, kept.
    const pins = m.run({ type: 'pin', nodeId: 'n2', x: 7, y: 7 }).pins;
    expect(Object.keys(pins)).toHaveLength(MAX_IDS);
    expect(pins['n2']).toEqual([7, 7]);
    // 504 pinned: the four oldest go (n2 is no longer among them).
    expect(['__proto__', 'n0', 'n1', 'n3', 'n4'].map((id) => Object.hasOwn(pins, id))).toEqual([false, false, false, false, true]);
    expect(pins[`n${MAX_IDS + 2}`]).toEqual([MAX_IDS + 2, MAX_IDS + 2]);
  });

  it('loading keeps the previous answer, a failure too; opening another case starts afresh', () => {
    const m = model();
    const view = sampleView();
    m.dispatch({ type: 'loaded', what: 'graph', value: view });
    expect(m.run({ type: 'loading', what: 'graph' }).loaded.graph).toEqual({ status: 'loading', previous: view });
    expect(m.run({ type: 'loadFailed', what: 'graph', error: 'boom' }).loaded.graph).toEqual({ status: 'error', error: 'boom', previous: view });
    const s = m.run({ type: 'setSearch', search: 'x' }, { type: 'openCase', caseId: 'c2' });
    expect([s.caseId, s.query.search, s.loaded.graph.status]).toEqual(['c2', '', 'idle']);
    expect(m.getHistory()).toEqual({ undo: 0, redo: 0 });
  });

  it('restore sets case, view and what is seen; the same case keeps its answers', () => {
    const m = model();
    m.dispatch({ type: 'loaded', what: 'graph', value: sampleView() });
    const seen = { ...defaultSeen, selection: ['host:WS1'], layout: 'force' as const };
    let s = m.run({ type: 'restore', caseId: 'c1', view: 'graph', seen });
    expect([s.selection, s.layout, s.loaded.graph.status]).toEqual([['host:WS1'], 'force', 'ready']);
    expect(m.getHistory().undo).toBe(1);
    s = m.run({ type: 'restore', caseId: 'c9', view: 'imports', seen: defaultSeen });
    expect([s.caseId, s.view, s.loaded.graph.status]).toEqual(['c9', 'imports', 'idle']);
    expect(m.getHistory().undo).toBe(0);
  });
});

describe('undo and redo', () => {
  it('undoes and redoes each change of what is seen, in order', () => {
    const m = model();
    m.run({ type: 'setLayout', layout: 'force' }, { type: 'toggleSeverity', severity: 'high' }, { type: 'expandGroup', groupId: 'g' });
    expect(m.getHistory()).toEqual({ undo: 3, redo: 0 });
    expect(m.run({ type: 'undo' }).query.expanded).toEqual([]);
    expect(m.run({ type: 'undo' }).filters.severities).toEqual([]);
    expect(m.run({ type: 'undo' }).layout).toBe('columns');
    expect(m.getHistory()).toEqual({ undo: 0, redo: 3 });
    m.dispatch({ type: 'undo' });
    expect(m.getHistory()).toEqual({ undo: 0, redo: 3 });
    const s = m.run({ type: 'redo' }, { type: 'redo' }, { type: 'redo' }, { type: 'redo' });
    expect([s.layout, s.filters.severities, s.query.expanded]).toEqual(['force', ['high'], ['g']]);
  });

  it('a new change after undo drops the redo steps', () => {
    const m = model();
    m.run({ type: 'setLayout', layout: 'force' }, { type: 'undo' }, { type: 'setEdgeWidth', edgeWidth: 'bytes' });
    expect(m.getHistory()).toEqual({ undo: 1, redo: 0 });
  });

  it('never records navigation, theme or loads, and undo leaves answers and the view alone', () => {
    const m = model();
    m.dispatch({ type: 'setSearch', search: 'evil' });
    m.run({ type: 'setTheme', theme: 'dark' }, { type: 'setView', view: 'imports' }, { type: 'loaded', what: 'graph', value: sampleView() });
    expect(m.getHistory().undo).toBe(1);
    const s = m.run({ type: 'undo' });
    expect([s.query.search, s.theme, s.view, s.loaded.graph.status]).toEqual(['', 'dark', 'imports', 'ready']);
  });

  it('coalesces consecutive selection changes into one step, but not across another change', () => {
    const m = model();
    m.run({ type: 'select', nodeId: 'a' }, { type: 'select', nodeId: 'b', additive: true }, { type: 'selectEdge', edgeId: 'a->b' }, { type: 'select', nodeId: 'c' });
    expect(m.getHistory().undo).toBe(1);
    m.run({ type: 'setLayout', layout: 'force' }, { type: 'select', nodeId: 'd' });
    expect(m.getHistory().undo).toBe(3);
    expect(m.run({ type: 'undo' }).selection).toEqual(['c']);
    expect(m.run({ type: 'undo' }, { type: 'undo' }).selection).toEqual([]);
  });

  it('coalesces typing, the brush and the score slider; a selection after undo is a new step', () => {
    const m = model();
    m.run(...'evil'.split('').map((_, i): Action => ({ type: 'setSearch', search: 'evil'.slice(0, i + 1) })));
    m.run({ type: 'setTimeRange', from: '2024-01-01T00:00:00.000Z', to: null }, { type: 'setTimeRange', from: '2024-01-02T00:00:00.000Z', to: null });
    m.run({ type: 'setMinScore', minScore: 0.2 }, { type: 'setMinScore', minScore: 0.5 });
    expect(m.getHistory().undo).toBe(3);
    expect(m.run({ type: 'undo' }).filters.minScore).toBe(0);
    m.dispatch({ type: 'setMinScore', minScore: 0.9 });
    expect(m.getHistory()).toEqual({ undo: 3, redo: 0 });
    expect(m.run({ type: 'undo' }).filters.minScore).toBe(0);
  });

  it('a coalesced step that ends where it began is dropped; no-ops are not steps', () => {
    const m = model();
    m.run({ type: 'select', nodeId: 'a' }, { type: 'select', nodeId: null });
    m.run({ type: 'setLayout', layout: 'columns' }, { type: 'unpin', nodeIds: ['zz'] }, { type: 'unpinAll' }, { type: 'collapseGroup', groupId: 'none' });
    expect(m.getHistory().undo).toBe(0);
  });

  it(`keeps the last ${HISTORY_LIMIT} steps`, () => {
    const m = model();
    for (let i = 0; i < HISTORY_LIMIT + 10; i++) m.dispatch({ type: 'setLayout', layout: i % 2 ? 'columns' : 'force' });
    expect(m.getHistory().undo).toBe(HISTORY_LIMIT);
  });

  it('notifies subscribers once per change, not for no-ops, and stops after unsubscribe', () => {
    const m = model();
    const listener = vi.fn();
    const off = m.subscribe(listener);
    m.dispatch({ type: 'setLayout', layout: 'force' });
    m.dispatch({ type: 'setLayout', layout: 'force' });
    expect(listener).toHaveBeenCalledTimes(1);
    const history = m.getHistory();
    expect(m.getHistory()).toBe(history);
    off();
    m.dispatch({ type: 'undo' });
    expect(listener).toHaveBeenCalledTimes(1);
  });
});
