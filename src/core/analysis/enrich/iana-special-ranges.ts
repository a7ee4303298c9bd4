/** What an analyst reads an address as. */
export const addressClasses = [
  'public',
  'private',
  'cgnat',
  'loopback',
  'link-local',
  'multicast',
  'broadcast',
  'unspecified',
  'documentation',
  'benchmarking',
  'reserved',
] as const;
export type AddressClass = (typeof addressClasses)[number];

/** IPv6 forms that carry an IPv4 address: the address is read as that IPv4 one. */
export type EmbeddingKind = 'ipv4-mapped' | 'nat64' | '6to4' | 'teredo';

export interface SpecialRange {
  cidr: string;
  class: AddressClass;
  /** The registry's name for the block. */
  name: string;
  rfc: string;
  embeds?: EmbeddingKind;
  /** An ordinary address of its class with nothing more to say (2000::/3 is just "public"). */
  plain?: true;
}

/*
 * Written from the IANA registries (not from ipaddr.js, whose ranges are
 * checked against this table in test/unit/address-class.test.ts):
 * "IANA IPv4 Special-Purpose Address Registry", "IPv4 Multicast Address
 * Space Registry" (its blocks), "IANA IPv6 Special-Purpose Address
 * Registry" and "Internet Protocol Version 6 Address Space". Where blocks
 * nest, the most specific decides (flattenRanges). Blocks the registry
 * marks globally reachable (anycast services, AS112, AMT, ORCHIDv2) are
 * public with their name, since traffic to them leaves the network.
 */
export const ipv4SpecialRanges: readonly SpecialRange[] = [
  { cidr: '0.0.0.0/8', class: 'reserved', name: '"This network"', rfc: 'RFC 791' },
  { cidr: '0.0.0.0/32', class: 'unspecified', name: '"This host on this network"', rfc: 'RFC 1122' },
  { cidr: '10.0.0.0/8', class: 'private', name: 'Private-Use', rfc: 'RFC 1918' },
  { cidr: '100.64.0.0/10', class: 'cgnat', name: 'Shared Address Space (carrier-grade NAT)', rfc: 'RFC 6598' },
  { cidr: '127.0.0.0/8', class: 'loopback', name: 'Loopback', rfc: 'RFC 1122' },
  { cidr: '169.254.0.0/16', class: 'link-local', name: 'Link Local', rfc: 'RFC 3927' },
  { cidr: '172.16.0.0/12', class: 'private', name: 'Private-Use', rfc: 'RFC 1918' },
  { cidr: '192.0.0.0/24', class: 'reserved', name: 'IETF Protocol Assignments', rfc: 'RFC 6890' },
  { cidr: '192.0.0.0/29', class: 'reserved', name: 'IPv4 Service Continuity Prefix', rfc: 'RFC 7335' },
  { cidr: '192.0.0.8/32', class: 'reserved', name: 'IPv4 dummy address', rfc: 'RFC 7600' },
  { cidr: '192.0.0.9/32', class: 'public', name: 'Port Control Protocol Anycast', rfc: 'RFC 7723' },
  { cidr: '192.0.0.10/32', class: 'public', name: 'Traversal Using Relays around NAT Anycast', rfc: 'RFC 8155' },
  { cidr: '192.0.0.170/32', class: 'reserved', name: 'NAT64/DNS64 Discovery', rfc: 'RFC 8880' },
  { cidr: '192.0.0.171/32', class: 'reserved', name: 'NAT64/DNS64 Discovery', rfc: 'RFC 8880' },
  { cidr: '192.0.2.0/24', class: 'documentation', name: 'Documentation (TEST-NET-1)', rfc: 'RFC 5737' },
  { cidr: '192.31.196.0/24', class: 'public', name: 'AS112-v4', rfc: 'RFC 7535' },
  { cidr: '192.52.193.0/24', class: 'public', name: 'AMT', rfc: 'RFC 7450' },
  { cidr: '192.88.99.0/24', class: 'reserved', name: 'Deprecated (6to4 Relay Anycast)', rfc: 'RFC 7526' },
  { cidr: '192.168.0.0/16', class: 'private', name: 'Private-Use', rfc: 'RFC 1918' },
  { cidr: '192.175.48.0/24', class: 'public', name: 'Direct Delegation AS112 Service', rfc: 'RFC 7534' },
  { cidr: '198.18.0.0/15', class: 'benchmarking', name: 'Benchmarking', rfc: 'RFC 2544' },
  { cidr: '198.51.100.0/24', class: 'documentation', name: 'Documentation (TEST-NET-2)', rfc: 'RFC 5737' },
  { cidr: '203.0.113.0/24', class: 'documentation', name: 'Documentation (TEST-NET-3)', rfc: 'RFC 5737' },
  { cidr: '224.0.0.0/4', class: 'multicast', name: 'Multicast', rfc: 'RFC 5771' },
  { cidr: '224.0.0.0/24', class: 'multicast', name: 'Local Network Control Block', rfc: 'RFC 5771' },
  { cidr: '224.0.1.0/24', class: 'multicast', name: 'Internetwork Control Block', rfc: 'RFC 5771' },
  { cidr: '232.0.0.0/8', class: 'multicast', name: 'Source-Specific Multicast Block', rfc: 'RFC 4607' },
  { cidr: '233.0.0.0/8', class: 'multicast', name: 'GLOP Block', rfc: 'RFC 3180' },
  { cidr: '239.0.0.0/8', class: 'multicast', name: 'Administratively Scoped Block', rfc: 'RFC 2365' },
  { cidr: '240.0.0.0/4', class: 'reserved', name: 'Reserved', rfc: 'RFC 1112' },
  { cidr: '255.255.255.255/32', class: 'broadcast', name: 'Limited Broadcast', rfc: 'RFC 919' },
];

