import type Database from 'better-sqlite3';
import type { Geo, ServiceCatalogue } from '../analysis/enrich/index.js';
import type { ScoreAt } from '../intel/store/queries.js';
import type { Warninglists } from '../intel/warninglists/index.js';

/** What the details of a node take beyond the case: the IoC store and the engine's lazily loaded reference data. */
export interface DetailsDeps {
  homeDb: Database.Database;
  /** Now and the decay model in force. */
  scoreAt(): ScoreAt;
  warninglists(): Warninglists | undefined;
  geo(): Geo;
  services(): ServiceCatalogue;
}
