import { describe, expect, it } from 'vitest';
import { buildScene, BASE_WIDTHS } from '../../src/renderer/graph/canvas/scene.js';
import { C } from '../../src/renderer/graph/canvas/palette.js';
import { NO_COLOUR, NODE_DIM, NODE_HIDDEN_CHARS, NODE_NEIGHBOUR, NODE_VISIBLE, RING_HIT, RING_SUPPRESSED, type SceneInput } from '../../src/renderer/graph/canvas/scene-types.js';
import { generateGraphView, SMALL_VIEW } from '../helpers/graph-view-gen.js';

const view = generateGraphView({ ...SMALL_VIEW, destinations: 220, edges: 400 });
const n = view.nodes.length;
const m = view.edges.source.length;
const grid = new Float32Array(2 * n).map((_, j) => (j % 2 ? Math.floor(j / 2 / 20) * 30 : ((j / 2) % 20) * 30));

function input(over: Partial<SceneInput> = {}): SceneInput {
  return {
    view,
    positions: grid,
    visibleNodes: new Uint8Array(n).fill(1),
    visibleEdges: new Uint8Array(m).fill(1),
    overlays: { reputation: true, anomaly: true, dimBenign: true },
    edgeWidth: 'events',
    selected: new Set(),
    selectedEdge: null,
    ...over,
  };
}

const edgesIn = (scene: ReturnType<typeof buildScene>) => scene.edgeBatches.flatMap((b) => [...b.edges]);

