import type Database from 'better-sqlite3';
import {
  checkCount, checkDuration, checkHost, checkImage, checkPid, checkPort, checkTime, EARLIEST_TIME_MS, LATEST_TIME_MS, MAX_COUNT, MAX_DURATION_S, MAX_HOST_CHARS,
  MAX_IMAGE_CHARS, MAX_PID, MAX_PORT,
} from '../bounds.js';
import { refreshEdges } from './edge-refresh.js';

/**
 * Versions before the bounds (core/bounds.ts) stored whatever a log held:
 * an Infinity time, a date past what JS can show, a port of 1e20, a 1 MB
 * "host". Such a row made every later graph of its case fail ("Invalid time
 * value"), or a node whose details could not be asked for. This moves each
 * such record into the quarantine, as an import now puts it (field and
 * reason named, the stored values kept as its raw text), and brings the
 * import counts, joins and edge totals in line. Run once per case and set of
 * bounds, by a migration.
 */

interface Column {
  /** The column in the table. */
  name: string;
  /** The record's field, as the import's RecordCollector names it. */
  field: string;
  /** Throws the error an import gives for the value (it is out of bounds). */
  check: (value: unknown, field: string, line: number) => void;
  /** SQL that is true when the column's value is out of bounds. */
  out: string;
}

type NumberCheck = (n: number, raw: unknown, field: string, line: number) => number;
const numeric =
  (check: NumberCheck): Column['check'] =>
  (v, field, line) =>
    void check(v as number, v, field, line);

const time = (name: string): Column => ({ name, field: name, check: numeric(checkTime), out: `NOT (${name} >= ${EARLIEST_TIME_MS} AND ${name} < ${LATEST_TIME_MS})` });
// A whole number in an INTEGER column is stored as an integer: anything else (1e20, Infinity) was stored as a REAL.
const integer = (name: string, field: string, check: NumberCheck, max: number): Column => ({
  name,
  field,
  check: numeric(check),
  out: `(${name} IS NOT NULL AND (typeof(${name}) <> 'integer' OR ${name} < 0 OR ${name} > ${max}))`,
});
const port = (name: string, field: string): Column => integer(name, field, checkPort, MAX_PORT);
const count = (name: string, field: string): Column => integer(name, field, checkCount, MAX_COUNT);
const pid = integer('pid', 'pid', checkPid, MAX_PID);
const duration: Column = { name: 'duration', field: 'duration', check: numeric(checkDuration), out: `(duration IS NOT NULL AND NOT (duration >= 0 AND duration <= ${MAX_DURATION_S}))` };
// SQLite counts characters, the check UTF-16 units (never fewer): what the SQL finds, the check refuses.
const host: Column = { name: 'host', field: 'host', check: (v, field, line) => checkHost(v as string, field, line), out: `(host IS NOT NULL AND length(host) > ${MAX_HOST_CHARS})` };
const image: Column = { name: 'image', field: 'image', check: (v, field, line) => checkImage(v as string, field, line), out: `(image IS NOT NULL AND length(image) > ${MAX_IMAGE_CHARS})` };

/** Which columns of which tables a migration holds to their bounds. */
export interface StoredBounds {
  events: readonly Column[];
  others: readonly { table: string; count: 'processes' | 'dns' | 'alerts'; columns: readonly Column[] }[];
}

/** The numbers (times, ports, counts, process ids, durations): migration 6. */
export const NUMBER_BOUNDS: StoredBounds = {
  events: [
    time('ts'),
    pid,
    port('src_port', 'srcPort'),
    port('dst_port', 'dstPort'),
    count('bytes_out', 'bytesOut'),
    count('bytes_in', 'bytesIn'),
    count('pkts_out', 'pktsOut'),
    count('pkts_in', 'pktsIn'),
    duration,
  ],
  others: [
    { table: 'processes', count: 'processes', columns: [time('ts'), pid] },
    { table: 'dns_answers', count: 'dns', columns: [time('ts')] },
    { table: 'alerts', count: 'alerts', columns: [time('ts'), port('src_port', 'srcPort'), port('dst_port', 'dstPort')] },
  ],
};

/** The host names and image paths that become graph node ids: migration 7. */
export const NAME_BOUNDS: StoredBounds = {
  events: [host, image],
  others: [
    { table: 'processes', count: 'processes', columns: [host, image] },
    { table: 'dns_answers', count: 'dns', columns: [host, image] },
    { table: 'alerts', count: 'alerts', columns: [host] },
  ],
};

const outOf = (columns: readonly Column[]): string => columns.map((c) => c.out).join(' OR ');

