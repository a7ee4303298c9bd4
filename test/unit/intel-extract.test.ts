import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ambiguousExtensions, extractIndicators, fileExtensions, refang } from '../../src/core/intel/extract/index.js';
import type { Extraction } from '../../src/core/intel/indicator-types.js';
import { loadWarninglists, type WarninglistMatcher } from '../../src/core/intel/warninglists/index.js';
import { repoRoot, resourcesDir } from '../helpers/fixtures.js';

const warninglists = loadWarninglists(path.join(resourcesDir, 'warninglists'));
const S256 = '2e84179c2198bc10d11910bed37dd7dd807f29fe07f2929153f9546f9a162523';

/** `ipv4 1.2.3.4 port 80`, `sha256 ab…`, `label c2`: one readable line per result. */
function render(r: Extraction): string[] {
  return [...r.indicators.map((i) => `${i.type} ${i.value}${i.port !== undefined ? ` port ${i.port}` : ''}`), ...r.labels.map((l) => `label ${l}`)];
}
function renderRejected(r: Extraction): string[] {
  return r.rejected.map((x) => `${x.value} => ${x.reason}`);
}

// [text, indicators and labels in order, rejected as "value => part of the reason"]
type Case = [string, string[], string[]?];
const cases: Case[] = [
  // refanging
  ['45.148.10[.]1', ['ipv4 45.148.10.1']], ['45[.]148[.]10[.]2', ['ipv4 45.148.10.2']], ['45(.)148(.)10(.)3', ['ipv4 45.148.10.3']],
  ['45{.}148{.}10{.}4', ['ipv4 45.148.10.4']], ['45[dot]148[dot]10[dot]5', ['ipv4 45.148.10.5']], ['45(dot)148(dot)10(dot)6', ['ipv4 45.148.10.6']],
  ['45{dot}148{dot}10{dot}7', ['ipv4 45.148.10.7']], ['45[DOT]148[DOT]10[DOT]8', ['ipv4 45.148.10.8']], ['45 dot 148 dot 10 dot 9', ['ipv4 45.148.10.9']],
  ['45 . 148 . 10 . 10', ['ipv4 45.148.10.10']], ['45[ . ]148[ . ]10[ . ]11', ['ipv4 45.148.10.11']], ['45.148\u200b.10.12', ['ipv4 45.148.10.12']],
  ['45.148.10[.]13[:]8080', ['ipv4 45.148.10.13 port 8080']], ['the dot to', []], ['Evil-J[.]XYZ', ['domain evil-j.xyz']],
  ['hxxp://evil-a.xyz/p', ['url http://evil-a.xyz/p', 'domain evil-a.xyz']], ['hxxps://evil-b.xyz/p', ['url https://evil-b.xyz/p', 'domain evil-b.xyz']],
  ['hXXps://evil-c.xyz/p', ['url https://evil-c.xyz/p', 'domain evil-c.xyz']], ['h**p://evil-d.xyz/p', ['url http://evil-d.xyz/p', 'domain evil-d.xyz']],
  ['h**ps://evil-e.xyz/p', ['url https://evil-e.xyz/p', 'domain evil-e.xyz']], ['hxxps[://]evil-f[.]xyz/p', ['url https://evil-f.xyz/p', 'domain evil-f.xyz']],
  ['hxxp[:]//evil-g.xyz/p', ['url http://evil-g.xyz/p', 'domain evil-g.xyz']], ['evil-h[.]xyz', ['domain evil-h.xyz']], ['sub.evil-i(.)xyz', ['domain sub.evil-i.xyz']],
  // IPv4
  ['45.148.10.14', ['ipv4 45.148.10.14']], ['ip:45.148.10.15', ['ipv4 45.148.10.15']], ['src=45.148.10.16,', ['ipv4 45.148.10.16']],
  ['(45.148.10.17)', ['ipv4 45.148.10.17']], ['seen 45.148.10.18.', ['ipv4 45.148.10.18']], ['45.148.10.19:22', ['ipv4 45.148.10.19 port 22']],
  ['45.148.10.20:0', ['ipv4 45.148.10.20']], ['45.148.10.21:70000', ['ipv4 45.148.10.21']], ['45.148.10.23-45.148.10.30', ['ipv4 45.148.10.23', 'ipv4 45.148.10.30']],
  ['45.148.10.24/bins/x', ['ipv4 45.148.10.24']], ['x45.148.10.25', []], ['45.148.10.26.nip.io', ['domain 45.148.10.26.nip.io']],
  ['172.32.0.1', ['ipv4 172.32.0.1']], ['100.128.0.1', ['ipv4 100.128.0.1']], ['45.148.10', []],
  ['1.2.3.4.5', [], ['1.2.3.4.5 => 5 dot-separated numbers']], ['045.148.10.27', [], ['045.148.10.27 => leading zero']],
  ['45.148.10.256', [], ['45.148.10.256 => above 255']], ['1.234.567.890', [], ['1.234.567.890 => thousands separators']],
  ['127.0.0.1', [], ['127.0.0.1 => loopback']], ['10.1.2.3', [], ['10.1.2.3 => private']], ['172.16.5.4', [], ['172.16.5.4 => private']],
  ['192.168.100.1', [], ['192.168.100.1 => private']], ['169.254.1.1', [], ['169.254.1.1 => link-local']], ['100.100.1.1', [], ['100.100.1.1 => carrier-grade NAT']],
  ['224.1.1.1', [], ['224.1.1.1 => multicast']], ['240.1.1.1', [], ['240.1.1.1 => reserved']], ['192.0.2.44', [], ['192.0.2.44 => documentation']],
  ['198.51.100.45', [], ['198.51.100.45 => documentation']], ['203.0.113.46', [], ['203.0.113.46 => documentation']], ['0.1.2.3', [], ['0.1.2.3 => unspecified']],
  ['255.255.255.255', [], ['255.255.255.255 => broadcast']],
  // versions
  ['v1.2.3.4', [], ['v1.2.3.4 => version']], ['V10.0.0.1', [], ['V10.0.0.1 => version']], ['version 1.2.3.4', [], ['version 1.2.3.4 => version']],
  ['Version: 4.5.6.7', [], ['version 4.5.6.7 => version']], ['ver. 1.2.3.4', [], ['ver. 1.2.3.4 => version']], ['build 10.0.19041.1', [], ['build 10.0.19041.1 => version']],
  ['firmware 2.1.0.3', [], ['firmware 2.1.0.3 => version']], ['Chrome/120.0.6099.109', [], ['Chrome/120.0.6099.109 => version']], ['HTTP/1.1', [], ['HTTP/1.1 => version']],
  ['OpenSSH_8.9p1', [], ['OpenSSH_8.9p1 => version']], ['SSH-2.0-OpenSSH_9.6', [], ['SSH-2.0-OpenSSH_9.6 => version']], ['libssh_0.11.1', [], ['libssh_0.11.1 => version']],
  ['1.2.3.4rc1', [], ['1.2.3.4rc1 => version']], ['Go-http-client/1.1', [], ['Go-http-client/1.1 => version']],
  ['abuseipdb.com/check/45.148.10.28', ['ipv4 45.148.10.28'], ['abuseipdb.com => reference site']], ['Update: 45.148.10.29 now serves Mirai', ['ipv4 45.148.10.29']],
  // CIDR
  ['45.148.10.0/24', ['cidr 45.148.10.0/24']], ['45.148.10.77/24,', ['cidr 45.148.10.0/24']], ['45.148.10.77/32', ['ipv4 45.148.10.77']],
  ['45.148.10.0/0', [], ['45.148.10.0/0 => whole address space']], ['45.148.10.0/33', [], ['45.148.10.0/33 => above 32']], ['45.148.10.0/240', [], ['45.148.10.0/240 => above 32']],
  ['10.0.0.0/8', [], ['10.0.0.0/8 => private']], ['2a0e:8f02::/32', ['cidr 2a0e:8f02::/32']], ['2a0e:8f02::/0', [], ['2a0e:8f02::/0 => whole address space']],
  ['2a0e:8f02::/129', [], ['2a0e:8f02::/129 => above 128']], ['2a0e:8f02::5/128', ['ipv6 2a0e:8f02::5']], ['2a0e:8f02:f017::54/64', ['cidr 2a0e:8f02:f017::/64']],
  // IPv6
  ['2a0e:8f02:f017::47', ['ipv6 2a0e:8f02:f017::47']], ['2A0E:8F02:F017::48', ['ipv6 2a0e:8f02:f017::48']], ['2a0e:8f02:f017:0:0:0:0:49', ['ipv6 2a0e:8f02:f017::49']],
  ['[2a0e:8f02:f017::50]:443', ['ipv6 2a0e:8f02:f017::50 port 443']], ['2a0e[:]8f02[:]f017[:][:]51', ['ipv6 2a0e:8f02:f017::51']], ['::ffff:45.148.10.30', ['ipv4 45.148.10.30']],
  ['from 2a0e:8f02:f017::52.', ['ipv6 2a0e:8f02:f017::52']], ['ip:2a0e:8f02:f017::53', ['ipv6 2a0e:8f02:f017::53']],
  ['::1', [], ['::1 => loopback']], ['fe80::1', [], ['fe80::1 => link-local']], ['fd00::1', [], ['fd00::1 => unique local']], ['ff02::1', [], ['ff02::1 => multicast']],
  ['2001:db8::1', [], ['2001:db8::1 => documentation']], ['at 10:22:33', []], ['00:1a:2b:3c:4d:5e', []], ['Foo::Bar cafe::beef', []],
  // domains and file names
  ['evil-k.xyz', ['domain evil-k.xyz']], ['EVIL-L.XYZ.', ['domain evil-l.xyz']], ['a.b.c.evil-m.co.uk', ['domain a.b.c.evil-m.co.uk']],
  ['payload.exe', [], ['payload.exe => file name']], ['dark.x86', [], ['dark.x86 => file name']], ['index.php', [], ['index.php => file name']],
  ['x.sh', ['domain x.sh']], ['sh x.sh', [], ['x.sh => file name']], ['./x.sh', [], ['x.sh => file name']], ['my_tool.py', [], ['my_tool.py => file name']],
  ['chmod 777 t.sh', [], ['t.sh => file name']], ['evil.zip', ['domain evil.zip']], ['download/evil.zip', [], ['evil.zip => file name']],
  ['e.g. i.e. U.S. 3.14', []], ['example.com', [], ['example.com => documentation']], ['sub.example.org', [], ['sub.example.org => documentation']],
  ['evil.test', [], ['evil.test => special-use']], ['printer.local', [], ['printer.local => special-use']], ['1.168.192.in-addr.arpa', [], ['1.168.192.in-addr.arpa => .arpa']],
  ['user@evil-n.xyz', ['domain evil-n.xyz']], ['my_host.evil-o.xyz', ['domain my_host.evil-o.xyz']], ['xn--80ak6aa92e.com', ['domain xn--80ak6aa92e.com']],
  ['-evil-p.xyz-', ['domain evil-p.xyz']], ['abcdefghijklmnop.onion', ['domain abcdefghijklmnop.onion']],
  // URLs
  ['https://evil-q.xyz', ['url https://evil-q.xyz/', 'domain evil-q.xyz']], ['https://EVIL-R.XYZ/Path?Q=1', ['url https://evil-r.xyz/Path?Q=1', 'domain evil-r.xyz']],
  ['http://45.148.10.31:8080/x', ['url http://45.148.10.31:8080/x port 8080', 'ipv4 45.148.10.31 port 8080']],
  ['https://user:pass@evil-s.xyz/', ['url https://user:pass@evil-s.xyz/', 'domain evil-s.xyz']],
  ['http://[2a0e:8f02:f017::55]:8443/x', ['url http://[2a0e:8f02:f017::55]:8443/x port 8443', 'ipv6 2a0e:8f02:f017::55 port 8443']],
  ['ftp://45.148.10.32/pub', ['url ftp://45.148.10.32/pub', 'ipv4 45.148.10.32']], ['(http://evil-t.xyz/a)', ['url http://evil-t.xyz/a', 'domain evil-t.xyz']],
  ['http://evil-u.xyz/a_(b)', ['url http://evil-u.xyz/a_(b)', 'domain evil-u.xyz']], ['http://evil-v.xyz/a,', ['url http://evil-v.xyz/a', 'domain evil-v.xyz']],
  ['https://t.co/AbC123\u2026', [], ['https://t.co/AbC123 => reference site', 't.co => reference site']], ['http:// nothing', []],
  ['http://10.0.0.5/x', [], ['http://10.0.0.5/x => host 10.0.0.5: private', '10.0.0.5 => private']],
  ['http://evil-w.xyz:99999/', [], ['http://evil-w.xyz:99999/ => port']],
  // hashes
  [`md5 ${'a0846a7fe02f8cba90b48b41e130713e'}`, ['md5 a0846a7fe02f8cba90b48b41e130713e']], ['db97e6178c7e10c88221187096dd1b1757508d6b', ['sha1 db97e6178c7e10c88221187096dd1b1757508d6b']],
  [`sha256:${S256}`, [`sha256 ${S256}`]], [S256.toUpperCase(), [`sha256 ${S256}`]], [S256.slice(1), []], [`${S256}a`, []], [`0x${S256.slice(0, 40)}`, []],
  ['12345678901234567890123456789012', [], ['12345678901234567890123456789012 => decimal digits']], ['a'.repeat(32), [], [`${'a'.repeat(32)} => repeated`]],
  // labels
  ['#CobaltStrike', ['label cobaltstrike']], ['#c2 #C2', ['label c2']], ['#123 C# page#anchor &#39;', []], ['https://x-evil.xyz/#frag', ['url https://x-evil.xyz/#frag', 'domain x-evil.xyz']],
  ['#opendir, #Mirai_Variant #日本', ['label opendir', 'label mirai_variant', 'label 日本']],
  // dedupe and order
  ['45.148.10.33 45.148.10.33', ['ipv4 45.148.10.33']], ['45.148.10.34 then 45.148.10.34:22', ['ipv4 45.148.10.34 port 22']],
  ['b-evil.xyz a-evil.xyz b-evil.xyz', ['domain b-evil.xyz', 'domain a-evil.xyz']], ['http://45.148.10.35/ 45.148.10.35', ['url http://45.148.10.35/', 'ipv4 45.148.10.35']],
];

