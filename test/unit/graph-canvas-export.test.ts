import { describe, expect, it } from 'vitest';
import { describeTarget } from '../../src/renderer/graph/canvas/describe.js';
import { escapeXml, exportSvg } from '../../src/renderer/graph/canvas/export-svg.js';
import { placeLabels, type Measure } from '../../src/renderer/graph/canvas/labels.js';
import { lightPalette } from '../../src/renderer/graph/canvas/palette.js';
import { buildScene } from '../../src/renderer/graph/canvas/scene.js';
import type { GraphView } from '../../src/shared/graph-view-types.js';
import { generateGraphView, SMALL_VIEW } from '../helpers/graph-view-gen.js';

const measure: Measure = (text) => text.length * 6;

function hostileView(): GraphView {
  const view = generateGraphView(SMALL_VIEW);
  view.nodes[0]!.label = '<script>alert("x")</script> & \'q\'';
  view.nodes[3]!.label = 'a\u0000b\u001bc';
  return view;
}

function svgOf(view: GraphView, visibleNodes?: Uint8Array) {
  const n = view.nodes.length;
  const positions = new Float32Array(2 * n).map((_, j) => (j % 2 ? (Math.floor(j / 2) % 6) * 60 : Math.floor(j / 12) * 160));
  const scene = buildScene({
    view,
    positions,
    visibleNodes: visibleNodes ?? new Uint8Array(n).fill(1),
    visibleEdges: new Uint8Array(view.edges.source.length).fill(1),
    overlays: { reputation: true, anomaly: true, dimBenign: true },
    edgeWidth: 'events',
    selected: new Set([0]),
    selectedEdge: null,
  });
  const t = { k: 1, x: 40, y: 40 };
  return { svg: exportSvg(scene, t, 1000, 600, lightPalette, placeLabels(scene, t, 1000, 600, measure)), scene };
}

describe('exportSvg', () => {
  it('is a standalone SVG file with the escaped labels, hidden characters as markers', () => {
    const { svg } = svgOf(hostileView());
    expect(svg.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).not.toContain('<script');
    expect(svg).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &apos;q&apos;');
    expect(svg).toContain('a⟨U+0000⟩b⟨U+001B⟩c');
    expect(svg).toContain('invoice⟨U+202E⟩gpj.exe');
    // eslint-disable-next-line no-control-regex
    expect(svg).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u202e]/);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
  });

  it('draws in the palette colours: IoC rings, group boxes with their member count, the selection', () => {
    const view = hostileView();
    const { svg } = svgOf(view);
    expect(svg).toContain(`fill="${lightPalette.bg}"`);
    expect(svg).toContain(`stroke="${lightPalette.alert}" stroke-width="2"/>`);
    expect(svg).toContain('stroke-dasharray="3 2"');
    expect(svg).toContain(`stroke="${lightPalette.accent}" stroke-width="2.5"`);
    const group = view.nodes.find((x) => x.kind === 'group');
    expect(svg).toContain(`>${group?.group?.members}</text>`);
  });

  it('leaves out what is hidden', () => {
    const view = hostileView();
    const visible = new Uint8Array(view.nodes.length).fill(1);
    const before = svgOf(view).svg;
    visible[0] = 0;
    const after = svgOf(view, visible).svg;
    expect(before).toContain('&lt;script&gt;');
    expect(after).not.toContain('&lt;script&gt;');
    expect((after.match(/<circle /g) ?? []).length).toBeLessThan((before.match(/<circle /g) ?? []).length);
  });

  it('escapeXml', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  });
});

describe('describeTarget', () => {
  const view = generateGraphView(SMALL_VIEW);
  it('names a node with its marks, hidden characters shown and named', () => {
    const rlo = view.nodes.findIndex((x) => x.label.includes('\u202E'));
    const text = describeTarget(view, { node: rlo });
    expect(text).toContain('invoice⟨U+202E⟩gpj.exe (process,');
    expect(text).toContain('Hidden characters: U+202E RIGHT-TO-LEFT OVERRIDE');
    const suppressed = view.nodes.findIndex((x) => x.reputation?.suppressed);
    expect(describeTarget(view, { node: suppressed })).toMatch(/IoC hit: 1 indicator from \d sources?, score 0\.60 — suppressed: warninglist: cloud provider/);
  });

  it('describes an edge: ends, events, bytes, ports, finding', () => {
    const e = view.edges.score.findIndex((s) => s >= 0);
    const text = describeTarget(view, { edge: e });
    expect(text).toMatch(/ → .*\(connects\)\n[\d,]+ events?\n.* out, .* in\nPorts: \d+/);
    expect(text).toMatch(/Finding: score 0\.\d\d \((low|medium|high)\): /);
    expect(describeTarget(view, { edge: 10_000 })).toBe('');
  });
});