export const ipv6SpecialRanges: readonly SpecialRange[] = [
  // The address space registry: only 2000::/3 is allocated global unicast, the rest not listed below is reserved.
  { cidr: '::/0', class: 'reserved', name: 'Reserved by IETF', rfc: 'RFC 4291' },
  { cidr: '2000::/3', class: 'public', name: 'Global Unicast', rfc: 'RFC 4291', plain: true },
  { cidr: '::/128', class: 'unspecified', name: 'Unspecified Address', rfc: 'RFC 4291' },
  { cidr: '::1/128', class: 'loopback', name: 'Loopback Address', rfc: 'RFC 4291' },
  { cidr: '::ffff:0:0/96', class: 'reserved', name: 'IPv4-mapped Address', rfc: 'RFC 4291', embeds: 'ipv4-mapped' },
  { cidr: '64:ff9b::/96', class: 'public', name: 'IPv4-IPv6 Translation', rfc: 'RFC 6052', embeds: 'nat64' },
  { cidr: '64:ff9b:1::/48', class: 'private', name: 'IPv4-IPv6 Translation (local use)', rfc: 'RFC 8215' },
  { cidr: '100::/64', class: 'reserved', name: 'Discard-Only Address Block', rfc: 'RFC 6666' },
  { cidr: '100:0:0:1::/64', class: 'reserved', name: 'Dummy IPv6 Prefix', rfc: 'RFC 9780' },
  { cidr: '2001::/23', class: 'reserved', name: 'IETF Protocol Assignments', rfc: 'RFC 2928' },
  { cidr: '2001::/32', class: 'public', name: 'TEREDO', rfc: 'RFC 4380', embeds: 'teredo' },
  { cidr: '2001:1::1/128', class: 'public', name: 'Port Control Protocol Anycast', rfc: 'RFC 7723' },
  { cidr: '2001:1::2/128', class: 'public', name: 'Traversal Using Relays around NAT Anycast', rfc: 'RFC 8155' },
  { cidr: '2001:1::3/128', class: 'public', name: 'DNS-SD Service Registration Protocol Anycast', rfc: 'RFC 9665' },
  { cidr: '2001:2::/48', class: 'benchmarking', name: 'Benchmarking', rfc: 'RFC 5180' },
  { cidr: '2001:3::/32', class: 'public', name: 'AMT', rfc: 'RFC 7450' },
  { cidr: '2001:4:112::/48', class: 'public', name: 'AS112-v6', rfc: 'RFC 7535' },
  { cidr: '2001:10::/28', class: 'reserved', name: 'Deprecated (previously ORCHID)', rfc: 'RFC 4843' },
  { cidr: '2001:20::/28', class: 'public', name: 'ORCHIDv2', rfc: 'RFC 7343' },
  { cidr: '2001:30::/28', class: 'public', name: 'Drone Remote ID Protocol Entity Tags (DETs) Prefix', rfc: 'RFC 9374' },
  { cidr: '2001:db8::/32', class: 'documentation', name: 'Documentation', rfc: 'RFC 3849' },
  { cidr: '2002::/16', class: 'public', name: '6to4', rfc: 'RFC 3056', embeds: '6to4' },
  { cidr: '2620:4f:8000::/48', class: 'public', name: 'Direct Delegation AS112 Service', rfc: 'RFC 7534' },
  { cidr: '3fff::/20', class: 'documentation', name: 'Documentation', rfc: 'RFC 9637' },
  { cidr: '5f00::/16', class: 'reserved', name: 'Segment Routing (SRv6) SIDs', rfc: 'RFC 9602' },
  { cidr: 'fc00::/7', class: 'private', name: 'Unique-Local', rfc: 'RFC 4193' },
  { cidr: 'fe80::/10', class: 'link-local', name: 'Link-Local Unicast', rfc: 'RFC 4291' },
  { cidr: 'fec0::/10', class: 'reserved', name: 'Site-Local (deprecated)', rfc: 'RFC 3879' },
  { cidr: 'ff00::/8', class: 'multicast', name: 'Multicast', rfc: 'RFC 4291' },
];
