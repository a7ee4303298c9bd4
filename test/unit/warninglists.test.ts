import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileUnreadableError, MalformedRecordError } from '../../src/core/errors/index.js';
import { buildIpv4RangeSet, findIpv4Range, packIpv4Network } from '../../src/core/intel/warninglists/ipv4-range-set.js';
import { parseCidrEntry } from '../../src/core/intel/warninglists/parse-cidr-entry.js';
import { contextOnlyListIds, createWarninglists, loadWarninglists, type ListSource } from '../../src/core/intel/warninglists/index.js';
import { resourcesDir } from '../helpers/fixtures.js';
import { TempDirs } from '../helpers/temp-dirs.js';

const dir = path.join(resourcesDir, 'warninglists');
const t0 = performance.now();
const wl = loadWarninglists(dir);
const loadMs = performance.now() - t0;
const ids = (type: Parameters<typeof wl.matchAll>[0], value: string) => wl.matchAll(type, value).map((h) => h.id);

describe('the shipped warninglists', () => {
  it('load all 100 lists fast, with their names and kinds', () => {
    expect(wl.lists).toHaveLength(100);
    expect(loadMs).toBeLessThan(1500); // about 40-120 ms on a dev box; generous for a loaded CI runner
    expect(wl.lists.find((l) => l.id === 'public-dns-v4')).toMatchObject({ name: 'List of known IPv4 public DNS resolvers', kind: 'cidr', contextOnly: false });
    expect(new Set(wl.lists.map((l) => l.kind))).toEqual(new Set(['cidr', 'hostname', 'string', 'substring']));
  });

  it('have every cidr entry parse (a skipped entry would be a silent hole)', () => {
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const list = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as { type: string; list: string[] };
      if (list.type === 'cidr') expect(list.list.filter((e) => parseCidrEntry(e) === null), file).toEqual([]);
    }
  });

  it('name every context-only list that ships, and mark lots-project context-only', () => {
    const shipped = new Set(wl.lists.map((l) => l.id));
    expect([...contextOnlyListIds].filter((id) => !shipped.has(id))).toEqual([]);
    expect(wl.lists.filter((l) => l.contextOnly).map((l) => l.id)).toContain('lots-project');
  });

  it('keep the CC0 attribution beside them', () => {
    const readme = fs.readFileSync(path.join(dir, 'README.md'), 'utf8');
    expect(readme).toMatch(/ATTRIBUTION/);
    expect(readme).toMatch(/CC0 1\.0/);
    expect(readme).toMatch(/84f0610/);
  });
});

describe('matching', () => {
  it('puts 8.8.8.8 on the public DNS list, which decides over the wider VPN range', () => {
    expect(ids('ipv4', '8.8.8.8')).toEqual(['public-dns-v4', 'vpn-ipv4']);
    expect(wl.match('ipv4', '8.8.8.8')).toMatchObject({ list: 'List of known IPv4 public DNS resolvers', contextOnly: false, matched: '8.8.8.8' });
    expect(wl.match('ipv6', '2001:4860:4860::8888')?.id).toBe('public-dns-v6');
  });

  it('finds an AWS address, as context only', () => {
    expect(ids('ipv4', '52.1.2.3')).toContain('amazon-aws');
    expect(wl.match('ipv4', '52.1.2.3')?.contextOnly).toBe(true);
    expect(wl.match('ipv4', '45.148.10.77')).toBeNull();
  });

  it('matches a network only when it lies inside a listed range', () => {
    expect(ids('cidr', '13.76.0.0/16')).toContain('microsoft-azure');
    expect(ids('cidr', '13.0.0.0/8')).not.toContain('microsoft-azure');
    expect(ids('cidr', '2001:4860:4860::8888/128')).toEqual(['public-dns-v6']);
  });

  it('matches hostname lists on the domain and its subdomains, on label boundaries', () => {
    expect(ids('domain', 'evil-panel.duckdns.org')).toEqual(expect.arrayContaining(['dynamic-dns', 'lots-project', 'tranco10k']));
    expect(ids('domain', 'duckdns.org')).toContain('dynamic-dns');
    expect(ids('domain', 'notduckdns.org')).not.toContain('dynamic-dns');
    expect(ids('domain', 'EVIL.DuckDNS.org.')).toContain('dynamic-dns');
  });

  it('matches string lists exactly, and a leading dot as "and subdomains"', () => {
    expect(ids('domain', 'captive.apple.com')).toContain('captive-portals');
    expect(ids('domain', 'x.captive.apple.com')).not.toContain('captive-portals');
    expect(ids('domain', 'www.google.ad')).toContain('google'); // listed as ".google.ad"
  });

  it('matches substring lists anywhere in the name', () => {
    expect(ids('domain', 'sandbox.anlyz.io')).toContain('automated-malware-analysis');
  });

  it('matches IPv4-mapped IPv6 entries as IPv4, as Sightline stores those peers', () => {
    expect(ids('ipv4', '146.112.61.104')).toEqual(expect.arrayContaining(['umbrella-blockpage-v4', 'umbrella-blockpage-v6']));
  });

  it('matches a URL by its host; a context-only list wins a tie', () => {
    expect(wl.match('url', 'https://docs.google.com/document/d/1')).toMatchObject({ id: 'lots-project', contextOnly: true });
    expect(wl.match('url', 'https://www.virustotal.com/gui/file/x')).toMatchObject({ id: 'security-provider-blogpost', contextOnly: false });
    expect(wl.match('domain', 'evil-panel.duckdns.org')?.contextOnly).toBe(true);
    expect(wl.match('url', 'not a url')).toBeNull();
    expect(wl.match('sha256', 'ab'.repeat(32))).toBeNull();
  });

  it('knows the delegated TLDs', () => {
    expect([wl.isKnownTld('com'), wl.isKnownTld('ZIP'), wl.isKnownTld('exe'), wl.isKnownTld('xn--p1ai')]).toEqual([true, true, false, true]);
    expect(createWarninglists([]).isKnownTld('com')).toBeUndefined();
  });
});

