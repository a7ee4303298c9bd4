import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { addressClassMeaning, classifyAddress, classifyIpv4, describeAddressClass } from '../../src/core/analysis/enrich/address-class.js';
import { ipv4ToInt } from '../../src/core/net/index.js';

const cls = (ip: string) => classifyAddress(ip)?.class;

describe('IPv4 address classes, at the edges of every block', () => {
  // [last address before the block, first, last, first after], with the classes expected there.
  const edges: Array<[string, string, string, string, string, string, string]> = [
    // block          before          first            last               after             class before  class   class after
    ['0.0.0.0/8', '', '0.0.0.1', '0.255.255.255', '1.0.0.0', '', 'reserved'],
    ['10.0.0.0/8', '9.255.255.255', '10.0.0.0', '10.255.255.255', '11.0.0.0', 'public', 'private'],
    ['100.64.0.0/10', '100.63.255.255', '100.64.0.0', '100.127.255.255', '100.128.0.0', 'public', 'cgnat'],
    ['127.0.0.0/8', '126.255.255.255', '127.0.0.0', '127.255.255.255', '128.0.0.0', 'public', 'loopback'],
    ['169.254.0.0/16', '169.253.255.255', '169.254.0.0', '169.254.255.255', '169.255.0.0', 'public', 'link-local'],
    ['172.16.0.0/12', '172.15.255.255', '172.16.0.0', '172.31.255.255', '172.32.0.0', 'public', 'private'],
    ['192.0.2.0/24', '192.0.1.255', '192.0.2.0', '192.0.2.255', '192.0.3.0', 'public', 'documentation'],
    ['192.31.196.0/24', '192.31.195.255', '192.31.196.0', '192.31.196.255', '192.31.197.0', 'public', 'public'],
    ['192.88.99.0/24', '192.88.98.255', '192.88.99.0', '192.88.99.255', '192.88.100.0', 'public', 'reserved'],
    ['192.168.0.0/16', '192.167.255.255', '192.168.0.0', '192.168.255.255', '192.169.0.0', 'public', 'private'],
    ['198.18.0.0/15', '198.17.255.255', '198.18.0.0', '198.19.255.255', '198.20.0.0', 'public', 'benchmarking'],
    ['198.51.100.0/24', '198.51.99.255', '198.51.100.0', '198.51.100.255', '198.51.101.0', 'public', 'documentation'],
    ['203.0.113.0/24', '203.0.112.255', '203.0.113.0', '203.0.113.255', '203.0.114.0', 'public', 'documentation'],
    ['224.0.0.0/4', '223.255.255.255', '224.0.0.0', '239.255.255.255', '240.0.0.0', 'public', 'multicast'],
    ['240.0.0.0/4', '239.255.255.255', '240.0.0.0', '255.255.255.254', '', 'multicast', 'reserved'],
  ];
  it.each(edges)('%s', (_block, before, first, last, after, classBefore, inside) => {
    if (before) expect(cls(before), before).toBe(classBefore);
    expect(cls(first), first).toBe(inside);
    expect(cls(last), last).toBe(inside);
    if (after) expect(cls(after), after).toBe(after === '240.0.0.0' ? 'reserved' : classBefore === 'multicast' ? 'reserved' : 'public');
  });

  it('names the nested blocks of 192.0.0.0/24, the most specific deciding', () => {
    expect(classifyAddress('192.0.0.0')).toMatchObject({ class: 'reserved', range: '192.0.0.0/29', rfc: 'RFC 7335' });
    expect(classifyAddress('192.0.0.7')).toMatchObject({ class: 'reserved', range: '192.0.0.0/29' });
    expect(classifyAddress('192.0.0.8')).toMatchObject({ class: 'reserved', name: 'IPv4 dummy address' });
    // Globally reachable anycast services inside a reserved block are public, with their name.
    expect(classifyAddress('192.0.0.9')).toMatchObject({ class: 'public', name: 'Port Control Protocol Anycast', rfc: 'RFC 7723' });
    expect(classifyAddress('192.0.0.10')).toMatchObject({ class: 'public', range: '192.0.0.10/32' });
    expect(classifyAddress('192.0.0.11')).toMatchObject({ class: 'reserved', range: '192.0.0.0/24', name: 'IETF Protocol Assignments' });
    expect(classifyAddress('192.0.0.170')).toMatchObject({ class: 'reserved', name: 'NAT64/DNS64 Discovery' });
    expect(classifyAddress('192.0.0.255')).toMatchObject({ range: '192.0.0.0/24' });
    expect(cls('192.0.1.0')).toBe('public');
  });

  it('tells 0.0.0.0 (unspecified) from the rest of "this network", and 255.255.255.255 (broadcast) from reserved', () => {
    expect(classifyAddress('0.0.0.0')).toMatchObject({ class: 'unspecified', range: '0.0.0.0/32' });
    expect(classifyAddress('0.0.0.1')).toMatchObject({ class: 'reserved', range: '0.0.0.0/8' });
    expect(classifyAddress('255.255.255.255')).toMatchObject({ class: 'broadcast', rfc: 'RFC 919' });
    expect(classifyAddress('255.255.255.254')).toMatchObject({ class: 'reserved', range: '240.0.0.0/4' });
  });

  it('names multicast blocks, and AS112 / AMT as public services', () => {
    expect(classifyAddress('224.0.0.251')).toMatchObject({ class: 'multicast', name: 'Local Network Control Block' });
    expect(classifyAddress('224.0.2.0')).toMatchObject({ class: 'multicast', range: '224.0.0.0/4' });
    expect(classifyAddress('239.255.255.250')).toMatchObject({ class: 'multicast', name: 'Administratively Scoped Block' });
    expect(classifyAddress('192.175.48.1')).toMatchObject({ class: 'public', name: 'Direct Delegation AS112 Service' });
    expect(classifyAddress('192.52.193.1')).toMatchObject({ class: 'public', name: 'AMT' });
    expect(classifyAddress('8.8.8.8')).toEqual({ class: 'public', range: null, name: null, rfc: null, embedded: null });
  });

  it('answers the integer fast path the same as text', () => {
    for (const ip of ['0.0.0.0', '9.255.255.255', '10.0.0.0', '100.64.0.0', '192.0.0.9', '203.0.113.255', '255.255.255.255', '8.8.8.8']) {
      expect(classifyIpv4(ipv4ToInt(ip))).toEqual(classifyAddress(ip));
    }
  });
});

