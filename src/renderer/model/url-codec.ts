import { z } from 'zod';
import { evidenceKinds } from '../../shared/analysis-types.js';
import { destinationGroupings, hostGroupings, processGroupings } from '../../shared/graph-view-types.js';
import { MAX_NODE_ID_CHARS } from '../../shared/name-bounds.js';
import { caseIdSchema } from '../../shared/types.js';
import { MAX_IDS } from './reduce.js';
import { appViews, defaultSeen, edgeWidths, layoutModes, severities, type AppView, type Overlays, type SeenState } from './view-state.js';

/** What the address bar carries: the case, the view and what is seen (not the theme, not loaded data). */
export interface Place {
  caseId: string | null;
  view: AppView;
  seen: SeenState;
}

export interface DecodedPlace extends Place {
  /** Parts of the address that were not understood and were left out, in words. */
  problems: string[];
}

/** Longer addresses are not read at all (a pasted link is hostile text). */
export const MAX_HASH_CHARS = 200_000;

const overlayParams: Record<keyof Overlays, string> = { reputation: 'reputation', anomaly: 'anomaly', dimBenign: 'dim' };
const isoSchema = z.iso.datetime();

/**
 * `#/cases/<id>/<view>?select=…&q=…`: only what differs from the defaults, lists
 * as repeated parameters (ids may hold any character), so a link stays short
 * and `decodePlace(encodePlace(p))` gives `p` back.
 */
export function encodePlace(place: Place): string {
  const s = place.seen;
  const p = new URLSearchParams();
  const many = (key: string, values: readonly (string | number)[]) => values.forEach((v) => p.append(key, String(v)));
  many('select', s.selection);
  if (s.selectedEdge !== null) p.set('edge', s.selectedEdge);
  if (s.selectedFinding !== null) p.set('finding', String(s.selectedFinding));
  const q = s.query;
  if (q.search) p.set('q', q.search);
  if (q.from !== null) p.set('from', q.from);
  if (q.to !== null) p.set('to', q.to);
  many('host', q.hosts);
  many('process', q.processes);
  many('port', q.ports);
  many('protocol', q.protocols);
  if (!q.includeInternal) p.set('internal', '0');
  if (q.grouping.destinations !== 'auto') p.set('group', q.grouping.destinations);
  if (q.grouping.hosts !== 'none') p.set('hostgroup', q.grouping.hosts);
  if (q.grouping.processes !== 'none') p.set('processgroup', q.grouping.processes);
  many('expand', q.expanded);
  const f = s.filters;
  if (f.minScore > 0) p.set('score', String(round(f.minScore)));
  many('severity', f.severities);
  many('kind', f.kinds);
  if (f.onlyIoc) p.set('ioc', '1');
  if (f.onlyFindings) p.set('findings', '1');
  for (const [k, name] of Object.entries(overlayParams)) if (!s.overlays[k as keyof Overlays]) p.append('off', name);
  if (s.layout !== defaultSeen.layout) p.set('layout', s.layout);
  if (s.edgeWidth !== defaultSeen.edgeWidth) p.set('width', s.edgeWidth);
  for (const [id, [x, y]] of Object.entries(s.pins)) p.append('pin', `${round(x)},${round(y)},${id}`);
  many('hide', s.hidden);
  const path = place.caseId === null ? `/${place.view === 'graph' ? '' : place.view}` : `/cases/${encodeURIComponent(place.caseId)}/${place.view}`;
  const query = p.toString();
  return `#${path}${query ? `?${query}` : ''}`;
}

/**
 * Reads an address bar fragment. Never throws: what is malformed, out of
 * bounds or unknown is left at its default and named in `problems`.
 */