describe('extractIndicators: table', () => {
  it.each(cases)('%j', (text, found, rejected = []) => {
    const r = extractIndicators(text);
    expect(render(r)).toEqual(found);
    const actual = renderRejected(r);
    expect(actual.map((x) => x.split(' => ')[0])).toEqual(rejected.map((x) => x.split(' => ')[0]));
    rejected.forEach((x, i) => expect(actual[i]).toContain(x.split(' => ')[1]));
  });
});

interface Post {
  id: string;
  text: string;
  warninglists?: boolean;
  expect: Partial<Record<'ipv4' | 'ipv6' | 'cidr' | 'domain' | 'url' | 'hash' | 'labels', string[]>> & { rejected?: Array<{ value: string; reason: string }> };
}
const posts = (JSON.parse(fs.readFileSync(path.join(repoRoot, 'test/fixtures/intel/posts.json'), 'utf8')) as { posts: Post[] }).posts;

describe('extractIndicators: posts in the formats of IoC and honeypot accounts', () => {
  it.each(posts.map((p) => [p.id, p] as const))('%s', (_id, post) => {
    const r = extractIndicators(post.text, post.warninglists ? { warninglists } : {});
    const of = (...types: string[]) => render(r).filter((l) => types.includes(l.split(' ')[0] as string)).map((l) => l.slice(l.indexOf(' ') + 1));
    expect({
      ipv4: of('ipv4'), ipv6: of('ipv6'), cidr: of('cidr'), domain: of('domain'), url: of('url'),
      hash: render(r).filter((l) => /^(md5|sha1|sha256) /.test(l)), labels: r.labels,
    }).toEqual({ ipv4: [], ipv6: [], cidr: [], domain: [], url: [], hash: [], labels: [], ...post.expect, rejected: undefined });
    const expected = post.expect.rejected ?? [];
    expect(r.rejected.map((x) => x.value)).toEqual(expected.map((x) => x.value));
    expected.forEach((x, i) => expect(r.rejected[i]?.reason).toContain(x.reason));
  });
});

