import type Database from 'better-sqlite3';
import { Ingestor, ipKeys } from '../store/ingest.js';
import { SourceRegistry } from '../store/sources.js';
import type { IndicatorType } from '../indicator-types.js';
import { bundleRecords, verifyBundle } from './read-bundle.js';

export interface BundleImportResult {
  records: number;
  newIndicators: number;
  newSightings: number;
  verdicts: number;
  allowlisted: number;
}

/**
 * Merges a verified bundle into the store in one transaction. Everything is
 * keyed by value, so importing the same bundle twice changes nothing, and
 * bundles from several machines merge: sightings are unioned, first/last seen
 * widened, the newer of two verdicts wins, local source trust is kept.
 */
export async function importBundle(db: Database.Database, file: string): Promise<BundleImportResult> {
  await verifyBundle(file);
  const ingestor = new Ingestor(db);
  const sources = new SourceRegistry(db);
  const importedAt = new Date().toISOString();
  const result: BundleImportResult = { records: 0, newIndicators: 0, newSightings: 0, verdicts: 0, allowlisted: 0 };
  const findIndicator = db.prepare('SELECT id FROM indicators WHERE type = ? AND value = ?').pluck();
  const insertIndicator = db.prepare('INSERT INTO indicators (type, value, first_seen, last_seen, ip_lo, ip_hi) VALUES (?, ?, ?, ?, ?, ?)');
  const widen = db.prepare('UPDATE indicators SET first_seen = MIN(first_seen, ?), last_seen = MAX(last_seen, ?) WHERE id = ? AND (first_seen > ? OR last_seen < ?)');
  const addLabel = db.prepare('INSERT OR IGNORE INTO indicator_labels (indicator_id, label) VALUES (?, ?)');
  const mergeVerdict = db.prepare(
    `INSERT INTO verdicts (type, value, verdict, note, decided_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (type, value) DO UPDATE SET verdict = excluded.verdict, note = excluded.note, decided_at = excluded.decided_at
     WHERE excluded.decided_at > verdicts.decided_at`,
  );
  const addAllow = db.prepare('INSERT OR IGNORE INTO allowlist (type, value, note, added_at) VALUES (?, ?, ?, ?)');
  const trustOf = new Map<string, { kind: string; trust: number }>();
  const noteValue = (type: string, value: string) => {
    const id = findIndicator.get(type, value) as number | undefined;
    if (id !== undefined) ingestor.noteChanged(id);
  };

  db.exec('BEGIN IMMEDIATE');
  try {
    for await (const r of bundleRecords(file)) {
      result.records++;
      switch (r.t) {
        case 'source':
          trustOf.set(r.name, { kind: r.kind, trust: r.trust });
          break;
        case 'indicator': {
          const id = findIndicator.get(r.type, r.value) as number | undefined;
          if (id === undefined) {
            ingestor.noteChanged(Number(insertIndicator.run(r.type, r.value, r.firstSeen, r.lastSeen, ...ipKeys(r.type, r.value)).lastInsertRowid));
            result.newIndicators++;
          } else if (widen.run(r.firstSeen, r.lastSeen, id, r.firstSeen, r.lastSeen).changes === 1) ingestor.noteChanged(id);
          break;
        }
        case 'sighting': {
          const meta = trustOf.get(r.source);
          const sourceId = sources.ensure(r.source, meta?.kind ?? 'bundle', meta?.trust);
          const before = ingestor.counts.newSightings;
          ingestor.add(
            { indicator: { type: r.type as IndicatorType, value: r.value, ...(r.port !== null ? { port: r.port } : {}) }, sourceId, ref: r.ref, seenAt: r.seenAt, postUrl: r.postUrl, author: r.author, text: r.text },
            importedAt,
          );
          result.newSightings += ingestor.counts.newSightings - before;
          break;
        }
        case 'label': {
          const id = findIndicator.get(r.type, r.value) as number | undefined;
          if (id !== undefined) addLabel.run(id, r.label);
          break;
        }
        case 'verdict': {
          const changed = mergeVerdict.run(r.type, r.value, r.verdict, r.note, r.decidedAt).changes;
          result.verdicts += changed;
          if (changed) noteValue(r.type, r.value);
          break;
        }
        case 'allow': {
          const changed = addAllow.run(r.type, r.value, r.note, r.addedAt).changes;
          result.allowlisted += changed;
          if (changed) noteValue(r.type, r.value);
          break;
        }
      }
    }
    ingestor.finish();
    db.exec('COMMIT');
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
  return result;
}
