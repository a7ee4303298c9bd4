import type Database from 'better-sqlite3';
import type { CaseSummary } from '../shared/types.js';
import type { CaseStore } from './cases/index.js';
import type { GrantedFiles } from './files/index.js';
import type { HomeLayout } from './home/data-home.js';
import type { MappingProfiles } from './home/mapping-profiles.js';
import type { Settings } from './home/settings.js';
import type { TurnWait } from './jobs/index.js';

/**
 * What the per-domain handler modules share, built by EngineCore for one
 * data home on one thread (the serving engine's, or the job worker's).
 * Plain services, no operation logic: the handlers live in cases/,
 * telemetry/, graph/, intel/ and are composed by engine-core.ts.
 */
export interface EngineServices {
  layout: HomeLayout;
  files: GrantedFiles;
  cases: CaseStore;
  homeDb: Database.Database;
  settings: Settings;
  mappingProfiles: MappingProfiles;
  /** Runs a job that writes to a case in its turn: after the case's other writing jobs, of this process and others. */
  writeCase<T>(target: CaseSummary, wait: TurnWait, task: () => Promise<T>): Promise<T>;
  /** A small change to the home database, waiting (without blocking the host) while an intel import or sync writes. */
  writeHome<T>(fn: () => T): Promise<T>;
  /** Runs `fn` on a write connection of its own to the case (what imports use), closed afterwards. */
  withImportConnection<T>(caseId: string, fn: (db: Database.Database) => T): T;
}
