import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { caseMigrations, openDatabase } from '../../src/core/db/index.js';
import { importFile } from '../../src/core/telemetry/import-file.js';
import { parseLines } from '../../src/core/telemetry/import-parse.js';
import { RecordCollector } from '../../src/core/telemetry/import-rows.js';
import { ImportWriter } from '../../src/core/telemetry/import-writer.js';
import { BatchBuilder } from '../../src/core/telemetry/packed-batch.js';
import { readerFor } from '../../src/core/telemetry/readers/index.js';
import { csvMappingSchema } from '../../src/shared/types.js';
import { caseFile, edgeValues, numericCases, STORED_BOUNDS, type NumericCase } from '../helpers/numeric-edges.js';
import { TempDirs } from '../helpers/temp-dirs.js';

/*
 * For every reader and every numeric field it stores, values at and beyond
 * the bounds (core/bounds.ts) and random ones of every magnitude and
 * spelling: each record is either stored with every number within its bound,
 * or quarantined naming that field; nothing throws past the import. Both
 * ways rows reach the case are taken: the importing thread (importFile, rows
 * one by one) and the parse worker's (the same collector into packed batches,
 * written by ImportWriter.batch); they must store the same.
 */

const tmp = new TempDirs();
afterAll(() => tmp.cleanup());

const COLUMNS = {
  events: 'line, ts, pid, src_port, dst_port, bytes_out, bytes_in, pkts_out, pkts_in, duration',
  processes: 'line, ts, pid',
  dns_answers: 'line, ts',
  alerts: 'line, ts, src_port, dst_port, severity',
  quarantine: 'line, field, reason',
} as const;
type Tables = Record<keyof typeof COLUMNS, Record<string, unknown>[]>;

function freshCase(): Database.Database {
  return openDatabase(path.join(tmp.make('sightline-bounds-'), 'case.sqlite'), caseMigrations, 'bounds test');
}

function read(db: Database.Database): Tables {
  try {
    return Object.fromEntries(
      Object.entries(COLUMNS).map(([table, cols]) => [table, db.prepare(`SELECT ${cols} FROM ${table} ORDER BY line, id`).all() as Record<string, unknown>[]]),
    ) as Tables;
  } finally {
    db.close();
  }
}

const mappingOf = (c: NumericCase) => (c.mapping ? csvMappingSchema.parse(c.mapping) : undefined);

async function inThread(c: NumericCase, file: string): Promise<Tables> {
  const db = freshCase();
  const mapping = mappingOf(c);
  await importFile(db, file, { format: c.format, ...(mapping ? { mapping } : {}) });
  return read(db);
}

/** What the parse worker does (parse-worker.ts), with small batches, and the writer's side of it. */
async function packed(c: NumericCase, file: string): Promise<Tables> {
  const db = freshCase();
  const importId = Number(db.prepare(`INSERT INTO imports (file_name, sha256, format, bytes, events, processes, imported_at) VALUES ('f', 'h', ?, 0, 0, 0, '')`).run(c.format).lastInsertRowid);
  const writer = new ImportWriter(db, importId);
  const builder = new BatchBuilder(16);
  const reader = readerFor(c.format);
  if (reader.kind !== 'lines') throw new Error(`${c.format} is not parsed in the worker`);
  const mapping = mappingOf(c);
  const collector = new RecordCollector(builder, c.format, c.name);
  await parseLines(file, reader, { timezone: 'UTC', ...(mapping ? { mapping } : {}) }, collector, {
    onChunk: () => {},
    onBytes: () => {},
    afterBlock: () => {
      if (builder.rows >= 16) writer.batch(builder.seal().batch);
    },
  });
  if (builder.rows > 0) writer.batch(builder.seal().batch);
  writer.finish();
  return read(db);
}

/** Everything wrong with one way's result, as readable lines (empty when all holds). */
function problems(c: NumericCase, t: Tables, lines: readonly { line: number; value: string }[]): string[] {
  const out: string[] = [];
  const storedLines = new Set<number>();
  for (const table of ['events', 'processes', 'dns_answers', 'alerts'] as const) {
    for (const row of t[table]) {
      storedLines.add(row['line'] as number);
      for (const [column, value] of Object.entries(row)) {
        if (!STORED_BOUNDS[column]?.(value)) out.push(`line ${String(row['line'])}: ${table}.${column} stored ${String(value)}, out of bounds`);
      }
    }
  }
  const quarantined = new Map(t.quarantine.map((q) => [q['line'] as number, q]));
  const template = c.header.length + 1;
  if (!storedLines.has(template) || quarantined.has(template)) out.push(`line ${template}: the template record was not stored (${String(quarantined.get(template)?.['reason'])})`);
  for (const { line, value } of lines) {
    const q = quarantined.get(line);
    const shown = JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
    if (storedLines.has(line) && q) out.push(`line ${line} (${shown}): both stored and quarantined`);
    else if (!storedLines.has(line) && !q) out.push(`line ${line} (${shown}): neither stored nor quarantined`);
    else if (q && q['field'] !== c.field) out.push(`line ${line} (${shown}): quarantined naming ${String(q['field'])}, not ${c.field}: ${String(q['reason'])}`);
  }
  return out;
}

describe('every numeric field of every reader stays within its bound or its record is quarantined naming it', () => {
  const cases = numericCases();

  it('covers every telemetry format that stores numbers', () => {
    const formats = new Set(cases.map((c) => c.format));
    for (const f of ['zeek-conn-tsv', 'zeek-conn-json', 'zeek-dns-tsv', 'zeek-dns-json', 'sysmon-json', 'sysmon-ecs-json', 'sysmon-csv', 'sysmon-xml', 'nfdump-csv', 'argus-binetflow', 'suricata-eve', 'windows-firewall', 'csv-mapped']) {
      expect(formats.has(f as NumericCase['format']), f).toBe(true);
    }
  });

  it.each(cases.map((c, i) => [c.name, c, i] as const))('%s', async (_name, c, i) => {
    const { text, lines } = caseFile(c, edgeValues(1000 + i));
    const file = path.join(tmp.make('sightline-bounds-file-'), `${c.name.replace(/[^\w.-]+/g, '_')}.${c.ext}`);
    fs.writeFileSync(file, text);

    const rows = await inThread(c, file);
    expect(problems(c, rows, lines)).toEqual([]);
    // Not vacuous: values past the bounds reached the check (the template record is stored, see problems()).
    expect(lines.some(({ line }) => rows.quarantine.some((q) => q['line'] === line))).toBe(true);

    if (readerFor(c.format).kind === 'lines') expect(await packed(c, file)).toEqual(rows);
  });
});
