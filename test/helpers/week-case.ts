import path from 'node:path';
import type { Engine } from '../../src/core/engine.js';
import { generateWeek, type WeekManifest } from '../synthetic/index.js';
import type { EngineHarness } from './engine.js';
import { repoRoot } from './fixtures.js';

export interface AnalysedWeek {
  manifest: WeekManifest;
  engine: Engine;
  caseId: string;
}

/** Files a test plants beside the week's own, imported with them before the analysis (absolute paths). */
export interface WeekExtras {
  telemetry: string[];
  intel: string[];
}

/**
 * The synthetic week as an analyst would have it: generated, its telemetry
 * imported into a case, its intel feeds into the IoC store, analysed. The
 * engine has the shipped resources (warninglists, geo data) and no demo case.
 * `extras` writes more files into the week's folder, imported with the week's;
 * `beforeAnalysis` runs once everything is imported (verdicts the analysis then counts).
 */
export async function analysedWeek(
  h: EngineHarness,
  name: string,
  extras?: (dir: string) => WeekExtras,
  beforeAnalysis?: (engine: Engine, caseId: string) => Promise<void>,
): Promise<AnalysedWeek> {
  const dir = h.tmp.make(`${name.replace(/\W+/g, '-')}-`);
  const manifest = generateWeek(dir);
  const more = extras?.(dir) ?? { telemetry: [], intel: [] };
  const engine = h.engine({ resourcesDir: path.join(repoRoot, 'resources'), noDemo: true });
  const caseId = (await engine.invoke('createCase', { name })).id;
  const telemetry = manifest.files.filter((f) => !f.path.startsWith('intel/') && f.path !== 'manifest.json').map((f) => path.join(dir, f.path));
  await engine.invoke('importFiles', { caseId, sources: [...telemetry, ...more.telemetry].map((f) => engine.files.source(f)) });
  const intel = manifest.files.filter((f) => f.path.startsWith('intel/')).map((f) => path.join(dir, f.path));
  await engine.invoke('intelImport', { sources: [...intel, ...more.intel].map((f) => engine.files.source(f)) });
  await beforeAnalysis?.(engine, caseId);
  await engine.invoke('analyzeCase', { caseId });
  return { manifest, engine, caseId };
}