export function decodePlace(hash: string): DecodedPlace {
  const problems: string[] = [];
  const seen: SeenState = structuredClone(defaultSeen) as SeenState;
  const place: DecodedPlace = { caseId: null, view: 'graph', seen, problems };
  if (hash.length > MAX_HASH_CHARS) {
    problems.push(`the address is longer than ${MAX_HASH_CHARS} characters`);
    return place;
  }
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  const qAt = raw.indexOf('?');
  const path = qAt < 0 ? raw : raw.slice(0, qAt);
  const p = new URLSearchParams(qAt < 0 ? '' : raw.slice(qAt + 1));
  const parts = path.split('/').filter(Boolean);
  if (parts[0] === 'cases' && parts.length >= 2) {
    const id = safeDecode(parts[1] as string);
    if (id !== null && caseIdSchema.safeParse(id).success) place.caseId = id;
    else problems.push('the case id is not one Sightline makes');
    const v = parts[2] ?? 'graph';
    if (isOneOf(appViews, v)) place.view = v;
    else problems.push(`no view "${cut(v)}"`);
  } else if (parts.length === 1 && isOneOf(appViews, parts[0])) place.view = parts[0];
  else if (parts.length > 0) problems.push('the address names no case');

  const ids = (key: string) => bounded(key, p.getAll(key).filter((v) => ok(v.length > 0 && v.length <= MAX_NODE_ID_CHARS, `a ${key} id is empty or too long`)), MAX_IDS);
  const ok = (good: boolean, problem: string) => {
    if (!good) problems.push(problem);
    return good;
  };
  const bounded = <T>(key: string, values: T[], max: number) => {
    if (values.length > max) problems.push(`more than ${max} ${key} values: the first ${max} kept`);
    return [...new Set(values)].slice(0, max);
  };
  const one = (key: string) => p.get(key);

  seen.selection = ids('select');
  const edge = one('edge');
  if (edge !== null && ok(edge.length <= 2 * MAX_NODE_ID_CHARS + 2 && edge.includes('->'), 'the edge is not an edge id')) seen.selectedEdge = edge;
  const finding = one('finding');
  if (finding !== null && ok(/^\d{1,15}$/.test(finding), 'the finding is not a finding id')) seen.selectedFinding = Number(finding);

  const q = seen.query;
  const search = one('q');
  if (search !== null && ok(search.length <= 200, 'the search is longer than 200 characters')) q.search = search;
  for (const key of ['from', 'to'] as const) {
    const t = one(key);
    if (t !== null && ok(isoSchema.safeParse(t).success, `"${key}" is not an ISO 8601 UTC time`)) q[key] = t;
  }
  if (q.from !== null && q.to !== null && q.from > q.to) [q.from, q.to] = [q.to, q.from];
  q.hosts = bounded('host', p.getAll('host').filter((h) => ok(h.length > 0 && h.length <= 255, 'a host name is empty or too long')), 200);
  q.processes = bounded('process', p.getAll('process').filter((h) => ok(h.length > 0 && h.length <= 32_767, 'a process is empty or too long')), 200);
  q.ports = bounded(
    'port',
    p
      .getAll('port')
      .filter((v) => ok(/^\d{1,5}$/.test(v) && Number(v) <= 65_535, `"${cut(v)}" is not a port`))
      .map(Number),
    200,
  );
  q.protocols = bounded('protocol', p.getAll('protocol').filter((v) => ok(/^[a-z0-9-]{1,16}$/i.test(v), `"${cut(v)}" is not a protocol`)).map((v) => v.toLowerCase()), 20);
  if (one('internal') === '0') q.includeInternal = false;
  const g = { ...q.grouping };
  const group = one('group');
  if (group !== null && ok(isOneOf(destinationGroupings, group), `no grouping "${cut(group)}"`)) g.destinations = group as typeof g.destinations;
  const hostGroup = one('hostgroup');
  if (hostGroup !== null && ok(isOneOf(hostGroupings, hostGroup), `no host grouping "${cut(hostGroup)}"`)) g.hosts = hostGroup as typeof g.hosts;
  const processGroup = one('processgroup');
  if (processGroup !== null && ok(isOneOf(processGroupings, processGroup), `no process grouping "${cut(processGroup)}"`)) g.processes = processGroup as typeof g.processes;
  q.grouping = g;
  q.expanded = ids('expand');

  const f = seen.filters;
  const score = one('score');
  if (score !== null && ok(/^(0(\.\d{1,6})?|1(\.0*)?)$/.test(score), `the score "${cut(score)}" is not a number from 0 to 1`)) f.minScore = Number(score);
  f.severities = bounded('severity', p.getAll('severity').filter((v) => ok(isOneOf(severities, v), `no severity "${cut(v)}"`)), severities.length) as typeof f.severities;
  f.kinds = bounded('kind', p.getAll('kind').filter((v) => ok(isOneOf(evidenceKinds, v), `no detector kind "${cut(v)}"`)), evidenceKinds.length);
  f.onlyIoc = one('ioc') === '1';
  f.onlyFindings = one('findings') === '1';
  for (const off of p.getAll('off')) {
    const key = (Object.keys(overlayParams) as (keyof Overlays)[]).find((k) => overlayParams[k] === off);
    if (ok(key !== undefined, `no overlay "${cut(off)}"`) && key) seen.overlays = { ...seen.overlays, [key]: false };
  }
  const layout = one('layout');
  if (layout !== null && ok(isOneOf(layoutModes, layout), `no layout "${cut(layout)}"`)) seen.layout = layout as typeof seen.layout;
  const width = one('width');
  if (width !== null && ok(isOneOf(edgeWidths, width), `no edge width "${cut(width)}"`)) seen.edgeWidth = width as typeof seen.edgeWidth;
  const pins: Record<string, readonly [number, number]> = {};
  for (const pin of p.getAll('pin').slice(0, MAX_IDS)) {
    const m = /^(-?\d{1,9}(?:\.\d{1,3})?),(-?\d{1,9}(?:\.\d{1,3})?),(.+)$/s.exec(pin);
    if (ok(m !== null && (m[3] as string).length <= MAX_NODE_ID_CHARS, 'a pin is not x,y,node id')) {
      Object.defineProperty(pins, m?.[3] as string, { value: [Number(m?.[1]), Number(m?.[2])], enumerable: true, configurable: true, writable: true });
    }
  }
  seen.pins = pins;
  seen.hidden = ids('hide');
  return place;
}

/**
 * The sign-in link's one-time code (`#code=…` or `#/cases/…?code=…`) and the
 * fragment without it, so the page can wipe the code and keep the place.
 */
export function takeSignInCode(hash: string): { code: string | null; rest: string } {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash;
  if (raw.startsWith('code=')) return { code: new URLSearchParams(raw).get('code'), rest: '' };
  const qAt = raw.indexOf('?');
  if (qAt < 0) return { code: null, rest: hash };
  const p = new URLSearchParams(raw.slice(qAt + 1));
  const code = p.get('code');
  if (code === null) return { code: null, rest: hash };
  p.delete('code');
  const query = p.toString();
  return { code, rest: `#${raw.slice(0, qAt)}${query ? `?${query}` : ''}` };
}

function isOneOf<T extends string>(values: readonly T[], v: string | undefined): v is T {
  return v !== undefined && (values as readonly string[]).includes(v);
}

function safeDecode(s: string): string | null {
  try {
    return decodeURIComponent(s);
  } catch {
    return null;
  }
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** Problems quote at most 40 characters of what was given. */
function cut(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}