describe('the file-extension rule', () => {
  const tlds = new Set((JSON.parse(fs.readFileSync(path.join(resourcesDir, 'warninglists/tlds.json'), 'utf8')) as { list: string[] }).list.map((t) => t.toLowerCase()));
  it('lists as plain file extensions only names IANA has not delegated', () => {
    expect([...fileExtensions].filter((e) => tlds.has(e))).toEqual([]);
  });
  it('lists as ambiguous only real TLDs (.zip, .mov, .sh are domains too)', () => {
    expect([...ambiguousExtensions].filter((e) => !tlds.has(e))).toEqual([]);
    for (const tld of ['zip', 'mov', 'sh']) expect(ambiguousExtensions.has(tld)).toBe(true);
  });
});

describe('extractIndicators with a warninglist matcher', () => {
  const hit = (contextOnly: boolean) => ({ list: contextOnly ? 'Context list' : 'Benign list', id: 'x', contextOnly, matched: '' });
  const double: WarninglistMatcher = {
    match: (type, value) => (value === '45.148.10.90' ? hit(false) : value === 'evil-ctx.xyz' ? hit(true) : null),
  };
  it('rejects a suppressing hit with the list name and keeps a context-only hit', () => {
    const r = extractIndicators('45.148.10.90 evil-ctx.xyz 45.148.10.91', { warninglists: double });
    expect(render(r)).toEqual(['domain evil-ctx.xyz', 'ipv4 45.148.10.91']);
    expect(r.rejected).toEqual([{ value: '45.148.10.90', reason: 'on warninglist "Benign list"' }]);
  });
  it('needs a delegated TLD only when the matcher knows the TLDs', () => {
    expect(render(extractIndicators('evil.notatld'))).toEqual(['domain evil.notatld']);
    expect(renderRejected(extractIndicators('evil.notatld', { warninglists }))).toEqual(['evil.notatld => unknown TLD ".notatld"']);
    expect(render(extractIndicators('пример-вход.рф evil.onion', { warninglists }))).toEqual(['domain пример-вход.рф', 'domain evil.onion']);
  });
});

