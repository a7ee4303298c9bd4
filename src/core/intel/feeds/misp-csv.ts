import { MalformedRecordError } from '../../errors/index.js';
import type { FeedRecord } from './feed-record.js';
import { attributeRecords } from './misp.js';
import { splitCsv } from './plain-list.js';

/** MISP's CSV export starts with this header; the attribute's own `type` says what each value is. */
export const MISP_CSV_HEADER = /^"?uuid"?,"?event_id"?,"?category"?,"?type"?,"?value"?/;

/**
 * A MISP CSV export (`uuid,event_id,category,type,value,comment,to_ids,date,…`),
 * read row by row with MISP's attribute types, as an event file is: a `link`
 * or `filename` row is skipped, `date` (epoch seconds) dates the sighting.
 */
export function createMispCsvReader(source: string): { line(text: string, lineNo: number): FeedRecord[] | 'skip' | 'header' } {
  let columns: Map<string, number> | null = null;
  return {
    line(text, lineNo) {
      if (text.trim() === '') return 'skip';
      const cells = splitCsv(text);
      if (!columns) {
        columns = new Map(cells.map((c, i) => [c.toLowerCase(), i]));
        for (const required of ['type', 'value']) {
          if (!columns.has(required)) throw new MalformedRecordError(`the MISP CSV header has no "${required}" column`, { line: lineNo, field: required });
        }
        return 'header';
      }
      const get = (name: string) => {
        const i = columns?.get(name);
        return i === undefined ? undefined : cells[i];
      };
      const records = attributeRecords(
        { uuid: get('uuid') || undefined, type: get('type'), value: get('value'), comment: get('comment'), timestamp: get('date') },
        { source, fallbackRef: `${source}:${lineNo}`, text: null, labels: (get('attribute_tag') ?? '').split(',').filter(Boolean) },
      );
      return records.length ? records : 'skip';
    },
  };
}
