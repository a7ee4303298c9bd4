import path from 'node:path';
import Database from 'better-sqlite3';
import { readCaseWindow } from '../../src/core/analysis/baseline.js';
import { queryAlerts } from '../../src/core/analysis/detectors/alerts/index.js';
import { queryNewAndRare } from '../../src/core/analysis/detectors/new-and-rare/index.js';
import { queryNewPlaces } from '../../src/core/analysis/detectors/new-place/index.js';
import { queryServiceMisuse } from '../../src/core/analysis/detectors/service-misuse/index.js';
import { queryUnusualPorts } from '../../src/core/analysis/detectors/unusual-port/index.js';
import { queryVolume } from '../../src/core/analysis/detectors/volume/index.js';
import { createGeo } from '../../src/core/analysis/enrich/geo.js';
import { createServiceCatalogue } from '../../src/core/analysis/enrich/services.js';
import type { DetectorContext, EvidenceKind, UnitEvidence } from '../../src/core/analysis/evidence.js';
import { loadWarninglists } from '../../src/core/intel/warninglists/index.js';
import { resourcesDir } from './fixtures.js';

/** Every detector of this folder run over one case file, read-only, as the analysis will run them. */
export function runDetectors(caseFile: string): { byKind: (kind: EvidenceKind) => UnitEvidence[]; all: UnitEvidence[]; progress: number[]; close(): void } {
  const db = new Database(caseFile, { readonly: true, fileMustExist: true });
  const window = readCaseWindow(db);
  if (!window) throw new Error(`${caseFile} has no connections`);
  const progress: number[] = [];
  const ctx: DetectorContext = { db, window, signal: new AbortController().signal, progress: (f) => progress.push(f) };
  const geo = createGeo({ dataHome: null });
  const catalogue = createServiceCatalogue({ warninglists: loadWarninglists(path.join(resourcesDir, 'warninglists')) });
  const all = [...queryVolume(ctx), ...queryNewAndRare(ctx), ...queryNewPlaces(ctx, geo), ...queryUnusualPorts(ctx), ...queryServiceMisuse(ctx, catalogue), ...queryAlerts(ctx)];
  return {
    all,
    progress,
    // Highest score first; ties in the order the detector gave them.
    byKind: (kind) => all.filter((u) => u.evidence.kind === kind).sort((a, b) => b.evidence.score - a.evidence.score),
    close: () => db.close(),
  };
}

/** "PC2 rundll32.exe 91.215.85.142" for comparisons. */
export function unitLabel(u: UnitEvidence): string {
  return `${u.host} ${u.image.split('\\').pop() ?? ''} ${u.dstIp}`;
}
