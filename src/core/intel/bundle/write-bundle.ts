import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import { writeOutputFile } from '../../output-file.js';
import { BUNDLE_FORMAT, BUNDLE_VERSION, SECTIONS, type BundleHeader, type BundleManifest, type BundleRecord, type Section } from './bundle-format.js';

const QUERIES: Record<Section, string> = {
  source: `SELECT 'source' AS t, name, kind, trust FROM intel_sources ORDER BY name`,
  indicator: `SELECT 'indicator' AS t, type, value, first_seen AS firstSeen, last_seen AS lastSeen FROM indicators ORDER BY type, value`,
  sighting: `SELECT 'sighting' AS t, i.type, i.value, s.name AS source, g.ref, g.seen_at AS seenAt, g.post_url AS postUrl, g.author, g.port, g.text
             FROM sightings g JOIN indicators i ON i.id = g.indicator_id JOIN intel_sources s ON s.id = g.source_id ORDER BY i.type, i.value, s.name, g.ref`,
  label: `SELECT 'label' AS t, i.type, i.value, l.label FROM indicator_labels l JOIN indicators i ON i.id = l.indicator_id ORDER BY i.type, i.value, l.label`,
  verdict: `SELECT 'verdict' AS t, type, value, verdict, note, decided_at AS decidedAt FROM verdicts ORDER BY type, value`,
  allow: `SELECT 'allow' AS t, type, value, note, added_at AS addedAt FROM allowlist ORDER BY type, value`,
};

/**
 * Streams the whole IoC store to a bundle file (see bundle-format.ts). It is
 * written to a temporary name and renamed at the end (writeOutputFile), so
 * a crash never leaves a bundle that looks complete.
 */
export async function writeBundle(db: Database.Database, file: string, producer: string): Promise<BundleManifest> {
  const whole = crypto.createHash('sha256');
  return writeOutputFile(
    file,
    async (put) => {
      const write = (line: string) => {
        whole.update(line);
        return put(line);
      };
      const header: BundleHeader = { t: 'header', format: BUNDLE_FORMAT, version: BUNDLE_VERSION, createdAt: new Date().toISOString(), producer };
      await write(`${JSON.stringify(header)}\n`);
      const sections = {} as BundleManifest['sections'];
      for (const section of SECTIONS) {
        const hash = crypto.createHash('sha256');
        let records = 0;
        for (const row of db.prepare(QUERIES[section]).iterate() as IterableIterator<BundleRecord>) {
          const line = `${JSON.stringify(row)}\n`;
          hash.update(line);
          records++;
          await write(line);
        }
        sections[section] = { records, sha256: hash.digest('hex') };
      }
      const manifest: BundleManifest = { t: 'manifest', sections, sha256: whole.digest('hex') };
      await put(`${JSON.stringify(manifest)}\n`);
      return manifest;
    },
    { gzip: true },
  );
}