describe('extractIndicators on hostile text', () => {
  const N = 100_000;
  const rep = (s: string) => s.repeat(Math.ceil(N / s.length)).slice(0, N);
  const hostile: Record<string, string> = {
    digits: rep('1'), dots: rep('1.'), defangedDots: rep('1[.]'), hex: rep('a'), hexColons: rep('a:'), digitColons: rep('1:'), labels: rep('a.'),
    dashes: rep('a-'), hashes: rep('#'), hashtags: rep('#a'), schemes: rep('http://'), closers: `http://x.com/${rep(')')}`, spaces: `1${rep(' ')}dot`,
    spacedDots: rep('1 . '), dotWords: rep('1 dot '), versions: rep('v1.2.3.4 '), underscores: rep('_1.1'), mapped: rep('::ffff:1.'), emails: rep('a@b.'),
    mixed: rep('hxxp[://]1[.]2.3[.]4:80/a.exe #x 2001[:]db8::1 sh x.sh '),
  };
  // The list indexes are built on first use; build them now so the clock measures extraction only.
  beforeAll(() => ['ipv4 1.2.3.4', 'ipv6 2a0e::1', 'domain a.xyz'].forEach((q) => warninglists.match(q.split(' ')[0] as 'ipv4', q.split(' ')[1] as string)));
  it.each(Object.entries(hostile))('%s (100 KB) finishes well under a second', (_name, text) => {
    const t0 = performance.now();
    const r = extractIndicators(text, { warninglists });
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(r.rejected.every((x) => x.value.length <= 201)).toBe(true);
  });
});

describe('purity', () => {
  it('gives the same answer twice and does not depend on earlier calls', () => {
    const text = posts.map((p) => p.text).join('\n');
    expect(extractIndicators(text)).toEqual(extractIndicators(text));
  });
  it('refang is idempotent and leaves plain text alone', () => {
    const once = refang('hxxps[://]evil[.]xyz 1 dot 2 dot 3 dot 4');
    expect(once).toBe('https://evil.xyz 1.2.3.4');
    expect(refang(once)).toBe(once);
    expect(refang('connect the dot to the line (.) no')).toBe('connect the dot to the line . no');
  });
});
