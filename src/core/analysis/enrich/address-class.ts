import ipaddr from 'ipaddr.js';
import { intToIpv4, ipv4Range, ipv6Parts, parseIpv4 } from '../../net/index.js';
import { ipv4SpecialRanges, ipv6SpecialRanges, type AddressClass, type EmbeddingKind, type SpecialRange } from './iana-special-ranges.js';
import { buildIpv4Table, buildIpv6Table, findIpv4, findIpv6, ipv6BigInt, ipv6Words } from './range-table.js';

export interface AddressClassification {
  class: AddressClass;
  /** The registry block that decided, e.g. `192.0.2.0/24`; null for an ordinary public address. */
  range: string | null;
  /** The registry's name for that block, e.g. "Documentation (TEST-NET-1)". */
  name: string | null;
  rfc: string | null;
  /** For IPv6 that carries an IPv4 address (IPv4-mapped, NAT64, 6to4, Teredo's client): the class above is that address's. */
  embedded: { kind: EmbeddingKind; ipv4: string } | null;
}

const PUBLIC: AddressClassification = Object.freeze({ class: 'public', range: null, name: null, rfc: null, embedded: null });

const fromRange = (r: SpecialRange): AddressClassification =>
  r.plain ? PUBLIC : Object.freeze({ class: r.class, range: r.cidr, name: r.name, rfc: r.rfc, embedded: null });

// Built once at load: about 40 segments each, shared frozen answers, so a lookup allocates nothing.
const v4Answers = ipv4SpecialRanges.map(fromRange);
const v4Table = buildIpv4Table(
  ipv4SpecialRanges.map((r, value) => {
    const [net, bits] = r.cidr.split('/') as [string, string];
    const [start, end] = ipv4Range(net, Number(bits));
    return { start, end, value };
  }),
);
const v6Table = buildIpv6Table(
  ipv6SpecialRanges.map((r, value) => {
    const [net, bits] = ipaddr.IPv6.parseCIDR(r.cidr);
    const start = ipv6BigInt(net.parts);
    return { start, end: start | ((1n << BigInt(128 - bits)) - 1n), value };
  }),
);
const v6Words = new Uint32Array(4);

/** The class of an IPv4 address given as an unsigned 32-bit integer: the fast path, no parsing, no allocation. */
export function classifyIpv4(ip: number): AddressClassification {
  const at = findIpv4(v4Table, ip);
  return at === -1 ? PUBLIC : (v4Answers[at] as AddressClassification);
}

/** The class of an IPv6 address given as its eight 16-bit groups (ipaddr.js `parts`). */
export function classifyIpv6(parts: readonly number[]): AddressClassification {
  const range = ipv6SpecialRanges[findIpv6(v6Table, ipv6Words(parts, v6Words))] as SpecialRange;
  if (!range.embeds) return fromRange(range);
  const ipv4 = embeddedIpv4(range.embeds, parts);
  return { ...classifyIpv4(ipv4), embedded: { kind: range.embeds, ipv4: intToIpv4(ipv4) } };
}

/**
 * The class of an address written as text (IPv4 dotted quad or IPv6, as
 * normalizeIp accepts them), or null when it is not an address. IPv6 that
 * carries an IPv4 address is classed by that address, and says so.
 */
export function classifyAddress(text: string): AddressClassification | null {
  const value = text.trim();
  if (!value.includes(':')) {
    const ip = parseIpv4(value);
    return ip === -1 ? null : classifyIpv4(ip);
  }
  // Parsed here rather than through normalizeIp, which turns ::ffff:a.b.c.d into IPv4 and so hides the embedding.
  const parts = ipv6Parts(value);
  return parts === null ? null : classifyIpv6(parts);
}

/** The IPv4 address an embedding carries, as an unsigned 32-bit integer. */
function embeddedIpv4(kind: EmbeddingKind, p: readonly number[]): number {
  const word = (hi: number, lo: number) => (p[hi] as number) * 0x10000 + (p[lo] as number);
  switch (kind) {
    case 'ipv4-mapped':
    case 'nat64':
      return word(6, 7);
    case '6to4':
      return word(1, 2);
    case 'teredo':
      // RFC 4380: the client's public address is stored with every bit inverted.
      return (word(6, 7) ^ 0xffffffff) >>> 0;
  }
}

/** True for addresses routed on the public Internet: the ones country and AS data describe. */
export function isPublicClass(c: AddressClassification): boolean {
  return c.class === 'public';
}

/**
 * Classes an analyst reads as "inside": addresses of the local network or of
 * the machine itself. Documentation, benchmarking and reserved addresses are
 * not (they are not anyone's network: in a log they are test data or spoofed).
 */
const INTERNAL_CLASSES: ReadonlySet<AddressClass> = new Set(['private', 'cgnat', 'loopback', 'link-local', 'unspecified']);

export function isInternalClass(c: AddressClass): boolean {
  return INTERNAL_CLASSES.has(c);
}

/**
 * A plain-English phrase for explanations: "public", "private (Private-Use,
 * RFC 1918, 10.0.0.0/8)", "6to4 address of 10.1.2.3: private (…)".
 */
export function describeAddressClass(c: AddressClassification): string {
  const own = c.name === null ? c.class : `${c.class} (${c.name}, ${c.rfc}, ${c.range})`;
  return c.embedded ? `${embeddingNames[c.embedded.kind]} of ${c.embedded.ipv4}: ${own}` : own;
}

/** What each class means to an analyst reading a connection's destination. */
const classMeanings: Record<AddressClass, string> = {
  public: 'Public Internet address',
  private: 'Private network address: inside an organisation’s network',
  cgnat: 'Carrier-grade NAT address: inside an Internet provider’s network',
  loopback: 'Loopback: the machine itself',
  'link-local': 'Link-local address: the local network segment only',
  multicast: 'Multicast group address',
  broadcast: 'Broadcast to the local network',
  unspecified: 'Unspecified address (a machine with no address yet)',
  documentation: 'Documentation example address: never routed on the Internet, so test data or forged',
  benchmarking: 'Benchmarking address: never routed on the Internet',
  reserved: 'Reserved address: never routed on the Internet',
};

/**
 * The class as the details panel says it, for an analyst: what it means,
 * then the registry block that decided ("Documentation example address: never
 * routed on the Internet, so test data or forged (TEST-NET-3, RFC 5737,
 * 203.0.113.0/24)").
 */
export function addressClassMeaning(c: AddressClassification): string {
  const own = `${classMeanings[c.class]}${c.name === null ? '' : ` (${c.name}, ${c.rfc}, ${c.range})`}`;
  return c.embedded ? `${embeddingNames[c.embedded.kind]} of ${c.embedded.ipv4}: ${own.charAt(0).toLowerCase()}${own.slice(1)}` : own;
}

const embeddingNames: Record<EmbeddingKind, string> = {
  'ipv4-mapped': 'IPv4-mapped address',
  nat64: 'NAT64 address',
  '6to4': '6to4 address',
  teredo: 'Teredo address of the client',
};
