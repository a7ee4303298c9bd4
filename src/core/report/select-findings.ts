import type Database from 'better-sqlite3';
import type { Finding } from '../../shared/analysis-types.js';
import { inDefaultReport, MAX_REPORT_FINDINGS } from '../../shared/report-types.js';
import { InvalidInputError } from '../errors/index.js';
import type { CaseRules } from '../analysis/case-rules.js';
import { lastFindingId, listFindings, type StoredRunSettings } from '../analysis/findings-store.js';

/** Unknown ids named in an error, at most. */
const NAMED_IDS = 20;

/**
 * The findings a report is about, highest score first: the ids asked for
 * (of the latest analysis; ids are never reused, so one from an earlier run
 * is unknown, and named as such), or else every finding at or above
 * `minScore` and every one the analyst called malicious, leaving out those
 * marked "ignore". A `runId` that is not the latest run, unknown ids and a
 * selection larger than a report takes are refused, saying which and what to do.
 */
export function selectFindings(
  db: Database.Database,
  q: {
    minScore: number;
    findingIds?: readonly number[] | undefined;
    runId?: number | undefined;
    runSettings?: StoredRunSettings | null | undefined;
    rules?: CaseRules | undefined;
  },
): Finding[] {
  const latest = (db.prepare('SELECT id FROM analysis_runs ORDER BY id DESC LIMIT 1').get() as { id: number } | undefined)?.id;
  if (latest === undefined) throw new InvalidInputError('the case has not been analysed yet: run an analysis first (sightline analyze), then make the report', { field: 'findingIds' });
  if (q.runId !== undefined && q.runId !== latest) {
    throw new InvalidInputError(
      `the findings were chosen from analysis run ${q.runId}, and the case has been analysed again since (the latest run is ${latest}): choose them again from the latest analysis`,
      { field: 'runId' },
    );
  }
  const all = listFindings(db, { minScore: 0, limit: Number.MAX_SAFE_INTEGER, offset: 0, includeIgnored: true, runSettings: q.runSettings, rules: q.rules }).findings;
  if (q.findingIds !== undefined) {
    const wanted = new Set(q.findingIds);
    const found = all.filter((f) => wanted.has(f.id));
    if (found.length < wanted.size) {
      const known = new Set(found.map((f) => f.id));
      throw new InvalidInputError(unknownIds([...wanted].filter((id) => !known.has(id)), latest, lastFindingId(db)), { field: 'findingIds' });
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

/** Why these ids name no finding: an earlier analysis's (at or below the highest id ever given), or never given. */
function unknownIds(unknown: number[], latest: number, lastGiven: number): string {
  const named = (ids: number[]) => ids.slice(0, NAMED_IDS).join(', ') + (ids.length > NAMED_IDS ? `, … (${ids.length} in all)` : '');
  const earlier = unknown.filter((id) => id > 0 && id <= lastGiven);
  const never = unknown.filter((id) => !(id > 0 && id <= lastGiven));
  const why = [
    earlier.length > 0 ? `${named(earlier)} ${earlier.length === 1 ? 'was a finding' : 'were findings'} of an earlier analysis (finding ids are never reused)` : null,
    never.length > 0 ? `no analysis of this case gave ${named(never)}` : null,
  ].filter((part) => part !== null);
  return `no finding ${named(unknown)} in the latest analysis of this case (run ${latest}): ${why.join('; ')}; list the current ones with sightline analyze --json`;
}
