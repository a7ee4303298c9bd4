import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CsvRecordAssembler, type CsvRecord } from '../../src/core/telemetry/csv-records.js';
import { readLines } from '../../src/core/telemetry/line-reader.js';
import { mulberry32, pick, randInt } from '../helpers/prng.js';
import { TempDirs } from '../helpers/temp-dirs.js';

/*
 * Random tables written as RFC 4180 CSV (quoted fields holding delimiters,
 * quotes, LF and CRLF, empty fields, unicode; with or without BOM; CRLF or LF
 * row ends; with or without a final row end) go through the real pipeline:
 * a file on disk, readLines (in tiny chunks, so characters and line ends
 * fall across chunk boundaries), then CsvRecordAssembler.
 *
 * One normalisation is expected: readLines strips the CR of every CRLF, so a
 * CRLF inside a quoted field comes back as LF. Everything else round-trips.
 */
const tmp = new TempDirs();
afterAll(() => tmp.cleanup());

type Delimiter = ',' | ';' | '\t' | '|';
const PIECES = ['a', 'Z', '7', ' ', '-', '.', 'é', 'ß', '日本', '🦊', '\u00a0', 'x y', '"', '""', '\n', '\r\n', '\r', ',', ';', '\t', '|', "'", '\\'];

interface Case {
  delimiter: Delimiter;
  rows: string[][];
  text: string;
}

function randomCell(rand: () => number): string {
  if (rand() < 0.15) return '';
  let s = '';
  const n = randInt(rand, 1, 6);
  for (let i = 0; i < n; i++) s += pick(rand, PIECES);
  return s;
}

function quote(cell: string, delimiter: Delimiter, rand: () => number): string {
  const needs = cell.includes(delimiter) || /["\r\n]/.test(cell);
  // Quoting a field that does not need it is allowed too; exports do it.
  return needs || rand() < 0.1 ? `"${cell.replaceAll('"', '""')}"` : cell;
}

function randomCase(seed: number): Case {
  const rand = mulberry32(seed);
  const delimiter = pick(rand, [',', ';', '\t', '|'] as const);
  const width = randInt(rand, 1, 7);
  const ragged = rand() < 0.2;
  const rows = Array.from({ length: randInt(rand, 1, 25) }, () => Array.from({ length: ragged ? randInt(rand, 1, 7) : width }, () => randomCell(rand)));
  const rowEnd = rand() < 0.5 ? '\r\n' : '\n';
  const lines = rows.map((r) =>
    // A record of one empty field is an empty line: quoted so it is one.
    r.length === 1 && r[0] === '' ? '""' : r.map((c) => quote(c, delimiter, rand)).join(delimiter),
  );
  const bom = rand() < 0.3 ? '\uFEFF' : '';
  const finalEnd = rand() < 0.7 ? rowEnd : '';
  return { delimiter, rows, text: bom + lines.join(rowEnd) + finalEnd };
}

async function readBack(file: string, delimiter: Delimiter, highWaterMark: number): Promise<CsvRecord[]> {
  const a = new CsvRecordAssembler(delimiter);
  const out: CsvRecord[] = [];
  for await (const { text, number } of readLines(file, { highWaterMark })) {
    const r = a.push(text, number);
    if (r) out.push(r);
  }
  a.end();
  return out;
}

/** The line each row starts on: one more than the line breaks before it. */
function firstLines(rows: readonly string[][]): number[] {
  let line = 1;
  return rows.map((r) => {
    const start = line;
    line += 1 + r.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0);
    return start;
  });
}

describe('CSV round trip through readLines and CsvRecordAssembler (property)', () => {
  const seeds = Array.from({ length: 300 }, (_, i) => 0x5eed + i * 7919);

  it('reads back every generated table exactly (CRLF inside quotes as LF), each record at its first line', async () => {
    for (const seed of seeds) {
      const c = randomCase(seed);
      const file = tmp.file(`t-${seed}.csv`, c.text);
      const highWaterMark = [5, 16, 61, 1 << 16][seed % 4] ?? 16;
      const got = await readBack(file, c.delimiter, highWaterMark);
      const want = c.rows.map((r) => r.map((cell) => cell.replaceAll('\r\n', '\n')));
      const context = `seed ${seed}: ${JSON.stringify(c.text.slice(0, 300))}`;
      expect(got.map((r) => r.fields), context).toEqual(want);
      expect(got.map((r) => r.line), context).toEqual(firstLines(c.rows));
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  }, 60_000);

  it('keeps CR, LF and CRLF inside a field apart from the row ends except CRLF, which readLines makes LF', async () => {
    const file = tmp.file('breaks.csv', 'a,"one\ntwo\r\nthree\rfour",b\r\nc,d,e\n');
    expect(await readBack(file, ',', 4)).toEqual([
      { fields: ['a', 'one\ntwo\nthree\rfour', 'b'], line: 1 },
      { fields: ['c', 'd', 'e'], line: 4 },
    ]);
  });
});
