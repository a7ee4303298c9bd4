import { forwardRef, useEffect, useImperativeHandle, useMemo, useRef } from 'react';
import type { GraphView } from '../../../shared/graph-view-types.js';
import { readPalette } from './palette.js';
import { buildScene } from './scene.js';
import type { SceneInput, Target } from './scene-types.js';
import { GraphSurface } from './surface.js';

/** The scene's input (scene-types.ts: what is drawn and how), a focus, and what a pointer does. */
export interface GraphCanvasProps extends SceneInput {
  focus: number | null;
  onSelect(target: Target | null, additive: boolean): void;
  onHover?(target: Target | null): void;
  /** A node dragged and dropped at (x, y), in the layout's coordinates. */
  onPin?(node: number, x: number, y: number): void;
  /** A pinned node double-clicked. */
  onUnpin?(node: number): void;
}

export interface GraphCanvasHandle {
  fitToView(): void;
  exportSvg(): string;
  exportPng(): Promise<Blob>;
  /** Where a node is drawn, in CSS pixels within the canvas (tests click there; popovers anchor there). */
  screenPosition(node: number): [number, number] | null;
}

/**
 * The investigation graph on a canvas (see surface.ts for how it stays
 * fluid at 10k nodes / 30k edges). React hands it data; the scene is rebuilt
 * when data, overlays or selection change, the surface draws it. Colours
 * come from the CSS variables and follow the theme.
 */
export const GraphCanvas = forwardRef<GraphCanvasHandle, GraphCanvasProps>(function GraphCanvas(props, ref) {
  const { view, positions, visibleNodes, visibleEdges, overlays, edgeWidth, selected, selectedEdge, focus, pinned } = props;
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const surfaceRef = useRef<GraphSurface | null>(null);
  const callbacks = useRef({ onSelect: props.onSelect, onHover: props.onHover, onPin: props.onPin, onUnpin: props.onUnpin });
  useEffect(() => {
    callbacks.current = { onSelect: props.onSelect, onHover: props.onHover, onPin: props.onPin, onUnpin: props.onUnpin };
  }, [props.onSelect, props.onHover, props.onPin, props.onUnpin]);

  const { reputation, anomaly, dimBenign } = overlays;
  const scene = useMemo(
    () => buildScene({ view, positions, visibleNodes, visibleEdges, overlays: { reputation, anomaly, dimBenign }, edgeWidth, selected, selectedEdge, focus, pinned }),
    [view, positions, visibleNodes, visibleEdges, reputation, anomaly, dimBenign, edgeWidth, selected, selectedEdge, focus, pinned],
  );

  useEffect(() => {
    const canvas = canvasRef.current;
    const wrap = wrapRef.current;
    if (!canvas || !wrap) return;
    const surface = new GraphSurface(canvas, {
      click: (target, additive) => callbacks.current.onSelect(target, additive),
      hover: (target) => callbacks.current.onHover?.(target),
      pin: (node, x, y) => callbacks.current.onPin?.(node, x, y),
      unpin: (node) => callbacks.current.onUnpin?.(node),
    });
    surfaceRef.current = surface;
    const size = () => {
      const box = wrap.getBoundingClientRect();
      surface.resize(Math.round(box.width), Math.round(box.height), window.devicePixelRatio || 1);
    };
    const resize = new ResizeObserver(size);
    resize.observe(wrap);
    window.addEventListener('resize', size);
    size();
    // The theme: a class or attribute on the root (the toggle) or the system's scheme.
    const theme = () => surface.setPalette(readPalette(canvas));
    theme();
    const root = new MutationObserver(theme);
    root.observe(document.documentElement, { attributes: true });
    const scheme = window.matchMedia('(prefers-color-scheme: dark)');
    scheme.addEventListener('change', theme);
    return () => {
      resize.disconnect();
      window.removeEventListener('resize', size);
      root.disconnect();
      scheme.removeEventListener('change', theme);
      surface.destroy();
      surfaceRef.current = null;
    };
  }, []);

  // A new view is fitted; a new layout of the same view too, unless the user has moved since.
  const lastView = useRef<GraphView | null>(null);
  const lastPositions = useRef<Float32Array | null>(null);
  useEffect(() => {
    const surface = surfaceRef.current;
    if (!surface) return;
    if (lastView.current !== view) surface.moved = false;
    const refit = lastView.current !== view || lastPositions.current !== positions;
    lastView.current = view;
    lastPositions.current = positions;
    surface.setScene(scene, refit);
  }, [scene, view, positions]);

  useEffect(() => {
    surfaceRef.current?.setFocus(focus);
    if (focus !== null) surfaceRef.current?.reveal(focus);
  }, [focus, scene]);

  useImperativeHandle(
    ref,
    () => ({
      fitToView: () => surfaceRef.current?.fit(),
      exportSvg: () => surfaceRef.current?.exportSvg() ?? '',
      exportPng: () => surfaceRef.current?.exportPng() ?? Promise.reject(new Error('the graph is not on the page')),
      screenPosition: (node: number) => surfaceRef.current?.screenPosition(node) ?? null,
    }),
    [],
  );

  return (
    <div ref={wrapRef} className="graph-canvas">
      <canvas ref={canvasRef} data-testid="graph-canvas" role="img" aria-label={`graph of ${scene.visibleCount} nodes`} data-nodes={scene.visibleCount} />
    </div>
  );
});
