import { repairIntelOutOfBounds } from '../intel/store/repair-out-of-bounds.js';
import type { Migration } from './migrate.js';

/**
 * Schema of the home database (`intel.sqlite`): application settings and
 * the IoC store.
 */
export const homeMigrations: readonly Migration[] = [
  {
    version: 1,
    description: 'application settings',
    up: (db) => {
      db.exec(`CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);`);
    },
  },
  {
    version: 2,
    description: 'the IoC store: sources, indicators, sightings with provenance, labels, verdicts, allowlist',
    up: (db) => {
      db.exec(`
        CREATE TABLE intel_sources (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL UNIQUE,
          kind TEXT NOT NULL,
          -- JSON: what to fetch (account, query, instance...) for syncable sources.
          config TEXT NOT NULL DEFAULT '{}',
          -- 0..1: how much a sighting from this source is believed.
          trust REAL NOT NULL DEFAULT 0.6,
          enabled INTEGER NOT NULL DEFAULT 1,
          -- JSON: since_id, resume tokens, rate-limit reset; owned by the source's sync code.
          cursor TEXT NOT NULL DEFAULT '{}',
          state TEXT NOT NULL DEFAULT 'idle',
          state_detail TEXT,
          last_sync_at TEXT,
          next_allowed_at TEXT,
          created_at TEXT NOT NULL
        );
        CREATE TABLE indicators (
          id INTEGER PRIMARY KEY,
          type TEXT NOT NULL,
          value TEXT NOT NULL,
          first_seen TEXT NOT NULL,
          last_seen TEXT NOT NULL,
          -- Distinct sources that sighted it, and 0..100 from their trust (see intel/decay.ts), kept at ingest.
          source_count INTEGER NOT NULL DEFAULT 0,
          base REAL NOT NULL DEFAULT 0,
          -- IPv4 and IPv4 CIDRs as an integer range, for membership lookups.
          ip_lo INTEGER,
          ip_hi INTEGER,
          UNIQUE (type, value)
        );
        CREATE INDEX indicators_cidr ON indicators(ip_lo, ip_hi) WHERE type = 'cidr';
        -- The indicator table's default order (newest first) walks this index: no sort of a million rows.
        CREATE INDEX indicators_last_seen ON indicators(last_seen);
        CREATE INDEX indicators_type_seen ON indicators(type, last_seen);
        CREATE TABLE sightings (
          id INTEGER PRIMARY KEY,
          indicator_id INTEGER NOT NULL REFERENCES indicators(id),
          source_id INTEGER NOT NULL REFERENCES intel_sources(id),
          -- What the sighting came from within the source: a post id, a MISP event uuid, a STIX id, a list file.
          ref TEXT NOT NULL,
          post_url TEXT,
          author TEXT,
          seen_at TEXT NOT NULL,
          port INTEGER,
          -- The original post or record text, kept verbatim (hostile: shown as text only).
          text TEXT,
          imported_at TEXT NOT NULL,
          UNIQUE (indicator_id, source_id, ref)
        );
        CREATE INDEX sightings_source ON sightings(source_id);
        CREATE TABLE indicator_labels (
          indicator_id INTEGER NOT NULL REFERENCES indicators(id),
          label TEXT NOT NULL,
          PRIMARY KEY (indicator_id, label)
        ) WITHOUT ROWID;
        -- Keyed by value, not indicator id, so verdicts survive re-sync, deletion and bundles.
        CREATE TABLE verdicts (
          type TEXT NOT NULL,
          value TEXT NOT NULL,
          verdict TEXT NOT NULL CHECK (verdict IN ('false-positive', 'confirmed')),
          note TEXT,
          decided_at TEXT NOT NULL,
          PRIMARY KEY (type, value)
        ) WITHOUT ROWID;
        CREATE TABLE allowlist (
          type TEXT NOT NULL,
          value TEXT NOT NULL,
          note TEXT,
          added_at TEXT NOT NULL,
          PRIMARY KEY (type, value)
        ) WITHOUT ROWID;
      `);
    },
  },
  {
    version: 3,
    description: 'intel values an earlier version stored out of bounds (a sighting dated year 275760, a port of 1e20, a trust of 1e308) taken as an import now takes them, so that lookups never meet them',
    up: (db) => {
      repairIntelOutOfBounds(db);
    },
  },
  {
    version: 4,
    description: 'the IoC store revision at which each indicator last changed, so a case is matched again against only what changed since it was last matched',
    up: (db) => {
      // 0 for what was stored before: a case matched at any revision has seen it.
      db.exec(`
        ALTER TABLE indicators ADD COLUMN changed_revision INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX indicators_changed ON indicators(changed_revision);
      `);
    },
  },
];
