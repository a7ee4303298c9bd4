import { describe, expect, it } from 'vitest';
import { slugify } from '../../src/core/cases/slugify.js';
import { destinationId, hostId, parseNodeId, processId } from '../../src/core/graph/node-id.js';
import { caseIdSchema } from '../../src/shared/types.js';

describe('slugify', () => {
  it('makes lower-case ASCII words joined by dashes', () => {
    expect(slugify('LSASS dump, MKT01')).toBe('lsass-dump-mkt01');
    expect(slugify('  --Hello   World!!  ')).toBe('hello-world');
    expect(slugify('Demo: LSASS dump over Metasploit C2 (OTRF)')).toBe('demo-lsass-dump-over-metasploit-c2-otrf');
  });

  it('drops accents and never returns an empty id', () => {
    expect(slugify('Café Münchën')).toBe('cafe-munchen');
    expect(slugify('日本語')).toBe('case');
    expect(slugify('!!!')).toBe('case');
  });

  it('cuts to 48 characters without a trailing dash', () => {
    const slug = slugify(`${'a'.repeat(47)} bcd`);
    expect(slug).toBe('a'.repeat(47));
    expect(slugify('x'.repeat(100))).toHaveLength(48);
  });

  it('always produces a valid case id', () => {
    for (const name of ['A', 'Ünïcødé ✓ case', '-', '123 go', `${'Word '.repeat(30)}`]) {
      expect(caseIdSchema.safeParse(slugify(name)).success, name).toBe(true);
    }
  });
});

describe('graph node ids', () => {
  it('round-trips host, process and destination ids', () => {
    const hosts = ['MKT01.pandalab.com', 'DESKTOP-CQF82L6', '192.168.1.41', 'fe80::1'];
    for (const host of hosts) {
      expect(parseNodeId(hostId(host))).toEqual({ kind: 'host', host });
      for (const image of ['C:\\Windows\\System32\\svchost.exe', 'System', '/usr/bin/curl', 'C:\\odd|name.exe']) {
        expect(parseNodeId(processId(host, image))).toEqual({ kind: 'process', host, image });
      }
    }
    for (const ip of ['10.0.5.13', '::1', '2001:db8::1']) expect(parseNodeId(destinationId(ip))).toEqual({ kind: 'destination', ip });
  });

  it('writes the documented readable forms', () => {
    expect(hostId('MKT01')).toBe('host:MKT01');
    expect(processId('MKT01', 'C:\\Windows\\explorer.exe')).toBe('process:MKT01|C:\\Windows\\explorer.exe');
    expect(destinationId('10.0.5.13')).toBe('ip:10.0.5.13');
  });

  it('rejects ids of no known kind and process ids without a host', () => {
    for (const bad of ['', 'MKT01', 'node:1', 'process:', 'process:no-bar', 'process:|C:\\x.exe']) expect(parseNodeId(bad), bad).toBeNull();
  });
});
