import type { KeyRange } from './flatten-ranges.js';
import { buildIpv4Table, buildIpv6Table, findIpv4, findIpv6, type Ipv4Table, type Ipv6Table } from './range-table.js';

/** An autonomous system as the data names it. */
export interface AsInfo {
  number: number;
  /** Null when the data has no name for it. */
  organisation: string | null;
}

/**
 * Address ranges to autonomous systems, as typed arrays (see range-table.ts):
 * segment values index `numbers`, and organisation names are UTF-8 in one
 * byte array cut at `orgOffsets`, decoded only when asked for. This is also
 * the layout of the file kept in the data home (as-table-file.ts).
 */
export interface AsTable {
  v4: Ipv4Table;
  v6: Ipv6Table;
  numbers: Uint32Array;
  /** `numbers.length + 1` offsets into `orgBytes`. */
  orgOffsets: Uint32Array;
  orgBytes: Uint8Array;
}

/** Collects rows (in any order) and interns autonomous systems; `build` flattens overlaps (flattenRanges). */
export class AsTableBuilder {
  private readonly v4: KeyRange<number>[] = [];
  private readonly v6: KeyRange<bigint>[] = [];
  private readonly byNumber = new Map<number, number>();
  private readonly numbers: number[] = [];
  private readonly orgs: string[] = [];

  /** One row. The first name seen for an AS number is kept: the data gives one per number. */
  add(family: 4 | 6, start: number | bigint, end: number | bigint, asNumber: number, organisation: string): void {
    let value = this.byNumber.get(asNumber);
    if (value === undefined) {
      value = this.numbers.length;
      this.byNumber.set(asNumber, value);
      this.numbers.push(asNumber);
      this.orgs.push(organisation);
    }
    if (family === 4) this.v4.push({ start: start as number, end: end as number, value });
    else this.v6.push({ start: start as bigint, end: end as bigint, value });
  }

  get rows(): number {
    return this.v4.length + this.v6.length;
  }

  build(): AsTable {
    const encoded = this.orgs.map((o) => Buffer.from(o, 'utf8'));
    const orgOffsets = new Uint32Array(encoded.length + 1);
    encoded.forEach((b, i) => (orgOffsets[i + 1] = (orgOffsets[i] as number) + b.length));
    return {
      v4: buildIpv4Table(this.v4),
      v6: buildIpv6Table(this.v6),
      numbers: Uint32Array.from(this.numbers),
      orgOffsets,
      orgBytes: Buffer.concat(encoded),
    };
  }
}

/** Lookups in a table; organisation names are decoded once each, on first use. */
export class AsLookup {
  private readonly names: Array<string | null | undefined>;
  private readonly bytes: Buffer;

  constructor(readonly table: AsTable) {
    this.names = new Array<string | null | undefined>(table.numbers.length);
    this.bytes = Buffer.from(table.orgBytes.buffer, table.orgBytes.byteOffset, table.orgBytes.byteLength);
  }

  /** The AS announcing an IPv4 address (an unsigned 32-bit integer), or null when no range holds it. */
  ipv4(ip: number): AsInfo | null {
    return this.at(findIpv4(this.table.v4, ip));
  }

  /** The AS announcing an IPv6 address given as four 32-bit words (ipv6Words). */
  ipv6(words: Uint32Array): AsInfo | null {
    return this.at(findIpv6(this.table.v6, words));
  }

  private at(index: number): AsInfo | null {
    if (index < 0) return null;
    let organisation = this.names[index];
    if (organisation === undefined) {
      const text = this.bytes.toString('utf8', this.table.orgOffsets[index], this.table.orgOffsets[index + 1]);
      organisation = this.names[index] = text === '' ? null : text;
    }
    return { number: this.table.numbers[index] as number, organisation };
  }
}