/** What a moved record's quarantine row says: the first value out of bounds, by the same check an import makes. */
function reasonOf(row: Record<string, unknown>, columns: readonly Column[]): { field: string; reason: string } {
  for (const c of columns) {
    const v = row[c.name];
    if (v === null) continue;
    try {
      c.check(v, c.field, row['line'] as number);
    } catch (err) {
      return { field: c.field, reason: `${(err as Error).message} (stored by an earlier version of Sightline; set aside when the case was opened)` };
    }
  }
  // SQL and the check disagree only for a value the check accepts: name the first column the SQL flagged.
  return { field: columns[0]?.field ?? '', reason: 'a value out of bounds (stored by an earlier version of Sightline; set aside when the case was opened)' };
}

/** The row as JSON, Infinity and NaN written as text (JSON has neither). */
function rawOf(row: Record<string, unknown>): string {
  const { id: _id, import_id: _importId, ...rest } = row;
  return JSON.stringify(rest, (_k, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)).slice(0, 4096);
}

/** Moves every stored record with a value out of `bounds` to the quarantine; returns how many records moved. */
export function quarantineOutOfBounds(db: Database.Database, bounds: StoredBounds): number {
  const eventColumns = bounds.events;
  const quarantine = db.prepare('INSERT INTO quarantine (import_id, line, field, reason, raw) VALUES (?, ?, ?, ?, ?)');
  const moved = new Map<number, { events: number; processes: number; dns: number; alerts: number; quarantined: number }>();
  const tally = (importId: number) => {
    let t = moved.get(importId);
    if (!t) moved.set(importId, (t = { events: 0, processes: 0, dns: 0, alerts: 0, quarantined: 0 }));
    return t;
  };

  db.exec('DROP TABLE IF EXISTS temp.oob_keys');
  db.exec('CREATE TEMP TABLE oob_keys (host TEXT NOT NULL, image TEXT NOT NULL, dst_ip TEXT NOT NULL, PRIMARY KEY (host, image, dst_ip)) WITHOUT ROWID');
  const key = db.prepare(`INSERT OR IGNORE INTO oob_keys SELECT host, COALESCE(image, ''), dst_ip FROM events WHERE id = ?`);
  const unlink = db.prepare('UPDATE events SET peer_id = NULL WHERE id = ?');

  // A flow out of bounds lent its bytes to the Sysmon event it was joined with (Sysmon has none of
  // its own): the loan goes back with the link, as when the flow's import is removed (delete-import.ts).
  const lent = db.prepare(
    `UPDATE events SET bytes_out = NULL, bytes_in = NULL, pkts_out = NULL, pkts_in = NULL, duration = NULL
     WHERE id = ? AND image IS NOT NULL AND import_id IN (SELECT id FROM imports WHERE format LIKE 'sysmon-%')`,
  );
  const flows = db.prepare(`SELECT id, peer_id AS peer FROM events WHERE image IS NULL AND peer_id IS NOT NULL AND (${outOf(eventColumns)})`).all() as { id: number; peer: number }[];
  for (const f of flows) {
    lent.run(f.peer);
    unlink.run(f.peer);
    key.run(f.peer);
  }

  const events = db.prepare(`SELECT * FROM events WHERE ${outOf(eventColumns)}`).all() as Record<string, unknown>[];
  const remove = db.prepare('DELETE FROM events WHERE id = ?');
  for (const e of events) {
    const peer = e['peer_id'] as number | null;
    if (peer !== null) {
      // Its partner is counted on its own again.
      unlink.run(peer);
      key.run(peer);
    }
    key.run(e['id']);
    const { field, reason } = reasonOf(e, eventColumns);
    quarantine.run(e['import_id'], e['line'], field, reason, rawOf(e));
    remove.run(e['id']);
    const t = tally(e['import_id'] as number);
    t.events++;
    t.quarantined++;
  }

  for (const { table, count: counted, columns } of bounds.others) {
    const rows = db.prepare(`SELECT * FROM ${table} WHERE ${outOf(columns)} ORDER BY import_id, line, id`).all() as Record<string, unknown>[];
    // One record per line: a DNS answer with two addresses is two rows of one record.
    let last = '';
    for (const r of rows) {
      const record = `${String(r['import_id'])}:${String(r['line'])}`;
      if (record !== last) {
        last = record;
        const { field, reason } = reasonOf(r, columns);
        quarantine.run(r['import_id'], r['line'], field, reason, rawOf(r));
        const t = tally(r['import_id'] as number);
        t[counted]++;
        t.quarantined++;
      }
    }
    if (rows.length > 0) db.exec(`DELETE FROM ${table} WHERE ${outOf(columns)}`);
  }

  const update = db.prepare(
    'UPDATE imports SET events = events - ?, processes = processes - ?, dns = dns - ?, alerts = alerts - ?, quarantined = quarantined + ? WHERE id = ?',
  );
  for (const [importId, t] of moved) update.run(t.events, t.processes, t.dns, t.alerts, t.quarantined, importId);
  refreshEdges(db, 'temp.oob_keys');
  db.exec('DROP TABLE temp.oob_keys');
  return [...moved.values()].reduce((n, t) => n + t.quarantined, 0);
}
