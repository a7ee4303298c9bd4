import type Database from 'better-sqlite3';
import { ipv4Range, ipv4ToInt } from '../../net/index.js';
import { baseScore } from '../decay.js';
import { bumpIntelRevision, pendingIntelRevision } from './revision.js';
import type { ExtractedIndicator } from '../indicator-types.js';

/** One sighting of one indicator, with where it came from. Every source (post, feed row, bundle) becomes these. */
export interface IngestItem {
  indicator: ExtractedIndicator;
  sourceId: number;
  /** The post id, event uuid, STIX id or list file the sighting came from; a repeat of (indicator, source, ref) is one sighting. */
  ref: string;
  seenAt: string;
  /** A later time the source saw it at (FeedRecord.lastSeenAt): the indicator's last seen, not the sighting's time. */
  lastSeenAt?: string | undefined;
  postUrl?: string | null;
  author?: string | null;
  text?: string | null;
  labels?: readonly string[];
}

export interface IngestCounts {
  newIndicators: number;
  newSightings: number;
}

/**
 * Writes items in the caller's transaction. Indicators are upserted by
 * (type, value) with first/last seen widened; sightings are unique per
 * (indicator, source, ref), so re-reading a feed or re-syncing a timeline
 * adds nothing twice. Source counts and base scores of the touched
 * indicators are recomputed at the end; indicators that changed (new, a new
 * or later sighting, a wider first/last seen) carry the revision the write
 * bumps the store to (store/revision.ts), in the same transaction.
 */
export class Ingestor {
  private readonly insertIndicator: Database.Statement;
  private readonly findIndicator: Database.Statement;
  private readonly widenIndicator: Database.Statement;
  private readonly insertSighting: Database.Statement;
  private readonly touchSighting: Database.Statement;
  private readonly addLabel: Database.Statement;
  private readonly markChanged: Database.Statement;
  private readonly touched = new Set<number>();
  private readonly changed = new Set<number>();
  readonly counts: IngestCounts = { newIndicators: 0, newSightings: 0 };

  constructor(private readonly db: Database.Database) {
    // Insert first and look up only when the row existed: a fresh list costs two statements a row.
    this.insertIndicator = db.prepare('INSERT OR IGNORE INTO indicators (type, value, first_seen, last_seen, ip_lo, ip_hi) VALUES (?, ?, ?, ?, ?, ?)');
    this.findIndicator = db.prepare('SELECT id FROM indicators WHERE type = ? AND value = ?').pluck();
    this.widenIndicator = db.prepare('UPDATE indicators SET first_seen = MIN(first_seen, ?), last_seen = MAX(last_seen, ?) WHERE id = ? AND (first_seen > ? OR last_seen < ?)');
    this.insertSighting = db.prepare(
      'INSERT OR IGNORE INTO sightings (indicator_id, source_id, ref, post_url, author, seen_at, port, text, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.touchSighting = db.prepare('UPDATE sightings SET seen_at = ? WHERE indicator_id = ? AND source_id = ? AND ref = ? AND seen_at < ?');
    this.markChanged = db.prepare('UPDATE indicators SET changed_revision = ? WHERE id = ?');
    this.addLabel = db.prepare('INSERT OR IGNORE INTO indicator_labels (indicator_id, label) VALUES (?, ?)');
  }

  add(item: IngestItem, importedAt: string): void {
    const { type, value, port } = item.indicator;
    const [lo, hi] = ipKeys(type, value);
    const last = item.lastSeenAt !== undefined && item.lastSeenAt > item.seenAt ? item.lastSeenAt : item.seenAt;
    const inserted = this.insertIndicator.run(type, value, item.seenAt, last, lo, hi);
    let id: number;
    if (inserted.changes === 1) {
      id = Number(inserted.lastInsertRowid);
      this.counts.newIndicators++;
      this.changed.add(id);
    } else {
      id = this.findIndicator.get(type, value) as number;
      if (this.widenIndicator.run(item.seenAt, last, id, item.seenAt, last).changes === 1) this.changed.add(id);
    }
    const sighting = this.insertSighting.run(id, item.sourceId, item.ref, item.postUrl ?? null, item.author ?? null, item.seenAt, port ?? null, item.text ?? null, importedAt);
    if (sighting.changes === 1) {
      this.counts.newSightings++;
      this.changed.add(id);
    } else if (this.touchSighting.run(item.seenAt, id, item.sourceId, item.ref, item.seenAt).changes === 1) this.changed.add(id);
    for (const label of item.labels ?? []) this.addLabel.run(id, label);
    this.touched.add(id);
  }

  /**
   * Recomputes source counts and base scores of everything added; call once
   * before commit. One UPDATE in SQL (with the corroborate() aggregate) rather
   * than a round trip per indicator: a million-line list touches a million.
   */
  finish(): void {
    refreshScores(this.db, this.touched);
    this.touched.clear();
    if (this.changed.size === 0) return;
    const revision = pendingIntelRevision(this.db);
    for (const id of this.changed) this.markChanged.run(revision, id);
    this.changed.clear();
    bumpIntelRevision(this.db);
  }

  /** For writers that change indicators beside add() (a bundle's first/last seen): counted as a change of this write. */
  noteChanged(id: number): void {
    this.changed.add(id);
  }
}

/** Recomputes the source counts and base scores of the indicators `ids` from their sightings and their sources' trust. */
export function refreshScores(db: Database.Database, ids: Iterable<number>): void {
  registerCorroborate(db);
  db.exec('CREATE TEMP TABLE IF NOT EXISTS touched_indicators (id INTEGER PRIMARY KEY); DELETE FROM touched_indicators;');
  const add = db.prepare('INSERT OR IGNORE INTO touched_indicators (id) VALUES (?)');
  let any = false;
  for (const id of ids) {
    add.run(id);
    any = true;
  }
  if (!any) return;
  db.exec(`
    UPDATE indicators SET (source_count, base) = (
      SELECT COUNT(*), corroborate(s.trust)
      FROM (SELECT DISTINCT source_id FROM sightings WHERE indicator_id = indicators.id) d JOIN intel_sources s ON s.id = d.source_id)
    WHERE id IN (SELECT id FROM touched_indicators);
    DELETE FROM touched_indicators;`);
}

/** The integer range an IPv4 or IPv4 CIDR covers; null for everything else. */
export function ipKeys(type: string, value: string): [number | null, number | null] {
  if (type === 'ipv4') {
    const n = ipv4ToInt(value);
    return [n, n];
  }
  if (type === 'cidr' && !value.includes(':')) {
    const [net, prefix] = value.split('/') as [string, string];
    return ipv4Range(net, Number(prefix));
  }
  return [null, null];
}

const registered = new WeakSet<Database.Database>();

/** corroborate(trust): the base score of independent sources, as baseScore() computes it. */
export function registerCorroborate(db: Database.Database): void {
  if (registered.has(db)) return;
  db.aggregate('corroborate', {
    start: () => [] as number[],
    step: (trusts: number[], trust: unknown) => {
      trusts.push(Number(trust));
      return trusts;
    },
    result: (trusts: number[]) => baseScore(trusts),
  });
  registered.add(db);
}
