import { describe, expect, it } from 'vitest';
import { MAX_IDS } from '../../src/renderer/model/reduce.js';
import { decodePlace, encodePlace, MAX_HASH_CHARS, takeSignInCode, type Place } from '../../src/renderer/model/url-codec.js';
import { defaultSeen, type SeenState } from '../../src/renderer/model/view-state.js';

const full: SeenState = {
  selection: ['process:WS1|C:\\Program Files\\a,b&c=d?.exe', 'ip:203.0.113.45'],
  selectedEdge: 'process:WS1|C:\\x.exe->ip:1.2.3.4',
  selectedFinding: 42,
  query: {
    search: 'evil & co #1 ?x=/y',
    from: '2024-03-01T00:00:00.000Z',
    to: '2024-03-02T12:30:00.000Z',
    hosts: ['WS1', 'SRV 2'],
    processes: ['C:\\Windows\\System32\\svchost.exe'],
    ports: [443, 8080],
    protocols: ['tcp'],
    includeInternal: false,
    grouping: { destinations: 'asn', hosts: 'subnet', processes: 'image' },
    expanded: ['group:asn:13335'],
  },
  filters: { minScore: 0.35, severities: ['high', 'medium'], kinds: ['beacon', 'ioc'], onlyIoc: true, onlyFindings: true },
  overlays: { reputation: false, anomaly: true, dimBenign: false },
  layout: 'force',
  edgeWidth: 'bytes',
  pins: { 'host:WS1': [10.5, -20], 'ip:1.2.3.4': [0, 3.125] },
  hidden: ['host:SRV 2'],
};

describe('URL codec', () => {
  it('round-trips every part of what is seen', () => {
    const place: Place = { caseId: 'demo-case-1', view: 'graph', seen: full };
    const hash = encodePlace(place);
    expect(hash.startsWith('#/cases/demo-case-1/graph?select=')).toBe(true);
    expect(decodePlace(hash)).toEqual({ ...place, problems: [] });
  });

  it('writes nothing for defaults and reads an empty fragment as the defaults', () => {
    expect(encodePlace({ caseId: 'c1', view: 'graph', seen: defaultSeen })).toBe('#/cases/c1/graph');
    expect(encodePlace({ caseId: null, view: 'graph', seen: defaultSeen })).toBe('#/');
    expect(encodePlace({ caseId: null, view: 'intel', seen: defaultSeen })).toBe('#/intel');
    expect(decodePlace('')).toEqual({ caseId: null, view: 'graph', seen: defaultSeen, problems: [] });
    expect(decodePlace('#/intel')).toMatchObject({ caseId: null, view: 'intel', problems: [] });
    expect(decodePlace('#/cases/c1')).toMatchObject({ caseId: 'c1', view: 'graph', problems: [] });
    expect(decodePlace('#/cases/c1/imports')).toMatchObject({ caseId: 'c1', view: 'imports', problems: [] });
  });

  it('round-trips the other views and a case id', () => {
    for (const view of ['graph', 'imports', 'intel'] as const) {
      const place = { caseId: 'a-0', view, seen: { ...defaultSeen, selection: ['host:X'] } };
      expect(decodePlace(encodePlace(place))).toEqual({ ...place, problems: [] });
    }
  });

  it('leaves out hostile or malformed values, naming each, and never throws', () => {
    const hostile = [
      'select=',
      `select=${'x'.repeat(70_000)}`,
      'edge=no-arrow',
      'finding=1e3',
      `q=${'y'.repeat(201)}`,
      'from=yesterday',
      'to=2024-13-45T00:00:00Z',
      'port=65536',
      'port=-1',
      'port=4 43',
      'protocol=<script>',
      'group=__proto__',
      'hostgroup=image',
      'processgroup=subnet',
      'score=2',
      'severity=critical',
      'kind=constructor',
      'off=everything',
      'layout=spiral',
      'width=pixels',
      'pin=1,2',
      'pin=Infinity,2,host:A',
    ].join('&');
    const d = decodePlace(`#/cases/UPPER%20case/graph?${hostile}`);
    expect(d.caseId).toBeNull();
    expect(d.seen).toEqual(defaultSeen);
    expect(d.problems).toHaveLength(23);
    expect(decodePlace('#/cases/c1/graph?score=NaN').problems).toEqual(['the score "NaN" is not a number from 0 to 1']);
    expect(d.problems.every((p) => p.length < 120)).toBe(true);
  });

  it('refuses a bad percent-encoding, an unknown view, a path without a case, an overlong fragment', () => {
    expect(decodePlace('#/cases/%E0%A4%A/graph')).toMatchObject({ caseId: null, problems: ['the case id is not one Sightline makes'] });
    expect(decodePlace('#/cases/c1/admin').problems).toEqual(['no view "admin"']);
    expect(decodePlace('#/etc/passwd').problems).toEqual(['the address names no case']);
    const long = decodePlace(`#/cases/c1/graph?q=${'a'.repeat(MAX_HASH_CHARS)}`);
    expect(long.caseId).toBeNull();
    expect(long.problems).toHaveLength(1);
  });

  it('keeps node ids with every character, __proto__ too, as own data', () => {
    const odd = ['__proto__', 'process:H|C:\\a&b=c#d?e%f+g.exe', 'host:\u202Eexe.txt', 'host:é漢'];
    const place: Place = { caseId: 'c1', view: 'graph', seen: { ...defaultSeen, selection: odd, hidden: odd, pins: Object.fromEntries([['host:é漢', [1, 2]]]) } };
    const back = decodePlace(encodePlace(place));
    expect(back.seen.selection).toEqual(odd);
    expect(back.seen.hidden).toEqual(odd);
    const proto = decodePlace('#/cases/c1/graph?pin=1,2,__proto__');
    expect(Object.getPrototypeOf(proto.seen.pins)).toBe(Object.prototype);
    expect(Object.keys(proto.seen.pins)).toEqual(['__proto__']);
  });

  it('keeps at most MAX_IDS ids of a list and each once; orders a reversed range', () => {
    const many = Array.from({ length: MAX_IDS + 3 }, (_, i) => `select=host:${i}`).join('&');
    const d = decodePlace(`#/cases/c1/graph?${many}&select=host:0&from=2024-03-02T00:00:00Z&to=2024-03-01T00:00:00Z`);
    expect(d.seen.selection).toHaveLength(MAX_IDS);
    expect(d.problems).toEqual([`more than ${MAX_IDS} select values: the first ${MAX_IDS} kept`]);
    expect([d.seen.query.from, d.seen.query.to]).toEqual(['2024-03-01T00:00:00Z', '2024-03-02T00:00:00Z']);
  });

  it('takes the sign-in code out of either link form and keeps the place', () => {
    expect(takeSignInCode('#code=abc')).toEqual({ code: 'abc', rest: '' });
    expect(takeSignInCode('#/cases/c1/graph?code=abc&q=x')).toEqual({ code: 'abc', rest: '#/cases/c1/graph?q=x' });
    expect(takeSignInCode('#/cases/c1/graph?code=abc')).toEqual({ code: 'abc', rest: '#/cases/c1/graph' });
    expect(takeSignInCode('#/cases/c1/graph?q=x')).toEqual({ code: null, rest: '#/cases/c1/graph?q=x' });
  });
});
