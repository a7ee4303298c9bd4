import { describe, expect, it } from 'vitest';
import { ipRange, normalizeIp } from '../../src/core/net/ip.js';
import { ipv4ToInt, parseIpv4 } from '../../src/core/net/ipv4-int.js';

describe('normalizeIp', () => {
  it('keeps plain dotted quads as they are', () => {
    for (const ip of ['0.0.0.0', '10.0.5.13', '192.168.1.41', '255.255.255.255', '8.8.8.8']) expect(normalizeIp(ip)).toBe(ip);
  });

  it('turns IPv4-mapped IPv6 into the IPv4 address, as Sysmon writes them', () => {
    expect(normalizeIp('::ffff:10.0.5.13')).toBe('10.0.5.13');
    expect(normalizeIp('::FFFF:192.168.1.4')).toBe('192.168.1.4');
    expect(normalizeIp('::ffff:7f00:1')).toBe('127.0.0.1');
  });

  it('rejects octets with leading zeros or above 255', () => {
    for (const bad of ['01.2.3.4', '10.0.05.13', '1.2.3.00', '256.1.1.1', '1.2.3.256', '999.999.999.999']) expect(normalizeIp(bad), bad).toBeNull();
  });

  it('rejects what is not an address', () => {
    for (const bad of ['', '-', 'localhost', '1.2.3.4.5', '1.2.3.4 ', ' 1.2.3.4', '1.2.3.-4', ':::1', '1::2::3', '12345:1::', 'g::1']) {
      expect(normalizeIp(bad), JSON.stringify(bad)).toBeNull();
    }
  });

  it('compresses and lower-cases IPv6', () => {
    expect(normalizeIp('0:0:0:0:0:0:0:1')).toBe('::1');
    expect(normalizeIp('2001:0DB8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1');
    expect(normalizeIp('FE80:0:0:0:0202:B3FF:FE1E:8329')).toBe('fe80::202:b3ff:fe1e:8329');
    expect(normalizeIp('2001:db8::1')).toBe('2001:db8::1');
  });

  it('is idempotent on its own output', () => {
    for (const ip of ['::ffff:1.2.3.4', '0:0:0:0:0:0:0:1', '2001:0db8::0001', '172.16.0.1']) {
      const once = normalizeIp(ip);
      expect(once).not.toBeNull();
      expect(normalizeIp(once as string)).toBe(once);
    }
  });

  it('rejects the inet_aton forms of IPv4 (1692161622, 1.2.3, 127.1, 0x7f.0.0.1)', () => {
    for (const bad of ['1692161622', '1.2.3', '127.1', '0x7f.0.0.1', '0x7f000001']) expect(normalizeIp(bad), bad).toBeNull();
    expect(normalizeIp('::ffff:127.0.0.1')).toBe('127.0.0.1');
  });
});

describe('ipRange', () => {
  it('names private, loopback, link-local, multicast and other special ranges, none of them unicast', () => {
    for (const ip of ['10.0.5.13', '172.16.4.1', '192.168.1.4', '127.0.0.1', '169.254.10.1', '239.255.255.250', '100.64.0.1', '0.0.0.0', '255.255.255.255', '::1', 'fe80::1', 'fd12:3456::1']) {
      expect(ipRange(ip), ip).not.toMatch(/^(unicast|invalid)$/);
    }
    expect(['10.0.5.13', '127.0.0.1', 'fe80::1'].map(ipRange)).toEqual(['private', 'loopback', 'linkLocal']);
  });

  it('says unicast for public addresses', () => {
    for (const ip of ['8.8.8.8', '151.101.208.133', '93.184.216.34', '2001:4860:4860::8888']) expect(ipRange(ip), ip).toBe('unicast');
  });

  it('says "invalid" for what is not an address', () => {
    expect(ipRange('nope')).toBe('invalid');
  });

  it('classifies an IPv4-mapped address by its IPv4 range', () => {
    expect(ipRange('::ffff:192.168.1.1')).toBe('private');
    expect(ipRange('::ffff:8.8.8.8')).toBe('unicast');
  });
});

describe('parseIpv4', () => {
  it('converts exactly the dotted quads normalizeIp keeps, to the integer ipv4ToInt gives', () => {
    const values = ['0.0.0.0', '10.0.5.13', '255.255.255.255', '8.8.8.8', '01.2.3.4', '1.2.3.00', '256.1.1.1', '1.2.3', '1.2.3.4.5', '1..2.3', '.1.2.3', '1.2.3.', '1.2.3.4 ', '', '1.2.3.-4', '::1', '1692161622', '1.2.3.1000'];
    for (const v of values) {
      const kept = normalizeIp(v) === v && !v.includes(':');
      expect(parseIpv4(v), v).toBe(kept ? ipv4ToInt(v) : -1);
    }
    expect(parseIpv4('255.255.255.255')).toBe(4294967295);
  });
});
