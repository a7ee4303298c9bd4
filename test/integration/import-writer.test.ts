import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { caseMigrations, openDatabase } from '../../src/core/db/index.js';
import { EVENTS, TABLES } from '../../src/core/telemetry/import-rows.js';
import { ImportWriter } from '../../src/core/telemetry/import-writer.js';
import { BatchBuilder } from '../../src/core/telemetry/packed-batch.js';
import { mulberry32, pick, randInt } from '../helpers/prng.js';
import { TempDirs } from '../helpers/temp-dirs.js';

/*
 * ImportWriter leaves out of its INSERTs the columns that were NULL in every
 * row so far, and widens the statements when a value first appears there.
 * Whichever way rows arrive (one by one, or packed batches from the parse
 * worker), the case must hold every row as given, in file order.
 */
const tmp = new TempDirs();
afterAll(() => tmp.cleanup());

const COLUMNS = (TABLES[EVENTS] ?? { columns: [] }).columns;

/** Events rows (every column, in TABLES order) whose later thirds fill columns the first leaves NULL. */
function rows(seed: number, n: number): unknown[][] {
  const rand = mulberry32(seed);
  return Array.from({ length: n }, (_, i) => {
    const process = i >= n / 3;
    const user = i >= (2 * n) / 3;
    const values: Record<string, unknown> = {
      line: i + 1,
      ts: 1_700_000_000_000 + i * 1000,
      host: pick(rand, ['WS01', '10.1.2.3', 'SRV']),
      user: user && rand() < 0.7 ? 'CORP\\ann' : null,
      image: process ? pick(rand, ['C:\\Windows\\System32\\svchost.exe', 'C:\\App\\app.exe']) : null,
      pid: process ? randInt(rand, 4, 9000) : null,
      process_guid: null,
      proto: pick(rand, ['tcp', 'udp', null]),
      src_ip: '10.1.2.3',
      src_port: randInt(rand, 1024, 65535),
      dst_ip: `198.18.0.${randInt(rand, 1, 50)}`,
      dst_port: pick(rand, [53, 443, null]),
      dst_host: user && rand() < 0.5 ? 'example.org' : null,
      initiated: process ? 1 : null,
      bytes_out: rand() < 0.2 ? null : randInt(rand, 0, 100_000),
      bytes_in: randInt(rand, 0, 100_000),
      pkts_out: null,
      pkts_in: null,
      duration: rand() < 0.5 ? null : randInt(rand, 0, 10_000) / 1000,
      uid: i === n - 1 ? 'CLastRowOnly' : null,
    };
    return COLUMNS.map((c) => values[c]);
  });
}

function stored(feed: (writer: ImportWriter) => void): unknown[][] {
  const db = openDatabase(path.join(tmp.make('sightline-writer-'), 'case.sqlite'), caseMigrations, 'writer test');
  try {
    const importId = Number(db.prepare(`INSERT INTO imports (file_name, sha256, format, bytes, events, processes, imported_at) VALUES ('f', 'h', 'sysmon-json', 0, 0, 0, '')`).run().lastInsertRowid);
    const writer = new ImportWriter(db, importId);
    feed(writer);
    writer.finish();
    expect(db.prepare('SELECT COUNT(*) AS n FROM events WHERE import_id <> ?').get(importId)).toEqual({ n: 0 });
    return db.prepare(`SELECT ${COLUMNS.join(', ')} FROM events ORDER BY id`).raw().all() as unknown[][];
  } finally {
    db.close();
  }
}

describe('ImportWriter: columns NULL so far are left out, then written once they have values', () => {
  const want = rows(7, 3_000);

  it('rows one by one', () => {
    expect(stored((w) => want.forEach((r) => w.row(EVENTS, r)))).toEqual(want);
  });

  it('packed batches, as from the parse worker', () => {
    const got = stored((w) => {
      const builder = new BatchBuilder(256);
      for (const [i, r] of want.entries()) {
        builder.row(EVENTS, r);
        if (builder.rows === 256 || i === want.length - 1) w.batch(builder.seal().batch);
      }
    });
    expect(got).toEqual(want);
  });
});
