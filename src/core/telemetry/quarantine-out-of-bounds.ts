import type Database from 'better-sqlite3';
import { checkCount, checkDuration, checkPid, checkPort, checkTime, EARLIEST_TIME_MS, LATEST_TIME_MS, MAX_COUNT, MAX_DURATION_S, MAX_PID, MAX_PORT } from '../bounds.js';
import { refreshEdges } from './edge-refresh.js';

/**
 * Versions before the bounds (core/bounds.ts) stored whatever a log held:
 * an Infinity time, a date past what JS can show, a port of 1e20. Such a
 * row made every later graph of its case fail ("Invalid time value"). This
 * moves each such record into the quarantine, as an import now puts it
 * (field and reason named, the stored values kept as its raw text), and
 * brings the import counts, joins and edge totals in line. Run once per case,
 * by a migration.
 */

type Check = (n: number, raw: unknown, field: string, line: number) => number;

interface Column {
  /** The column in the table. */
  name: string;
  /** The record's field, as the import's RecordCollector names it. */
  field: string;
  check: Check;
  /** SQL that is true when the column's value is out of bounds. */
  out: string;
}

const time = (name: string): Column => ({ name, field: name, check: checkTime, out: `NOT (${name} >= ${EARLIEST_TIME_MS} AND ${name} < ${LATEST_TIME_MS})` });
// A whole number in an INTEGER column is stored as an integer: anything else (1e20, Infinity) was stored as a REAL.
const integer = (name: string, field: string, check: Check, max: number): Column => ({
  name,
  field,
  check,
  out: `(${name} IS NOT NULL AND (typeof(${name}) <> 'integer' OR ${name} < 0 OR ${name} > ${max}))`,
});
const port = (name: string, field: string): Column => integer(name, field, checkPort, MAX_PORT);
const count = (name: string, field: string): Column => integer(name, field, checkCount, MAX_COUNT);
const pid = integer('pid', 'pid', checkPid, MAX_PID);
const duration: Column = { name: 'duration', field: 'duration', check: checkDuration, out: `(duration IS NOT NULL AND NOT (duration >= 0 AND duration <= ${MAX_DURATION_S}))` };

const EVENT_COLUMNS = [
  time('ts'),
  pid,
  port('src_port', 'srcPort'),
  port('dst_port', 'dstPort'),
  count('bytes_out', 'bytesOut'),
  count('bytes_in', 'bytesIn'),
  count('pkts_out', 'pktsOut'),
  count('pkts_in', 'pktsIn'),
  duration,
];
const OTHER_TABLES: { table: string; count: 'processes' | 'dns' | 'alerts'; columns: Column[] }[] = [
  { table: 'processes', count: 'processes', columns: [time('ts'), pid] },
  { table: 'dns_answers', count: 'dns', columns: [time('ts')] },
  { table: 'alerts', count: 'alerts', columns: [time('ts'), port('src_port', 'srcPort'), port('dst_port', 'dstPort')] },
];

const outOf = (columns: readonly Column[]): string => columns.map((c) => c.out).join(' OR ');

/** What a moved record's quarantine row says: the first value out of bounds, by the same check an import makes. */
function reasonOf(row: Record<string, unknown>, columns: readonly Column[]): { field: string; reason: string } {
  for (const c of columns) {
    const v = row[c.name];
    if (v === null) continue;
    try {
      c.check(v as number, v, c.field, row['line'] as number);
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

/** Moves every stored record with a number out of bounds to the quarantine; returns how many records moved. */
export function quarantineOutOfBounds(db: Database.Database): number {
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
  const flows = db.prepare(`SELECT id, peer_id AS peer FROM events WHERE image IS NULL AND peer_id IS NOT NULL AND (${outOf(EVENT_COLUMNS)})`).all() as { id: number; peer: number }[];
  for (const f of flows) {
    lent.run(f.peer);
    unlink.run(f.peer);
    key.run(f.peer);
  }

  const events = db.prepare(`SELECT * FROM events WHERE ${outOf(EVENT_COLUMNS)}`).all() as Record<string, unknown>[];
  const remove = db.prepare('DELETE FROM events WHERE id = ?');
  for (const e of events) {
    const peer = e['peer_id'] as number | null;
    if (peer !== null) {
      // Its partner is counted on its own again.
      unlink.run(peer);
      key.run(peer);
    }
    key.run(e['id']);
    const { field, reason } = reasonOf(e, EVENT_COLUMNS);
    quarantine.run(e['import_id'], e['line'], field, reason, rawOf(e));
    remove.run(e['id']);
    const t = tally(e['import_id'] as number);
    t.events++;
    t.quarantined++;
  }

  for (const { table, count: counted, columns } of OTHER_TABLES) {
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