describe('buildScene', () => {
  it('draws every visible edge once, in few batches, the hairball at most one device pixel wide', () => {
    const scene = buildScene(input());
    const drawn = edgesIn(scene);
    expect(drawn.length).toBe(m);
    expect(new Set(drawn).size).toBe(m);
    expect(scene.edgeBatches.length).toBeLessThan(40);
    for (const b of scene.edgeBatches.filter((b) => b.device)) expect(b.width).toBeLessThanOrEqual(1);
    expect(Math.max(...BASE_WIDTHS)).toBe(1);
  });

  it('leaves out hidden nodes, their edges and hidden edges', () => {
    const visibleNodes = new Uint8Array(n).fill(1);
    visibleNodes[0] = 0;
    const visibleEdges = new Uint8Array(m).fill(1);
    visibleEdges[m - 1] = 0;
    const scene = buildScene(input({ visibleNodes, visibleEdges }));
    const drawn = new Set(edgesIn(scene));
    for (let e = 0; e < m; e++) {
      const touches0 = view.edges.source[e] === 0 || view.edges.target[e] === 0;
      expect(drawn.has(e)).toBe(!touches0 && e !== m - 1);
    }
    expect(scene.nodeFlags[0]! & NODE_VISIBLE).toBe(0);
    expect(scene.visibleCount).toBe(n - 1);
    expect([...scene.labelOrder]).not.toContain(0);
  });

  it('colours findings by severity on top of the hairball only with the anomaly overlay', () => {
    const finding = view.edges.score.findIndex((s) => s >= 0);
    expect(finding).toBeGreaterThanOrEqual(0);
    const batchOf = (scene: ReturnType<typeof buildScene>, e: number) => scene.edgeBatches.find((b) => b.edges.includes(e));
    const on = batchOf(buildScene(input()), finding);
    expect([C.sevInfo, C.sevLow, C.sevMedium, C.sevHigh]).toContain(on?.colour);
    expect(on?.device).toBe(false);
    const off = batchOf(buildScene(input({ overlays: { reputation: true, anomaly: false, dimBenign: false } })), finding);
    expect(off?.colour).toBe(C.edge);
  });

  it('a node with a finding keeps its kind colour and gets a ring in its severity colour, with the anomaly overlay only', () => {
    const f = view.nodes.findIndex((x) => x.finding?.severity === 'high' && x.kind === 'destination');
    expect(f).toBeGreaterThanOrEqual(0);
    const on = buildScene(input());
    expect(on.fill[f]).toBe(view.nodes[f]!.addressClass === 'public' ? C.public : C.internal);
    expect(on.findingRing[f]).toBe(C.sevHigh);
    expect(buildScene(input({ overlays: { reputation: true, anomaly: false, dimBenign: true } })).findingRing[f]).toBe(NO_COLOUR);
    const plain = view.nodes.findIndex((x) => !x.finding && x.kind === 'process');
    expect(on.findingRing[plain]).toBe(NO_COLOUR);
  });

  it('a stale selection (an index the view does not hold) dims nothing', () => {
    const scene = buildScene(input({ selected: new Set([-1, n + 5]), overlays: { reputation: false, anomaly: false, dimBenign: false } }));
    for (let i = 0; i < n; i++) expect(scene.nodeFlags[i]! & NODE_DIM).toBe(0);
    expect(scene.edgeBatches.every((b) => b.alpha > 0.5)).toBe(true);
  });

  it('rings IoC hits, suppressed ones as such, and badges them with their source count', () => {
    const scene = buildScene(input());
    const hit = view.nodes.findIndex((x) => x.reputation && !x.reputation.suppressed && x.kind === 'destination');
    const suppressed = view.nodes.findIndex((x) => x.reputation?.suppressed);
    expect(scene.ring[hit]).toBe(RING_HIT);
    expect(scene.ring[suppressed]).toBe(RING_SUPPRESSED);
    expect(scene.badges.get(hit)?.[0]?.text).toBe(`IoC ${view.nodes[hit]!.reputation!.sources}`);
    expect(scene.badges.get(suppressed)?.[0]?.text).toMatch(/^~IoC \d$/);
    const off = buildScene(input({ overlays: { reputation: false, anomaly: false, dimBenign: false } }));
    expect(off.ring[hit]).toBe(0);
    expect(off.badges.size).toBe(0);
  });

  it('selection: the selected node and its neighbours stay, the rest dims; labels go to the selection first', () => {
    const s = view.edges.source[50] as number;
    const scene = buildScene(input({ selected: new Set([s]) }));
    expect(scene.labelOrder[0]).toBe(s);
    const t = view.edges.target[50] as number;
    expect(scene.nodeFlags[t]! & NODE_NEIGHBOUR).toBeTruthy();
    expect(scene.nodeFlags[t]! & NODE_DIM).toBe(0);
    const far = [...scene.labelOrder].find((i) => !(scene.nodeFlags[i]! & NODE_NEIGHBOUR) && i !== s) as number;
    expect(scene.nodeFlags[far]! & NODE_DIM).toBeTruthy();
    const top = scene.edgeBatches.at(-1);
    expect(top?.colour).toBe(C.accent);
  });

  it('the selected edge is drawn last and widest', () => {
    const scene = buildScene(input({ selectedEdge: 7 }));
    const last = scene.edgeBatches.at(-1);
    expect([...(last?.edges ?? [])]).toEqual([7]);
    expect(last?.width).toBe(Math.max(...scene.edgeBatches.map((b) => b.width)));
  });

  it('dims known-benign destinations only when asked', () => {
    const benign = view.nodes.findIndex((x) => x.benign && !x.finding);
    expect(buildScene(input()).nodeFlags[benign]! & NODE_DIM).toBeTruthy();
    expect(buildScene(input({ overlays: { reputation: true, anomaly: true, dimBenign: false } })).nodeFlags[benign]! & NODE_DIM).toBe(0);
  });

  it('orders labels: findings and IoC hits before busier ordinary nodes; hidden characters shown as markers', () => {
    const scene = buildScene(input());
    const order = [...scene.labelOrder];
    const firstOrdinary = order.findIndex((i) => scene.tier[i] === 1);
    for (const i of order.slice(firstOrdinary)) expect(scene.tier[i]).toBe(1);
    const rlo = view.nodes.findIndex((x) => x.label.includes('\u202E'));
    expect(scene.labels[rlo]).toBe('invoice⟨U+202E⟩gpj.exe');
    expect(scene.nodeFlags[rlo]! & NODE_HIDDEN_CHARS).toBeTruthy();
    const long = view.nodes.findIndex((x) => x.label.length > 200);
    expect(scene.labels[long]!.length).toBeLessThanOrEqual(41);
  });

  it('widths by bytes or events pick different buckets', () => {
    const byEvents = buildScene(input({ overlays: { reputation: false, anomaly: false, dimBenign: false } }));
    const byBytes = buildScene(input({ overlays: { reputation: false, anomaly: false, dimBenign: false }, edgeWidth: 'bytes' }));
    const widths = (s: ReturnType<typeof buildScene>) => {
      const w = new Float32Array(m);
      for (const b of s.edgeBatches) for (const e of b.edges) w[e] = b.width;
      return w;
    };
    expect([...widths(byEvents)]).not.toEqual([...widths(byBytes)]);
  });

  it('refuses positions shorter than the view', () => {
    expect(() => buildScene(input({ positions: new Float32Array(4) }))).toThrow(/positions hold 2 nodes, the view/);
  });
});
