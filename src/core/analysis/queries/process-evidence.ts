import type Database from 'better-sqlite3';
import { gradeSeverity, scoreSeverityThresholds } from '../detectors/severity.js';
import type { Evidence } from '../evidence.js';
import { judgeProcess } from '../process/index.js';

/**
 * What each connecting process's image, parent, account and command line say
 * against it (masquerading, user-writable folders, unexpected parents), from
 * the process-creation records of the case (Sysmon event 1); an image with no
 * such record is judged on its path alone. Keyed by host and image: the
 * evidence applies to every destination of that process.
 */
export function processEvidence(db: Database.Database, processes: Iterable<{ host: string; image: string }>): Map<string, Evidence[]> {
  const latest = db.prepare(
    `SELECT image, parent_image AS parentImage, user, integrity_level AS integrityLevel, command_line AS commandLine
     FROM processes WHERE host = ? AND image = ? ORDER BY ts DESC LIMIT 1`,
  );
  const out = new Map<string, Evidence[]>();
  for (const { host, image } of processes) {
    const record = (latest.get(host, image) as { image: string; parentImage: string | null; user: string | null; integrityLevel: string | null; commandLine: string | null } | undefined) ?? { image };
    const judgements = judgeProcess(record);
    if (judgements.length === 0) continue;
    out.set(
      processKey(host, image),
      judgements.map((j) => ({
        kind: 'process',
        score: j.score,
        severity: gradeSeverity(j.score, scoreSeverityThresholds),
        text: j.explanation,
        facts: { judgement: j.kind, about: j.about ?? null },
      })),
    );
  }
  return out;
}

export function processKey(host: string, image: string): string {
  return `${host}\u0000${image}`;
}
