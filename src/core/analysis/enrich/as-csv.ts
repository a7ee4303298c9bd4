import fs from 'node:fs';
import path from 'node:path';
import { FileUnreadableError, MalformedRecordError } from '../../errors/index.js';
import { ipv6Parts, parseIpv4 } from '../../net/index.js';
import { parseRecord } from '../../telemetry/csv-records.js';
import { decodeWhole } from '../../telemetry/text-decoding.js';
import type { AsTableBuilder } from './as-table.js';
import { ipv6BigInt } from './range-table.js';

/** The columns of ip-location-db's ASN CSV (no header line in the file), named as its README names them. */
export const asCsvColumns = ['ip_range_start', 'ip_range_end', 'autonomous_system_number', 'autonomous_system_organization'] as const;

const MAX_AS_NUMBER = 4294967295;

/**
 * Reads one AS CSV in ip-location-db's format (`asn-ipv4.csv`,
 * `asn-ipv6.csv`: inclusive range, AS number, organisation; either family
 * in either file) into `builder`. The whole file or nothing: a row that
 * does not read fails it with the file, line and column, since a file read
 * in part would leave silent holes in the data.
 */
export function readAsCsv(file: string, builder: AsTableBuilder, limits: { maxBytes: number; maxOrganisationChars: number }): void {
  const text = decodeWhole(readBounded(file, limits.maxBytes), file);
  let line = 0;
  let from = 0;
  while (from < text.length) {
    let to = text.indexOf('\n', from);
    if (to === -1) to = text.length;
    const row = text.charCodeAt(to - 1) === 13 ? text.slice(from, to - 1) : text.slice(from, to);
    from = to + 1;
    line++;
    if (row === '' || (line === 1 && row.startsWith(asCsvColumns[0]))) continue;
    readRow(row, builder, { file, line }, limits.maxOrganisationChars);
  }
}

function readRow(row: string, builder: AsTableBuilder, at: { file: string; line: number }, maxOrgChars: number): void {
  const fail = (field: string, why: string) => new MalformedRecordError(`${path.basename(at.file)} line ${at.line}: ${field} ${why}`, { ...at, field });
  // The three leading columns never hold a comma or quote; only the name may be quoted (one row in five is).
  const c1 = row.indexOf(',');
  const c2 = c1 === -1 ? -1 : row.indexOf(',', c1 + 1);
  const c3 = c2 === -1 ? -1 : row.indexOf(',', c2 + 1);
  const rest = c3 === -1 ? null : row.slice(c3 + 1);
  const name = rest === null ? null : rest.includes('"') || rest.includes(',') ? (parseRecord(rest, ',') ?? []) : [rest];
  if (name === null || name.length !== 1) {
    const found = c1 === -1 ? 1 : c2 === -1 ? 2 : c3 === -1 ? 3 : 3 + (name?.length ?? 0);
    throw fail(asCsvColumns[Math.min(found, 3)] as string, `missing or extra: expected 4 columns (${asCsvColumns.join(', ')}), found ${found}`);
  }
  const startText = row.slice(0, c1);
  const endText = row.slice(c1 + 1, c2);
  const numberText = row.slice(c2 + 1, c3);
  const start = address(startText);
  if (start === null) throw fail(asCsvColumns[0], `is not an IP address: ${JSON.stringify(startText.slice(0, 64))}`);
  const end = address(endText);
  if (end === null || end.family !== start.family) throw fail(asCsvColumns[1], `is not an IPv${start.family} address: ${JSON.stringify(endText.slice(0, 64))}`);
  if (end.key < start.key) throw fail(asCsvColumns[1], `is before the range's start ${startText}`);
  const asNumber = asNumberOf(numberText);
  if (asNumber === -1) throw fail(asCsvColumns[2], `is not an AS number (0 to ${MAX_AS_NUMBER}): ${JSON.stringify(numberText.slice(0, 64))}`);
  const organisation = name[0] as string;
  builder.add(start.family, start.key, end.key, asNumber, organisation.length > maxOrgChars ? organisation.slice(0, maxOrgChars) : organisation);
}

/** Decimal digits up to 4294967295, or -1. */
function asNumberOf(text: string): number {
  if (text.length === 0 || text.length > 10) return -1;
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n <= MAX_AS_NUMBER ? n : -1;
}

function address(text: string): { family: 4; key: number } | { family: 6; key: bigint } | null {
  if (!text.includes(':')) {
    const key = parseIpv4(text);
    return key === -1 ? null : { family: 4, key };
  }
  const parts = ipv6Parts(text);
  return parts === null ? null : { family: 6, key: ipv6BigInt(parts) };
}

function readBounded(file: string, maxBytes: number): Buffer {
  try {
    const size = fs.statSync(file).size;
    if (size > maxBytes) throw new MalformedRecordError(`${path.basename(file)} is larger than ${maxBytes >> 20} MB: not AS data`, { file });
    return fs.readFileSync(file);
  } catch (err) {
    if (err instanceof MalformedRecordError) throw err;
    throw new FileUnreadableError(`Cannot read ${file}`, { file }, { cause: err });
  }
}
