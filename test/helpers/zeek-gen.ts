import fs from 'node:fs';
import { mulberry32, randInt, pick } from './prng.js';

export const ZEEK_FIELDS = [
  'ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'service', 'duration', 'orig_bytes', 'resp_bytes',
  'conn_state', 'local_orig', 'local_resp', 'missed_bytes', 'history', 'orig_pkts', 'orig_ip_bytes', 'resp_pkts', 'resp_ip_bytes', 'tunnel_parents',
] as const;

export function zeekTsvHeader(): string {
  return [
    '#separator \\x09',
    '#set_separator\t,',
    '#empty_field\t(empty)',
    '#unset_field\t-',
    '#path\tconn',
    '#open\t2024-01-01-00-00-00',
    `#fields\t${ZEEK_FIELDS.join('\t')}`,
    '#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]',
  ].join('\n');
}

/** Number of header lines zeekTsvHeader() writes before the first row. */
export const ZEEK_HEADER_LINES = 8;

/** One plausible conn.log row; every value is valid for the reader. */
export function zeekTsvRow(rand: () => number, i: number): string {
  const ts = (1_700_000_000 + i * 0.01 + rand() * 0.001).toFixed(6);
  const src = `10.1.${randInt(rand, 0, 3)}.${randInt(rand, 1, 254)}`;
  const dst = rand() < 0.5 ? `192.168.${randInt(rand, 0, 9)}.${randInt(rand, 1, 254)}` : `${randInt(rand, 11, 99)}.${randInt(rand, 0, 255)}.${randInt(rand, 0, 255)}.${randInt(rand, 1, 254)}`;
  const proto = pick(rand, ['tcp', 'udp']);
  return [
    ts, `C${i.toString(36).padStart(17, '0')}`, src, randInt(rand, 1024, 65535), dst, pick(rand, [53, 80, 443, 445, 8080]), proto, '-',
    (rand() * 10).toFixed(6), randInt(rand, 0, 5000), randInt(rand, 0, 50000), 'SF', 'T', 'F', 0, 'ShADadFf',
    randInt(rand, 1, 50), randInt(rand, 40, 9000), randInt(rand, 1, 50), randInt(rand, 40, 90000), '(empty)',
  ].join('\t');
}

/** Writes a Zeek conn.log TSV with `rows` generated rows (seeded, so the same bytes every run). */
export function writeZeekTsv(file: string, rows: number, seed = 1): void {
  const rand = mulberry32(seed);
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, `${zeekTsvHeader()}\n`);
    let batch: string[] = [];
    for (let i = 0; i < rows; i++) {
      batch.push(zeekTsvRow(rand, i));
      if (batch.length === 5000) {
        fs.writeSync(fd, `${batch.join('\n')}\n`);
        batch = [];
      }
    }
    if (batch.length > 0) fs.writeSync(fd, `${batch.join('\n')}\n`);
    fs.writeSync(fd, '#close\t2024-01-01-00-10-00\n');
  } finally {
    fs.closeSync(fd);
  }
}
