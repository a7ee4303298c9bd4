import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { AsTable } from './as-table.js';

/*
 * The AS table kept in the data home between runs: building it from
 * ip-location-db's CSV takes ~0.6 s, reading this file ~20 ms. Layout:
 * 8 magic bytes, a little-endian u32 header length, the JSON header
 * (fingerprint and counts) padded to 4 bytes, then the typed arrays of
 * AsTable in a fixed order, each 4-byte aligned. Typed arrays are written
 * as the machine holds them, so the file is only used on little-endian
 * machines (every platform Sightline ships for). The file is checked whole
 * on reading; anything off and the table is built again.
 */
const MAGIC = Buffer.from('SLASTBL1', 'latin1');
const FORMAT = 1;

interface Header {
  format: number;
  fingerprint: string;
  v4: number;
  v6: number;
  as: number;
  orgBytes: number;
}

export const asTableFileUsable = os.endianness() === 'LE';

/** Writes the table whole or not at all (a unique partial file renamed into place, owner-only). */
export function writeAsTableFile(file: string, fingerprint: string, table: AsTable): void {
  const header: Header = { format: FORMAT, fingerprint, v4: table.v4.values.length, v6: table.v6.values.length, as: table.numbers.length, orgBytes: table.orgBytes.length };
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(json.length);
  const parts: Uint8Array[] = [MAGIC, length, json, Buffer.alloc(pad(json.length))];
  for (const a of sections(table)) parts.push(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  parts.push(table.orgBytes, Buffer.alloc(pad(table.orgBytes.length)));
  const tmp = `${file}.${randomUUID()}.partial`;
  try {
    fs.writeFileSync(tmp, Buffer.concat(parts), { mode: 0o600 });
    fs.renameSync(tmp, file);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

/** The table in `file` when it is there, complete, consistent and made from the data `fingerprint` names; null otherwise. */
export function readAsTableFile(file: string, fingerprint: string): AsTable | null {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch {
    return null;
  }
  // Typed-array views need 4-byte alignment; a file this size has its own buffer, but say so rather than assume.
  if (bytes.byteOffset % 4 !== 0) bytes = Buffer.from(new Uint8Array(bytes));
  if (bytes.length < 12 || !bytes.subarray(0, 8).equals(MAGIC)) return null;
  const jsonLength = bytes.readUInt32LE(8);
  let header: Header;
  try {
    header = JSON.parse(bytes.toString('utf8', 12, 12 + jsonLength)) as Header;
  } catch {
    return null;
  }
  if (header.format !== FORMAT || header.fingerprint !== fingerprint) return null;
  const counts = [header.v4, header.v6, header.as, header.orgBytes];
  if (!counts.every((n) => Number.isInteger(n) && n >= 0 && n < 2 ** 28)) return null;
  let at = 12 + jsonLength + pad(jsonLength);
  const take = (count: number): Uint32Array | null => {
    if (at + count * 4 > bytes.length) return null;
    const view = new Uint32Array(bytes.buffer, bytes.byteOffset + at, count);
    at += count * 4;
    return view;
  };
  const v4 = { starts: take(header.v4), ends: take(header.v4), values: take(header.v4) };
  const v6 = { starts: take(header.v6 * 4), ends: take(header.v6 * 4), values: take(header.v6) };
  const numbers = take(header.as);
  const orgOffsets = take(header.as + 1);
  const orgBytes = at + header.orgBytes + pad(header.orgBytes) === bytes.length ? bytes.subarray(at, at + header.orgBytes) : null;
  if (!v4.starts || !v4.ends || !v4.values || !v6.starts || !v6.ends || !v6.values || !numbers || !orgOffsets || !orgBytes) return null;
  const table: AsTable = { v4: { starts: v4.starts, ends: v4.ends, values: v4.values }, v6: { starts: v6.starts, ends: v6.ends, values: v6.values }, numbers, orgOffsets, orgBytes };
  return consistent(table) ? table : null;
}

/** The file name for data with this fingerprint. */
export function asTableFileName(fingerprint: string): string {
  return `asn-${fingerprint.slice(0, 16)}.bin`;
}

/** Removes tables made from other data (older versions, another drop-in), keeping `keep`. */
export function removeOtherAsTableFiles(dir: string, keep: string): void {
  for (const name of safeList(dir)) {
    if (/^asn-[0-9a-f]{16}\.bin$/.test(name) && name !== path.basename(keep)) fs.rmSync(path.join(dir, name), { force: true });
  }
}

function safeList(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

/** The arrays in file order; readAsTableFile takes them back in the same order, then the names' bytes. */
function sections(t: AsTable): Uint32Array[] {
  return [t.v4.starts, t.v4.ends, t.v4.values, t.v6.starts, t.v6.ends, t.v6.values, t.numbers, t.orgOffsets];
}

function pad(n: number): number {
  return (4 - (n % 4)) % 4;
}

/** Sorted disjoint segments, values naming an AS, offsets rising to the end of the names: what lookups rely on. */
function consistent(t: AsTable): boolean {
  const as = t.numbers.length;
  const { v4, v6 } = t;
  for (let i = 0; i < v4.values.length; i++) {
    if ((v4.starts[i] as number) > (v4.ends[i] as number) || (v4.values[i] as number) >= as) return false;
    if (i > 0 && (v4.ends[i - 1] as number) >= (v4.starts[i] as number)) return false;
  }
  for (let i = 0; i < v6.values.length; i++) {
    if (compare(v6.starts, i, v6.ends, i) > 0 || (v6.values[i] as number) >= as) return false;
    if (i > 0 && compare(v6.ends, i - 1, v6.starts, i) >= 0) return false;
  }
  if (t.orgOffsets[0] !== 0 || t.orgOffsets[as] !== t.orgBytes.length) return false;
  for (let i = 0; i < as; i++) if ((t.orgOffsets[i] as number) > (t.orgOffsets[i + 1] as number)) return false;
  return true;
}

function compare(a: Uint32Array, i: number, b: Uint32Array, j: number): number {
  for (let w = 0; w < 4; w++) {
    const d = (a[i * 4 + w] as number) - (b[j * 4 + w] as number);
    if (d !== 0) return d;
  }
  return 0;
}
