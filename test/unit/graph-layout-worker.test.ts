import { beforeAll, describe, expect, it } from 'vitest';
import type { LayoutRequest, LayoutResponse } from '../../src/renderer/graph/graph-layout-protocol.js';
import { layoutGraphOf, pinList } from '../../src/shared/graph-layout/layout-graph.js';
import { forceLayout } from '../../src/renderer/graph/force-layout.js';
import { generateGraphView, SMALL_VIEW } from '../helpers/graph-view-gen.js';

/** The worker's module run in this thread: `self` is a stand-in that records what it posts. */
const posted: { message: LayoutResponse; transfer: Transferable[] }[] = [];
const scope = {
  onmessage: null as ((event: { data: LayoutRequest }) => void) | null,
  postMessage: (message: LayoutResponse, transfer: Transferable[] = []) => posted.push({ message, transfer }),
};

beforeAll(async () => {
  (globalThis as unknown as { self: typeof scope }).self = scope;
  await import('../../src/renderer/graph/graph-layout.worker.js');
});

function ask(request: LayoutRequest) {
  posted.length = 0;
  scope.onmessage?.({ data: request });
  return posted.slice();
}

describe('graph-layout.worker', () => {
  const view = generateGraphView(SMALL_VIEW);

  it('answers a force layout with progress, then the positions, transferred', () => {
    const answers = ask({ id: 7, mode: 'force', graph: layoutGraphOf(view), pins: pinList(new Map([[1, [5, 6]]]), view.nodes.length) });
    const progress = answers.map((a) => ('progress' in a.message ? a.message.progress : -1));
    expect(progress.length).toBeGreaterThan(10);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    const last = answers.at(-1)!;
    expect(last.message.id).toBe(7);
    const positions = 'positions' in last.message ? last.message.positions : undefined;
    expect(positions).toBeInstanceOf(Float32Array);
    expect(last.transfer).toEqual([positions!.buffer]);
    expect([positions![2], positions![3]]).toEqual([5, 6]);
    expect([...positions!]).toEqual([...forceLayout(layoutGraphOf(view), pinList(new Map([[1, [5, 6]]]), view.nodes.length))]);
  });

  it('answers a columns layout at once', () => {
    const answers = ask({ id: 8, mode: 'columns', graph: layoutGraphOf(view), pins: new Float64Array() });
    expect(answers).toHaveLength(1);
    expect(answers[0]!.message).toMatchObject({ id: 8, progress: 1 });
  });

  it('answers an error, naming it, rather than dying', () => {
    const answers = ask({ id: 9, mode: 'columns', graph: null as unknown as LayoutRequest['graph'], pins: new Float64Array() });
    expect(answers).toHaveLength(1);
    expect(answers[0]!.message).toMatchObject({ id: 9, error: expect.stringMatching(/\w/) });
  });
});