describe('deciding between lists', () => {
  const list = (id: string, type: string, entries: string[]): ListSource => ({ id, file: { name: `List ${id}`, description: id, type, list: entries } });
  it('lets the most specific entry decide, and context-only lists win ties', () => {
    const w = createWarninglists([
      list('popular', 'hostname', ['duckdns.org', 'a.b.example.net']),
      list('dynamic-dns', 'hostname', ['.duckdns.org', 'b.example.net']),
      list('benign', 'cidr', ['198.51.100.7/32']),
      list('vpn-ipv4', 'cidr', ['198.51.100.0/24']),
    ]);
    expect(w.match('domain', 'x.duckdns.org')?.id).toBe('dynamic-dns');
    expect(w.match('domain', 'a.b.example.net')?.id).toBe('popular');
    expect(w.match('ipv4', '198.51.100.7')?.id).toBe('benign');
    expect(w.match('ipv4', '198.51.100.8')?.id).toBe('vpn-ipv4');
  });
});

describe('IPv4 range sets', () => {
  const set = buildIpv4RangeSet(Float64Array.from([[10, 10], [11, 11], [20, 23], [0, 3], [21, 21]].map(([lo, hi]) => packIpv4Network(lo as number, hi as number))));
  it('merges overlapping and adjacent networks', () => {
    expect([...set.starts]).toEqual([0, 10, 20]);
    expect([...set.ends]).toEqual([3, 11, 23]);
  });
  it('finds a value or a whole range, and nothing across a gap', () => {
    expect([findIpv4Range(set, 0), findIpv4Range(set, 3), findIpv4Range(set, 4), findIpv4Range(set, 11), findIpv4Range(set, 24)]).toEqual([0, 0, -1, 1, -1]);
    expect([findIpv4Range(set, 20, 23), findIpv4Range(set, 10, 20), findIpv4Range(buildIpv4RangeSet(new Float64Array()), 1)]).toEqual([2, -1, -1]);
  });
});

describe('loading', () => {
  const temp = new TempDirs();
  afterEach(() => temp.cleanup());
  it('fails on a broken list, naming the file and the field', () => {
    const d = temp.make();
    fs.writeFileSync(path.join(d, 'bad.json'), JSON.stringify({ name: 'x', description: 'y', type: 'regex', list: [] }));
    expect(() => loadWarninglists(d)).toThrow(MalformedRecordError);
    expect(() => loadWarninglists(d)).toThrow(/bad\.json.*"type"/);
    fs.writeFileSync(path.join(d, 'bad.json'), '{');
    expect(() => loadWarninglists(d)).toThrow(/not readable JSON/);
  });
  it('fails on a missing folder', () => {
    expect(() => loadWarninglists(path.join(temp.make(), 'nope'))).toThrow(FileUnreadableError);
  });
});
