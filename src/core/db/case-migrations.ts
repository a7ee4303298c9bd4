import { NAME_BOUNDS, NUMBER_BOUNDS, quarantineOutOfBounds } from '../telemetry/quarantine-out-of-bounds.js';
import { mergePorts } from './port-list.js';
import type { Migration } from './migrate.js';
import { createNotesTables, dropTargetParts } from '../notes/notes-schema.js';

/**
 * Schema of a case database (one file per case). Append only: a released
 * migration is never edited, because users' files were written by it.
 */
export const caseMigrations: readonly Migration[] = [
  {
    version: 1,
    description: 'cases, imports and connection events',
    up: (db) => {
      db.exec(`
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
        CREATE TABLE imports (
          id INTEGER PRIMARY KEY,
          file_name TEXT NOT NULL,
          file_path TEXT,
          sha256 TEXT NOT NULL UNIQUE,
          format TEXT NOT NULL,
          bytes INTEGER NOT NULL,
          events INTEGER NOT NULL,
          imported_at TEXT NOT NULL
        );
        -- One row per connection record. ts is epoch milliseconds (UTC).
        CREATE TABLE events (
          id INTEGER PRIMARY KEY,
          import_id INTEGER NOT NULL REFERENCES imports(id),
          line INTEGER NOT NULL,
          ts INTEGER NOT NULL,
          host TEXT NOT NULL,
          user TEXT,
          image TEXT,
          pid INTEGER,
          process_guid TEXT,
          proto TEXT,
          src_ip TEXT NOT NULL,
          src_port INTEGER,
          dst_ip TEXT NOT NULL,
          dst_port INTEGER,
          dst_host TEXT,
          initiated INTEGER,
          bytes_out INTEGER,
          bytes_in INTEGER,
          pkts_out INTEGER,
          pkts_in INTEGER,
          duration REAL,
          uid TEXT
        );
        CREATE INDEX events_dst ON events(dst_ip);
        CREATE INDEX events_host_image ON events(host, image);
      `);
    },
  },
  {
    version: 2,
    description: 'process creations (Sysmon event 1) to describe the processes that connect',
    up: (db) => {
      db.exec(`
        ALTER TABLE imports ADD COLUMN processes INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE processes (
          id INTEGER PRIMARY KEY,
          import_id INTEGER NOT NULL REFERENCES imports(id),
          line INTEGER NOT NULL,
          ts INTEGER NOT NULL,
          host TEXT NOT NULL,
          process_guid TEXT,
          pid INTEGER,
          image TEXT NOT NULL,
          command_line TEXT,
          user TEXT,
          parent_image TEXT,
          parent_command_line TEXT,
          hashes TEXT,
          integrity_level TEXT
        );
        CREATE INDEX processes_host_image ON processes(host, image);
        CREATE INDEX events_ts ON events(ts);
      `);
    },
  },
  {
    version: 3,
    description: 'per (host, process, destination) totals kept at import, so the graph of a large case reads thousands of rows, not millions',
    up: (db) => {
      db.exec(`
        -- image '' stands for "no process" (flows): NULL would make every such row distinct to the primary key.
        -- ports: the distinct destination ports, ascending, comma-separated, at most 64.
        CREATE TABLE edge_stats (
          host TEXT NOT NULL,
          image TEXT NOT NULL,
          dst_ip TEXT NOT NULL,
          events INTEGER NOT NULL,
          bytes_out INTEGER NOT NULL,
          bytes_in INTEGER NOT NULL,
          first_ts INTEGER NOT NULL,
          last_ts INTEGER NOT NULL,
          ports TEXT NOT NULL,
          PRIMARY KEY (host, image, dst_ip)
        ) WITHOUT ROWID;
      `);
      const rows = db
        .prepare(
          `SELECT host, COALESCE(image, '') AS image, dst_ip AS dstIp, COUNT(*) AS events, TOTAL(bytes_out) AS bytesOut, TOTAL(bytes_in) AS bytesIn,
                  MIN(ts) AS first, MAX(ts) AS last, GROUP_CONCAT(DISTINCT dst_port) AS ports
           FROM events GROUP BY 1, 2, 3`,
        )
        .iterate() as Iterable<{ host: string; image: string; dstIp: string; events: number; bytesOut: number; bytesIn: number; first: number; last: number; ports: string | null }>;
      const insert = db.prepare('INSERT INTO edge_stats VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
      for (const r of [...rows]) {
        insert.run(r.host, r.image, r.dstIp, r.events, r.bytesOut, r.bytesIn, r.first, r.last, mergePorts(r.ports ?? '', ''));
      }
    },
  },
  {
    version: 4,
    description: 'quarantined records, DNS answers, IDS alerts, and the link between an endpoint event and the sensor flow of the same connection',
    up: (db) => {
      db.exec(`
        ALTER TABLE imports ADD COLUMN quarantined INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE imports ADD COLUMN dns INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE imports ADD COLUMN alerts INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE imports ADD COLUMN ignored INTEGER NOT NULL DEFAULT 0;
        -- A record that could not be read: kept verbatim (cut at 4 KB) so the user sees what was skipped and why.
        CREATE TABLE quarantine (
          id INTEGER PRIMARY KEY,
          import_id INTEGER NOT NULL REFERENCES imports(id),
          line INTEGER NOT NULL,
          field TEXT,
          reason TEXT NOT NULL,
          raw TEXT NOT NULL
        );
        CREATE INDEX quarantine_import ON quarantine(import_id, line);
        -- One row per address of an answer: names destinations (Sysmon event 22, Zeek dns.log).
        CREATE TABLE dns_answers (
          id INTEGER PRIMARY KEY,
          import_id INTEGER NOT NULL REFERENCES imports(id),
          line INTEGER NOT NULL,
          ts INTEGER NOT NULL,
          host TEXT NOT NULL,
          image TEXT,
          query TEXT NOT NULL,
          ip TEXT NOT NULL
        );
        CREATE INDEX dns_answers_ip ON dns_answers(ip, ts);
        CREATE TABLE alerts (
          id INTEGER PRIMARY KEY,
          import_id INTEGER NOT NULL REFERENCES imports(id),
          line INTEGER NOT NULL,
          ts INTEGER NOT NULL,
          host TEXT,
          proto TEXT,
          src_ip TEXT,
          src_port INTEGER,
          dst_ip TEXT,
          dst_port INTEGER,
          signature TEXT NOT NULL,
          signature_id TEXT,
          category TEXT,
          severity TEXT,
          action TEXT
        );
        CREATE INDEX alerts_dst ON alerts(dst_ip);
        CREATE INDEX alerts_src ON alerts(src_ip);
        -- peer_id: the other side of a joined connection (endpoint event <-> sensor flow), both ways.
        ALTER TABLE events ADD COLUMN peer_id INTEGER;
      `);
    },
  },
  {
    version: 5,
    description: 'an index of joined connections only, so the join summary after each import counts them without reading every event',
    up: (db) => {
      db.exec(`
        -- Partial: only joined events have an entry, so importing (peer_id NULL) never adds to it.
        CREATE INDEX events_peer ON events(peer_id) WHERE peer_id IS NOT NULL;
      `);
    },
  },
  {
    version: 6,
    description: 'records an earlier version stored with numbers out of bounds (an Infinity time, a port of 1e20) set aside in the quarantine, so that the graph never meets them',
    up: (db) => {
      quarantineOutOfBounds(db, NUMBER_BOUNDS);
    },
  },
  {
    version: 7,
    description: 'records an earlier version stored with a host name or image path too long to be a graph node (a 1 MB "host" from a hostile file) set aside in the quarantine, so that every node of the graph can be asked for its details',
    up: (db) => {
      quarantineOutOfBounds(db, NAME_BOUNDS);
    },
  },
  {
    version: 8,
    description: 'analysis: a revision every change of the case bumps, analysis runs and their findings, per-address enrichment, the analyst\'s verdicts and allowlist rules',
    up: (db) => {
      // Written so that running it again changes nothing (tests that wind a case back to an earlier version do).
      db.exec(`
        -- The case's revision: bumped by every import, removal of an import, verdict and allowlist rule
        -- (triggers, so no code path can forget it). Findings remember the revision they were computed at.
        INSERT OR IGNORE INTO meta (key, value) VALUES ('revision', '1');
        CREATE TRIGGER IF NOT EXISTS imports_revision_insert AFTER INSERT ON imports BEGIN
          UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'revision'; END;
        CREATE TRIGGER IF NOT EXISTS imports_revision_delete AFTER DELETE ON imports BEGIN
          UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'revision'; END;

        CREATE TABLE IF NOT EXISTS analysis_runs (
          id INTEGER PRIMARY KEY,
          started_at TEXT NOT NULL,
          finished_at TEXT,
          -- what the findings were computed from: this case's revision and the IoC store's
          case_revision INTEGER NOT NULL,
          intel_revision INTEGER NOT NULL,
          -- the analysis settings in force (JSON), so a result can be explained and reproduced
          settings TEXT NOT NULL,
          state TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed', 'cancelled')),
          units INTEGER NOT NULL DEFAULT 0,
          findings INTEGER NOT NULL DEFAULT 0,
          error TEXT
        );
        -- One row per (host, process, destination, port) worth showing. image '' = no process (flows);
        -- dst_port -1 = all ports of the unit.
        CREATE TABLE IF NOT EXISTS findings (
          id INTEGER PRIMARY KEY,
          run_id INTEGER NOT NULL REFERENCES analysis_runs(id) ON DELETE CASCADE,
          host TEXT NOT NULL,
          image TEXT NOT NULL,
          dst_ip TEXT NOT NULL,
          dst_port INTEGER NOT NULL,
          score REAL NOT NULL CHECK (score >= 0 AND score <= 1),
          severity TEXT NOT NULL,
          -- JSON: ["beacon", "ioc", …] and [{"kind", "text", "facts": {…}}, …]
          kinds TEXT NOT NULL,
          explanations TEXT NOT NULL,
          events INTEGER NOT NULL,
          bytes_out INTEGER NOT NULL,
          bytes_in INTEGER NOT NULL,
          first_ts INTEGER NOT NULL,
          last_ts INTEGER NOT NULL
        );
        CREATE INDEX IF NOT EXISTS findings_rank ON findings(run_id, score DESC);
        CREATE INDEX IF NOT EXISTS findings_unit ON findings(run_id, host, image, dst_ip);

        -- What is known about an address without looking at the connections (class, country, AS,
        -- names seen in DNS, the service it belongs to), and from which data it was taken.
        CREATE TABLE IF NOT EXISTS enrichment (
          ip TEXT PRIMARY KEY,
          class TEXT NOT NULL,
          country TEXT,
          asn INTEGER,
          as_org TEXT,
          service TEXT,
          service_category TEXT,
          data_version TEXT NOT NULL
        ) WITHOUT ROWID;

        -- The analyst's word on a unit: benign, malicious, or ignore. NULL columns match anything.
        CREATE TABLE IF NOT EXISTS case_verdicts (
          id INTEGER PRIMARY KEY,
          verdict TEXT NOT NULL CHECK (verdict IN ('benign', 'malicious', 'ignore')),
          host TEXT,
          image TEXT,
          dst_ip TEXT,
          dst_port INTEGER,
          note TEXT,
          created_at TEXT NOT NULL
        );
        -- Allowlist rules of this case: a process talking to a destination, a network, a domain.
        CREATE TABLE IF NOT EXISTS allowlist_rules (
          id INTEGER PRIMARY KEY,
          kind TEXT NOT NULL CHECK (kind IN ('process-destination', 'cidr', 'domain')),
          image TEXT,
          value TEXT NOT NULL,
          note TEXT,
          created_at TEXT NOT NULL
        );
        CREATE TRIGGER IF NOT EXISTS case_verdicts_revision_insert AFTER INSERT ON case_verdicts BEGIN
          UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'revision'; END;
        CREATE TRIGGER IF NOT EXISTS case_verdicts_revision_update AFTER UPDATE ON case_verdicts BEGIN
          UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'revision'; END;
        CREATE TRIGGER IF NOT EXISTS case_verdicts_revision_delete AFTER DELETE ON case_verdicts BEGIN
          UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'revision'; END;
        CREATE TRIGGER IF NOT EXISTS allowlist_rules_revision_insert AFTER INSERT ON allowlist_rules BEGIN
          UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'revision'; END;
        CREATE TRIGGER IF NOT EXISTS allowlist_rules_revision_delete AFTER DELETE ON allowlist_rules BEGIN
          UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'revision'; END;
      `);
    },
  },
  {
    version: 9,
    description: 'an index that reads each (host, process, destination) unit\'s connections in time order without sorting, for the detectors',
    up: (db) => {
      // Covering for the per-unit scans (times, ports, bytes, duration, and peer_id for the edge definition):
      // measured at 1M events, an ordered scan sorted in a temporary B-tree took 4.9 s, through this index 0.9 s.
      // It starts with (host, image), so it also serves every lookup the index it replaces served.
      db.exec(`
        DROP INDEX IF EXISTS events_host_image;
        CREATE INDEX IF NOT EXISTS events_unit_time ON events(host, image, dst_ip, ts, dst_port, bytes_out, bytes_in, duration, peer_id);
      `);
    },
  },
  {
    version: 10,
    description: 'process lineage: files created (Sysmon event 11) to tell who wrote a program, and each process creation\'s parent by ProcessGuid',
    up: (db) => {
      // Written so that running it again changes nothing, as migration 8.
      const hasColumn = (table: string, column: string): boolean =>
        (db.prepare(`SELECT 1 FROM pragma_table_info('${table}') WHERE name = ?`).get(column) as unknown) !== undefined;
      if (!hasColumn('imports', 'file_creations')) db.exec('ALTER TABLE imports ADD COLUMN file_creations INTEGER NOT NULL DEFAULT 0');
      // Cases imported before this version have it NULL: their exports' ParentProcessGuid was not kept.
      if (!hasColumn('processes', 'parent_process_guid')) db.exec('ALTER TABLE processes ADD COLUMN parent_process_guid TEXT');
      db.exec(`
        -- One row per Sysmon event 11. image: the process that wrote the file. target_key: the target path
        -- as filePathKey() folds it (case-insensitive like Windows), what an image path is looked up by.
        -- creation_ts: the file's creation time as Sysmon read it (older than ts when a file was overwritten).
        CREATE TABLE IF NOT EXISTS file_creations (
          id INTEGER PRIMARY KEY,
          import_id INTEGER NOT NULL REFERENCES imports(id),
          line INTEGER NOT NULL,
          ts INTEGER NOT NULL,
          host TEXT NOT NULL,
          process_guid TEXT,
          pid INTEGER,
          image TEXT,
          target_filename TEXT NOT NULL,
          target_key TEXT NOT NULL,
          creation_ts INTEGER,
          user TEXT
        );
        -- Who wrote this program (the latest write at or before its start), and what a process wrote.
        CREATE INDEX IF NOT EXISTS file_creations_target ON file_creations(host, target_key, ts);
        CREATE INDEX IF NOT EXISTS file_creations_guid ON file_creations(host, process_guid);
        -- A process by its GUID (an event's process, a parent), and the latest start of an image.
        CREATE INDEX IF NOT EXISTS processes_guid ON processes(host, process_guid);
        CREATE INDEX IF NOT EXISTS processes_image_time ON processes(host, image, ts);
        DROP INDEX IF EXISTS processes_host_image;
      `);
    },
  },
  {
    version: 11,
    description: 'an index of the per-unit totals by destination, so the investigation graph sums each destination\'s connections without sorting the units',
    up: (db) => {
      // Measured at 1M connections (390k units): per-destination totals 0.3 s by sorting, 27 ms through this index.
      db.exec('CREATE INDEX IF NOT EXISTS edge_stats_dst ON edge_stats(dst_ip, events)');
    },
  },
  {
    version: 12,
    description: 'the opening graph view and timeline kept in the case file by each analysis, so a large case opens at once after a restart',
    up: (db) => {
      // Derived data only: a row whose key no longer matches (another revision, run or warninglists) is never read.
      db.exec('CREATE TABLE IF NOT EXISTS stored_answers (op TEXT PRIMARY KEY, key TEXT NOT NULL, made_at TEXT NOT NULL, body BLOB NOT NULL)');
    },
  },
  {
    version: 13,
    description: 'the analyst\'s notes (Markdown) and tags on nodes and findings, searchable by word',
    up: (db) => {
      createNotesTables(db);
    },
  },
  {
    version: 14,
    description: 'an index of the outbound endpoint connections by source address, so one host\'s own addresses are read without scanning the case',
    up: (db) => {
      // The rows telemetry/host-addresses.ts counts as a host claiming an address. Measured at 2M events
      // (1M Sysmon connections joined with 1M Zeek flows): a host's own addresses took 0.5–1.4 s by scanning
      // every claim of the case, 8 ms through this index (66–76 ms for the busiest host, its own rows).
      // Big loads drop and rebuild it with the others (db/deferred-indexes.ts): a 300k Sysmon import costs the same.
      db.exec('CREATE INDEX IF NOT EXISTS events_src_claims ON events(src_ip, host) WHERE image IS NOT NULL AND initiated = 1');
    },
  },
  {
    version: 15,
    description: 'notes and tags keep what they are about as one key: the same in parts, and an index over them, were never read',
    up: (db) => {
      dropTargetParts(db);
    },
  },
];
