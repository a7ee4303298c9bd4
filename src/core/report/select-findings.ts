import type Database from 'better-sqlite3';
import type { Finding } from '../../shared/analysis-types.js';
import { inDefaultReport, MAX_REPORT_FINDINGS } from '../../shared/report-types.js';
import { InvalidInputError } from '../errors/index.js';
import type { CaseRules } from '../analysis/case-rules.js';
import { listFindings, type StoredRunSettings } from '../analysis/findings-store.js';

/** Unknown ids named in an error, at most. */
const NAMED_IDS = 20;

/**
 * The findings a report is about, highest score first: the ids asked for
 * (of the latest analysis: each analysis numbers its findings anew), or else
 * every finding at or above `minScore` and every one the analyst called
 * malicious, leaving out those marked "ignore". Unknown ids and a selection
 * larger than a report takes are refused, saying which and what to do.
 */
export function selectFindings(
  db: Database.Database,
  q: { minScore: number; findingIds?: readonly number[] | undefined; runSettings?: StoredRunSettings | null | undefined; rules?: CaseRules | undefined },
): Finding[] {
  const hasRun = db.prepare('SELECT 1 FROM analysis_runs LIMIT 1').get() !== undefined;
  if (!hasRun) throw new InvalidInputError('the case has not been analysed yet: run an analysis first (sightline analyze), then make the report', { field: 'findingIds' });
  const all = listFindings(db, { minScore: 0, limit: Number.MAX_SAFE_INTEGER, offset: 0, includeIgnored: true, runSettings: q.runSettings, rules: q.rules }).findings;
  if (q.findingIds !== undefined) {
    const wanted = new Set(q.findingIds);
    const found = all.filter((f) => wanted.has(f.id));
    if (found.length < wanted.size) {
      const known = new Set(found.map((f) => f.id));
      const unknown = [...wanted].filter((id) => !known.has(id));
      const named = unknown.slice(0, NAMED_IDS).join(', ') + (unknown.length > NAMED_IDS ? `, … (${unknown.length} in all)` : '');
      throw new InvalidInputError(
        `no finding ${named} in the latest analysis of this case (each analysis numbers its findings anew: list them again with sightline analyze --json)`,
        { field: 'findingIds' },
      );
    }
    return found;
  }
  const selected = all.filter((f) => inDefaultReport(f, q.minScore));
  if (selected.length > MAX_REPORT_FINDINGS) {
    throw new InvalidInputError(
      `${selected.length} findings score ${q.minScore} or more, more than the ${MAX_REPORT_FINDINGS} a report takes: raise the minimum score or name the findings`,
      { field: 'minScore' },
    );
  }
  return selected;
}
