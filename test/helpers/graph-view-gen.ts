import { kindsToBits, severityCode, type GraphView, type ViewEdges, type ViewNode } from '../../src/shared/graph-view-types.js';
import { createLcg } from '../../src/renderer/graph/lcg.js';

/**
 * A seeded GraphView as getGraphView answers one, for the canvas's tests,
 * benchmark and screenshots: hosts running processes reaching destinations
 * with a long tail (a few popular, most reached once), findings and IoC hits
 * on a few, suppressed hits, known-benign services, groups, and hostile
 * labels (an RLO, a 300-character name). Browser-safe (the bench page
 * bundles it).
 */
export interface GraphViewSize {
  hosts: number;
  processes: number;
  destinations: number;
  groups: number;
  /** Every edge: one `runs` per process, the rest `connects`. */
  edges: number;
  seed?: number;
}

const IMAGES = ['chrome.exe', 'svchost.exe', 'powershell.exe', 'OUTLOOK.EXE', 'Teams.exe', 'msedge.exe', 'rundll32.exe', 'python.exe', 'curl.exe', 'OneDrive.exe', 'java.exe', 'WINWORD.EXE'];
const SERVICES = ['Microsoft 365', 'Google', 'Cloudflare', 'Akamai', 'Dropbox', 'Slack'];
const KIND_SETS = [['beacon', 'rare-destination'], ['new-country', 'new-as'], ['volume', 'burst'], ['service-misuse'], ['unusual-port', 'new-destination'], ['alert'], ['long-connection', 'beacon']];

export function generateGraphView(size: GraphViewSize): GraphView {
  const rand = createLcg(size.seed ?? 7);
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const nodes: ViewNode[] = [];
  for (let h = 0; h < size.hosts; h++) {
    const name = `WS-${String(h + 1).padStart(4, '0')}`;
    nodes.push({ id: `host:${name}`, kind: 'host', label: name, events: 0, addresses: [`10.1.${h >> 8}.${h & 255}`] });
  }
  const processHost: number[] = [];
  for (let p = 0; p < size.processes; p++) {
    const host = p < size.hosts ? p : int(0, size.hosts - 1);
    let image = IMAGES[int(0, IMAGES.length - 1)] as string;
    if (p === 1) image = 'invoice\u202Egpj.exe';
    if (p === 2) image = `${'very-long-name-'.repeat(20)}.exe`;
    const path = `C:\\Users\\u${host}\\AppData\\${image}`;
    const node: ViewNode = { id: `process:${nodes[host]!.label}|${path}`, kind: 'process', label: image, events: 0, path };
    if (p % 97 === 5) node.reputation = { hits: 1, sources: int(1, 4), score: 0.8 };
    nodes.push(node);
    processHost.push(host);
  }
  const firstDestination = nodes.length;
  for (let d = 0; d < size.destinations; d++) {
    const ip = `${int(11, 223)}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`;
    const node: ViewNode = { id: `dst:${ip}-${d}`, kind: 'destination', label: ip, events: 0, addressClass: d % 37 === 3 ? 'private' : 'public' };
    if (rand() < 0.4) node.names = [`host${d}.${['example.com', 'cdn.example.net', 'files.example.org'][d % 3]}`];
    if (d % 29 === 0) node.as = { number: 64_500 + (d % 20), name: `Example AS ${d % 20}` };
    if (d < size.destinations * 0.15 && d % 3 === 0) node.benign = `catalogued service: ${SERVICES[d % SERVICES.length]}`;
    if (d % 211 === 7) node.reputation = { hits: int(1, 3), sources: int(1, 6), score: 0.9 };
    if (d % 211 === 13) node.reputation = { hits: 1, sources: int(1, 3), score: 0.6, suppressed: 'warninglist: cloud provider' };
    if (d % 131 === 11 || d === 1) {
      const score = [0.55, 0.75, 0.95][d % 3] as number;
      node.finding = { score, severity: score >= 0.9 ? 'high' : score >= 0.7 ? 'medium' : 'low', kinds: KIND_SETS[d % KIND_SETS.length] as string[] };
      if (node.finding.kinds.includes('alert')) node.alerts = int(1, 150);
    }
    nodes.push(node);
  }
  const firstGroup = nodes.length;
  for (let g = 0; g < size.groups; g++) {
    const members = int(3, 400);
    nodes.push({ id: `group:destination:asn:${64_600 + g}`, kind: 'group', label: `AS${64_600 + g} Example Hosting`, events: 0, group: { of: 'destination', by: 'asn', key: String(64_600 + g), members } });
  }

  const edges: ViewEdges = { source: [], target: [], kind: [], events: [], bytesOut: [], bytesIn: [], firstSeen: [], lastSeen: [], ports: [], score: [], severity: [], kinds: [] };
  const start = Date.UTC(2025, 2, 3);
  const push = (s: number, t: number, kind: number, events: number, finding?: ViewNode['finding']) => {
    edges.source.push(s);
    edges.target.push(t);
    edges.kind.push(kind);
    edges.events.push(events);
    edges.bytesOut.push(kind ? events * int(200, 20_000) : 0);
    edges.bytesIn.push(kind ? events * int(500, 90_000) : 0);
    const first = start + int(0, 5 * 86_400) * 1000;
    edges.firstSeen.push(first);
    edges.lastSeen.push(first + int(0, 2 * 86_400) * 1000);
    edges.ports.push(kind ? String([443, 80, 53, 8443, 4444][int(0, 4)]) : '');
    edges.score.push(finding ? finding.score : -1);
    edges.severity.push(finding ? severityCode(finding.severity ?? undefined) : -1);
    edges.kinds.push(finding ? kindsToBits(finding.kinds) : 0);
    nodes[s]!.events += events;
    nodes[t]!.events += events;
  };
  for (let p = 0; p < size.processes; p++) push(processHost[p] as number, size.hosts + p, 0, int(1, 40));
  const seen = new Set<number>();
  const targets = size.destinations + size.groups;
  // Each destination reached at least once when edges allow, then a long tail: popular ones (low indices) again and again.
  let d = 0;
  for (let tries = 0; edges.source.length < size.edges && tries < size.edges * 20; tries++) {
    const target = d < targets ? d++ : Math.floor(targets * rand() ** 2.5);
    const process = size.hosts + int(0, size.processes - 1);
    const t = target < size.destinations ? firstDestination + target : firstGroup + (target - size.destinations);
    const key = process * (nodes.length + 1) + t;
    if (seen.has(key)) continue;
    seen.add(key);
    push(process, t, 1, Math.max(1, Math.floor(Math.exp(rand() * 8))), nodes[t]!.finding);
  }
  const timeRange = { first: new Date(start).toISOString(), last: new Date(start + 7 * 86_400_000).toISOString() };
  return {
    nodes,
    edges,
    folded: { destinations: 0, edges: 0 },
    totals: { hosts: size.hosts, processes: size.processes, destinations: size.destinations, events: edges.events.reduce((a, b) => a + b, 0) },
    timeRange,
  };
}

/** The benchmark's graph: 10,000 nodes, 30,000 edges. */
export const LARGE_VIEW: GraphViewSize = { hosts: 300, processes: 2_000, destinations: 7_660, groups: 40, edges: 30_000 };
/** About the demo case's size. */
export const SMALL_VIEW: GraphViewSize = { hosts: 3, processes: 8, destinations: 14, groups: 2, edges: 30 };
