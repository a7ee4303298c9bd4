import type { GraphView } from '../../../shared/graph-view-types.js';
import { detectorGlyphs, detectorNames } from './glyphs.js';
import type { EdgeWidthBy, Overlays } from './scene-types.js';

interface Props {
  overlays: Overlays;
  edgeWidth: EdgeWidthBy;
  /** When given, the glyphs listed are those of the view's findings only. */
  view?: GraphView;
  /** Some node is pinned: the pin mark is keyed. */
  pinned?: boolean;
}

function Swatch({ colour, shape = 'dot' }: { colour: string; shape?: 'dot' | 'ring' | 'dashed-ring' | 'box' | 'line' | 'pin' }) {
  return <span className={`legend-swatch legend-${shape}`} style={{ ['--swatch' as string]: `var(${colour})` }} aria-hidden="true" />;
}

/** What the canvas shows, for the overlays that are on: the key to its colours, rings and glyphs. */
export function GraphLegend({ overlays, edgeWidth, view, pinned = false }: Props) {
  const kinds = view ? new Set(view.nodes.flatMap((n) => n.finding?.kinds ?? [])) : null;
  const glyphs = Object.entries(detectorGlyphs).filter(([kind]) => !kinds || kinds.has(kind) || (kind === 'alert' && view?.nodes.some((n) => n.alerts)));
  return (
    // A <details>: the key folds down to one line when it covers the part of the graph the analyst is reading.
    <details className="graph-legend" data-testid="graph-legend" aria-label="graph legend" open>
      <summary>Legend</summary>
      <ul>
        <li><Swatch colour="--host" /> host</li>
        <li><Swatch colour="--process" /> process</li>
        <li><Swatch colour="--public" /> destination</li>
        <li><Swatch colour="--internal" /> internal</li>
        <li><Swatch colour="--graph-group" shape="box" /> group (members)</li>
        <li><Swatch colour="--edge" shape="line" /> width by {edgeWidth}</li>
        {pinned && <li data-testid="legend-pinned"><Swatch colour="--text" shape="pin" /> pinned (double-click to unpin)</li>}
      </ul>
      {overlays.reputation && (
        <ul data-overlay="reputation">
          <li><Swatch colour="--alert" shape="ring" /> IoC / hash hit (<b>IoC n</b>, <b>hash n</b>: n sources)</li>
          <li><Swatch colour="--muted" shape="dashed-ring" /> hit suppressed (<b>~IoC n</b>)</li>
        </ul>
      )}
      {overlays.anomaly && (
        <ul data-overlay="anomaly">
          <li>
            finding score <Swatch colour="--sev-info" /> info <Swatch colour="--sev-low" /> low <Swatch colour="--sev-medium" /> medium <Swatch colour="--sev-high" /> high
          </li>
          {glyphs.length > 0 && (
            <li className="legend-glyphs">
              {glyphs.map(([kind, glyph]) => (
                <span key={kind}>
                  <b>{glyph}</b> {detectorNames[kind as keyof typeof detectorNames]}
                </span>
              ))}
            </li>
          )}
        </ul>
      )}
      {overlays.dimBenign && (
        <ul data-overlay="benign">
          <li><Swatch colour="--internal" /> dimmed: known benign</li>
        </ul>
      )}
    </details>
  );
}
