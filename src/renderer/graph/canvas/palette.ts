/**
 * The graph's colours, read from the page's CSS variables (styles.css holds
 * the light and the dark values), so the canvas, the SVG export and the
 * legend follow the theme. Scenes store small colour codes; a palette turns
 * a code into a CSS colour at draw time.
 */
export const colourKeys = [
  'edge',
  'runs',
  'host',
  'process',
  'public',
  'internal',
  'group',
  'accent',
  'alert',
  'muted',
  'sevInfo',
  'sevLow',
  'sevMedium',
  'sevHigh',
  'text',
  'bg',
  'panel',
] as const;
export type ColourKey = (typeof colourKeys)[number];
export type Palette = Record<ColourKey, string>;

/** Colour codes as scenes store them (indices into colourKeys). */
export const C = Object.fromEntries(colourKeys.map((k, i) => [k, i])) as Record<ColourKey, number>;

const cssVariable: Record<ColourKey, string> = {
  edge: '--edge',
  runs: '--graph-runs',
  host: '--host',
  process: '--process',
  public: '--public',
  internal: '--internal',
  group: '--graph-group',
  accent: '--accent',
  alert: '--alert',
  muted: '--muted',
  sevInfo: '--sev-info',
  sevLow: '--sev-low',
  sevMedium: '--sev-medium',
  sevHigh: '--sev-high',
  text: '--text',
  bg: '--bg',
  panel: '--panel',
};

/** The light theme's values: used where a variable is missing (a page without styles.css). */
export const lightPalette: Palette = {
  edge: '#9aa4b5',
  runs: '#c4b5fd',
  host: '#7c3aed',
  process: '#0891b2',
  public: '#ea580c',
  internal: '#94a3b8',
  group: '#475467',
  accent: '#2563eb',
  alert: '#d92d20',
  muted: '#667085',
  sevInfo: '#ca8a04',
  sevLow: '#f97316',
  sevMedium: '#dc2626',
  sevHigh: '#9f1239',
  text: '#1c2230',
  bg: '#f6f7f9',
  panel: '#ffffff',
};

/** The palette in force for an element (its computed CSS variables). */
export function readPalette(element: Element): Palette {
  const style = getComputedStyle(element);
  const out = { ...lightPalette };
  for (const key of colourKeys) {
    const value = style.getPropertyValue(cssVariable[key]).trim();
    if (value) out[key] = value;
  }
  return out;
}

export function colourOf(palette: Palette, code: number): string {
  return palette[colourKeys[code] ?? 'edge'];
}
