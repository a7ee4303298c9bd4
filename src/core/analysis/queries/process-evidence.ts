import type Database from 'better-sqlite3';
import { gradeSeverity, scoreSeverityThresholds } from '../detectors/severity.js';
import type { Evidence } from '../evidence.js';
import { processFamily } from '../process/index.js';
import { processLineage } from './lineage.js';

/** A program written by one of these and then run is how a malicious document or download starts. */
const DROPPER_FAMILIES = { document: 'a document application', browser: 'a browser', script: 'a script host', lolbin: 'a system tool attackers use' } as const;
/** Score of "written by a document application, a browser, a script host…": low on its own, strong beside a judgement. */
const DROPPED_SCORE = 0.7;

/**
 * What each connecting process's image, parent, account and command line say
 * against it (masquerading, user-writable folders, unexpected parents), from
 * its latest process creation (Sysmon event 1); and where it came from: a
 * program written by Office, a browser or a script host and then run is
 * evidence too. The lineage sentence ("svch0st.exe was written by WINWORD.EXE
 * at 09:14 and started by explorer.exe") goes with the evidence. Keyed by host
 * and image: it applies to every destination of that process.
 */
export function processEvidence(db: Database.Database, processes: Iterable<{ host: string; image: string }>): Map<string, Evidence[]> {
  const out = new Map<string, Evidence[]>();
  for (const { host, image } of processes) {
    const lineage = processLineage(db, { host, image, at: Number.MAX_SAFE_INTEGER });
    const judgements = lineage?.judgements ?? [];
    const found: Evidence[] = judgements.map((j) => ({
      kind: 'process',
      score: j.score,
      severity: gradeSeverity(j.score, scoreSeverityThresholds),
      text: j.explanation,
      facts: { judgement: j.kind, about: j.about ?? null },
    }));
    const writer = lineage?.fileWrite?.image ?? null;
    const family = processFamily(writer);
    if (lineage && writer && family) {
      found.push({
        kind: 'process',
        score: DROPPED_SCORE,
        severity: gradeSeverity(DROPPED_SCORE, scoreSeverityThresholds),
        text: `${lineage.sentence} (${DROPPER_FAMILIES[family]} wrote the program)`,
        facts: { judgement: 'written-by', writer, writerFamily: family },
      });
    } else if (lineage && found.length > 0 && (lineage.fileWrite || lineage.parents.length > 0)) {
      // Where it came from, as context for the judgements above.
      found.push({ kind: 'process', score: 0, severity: null, text: lineage.sentence, facts: { judgement: 'lineage' } });
    }
    if (found.length > 0) out.set(processKey(host, image), found);
  }
  return out;
}

export function processKey(host: string, image: string): string {
  return `${host}\u0000${image}`;
}
