import type Database from 'better-sqlite3';
import { ipv4Range, ipv4ToInt } from '../../net/index.js';
import { baseScore } from '../decay.js';
import type { ExtractedIndicator } from '../indicator-types.js';

/** One sighting of one indicator, with where it came from. Every source (post, feed row, bundle) becomes these. */
export interface IngestItem {
  indicator: ExtractedIndicator;
  sourceId: number;
  /** The post id, event uuid, STIX id or list file the sighting came from; a repeat of (indicator, source, ref) is one sighting. */
  ref: string;
  seenAt: string;
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
 * indicators are recomputed at the end.
 */
export class Ingestor {
  private readonly findIndicator: Database.Statement;
  private readonly insertIndicator: Database.Statement;
  private readonly widenIndicator: Database.Statement;
  private readonly findSighting: Database.Statement;
  private readonly insertSighting: Database.Statement;
  private readonly touchSighting: Database.Statement;
  private readonly addLabel: Database.Statement;
  private readonly touched = new Set<number>();
  readonly counts: IngestCounts = { newIndicators: 0, newSightings: 0 };

  constructor(private readonly db: Database.Database) {
    // Look up first, then insert or update: it also tells new from known, which the summary reports.
    this.findIndicator = db.prepare('SELECT id FROM indicators WHERE type = ? AND value = ?').pluck();
    this.insertIndicator = db.prepare('INSERT INTO indicators (type, value, first_seen, last_seen, ip_lo, ip_hi) VALUES (?, ?, ?, ?, ?, ?)');
    this.widenIndicator = db.prepare('UPDATE indicators SET first_seen = MIN(first_seen, ?), last_seen = MAX(last_seen, ?) WHERE id = ?');
    this.findSighting = db.prepare('SELECT id FROM sightings WHERE indicator_id = ? AND source_id = ? AND ref = ?').pluck();
    this.insertSighting = db.prepare(
      'INSERT INTO sightings (indicator_id, source_id, ref, post_url, author, seen_at, port, text, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    this.touchSighting = db.prepare('UPDATE sightings SET seen_at = MAX(seen_at, ?) WHERE id = ?');
    this.addLabel = db.prepare('INSERT OR IGNORE INTO indicator_labels (indicator_id, label) VALUES (?, ?)');
  }

  add(item: IngestItem, importedAt: string): void {
    const { type, value, port } = item.indicator;
    let id = this.findIndicator.get(type, value) as number | undefined;
    if (id === undefined) {
      const [lo, hi] = ipKeys(type, value);
      id = Number(this.insertIndicator.run(type, value, item.seenAt, item.seenAt, lo, hi).lastInsertRowid);
      this.counts.newIndicators++;
    } else {
      this.widenIndicator.run(item.seenAt, item.seenAt, id);
    }
    const sighting = this.findSighting.get(id, item.sourceId, item.ref) as number | undefined;
    if (sighting === undefined) {
      this.insertSighting.run(id, item.sourceId, item.ref, item.postUrl ?? null, item.author ?? null, item.seenAt, port ?? null, item.text ?? null, importedAt);
      this.counts.newSightings++;
    } else {
      this.touchSighting.run(item.seenAt, sighting);
    }
    for (const label of item.labels ?? []) this.addLabel.run(id, label);
    this.touched.add(id);
  }

  /** Recomputes source counts and base scores of everything added; call once before commit. */
  finish(): void {
    if (this.touched.size === 0) return;
    const trusts = this.db.prepare(
      `SELECT s.trust FROM (SELECT DISTINCT source_id FROM sightings WHERE indicator_id = ?) d JOIN intel_sources s ON s.id = d.source_id`,
    ).pluck();
    const update = this.db.prepare('UPDATE indicators SET source_count = ?, base = ? WHERE id = ?');
    for (const id of this.touched) {
      const t = trusts.all(id) as number[];
      update.run(t.length, baseScore(t), id);
    }
    this.touched.clear();
  }
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
