import crypto from 'node:crypto';
import type Database from 'better-sqlite3';
import { writeOutputFile } from '../../output-file.js';
import type { IndicatorType } from '../indicator-types.js';
import { effectiveScore, type ScoreAt } from '../store/queries.js';
import { csvHeader, csvRow } from './csv-row.js';
import { MISP_TYPE, mispCategory, STIX_PATTERN, uuidFrom } from './indicator-formats.js';

export const exportFormats = ['csv', 'stix', 'misp'] as const;
export type ExportFormat = (typeof exportFormats)[number];

interface Row {
  id: number;
  type: IndicatorType;
  value: string;
  first_seen: string;
  last_seen: string;
  base: number;
  verdict: 'false-positive' | 'confirmed' | null;
  sources: string | null;
  labels: string | null;
  post_url: string | null;
}

/**
 * Writes the store's indicators for other tools: CSV (spreadsheets, SIEM
 * lookups), a STIX 2.1 bundle, or one MISP event. Expired and
 * false-positive indicators are left out unless asked for; allowlisted
 * values always are. Streams rows, so the size of the store does not matter;
 * the file appears only when complete (writeOutputFile).
 */
export async function exportIndicators(db: Database.Database, file: string, format: ExportFormat, at: ScoreAt, options: { includeExpired?: boolean } = {}): Promise<{ indicators: number }> {
  const { now } = at;
  const writer = WRITERS[format];
  const indicators = await writeOutputFile(file, async (put) => {
    // Opened once the file is: a statement left iterating would keep the connection busy.
    const rows = db
      .prepare(
        `SELECT i.id, i.type, i.value, i.first_seen, i.last_seen, i.base, v.verdict,
                (SELECT GROUP_CONCAT(DISTINCT s.name) FROM sightings g JOIN intel_sources s ON s.id = g.source_id WHERE g.indicator_id = i.id) AS sources,
                (SELECT GROUP_CONCAT(label) FROM indicator_labels WHERE indicator_id = i.id) AS labels,
                (SELECT post_url FROM sightings WHERE indicator_id = i.id AND post_url IS NOT NULL ORDER BY seen_at DESC LIMIT 1) AS post_url
         FROM indicators i LEFT JOIN verdicts v ON v.type = i.type AND v.value = i.value
         WHERE NOT EXISTS (SELECT 1 FROM allowlist a WHERE a.type = i.type AND a.value = i.value)
         ORDER BY i.type, i.value`,
      )
      .iterate() as IterableIterator<Row>;
    let count = 0;
    await put(writer.start(new Date(now).toISOString()));
    for (const row of rows) {
      const { score, expired } = effectiveScore(row, at);
      if (row.verdict === 'false-positive' || (expired && !options.includeExpired)) continue;
      await put(writer.row(row, score, expired, count));
      count++;
    }
    await put(writer.end());
    return count;
  });
  return { indicators };
}

interface Writer {
  start(now: string): string;
  row(r: Row, score: number, expired: boolean, index: number): string;
  end(): string;
}

const IDENTITY = 'identity--7b3d3bb5-1f0d-5b8e-9d7e-2f7a0b0c5e11';

const WRITERS: Record<ExportFormat, Writer> = {
  csv: {
    start: () => csvHeader(['type', 'value', 'score', 'expired', 'first_seen', 'last_seen', 'sources', 'labels', 'verdict', 'post_url']),
    row: (r, score, expired) => csvRow([r.type, r.value, score, expired ? 'yes' : 'no', r.first_seen, r.last_seen, r.sources, r.labels, r.verdict, r.post_url]),
    end: () => '',
  },
  stix: {
    start: (now) =>
      `{"type":"bundle","id":"bundle--${crypto.randomUUID()}","objects":[\n` +
      JSON.stringify({ type: 'identity', spec_version: '2.1', id: IDENTITY, created: now, modified: now, name: 'Sightline', identity_class: 'system' }),
    row: (r, score) =>
      `,\n${JSON.stringify({
        type: 'indicator',
        spec_version: '2.1',
        id: `indicator--${uuidFrom(`${r.type}:${r.value}`)}`,
        created: r.first_seen,
        modified: r.last_seen,
        valid_from: r.first_seen,
        name: r.value,
        pattern: STIX_PATTERN[r.type](r.value),
        pattern_type: 'stix',
        pattern_version: '2.1',
        indicator_types: ['malicious-activity'],
        confidence: Math.round(score),
        created_by_ref: IDENTITY,
        ...(r.labels ? { labels: r.labels.split(',') } : {}),
        ...(r.post_url ? { external_references: [{ source_name: 'post', url: r.post_url }] } : {}),
        description: `Seen by ${r.sources ?? 'unknown'}`,
      })}`,
    end: () => '\n]}\n',
  },
  misp: {
    start: (now) =>
      `{"Event":{"uuid":"${crypto.randomUUID()}","info":"Sightline IoC export ${now.slice(0, 10)}","date":"${now.slice(0, 10)}",` +
      `"timestamp":"${Math.floor(Date.parse(now) / 1000)}","threat_level_id":"2","analysis":"2","distribution":"0","Orgc":{"name":"Sightline"},"Attribute":[\n`,
    row: (r, _score, _expired, index) =>
      `${index > 0 ? ',\n' : ''}${JSON.stringify({
        uuid: uuidFrom(`${r.type}:${r.value}`),
        type: MISP_TYPE[r.type],
        category: mispCategory(r.type),
        value: r.value,
        to_ids: true,
        timestamp: String(Math.floor(Date.parse(r.last_seen) / 1000)),
        comment: r.post_url ?? `Seen by ${r.sources ?? 'unknown'}`,
        Tag: (r.labels ? r.labels.split(',') : []).map((name) => ({ name })),
      })}`,
    end: () => '\n]}}\n',
  },
};
