import ipaddr from 'ipaddr.js';

/*
 * A small MaxMind DB writer for tests: enough of the format (IPv6 tree with
 * IPv4 under ::/96, 24-bit records, maps, strings, unsigned integers) to
 * make country and AS files shaped like ip-location-db's or MaxMind's, so
 * the reader, the role detection and the drop-in order are tested without
 * shipping binary fixtures. Spec: https://maxmind.github.io/MaxMind-DB/
 */
export type MmdbValue = string | number | bigint | boolean | MmdbValue[] | { [key: string]: MmdbValue };

export interface MmdbSpec {
  databaseType: string;
  ipVersion?: 4 | 6;
  buildEpoch?: number;
  description?: Record<string, string>;
  /** CIDR (IPv4 or IPv6) → record. */
  networks: Array<[string, { [key: string]: MmdbValue }]>;
}

interface TrieNode {
  children: [TrieNode | number | null, TrieNode | number | null];
}

export function writeMmdb(spec: MmdbSpec): Buffer {
  const ipVersion = spec.ipVersion ?? 6;
  const data: Buffer[] = [];
  let dataSize = 0;
  const root: TrieNode = { children: [null, null] };
  for (const [cidr, record] of spec.networks) {
    const encoded = encode(record);
    const offset = dataSize;
    data.push(encoded);
    dataSize += encoded.length;
    const [addr, prefix] = ipaddr.parseCIDR(cidr);
    let bits = bitsOf(addr.toByteArray());
    let length = prefix;
    if (addr.kind() === 'ipv4' && ipVersion === 6) {
      bits = [...new Array<number>(96).fill(0), ...bits];
      length += 96;
    }
    let node = root;
    for (let i = 0; i < length - 1; i++) {
      const b = bits[i] as 0 | 1;
      const next = node.children[b];
      if (next === null || typeof next === 'number') node.children[b] = { children: [next, next] };
      node = node.children[b] as TrieNode;
    }
    node.children[bits[length - 1] as 0 | 1] = offset;
  }
  // Number nodes breadth-first, then write each as two 24-bit records.
  const nodes: TrieNode[] = [root];
  for (let i = 0; i < nodes.length; i++) {
    for (const c of (nodes[i] as TrieNode).children) if (c !== null && typeof c === 'object') nodes.push(c);
  }
  const index = new Map(nodes.map((n, i) => [n, i]));
  const nodeCount = nodes.length;
  const tree = Buffer.alloc(nodeCount * 6);
  nodes.forEach((n, i) => {
    n.children.forEach((c, side) => {
      const value = c === null ? nodeCount : typeof c === 'number' ? nodeCount + 16 + c : (index.get(c) as number);
      tree.writeUIntBE(value, i * 6 + side * 3, 3);
    });
  });
  const metadata = encode({
    node_count: nodeCount,
    record_size: 24,
    ip_version: ipVersion,
    database_type: spec.databaseType,
    languages: ['en'],
    binary_format_major_version: 2,
    binary_format_minor_version: 0,
    build_epoch: BigInt(spec.buildEpoch ?? 1_750_000_000),
    description: spec.description ?? {},
  });
  return Buffer.concat([tree, Buffer.alloc(16), ...data, Buffer.from('abcdef4d61784d696e642e636f6d', 'hex'), metadata]);
}

function bitsOf(bytes: number[]): number[] {
  return bytes.flatMap((byte) => Array.from({ length: 8 }, (_, i) => (byte >> (7 - i)) & 1));
}

function encode(value: MmdbValue): Buffer {
  if (typeof value === 'string') return withHeader(2, Buffer.from(value, 'utf8'));
  if (typeof value === 'boolean') return header(14, value ? 1 : 0);
  if (typeof value === 'bigint') return withHeader(9, unsignedBytes(value));
  if (typeof value === 'number') return withHeader(value <= 0xffff ? 5 : 6, unsignedBytes(BigInt(value)));
  if (Array.isArray(value)) return Buffer.concat([header(11, value.length), ...value.map(encode)]);
  const entries = Object.entries(value);
  return Buffer.concat([header(7, entries.length), ...entries.flatMap(([k, v]) => [encode(k), encode(v)])]);
}

function unsignedBytes(n: bigint): Buffer {
  const bytes: number[] = [];
  for (let v = n; v > 0n; v >>= 8n) bytes.unshift(Number(v & 0xffn));
  return Buffer.from(bytes);
}

function withHeader(type: number, payload: Buffer): Buffer {
  return Buffer.concat([header(type, payload.length), payload]);
}

/** Control byte (type in the top 3 bits, extended types after it) and the size. */
function header(type: number, size: number): Buffer {
  const typeBits = type <= 7 ? type << 5 : 0;
  const extended = type > 7 ? [type - 7] : [];
  if (size < 29) return Buffer.from([typeBits | size, ...extended]);
  if (size < 285) return Buffer.from([typeBits | 29, ...extended, size - 29]);
  const rest = size - 285;
  return Buffer.from([typeBits | 30, ...extended, rest >> 8, rest & 0xff]);
}
