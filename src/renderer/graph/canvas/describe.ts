import { shortText } from '../../../shared/cut-text.js';
import { bitsToKinds, edgeKinds, severityCodes, type GraphView, type ViewNode } from '../../../shared/graph-view-types.js';
import type { Target } from './scene-types.js';
import { formatBytes } from '../../../shared/format-bytes.js';
import { hiddenCharName, hiddenChars, revealHidden } from '../../../shared/visible-text.js';

const TITLE_CHARS = 300;

const show = (text: string) => revealHidden(shortText(text, TITLE_CHARS));
const count = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

function nodeLines(node: ViewNode): string[] {
  const lines = [`${show(node.label)} (${node.kind === 'group' ? `group of ${node.group?.of ?? ''}s` : node.kind}, ${count(node.events, 'event')})`];
  const hidden = [...new Set([node.label, ...(node.names ?? [])].flatMap((t) => hiddenChars(t)))];
  if (hidden.length) lines.push(`Hidden characters: ${hidden.map(hiddenCharName).join(', ')}`);
  if (node.path && node.path !== node.label) lines.push(`Path: ${show(node.path)}`);
  if (node.names?.length) lines.push(`DNS: ${show(node.names.join(', '))}`);
  if (node.as || node.country) lines.push([node.country, node.as ? `AS${node.as.number}${node.as.name ? ` ${show(node.as.name)}` : ''}` : ''].filter(Boolean).join(' · '));
  if (node.service) lines.push(`Service: ${show(node.service.name)} (${show(node.service.category)})`);
  if (node.group) lines.push(`${count(node.group.members, 'member')} by ${node.group.by}: ${show(node.group.key)}`);
  if (node.hosts) lines.push(`On ${count(node.hosts, 'host')}`);
  if (node.alerts) lines.push(count(node.alerts, 'alert'));
  const rep = node.reputation;
  if (rep && rep.hits > 0) {
    const what = node.kind === 'process' ? 'Hash hit' : 'IoC hit';
    lines.push(`${what}: ${count(rep.hits, 'indicator')} from ${count(rep.sources, 'source')}, score ${rep.score.toFixed(2)}${rep.suppressed ? ` — suppressed: ${show(rep.suppressed)}` : ''}`);
  }
  if (node.finding && node.finding.score > 0) lines.push(`Finding: score ${node.finding.score.toFixed(2)}${node.finding.severity ? ` (${node.finding.severity})` : ''}: ${node.finding.kinds.join(', ')}`);
  if (node.benign) lines.push(`Known benign: ${show(node.benign)}`);
  return lines;
}

/** The hover text for a node or an edge (the host shows it as it likes: a tooltip, a status line). */
export function describeTarget(view: GraphView, target: Target): string {
  if ('node' in target) {
    const node = view.nodes[target.node];
    return node ? nodeLines(node).join('\n') : '';
  }
  const e = target.edge;
  const { edges, nodes } = view;
  if (e < 0 || e >= edges.source.length) return '';
  const from = nodes[edges.source[e] as number];
  const to = nodes[edges.target[e] as number];
  const kind = edgeKinds[edges.kind[e] as number] ?? 'connects';
  const lines = [`${show(from?.label ?? '?')} → ${show(to?.label ?? '?')} (${kind})`, count(edges.events[e] as number, 'event')];
  if (kind === 'connects') {
    lines.push(`${formatBytes(edges.bytesOut[e] as number)} out, ${formatBytes(edges.bytesIn[e] as number)} in`);
    if (edges.ports[e]) lines.push(`Ports: ${show(edges.ports[e] as string)}`);
  }
  const first = edges.firstSeen[e] as number;
  const last = edges.lastSeen[e] as number;
  if (first > 0) lines.push(`${new Date(first).toISOString()} – ${new Date(last).toISOString()}`);
  const score = edges.score[e] as number;
  if (score >= 0) {
    const severity = severityCodes[edges.severity[e] as number];
    lines.push(`Finding: score ${score.toFixed(2)}${severity ? ` (${severity})` : ''}: ${bitsToKinds(edges.kinds[e] as number).join(', ')}`);
  }
  return lines.join('\n');
}
