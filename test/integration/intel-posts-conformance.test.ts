import fs from 'node:fs';
import path from 'node:path';
import ipaddr from 'ipaddr.js';
import { describe, expect, it } from 'vitest';
import { extractIndicators } from '../../src/core/intel/extract/index.js';
import type { Extraction } from '../../src/core/intel/indicator-types.js';
import { loadWarninglists } from '../../src/core/intel/warninglists/index.js';
import { corpusDir, fromRepo, resourcesDir } from '../helpers/fixtures.js';

/*
 * Conformance against the reference-only fixtures of the shared corpus
 * (real honeypot and IoC post formats, some verbatim). They are read in
 * place and never copied into the repo; without the corpus this file skips.
 */
const file = path.join(corpusDir, 'reference-only', 'posts', 'honeypot-post-fixtures.json');
const present = fs.existsSync(file);
if (!present) console.warn(`intel-posts-conformance skipped: ${fromRepo(file)} is absent (reference-only corpus, outside the repo)`);

interface Fixture {
  id: string;
  text: string;
  expect_ipv4?: string[];
  expect_ipv6?: string[];
  expect_cidr?: string[];
  expect_ipv4_count?: number;
}
const fixtures: Fixture[] = present ? (JSON.parse(fs.readFileSync(file, 'utf8')) as { fixtures: Fixture[] }).fixtures : [];

/** RFC 5737 / 3849: Sightline refuses these on purpose ("documentation"), and the constructed fixtures use them. */
const DOCUMENTATION = ['192.0.2.0/24', '198.51.100.0/24', '203.0.113.0/24', '2001:db8::/32'].map((c) => ipaddr.parseCIDR(c));
const isDocumentation = (value: string) => {
  const addr = ipaddr.parse(value.split('/')[0] as string);
  return DOCUMENTATION.some(([net, bits]) => net.kind() === addr.kind() && addr.match(net, bits));
};

function check(f: Fixture, r: Extraction): void {
  const documented = new Set(r.rejected.filter((x) => x.reason.includes('documentation')).map((x) => x.value));
  const pairs: Array<['ipv4' | 'ipv6' | 'cidr', string[] | undefined]> = [['ipv4', f.expect_ipv4], ['ipv6', f.expect_ipv6], ['cidr', f.expect_cidr]];
  for (const [type, expected] of pairs) {
    const got = r.indicators.filter((i) => i.type === type).map((i) => i.value);
    if (expected === undefined) continue;
    // Public addresses must be extracted, in order and nothing else; documentation ones must be refused as such.
    expect(got, `${f.id}: ${type}`).toEqual(expected.filter((v) => !isDocumentation(v)));
    for (const v of expected.filter(isDocumentation)) expect(documented.has(v), `${f.id}: ${v} refused as documentation`).toBe(true);
  }
  if (f.expect_ipv4_count !== undefined) {
    const ipv4Seen = r.indicators.filter((i) => i.type === 'ipv4').length + [...documented].filter((v) => !v.includes(':') && !v.includes('/')).length;
    expect(ipv4Seen, `${f.id}: ipv4 count`).toBe(f.expect_ipv4_count);
  }
}

describe.skipIf(!present)('reference honeypot and IoC posts (read in place from the shared corpus)', () => {
  const warninglists = loadWarninglists(path.join(resourcesDir, 'warninglists'));

  it('has fixtures to check', () => {
    expect(fixtures.length).toBeGreaterThan(10);
  });

  it.each(fixtures.map((f) => [f.id, f] as const))('%s', (_id, f) => {
    check(f, extractIndicators(f.text));
    // Context-only lists (cloud, VPN) must not hide real attacker addresses such as Azure's 13.76.85.56.
    check(f, extractIndicators(f.text, { warninglists }));
  });
});
