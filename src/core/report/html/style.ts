import { revealHidden } from '../../../shared/visible-text.js';
import { tlpColours, tlpLabel, type Tlp } from '../../../shared/report-types.js';

// One definition of the marking for the report and the builder that chooses it.
export { tlpLabel };

const SANS = `system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, sans-serif`;
const MONO = `ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace`;

/**
 * Text as a CSS string literal (the page header's title): hidden characters
 * as markers, then everything but letters, digits and plain punctuation as a
 * CSS hex escape, so no quote, backslash, newline or "</style" survives.
 */
export function cssString(text: string): string {
  const escaped = [...revealHidden(text)].map((c) => (/^[\p{L}\p{N} .,:;!?()_+#@%*=-]$/u.test(c) ? c : `\\${(c.codePointAt(0) as number).toString(16)} `)).join('');
  return `"${escaped}"`;
}

/**
 * The report's one stylesheet (hashed into its CSP): system fonts, the
 * app's light palette, and print rules: A4, a running header (title, TLP)
 * and footer (generated, page N of M) in the page margins, figures and
 * finding cards never split across pages.
 */
export function reportCss(o: { title: string; tlp: Tlp; footer: string }): string {
  const tlpColour = tlpColours[o.tlp];
  return `
:root {
  --text: #1c2230; --muted: #5d6676; --border: #d9dde5; --soft: #f4f6f9; --accent: #2563eb;
  --host: #7c3aed; --process: #0891b2; --destination: #ea580c; --neighbour: #a3acba;
  --sev-none: #98a2b3; --sev-info: #ca8a04; --sev-low: #f97316; --sev-medium: #dc2626; --sev-high: #9f1239;
  color-scheme: light;
}
* { box-sizing: border-box; }
html { background: #eef0f4; }
body { margin: 0 auto; max-width: 210mm; padding: 14mm 14mm 20mm; background: #fff; color: var(--text);
  font: 10pt/1.45 ${SANS}; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
h1 { font-size: 21pt; line-height: 1.2; margin: 6px 0 10px; overflow-wrap: anywhere; }
h2 { font-size: 14pt; margin: 26px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--text); break-after: avoid; }
h3 { font-size: 10.5pt; font-weight: 600; margin: 6px 0 8px; overflow-wrap: anywhere; }
h4 { font-size: 9pt; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); margin: 14px 0 6px; break-after: avoid; }
p { margin: 4px 0; }
code, .mono { font-family: ${MONO}; font-size: 8.5pt; overflow-wrap: anywhere; }
pre { font-family: ${MONO}; font-size: 8.5pt; white-space: pre-wrap; overflow-wrap: anywhere; margin: 4px 0; }
a { color: var(--accent); overflow-wrap: anywhere; }
.muted { color: var(--muted); font-weight: normal; }
.small { font-size: 8.5pt; }
.cut { color: var(--muted); font-style: italic; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; font-size: 8.5pt; }
th, td { text-align: left; vertical-align: top; padding: 3px 6px; border-bottom: 1px solid var(--border); overflow-wrap: anywhere; }
th { font-weight: 600; color: var(--muted); background: var(--soft); white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr { break-inside: avoid; }
thead { display: table-header-group; }

.tlp { display: inline-block; background: #000; color: ${tlpColour}; font-weight: 700; letter-spacing: .04em; padding: 3px 10px; border-radius: 3px; font-size: 11pt; }
.tlp-banner { display: flex; gap: 12px; align-items: center; border: 2px solid #000; border-radius: 4px; padding: 6px 8px; margin-bottom: 14px; }
.tlp-banner p { margin: 0; font-size: 9pt; }
.kicker { text-transform: uppercase; letter-spacing: .1em; font-size: 8.5pt; color: var(--muted); margin: 0; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0; font-size: 9.5pt; }
.meta dt { color: var(--muted); }
.meta dd { margin: 0; overflow-wrap: anywhere; }
.warning { border: 1px solid #f5c26b; background: #fffaeb; color: #7a2e0e; padding: 6px 10px; border-radius: 4px; margin: 10px 0; }

.tiles { display: grid; grid-template-columns: repeat(5, 1fr); gap: 8px; margin: 8px 0 12px; }
.tile { border: 1px solid var(--border); border-top: 4px solid var(--sev-none); border-radius: 4px; padding: 6px 8px; }
.tile b { display: block; font-size: 16pt; line-height: 1.1; }
.tile span { color: var(--muted); font-size: 8.5pt; }
.tile.sev-high { border-top-color: var(--sev-high); } .tile.sev-medium { border-top-color: var(--sev-medium); }
.tile.sev-low { border-top-color: var(--sev-low); } .tile.sev-info { border-top-color: var(--sev-info); }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 3px 14px; margin: 6px 0 10px; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
ol.top { padding-left: 20px; margin: 6px 0; }
ol.top li { margin: 3px 0; overflow-wrap: anywhere; }
ol.top a { color: inherit; text-decoration: none; }
td.kind { white-space: nowrap; }

.chip { display: inline-block; border-radius: 3px; padding: 0 6px; font-size: 8pt; font-weight: 700; color: #fff; background: var(--sev-none); text-transform: uppercase; letter-spacing: .04em; vertical-align: 1px; }
.chip.sev-high { background: var(--sev-high); } .chip.sev-medium { background: var(--sev-medium); }
.chip.sev-low { background: var(--sev-low); } .chip.sev-info { background: var(--sev-info); }
.tag { display: inline-block; border: 1px solid var(--border); border-radius: 10px; padding: 0 8px; margin: 0 4px 2px 0; font-size: 8.5pt; background: var(--soft); }

.finding { border: 1px solid var(--border); border-left: 5px solid var(--sev-none); border-radius: 4px; padding: 8px 12px 10px; margin: 0 0 14px; }
/* A card runs one to three pages: kept whole, each would start on a new page and leave the last one nearly empty.
   Its head stays with its chain, and each part (chain, table row, chart, post, note) is never split. */
.finding-head { break-inside: avoid; }
table.lineage th.w-image { width: 34%; }
table.lineage th.w-command { width: 38%; }
.finding > h4 + p, .finding > h4 + table { break-before: avoid; }
.finding.sev-high { border-left-color: var(--sev-high); } .finding.sev-medium { border-left-color: var(--sev-medium); }
.finding.sev-low { border-left-color: var(--sev-low); } .finding.sev-info { border-left-color: var(--sev-info); }
.finding-head > header { display: flex; flex-wrap: wrap; gap: 8px; align-items: baseline; font-size: 9pt; color: var(--muted); }
.finding-head > header .score { font-weight: 700; color: var(--text); }
.chain { display: grid; grid-template-columns: 1fr auto 1.4fr auto 1fr; gap: 6px; align-items: stretch; margin: 8px 0; break-inside: avoid; }
.chain .arrow { align-self: center; color: var(--muted); font-size: 14pt; }
/* Names (host, image path, domain) wrap only at their <wbr>s (text.ts nameText), never inside a word; a chain box is never
   narrower than its longest unbroken name part (no min-width: 0 in the grid). */
.wrap-name { overflow-wrap: normal; word-break: normal; }
.box { border: 1px solid var(--border); border-top: 3px solid var(--border); border-radius: 4px; padding: 5px 8px; background: var(--soft); overflow-wrap: anywhere; }
.box .label { display: block; font-size: 7.5pt; text-transform: uppercase; letter-spacing: .06em; color: var(--muted); }
.box .name { font-weight: 600; }
.box.host { border-top-color: var(--host); } .box.process { border-top-color: var(--process); } .box.destination { border-top-color: var(--destination); }
.lineage-sentence { font-style: italic; }
.judgements { margin: 4px 0; padding-left: 18px; color: #7a2e0e; }
.combination td.role { color: var(--muted); }
.evidence { break-inside: avoid; }
.numbers { color: var(--muted); font-size: 8.5pt; }

figure { margin: 8px 0; break-inside: avoid; page-break-inside: avoid; }
figcaption { font-size: 8.5pt; font-weight: 600; margin-bottom: 2px; }
svg { display: block; width: 100%; height: auto; break-inside: avoid; }
.chart-axis { stroke: #c5cad3; stroke-width: 1; }
.chart-label { fill: var(--muted); font-size: 10px; font-family: ${SANS}; }
.bars-count { fill: var(--accent); } .bars-finding { fill: var(--sev-medium); } .bars-interval { fill: var(--destination); }
.bars-in { fill: #b7c0cc; } .bars-out { fill: var(--process); }
.graph-figure svg { max-height: 235mm; }
.graph-svg text { font-family: ${SANS}; }
.edge-neighbour { fill: none; stroke: #d0d5dd; stroke-width: 1; }
.edge-finding { fill: none; stroke: #667085; stroke-width: 1.6; }
.node { stroke: #fff; stroke-width: 1.2; }
.node-host { fill: var(--host); } .node-process { fill: var(--process); } .node-destination { fill: var(--destination); }
.node-neighbour { fill: var(--neighbour); }
.ring { fill: none; stroke-width: 2.4; stroke: var(--sev-none); }
.ring.sev-high { stroke: var(--sev-high); } .ring.sev-medium { stroke: var(--sev-medium); } .ring.sev-low { stroke: var(--sev-low); } .ring.sev-info { stroke: var(--sev-info); }
.node-label { font-size: 11px; fill: var(--text); stroke: #fff; stroke-width: 3px; paint-order: stroke; stroke-linejoin: round; }
.muted-label { fill: var(--muted); font-size: 10px; }
.legend { font-size: 8.5pt; font-weight: normal; color: var(--muted); }
.swatch { display: inline-block; width: 9px; height: 9px; border-radius: 50%; margin: 0 3px 0 10px; vertical-align: 0; }
.swatch.host { background: var(--host); } .swatch.process { background: var(--process); } .swatch.destination { background: var(--destination); } .swatch.neighbour { background: var(--neighbour); }

.hit { border: 1px solid var(--border); border-left: 4px solid var(--sev-high); border-radius: 4px; padding: 6px 10px; margin: 6px 0; break-inside: avoid; }
.hit.suppressed { border-left-color: var(--neighbour); }
.hit header { font-weight: 600; overflow-wrap: anywhere; }
blockquote.post { margin: 6px 0; padding: 4px 10px; border-left: 3px solid var(--border); background: var(--soft); }
blockquote.post pre { font-family: ${SANS}; font-size: 9pt; }
.note { border: 1px solid var(--border); border-radius: 4px; padding: 4px 10px; margin: 6px 0; break-inside: avoid; }
.note p { overflow-wrap: anywhere; }
.note ul, .note ol { margin: 4px 0; padding-left: 20px; }
.input { border-bottom: 1px solid var(--border); padding: 4px 0; break-inside: avoid; overflow-wrap: anywhere; }
.params { columns: 2; column-gap: 18px; font-size: 8pt; }
.params div { break-inside: avoid; overflow-wrap: anywhere; }
.params span { color: var(--muted); }
footer.colophon { margin-top: 28px; border-top: 1px solid var(--border); padding-top: 6px; font-size: 8pt; color: var(--muted); }

@page {
  size: A4;
  margin: 17mm 13mm 16mm;
  @top-left { content: ${cssString(o.title)}; font: 8pt ${SANS}; color: #5d6676; vertical-align: bottom; padding-bottom: 3mm; }
  @top-right { content: ${cssString(tlpLabel(o.tlp))}; font: bold 8.5pt ${SANS}; color: ${tlpColour}; background: #000; width: 36mm; height: 6mm; text-align: center; vertical-align: middle; margin: auto 0 3mm auto; }
  @bottom-left { content: ${cssString(o.footer)}; font: 7.5pt ${SANS}; color: #5d6676; vertical-align: top; padding-top: 3mm; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font: 8pt ${SANS}; color: #5d6676; vertical-align: top; padding-top: 3mm; }
}
@media print {
  html { background: #fff; }
  body { max-width: none; padding: 0; }
  h2.new-page { break-before: page; }
  footer.colophon { display: none; }
  a { color: var(--text); text-decoration: none; }
}
`;
}