describe('IPv6 address classes', () => {
  const cases: Array<[string, string, string | null]> = [
    ['::', 'unspecified', '::/128'],
    ['::1', 'loopback', '::1/128'],
    ['::2', 'reserved', '::/0'],
    ['100::', 'reserved', '100::/64'],
    ['100::ffff:ffff:ffff:ffff', 'reserved', '100::/64'],
    ['100:0:0:1::', 'reserved', '100:0:0:1::/64'],
    ['100:0:0:2::', 'reserved', '::/0'],
    ['1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'reserved', '::/0'],
    ['2000::', 'public', null],
    ['2001:1::1', 'public', '2001:1::1/128'],
    ['2001:1::3', 'public', '2001:1::3/128'],
    ['2001:1::4', 'reserved', '2001::/23'],
    ['2001:2::', 'benchmarking', '2001:2::/48'],
    ['2001:2:0:ffff:ffff:ffff:ffff:ffff', 'benchmarking', '2001:2::/48'],
    ['2001:2:1::', 'reserved', '2001::/23'],
    ['2001:3::1', 'public', '2001:3::/32'],
    ['2001:4:112::1', 'public', '2001:4:112::/48'],
    ['2001:10::1', 'reserved', '2001:10::/28'],
    ['2001:20::1', 'public', '2001:20::/28'],
    ['2001:30::1', 'public', '2001:30::/28'],
    ['2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff', 'reserved', '2001::/23'],
    ['2001:200::', 'public', null],
    ['2001:db7:ffff:ffff:ffff:ffff:ffff:ffff', 'public', null],
    ['2001:db8::', 'documentation', '2001:db8::/32'],
    ['2001:db8:ffff:ffff:ffff:ffff:ffff:ffff', 'documentation', '2001:db8::/32'],
    ['2001:db9::', 'public', null],
    ['2620:4f:8000::53', 'public', '2620:4f:8000::/48'],
    ['3fff::', 'documentation', '3fff::/20'],
    ['3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff', 'documentation', '3fff::/20'],
    ['3fff:1000::', 'public', null],
    ['3fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'public', null],
    ['4000::', 'reserved', '::/0'],
    ['5f00::1', 'reserved', '5f00::/16'],
    ['64:ff9b:1::1', 'private', '64:ff9b:1::/48'],
    ['fbff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'reserved', '::/0'],
    ['fc00::', 'private', 'fc00::/7'],
    ['fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'private', 'fc00::/7'],
    ['fe7f:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'reserved', '::/0'],
    ['fe80::', 'link-local', 'fe80::/10'],
    ['fe80::1%eth0', 'link-local', 'fe80::/10'],
    ['febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'link-local', 'fe80::/10'],
    ['fec0::', 'reserved', 'fec0::/10'],
    ['feff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'reserved', 'fec0::/10'],
    ['ff00::', 'multicast', 'ff00::/8'],
    ['ff02::1', 'multicast', 'ff00::/8'],
    ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'multicast', 'ff00::/8'],
  ];
  it.each(cases)('%s is %s (%s)', (ip, expected, range) => {
    expect(classifyAddress(ip)).toMatchObject({ class: expected, range, embedded: null });
  });

  it('classifies the IPv4 address carried by IPv4-mapped, NAT64, 6to4 and Teredo addresses', () => {
    expect(classifyAddress('::ffff:10.1.2.3')).toMatchObject({ class: 'private', range: '10.0.0.0/8', embedded: { kind: 'ipv4-mapped', ipv4: '10.1.2.3' } });
    expect(classifyAddress('::ffff:808:808')).toMatchObject({ class: 'public', embedded: { kind: 'ipv4-mapped', ipv4: '8.8.8.8' } });
    expect(classifyAddress('64:ff9b::192.0.2.33')).toMatchObject({ class: 'documentation', embedded: { kind: 'nat64', ipv4: '192.0.2.33' } });
    expect(classifyAddress('64:ff9b::8.8.4.4')).toMatchObject({ class: 'public', embedded: { kind: 'nat64', ipv4: '8.8.4.4' } });
    expect(classifyAddress('2002:c000:0204::1')).toMatchObject({ class: 'documentation', embedded: { kind: '6to4', ipv4: '192.0.2.4' } });
    expect(classifyAddress('2002:0a00:0001::')).toMatchObject({ class: 'private', embedded: { kind: '6to4', ipv4: '10.0.0.1' } });
    expect(classifyAddress('2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff')).toMatchObject({ class: 'broadcast', embedded: { kind: '6to4', ipv4: '255.255.255.255' } });
    // RFC 4380's example: server 65.54.227.120, client 192.0.2.45 behind NAT (stored inverted: 3fff:fdd2).
    expect(classifyAddress('2001:0000:4136:e378:8000:63bf:3fff:fdd2')).toMatchObject({ class: 'documentation', embedded: { kind: 'teredo', ipv4: '192.0.2.45' } });
    expect(classifyAddress('2001::f7f7:f7f7')).toMatchObject({ class: 'public', embedded: { kind: 'teredo', ipv4: '8.8.8.8' } });
  });

  it('describes classes in plain words', () => {
    expect(describeAddressClass(classifyAddress('8.8.8.8')!)).toBe('public');
    expect(describeAddressClass(classifyAddress('10.9.8.7')!)).toBe('private (Private-Use, RFC 1918, 10.0.0.0/8)');
    expect(describeAddressClass(classifyAddress('2002:0a00:0001::')!)).toBe('6to4 address of 10.0.0.1: private (Private-Use, RFC 1918, 10.0.0.0/8)');
    expect(describeAddressClass(classifyAddress('2001:db8::1')!)).toBe('documentation (Documentation, RFC 3849, 2001:db8::/32)');
  });

  it('says what a class means to an analyst, then the block that decided', () => {
    const meaning = (ip: string) => addressClassMeaning(classifyAddress(ip)!);
    expect(meaning('8.8.8.8')).toBe('Public Internet address');
    expect(meaning('10.9.8.7')).toBe('Private network address: inside an organisation’s network (Private-Use, RFC 1918, 10.0.0.0/8)');
    expect(meaning('203.0.113.45')).toBe('Documentation example address: never routed on the Internet, so test data or forged (Documentation (TEST-NET-3), RFC 5737, 203.0.113.0/24)');
    expect(meaning('192.0.0.9')).toBe('Public Internet address (Port Control Protocol Anycast, RFC 7723, 192.0.0.9/32)');
    expect(meaning('2002:0a00:0001::')).toBe('6to4 address of 10.0.0.1: private network address: inside an organisation’s network (Private-Use, RFC 1918, 10.0.0.0/8)');
    expect(meaning('127.0.0.1')).toMatch(/^Loopback: the machine itself/);
  });

  it('returns null for what is not an address (shifted columns, inet_aton forms, garbage)', () => {
    for (const v of ['', 'example.com', '1.2.3', '1.2.3.4.5', '01.2.3.4', '256.1.1.1', '127.1', '0x7f.0.0.1', '1692161622', ':::', 'fe80::1::2', '1.2.3.4/24']) {
      expect(classifyAddress(v), v).toBeNull();
    }
  });
});

/*
 * ipaddr.js's own range() against this table, at the first and last address
 * of each of its ranges. Where they disagree it is on purpose, each listed
 * with the reason: ipaddr.js lumps documentation, benchmarking and the IETF
 * block into "reserved", calls all of 0/8 "unspecified", knows nothing
 * outside 2000::/3 is unallocated (it calls 4000:: "unicast"), and lacks the
 * newest blocks.
 */
describe('ipaddr.js ranges checked against the IANA table', () => {
  const agree: Record<string, string> = {
    unicast: 'public',
    private: 'private',
    uniqueLocal: 'private',
    carrierGradeNat: 'cgnat',
    loopback: 'loopback',
    linkLocal: 'link-local',
    multicast: 'multicast',
    broadcast: 'broadcast',
    unspecified: 'unspecified',
    reserved: 'reserved',
    benchmarking: 'benchmarking',
    amt: 'public',
    as112: 'public',
    as112v6: 'public',
    orchid2: 'public',
    droneRemoteIdProtocolEntityTags: 'public',
    deprecatedOrchid: 'reserved',
    deprecatedSiteLocal: 'reserved',
    discard: 'reserved',
    segmentRouting: 'reserved',
  };
  // `address` ipaddr.js's range → our class, where they differ, and why.
  const knownDifferences: Record<string, string> = {
    '0.255.255.255 unspecified': 'reserved', // only 0.0.0.0/32 is unspecified; the rest of 0/8 is "this network"
    '192.0.2.0 reserved': 'documentation',
    '192.0.2.255 reserved': 'documentation',
    '198.18.0.0 reserved': 'benchmarking',
    '198.19.255.255 reserved': 'benchmarking',
    '198.51.100.0 reserved': 'documentation',
    '198.51.100.255 reserved': 'documentation',
    '203.0.113.0 reserved': 'documentation',
    '203.0.113.255 reserved': 'documentation',
    '2001:db8:: reserved': 'documentation',
    '2001:db8:ffff:ffff:ffff:ffff:ffff:ffff reserved': 'documentation',
    '3fff:: reserved': 'documentation',
    '3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff reserved': 'documentation',
    '64:ff9b:1:: rfc6052': 'private', // RFC 8215 local-use translation prefix
    '64:ff9b:1:ffff:ffff:ffff:ffff:ffff rfc6052': 'private',
    '::ffff:0:0:0 rfc6145': 'reserved', // IPv4-translated (RFC 6145) is in ::/8, reserved by the IETF; not in the IANA registry
    '::ffff:0:ffff:ffff rfc6145': 'reserved',
  };

  const ranges = (version: 'IPv4' | 'IPv6') => {
    // Not in ipaddr.js's typings, but on each class's prototype since 1.x.
    const proto = (version === 'IPv4' ? ipaddr.IPv4 : ipaddr.IPv6).prototype as unknown as { SpecialRanges: Record<string, unknown> };
    const table = proto.SpecialRanges;
    return Object.entries(table).flatMap(([name, value]) => {
      const list = (Array.isArray((value as unknown[])[0]) ? value : [value]) as Array<[ipaddr.IPv4 | ipaddr.IPv6, number]>;
      return list.map(([addr, bits]) => ({ name, cidr: `${addr.toString()}/${bits}` }));
    });
  };

  it('agree at the first and last address of every ipaddr.js range, but for the differences listed', () => {
    const differences: Record<string, string | undefined> = {};
    let checked = 0;
    for (const { cidr } of [...ranges('IPv4'), ...ranges('IPv6')]) {
      for (const ip of edgesOf(cidr)) {
        const ours = classifyAddress(ip);
        expect(ours, ip).not.toBeNull();
        // What ipaddr.js answers for the address (its first matching range), not the range being walked.
        const name = ipaddr.parse(ip).range();
        checked++;
        if (ours?.embedded) {
          // ipv4Mapped, rfc6052 (NAT64), 6to4, teredo: ours is the carried IPv4 address's class.
          expect(['ipv4Mapped', 'rfc6052', '6to4', 'teredo'], `${ip} ${name}`).toContain(name);
        } else if (ours?.class !== agree[name]) {
          differences[`${ip} ${name}`] = ours?.class;
        }
      }
    }
    expect(checked).toBeGreaterThan(80);
    expect(differences).toEqual(knownDifferences);
  });
});

function edgesOf(cidr: string): [string, string] {
  const [addr, bits] = ipaddr.parseCIDR(cidr);
  const bytes = addr.toByteArray();
  const hostBits = bytes.length * 8 - bits;
  const last = bytes.map((b, i) => {
    const fromEnd = (bytes.length - 1 - i) * 8;
    const mask = hostBits >= fromEnd + 8 ? 0xff : hostBits > fromEnd ? (1 << (hostBits - fromEnd)) - 1 : 0;
    return b | mask;
  });
  return [addr.toString(), ipaddr.fromByteArray(last).toString()];
}
