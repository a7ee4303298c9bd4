import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import type { Handlers } from '../shared/dispatch.js';
import { CaseStore } from './cases/index.js';
import { createCaseHandlers, type CaseHandlerOptions } from './cases/case-handlers.js';
import { createDeleteCaseHandlers } from './cases/delete-case.js';
import type { EngineServices } from './engine-services.js';
import { createGraphHandlers } from './graph/graph-handlers.js';
import { createDetailsHandlers } from './graph/details-handlers.js';
import { engineFingerprint, ViewCache } from './graph/view-cache.js';
import { storeOpeningViews } from './graph/opening-views.js';
import { createAnalysisHandlers } from './analysis/analysis-handlers.js';
import { createNotesHandlers } from './notes/index.js';
import { createGeo, createServiceCatalogue, type Geo, type ServiceCatalogue } from './analysis/enrich/index.js';
import { createTelemetryHandlers } from './telemetry/telemetry-handlers.js';
import type { PdfPrinter } from './report/pdf-printer.js';
import { createReportHandlers } from './report/report-handlers.js';
import { DEFAULT_WRITE_WAIT_MS, homeMigrations, openDatabase, withWrite, type OpenOptions } from './db/index.js';
import { InvalidInputError } from './errors/index.js';
import { homeLayout, type HomeLayout } from './home/data-home.js';
import { ensurePrivateDir } from './home/owner-only.js';
import { Settings } from './home/settings.js';
import { MappingProfiles } from './home/mapping-profiles.js';
import type { DecaySetting } from './intel/decay.js';
import { createIntelHandlers, type SyncClock } from './intel/intel-handlers.js';
import type { TokenStore } from './intel/sources/x/bearer-token.js';
import { loadWarninglists, type Warninglists } from './intel/warninglists/index.js';
import { WriteTurns } from './jobs/index.js';
import type { GrantedFiles } from './files/index.js';
import { loopbackBaseUrl } from './intel/sources/http/index.js';
import type { ServiceOrigins } from './intel/sources/sync-types.js';

/** The home database as messages name it. */
const HOME_DB = 'the home database (intel.sqlite)';

/** What opens a data home: plain data, so the job worker is started with the same (see jobs/job-thread.ts). */
export interface CoreOptions {
  /** The data home, resolved. */
  home: string;
  /** Folder holding `demo/` and the shipped data. */
  resourcesDir?: string | undefined;
  version?: string | undefined;
  /** better_sqlite3.node for the running ABI (the desktop app's Electron build). */
  nativeBinding?: string | undefined;
  noDemo?: boolean | undefined;
  /** Tests only: loopback stand-ins for X, Mastodon and Bluesky (refused unless loopback). */
  serviceOrigins?: ServiceOrigins | undefined;
  /** How long a writing job waits for another one on the same database before giving up with BUSY. */
  writeWaitSeconds?: number | undefined;
}

/** The decay model in force, as the intel handlers read and change it (the serving engine's DecaySetting). */
export type DecaySource = Pick<DecaySetting, 'get' | 'set'>;

/**
 * What one thread's handlers take from the thread that serves the UI. There it
 * is the engine's own state; in the job worker each is a question sent back to
 * it (jobs/serving-line.ts), so every piece of state has one owner.
 */
export interface CallEnv {
  /** The granted files (core/files): the only way to a path. */
  files: GrantedFiles;
  /** The X bearer token (Electron safeStorage is main-only). */
  tokens: TokenStore;
  decay: DecaySource;
  /** Tests only: the clock the sync waits on. */
  clock: SyncClock | undefined;
  /** Imports the demo files through the engine (the serving thread's `importFiles`). */
  importDemo: CaseHandlerOptions['importDemo'];
  /** Cancels a running job by its caller's id. */
  cancelJob(jobId: string): boolean;
  /** Prints a PDF report: the host's printer (Electron's in the desktop app) or the system Chromium. */
  printPdf: PdfPrinter;
  /** Closes the serving thread's connection to a case about to be deleted. */
  closeCase(caseId: string): void;
}

/** Test stand-ins must be loopback origins (SIGHTLINE_X_API_BASE_URL in the CLI): anything else is refused at start. */
function checkOrigins(origins: ServiceOrigins | undefined): ServiceOrigins | undefined {
  if (!origins) return undefined;
  const checked: ServiceOrigins = {};
  for (const key of ['x', 'mastodon', 'bluesky'] as const) {
    const origin = origins[key];
    if (origin === undefined) continue;
    try {
      checked[key] = loopbackBaseUrl(origin);
    } catch (err) {
      throw new InvalidInputError(`test stand-in for ${key}: ${(err as Error).message}`, { field: 'serviceOrigins' });
    }
  }
  return checked;
}

/**
 * One thread's view of a data home: its own database connections, write
 * turns and lazily loaded warninglists, and the handlers of every operation
 * composed over them. The serving engine (engine.ts) and the job worker
 * (jobs/job-worker.ts) each open one; what must have a single owner comes in
 * through `CallEnv`.
 */
export class EngineCore {
  readonly layout: HomeLayout;
  readonly homeDb: Database.Database;
  readonly cases: CaseStore;
  readonly settings: Settings;
  readonly mappingProfiles: MappingProfiles;
  readonly origins: ServiceOrigins | undefined;
  private readonly turns: WriteTurns;
  private readonly maxWaitMs: number;
  private readonly openOptions: OpenOptions;

  constructor(readonly options: CoreOptions) {
    this.layout = homeLayout(options.home);
    ensurePrivateDir(this.layout.root);
    ensurePrivateDir(this.layout.casesDir);
    this.openOptions = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {};
    this.origins = checkOrigins(options.serviceOrigins);
    this.homeDb = openDatabase(this.layout.homeDb, homeMigrations, 'the home database', this.openOptions);
    this.maxWaitMs = options.writeWaitSeconds !== undefined ? options.writeWaitSeconds * 1000 : DEFAULT_WRITE_WAIT_MS;
    this.turns = new WriteTurns({ maxWaitMs: this.maxWaitMs, nativeBinding: options.nativeBinding });
    this.settings = new Settings(this.homeDb);
    this.mappingProfiles = new MappingProfiles(this.settings);
    this.cases = new CaseStore(this.layout.casesDir, this.openOptions);
  }

  /** Every operation's handler over this core, with `env` for what the serving thread owns. */
  handlers(env: CallEnv): Handlers {
    const services: EngineServices = {
      layout: this.layout,
      files: env.files,
      cases: this.cases,
      homeDb: this.homeDb,
      settings: this.settings,
      mappingProfiles: this.mappingProfiles,
      writeCase: (target, wait, task) => this.turns.run(this.cases.fileOf(target.id), `case "${target.name}"`, wait, task),
      writeHome: (fn) => withWrite(this.homeDb, { what: HOME_DB, maxWaitMs: this.maxWaitMs }, fn),
      withImportConnection: (caseId, fn) => {
        const db = this.cases.openImportConnection(caseId);
        try {
          return fn(db);
        } finally {
          db.close();
        }
      },
    };
    const version = this.options.version ?? 'dev';
    const now = () => env.clock?.now() ?? Date.now();
    const details = {
      scoreAt: () => ({ now: now(), model: env.decay.get() }),
      warninglists: () => this.warninglists(),
      geo: () => this.geoData(),
      services: () => this.services(),
    };
    return {
      ...createCaseHandlers(services, { version, resourcesDir: this.options.resourcesDir, noDemo: this.options.noDemo ?? false, importDemo: env.importDemo }),
      ...createDeleteCaseHandlers(services, { closeElsewhere: env.closeCase }),
      ...createTelemetryHandlers(services),
      ...createGraphHandlers(services, { cache: this.viewCache, warninglists: () => this.warninglists() }),
      ...createDetailsHandlers(services, { homeDb: this.homeDb, ...details }),
      ...createReportHandlers(services, { ...details, version, now, printPdf: env.printPdf }),
      ...createAnalysisHandlers(services, {
        decay: env.decay,
        warninglists: () => this.warninglists(),
        geo: () => this.geoData(),
        services: () => this.services(),
        now,
        afterRun: (db, caseId) => storeOpeningViews(db, caseId, this.viewCache, { warninglists: this.warninglists() }),
      }),
      ...createNotesHandlers(services, { now }),
      ...createIntelHandlers({
        db: this.homeDb,
        importConnection: () => {
          const db = openDatabase(this.layout.homeDb, homeMigrations, 'the home database', this.openOptions);
          db.pragma('foreign_keys = OFF');
          return db;
        },
        files: env.files,
        writeJob: (wait, task) => this.turns.run(this.layout.homeDb, HOME_DB, wait, task),
        write: services.writeHome,
        producer: `Sightline ${version}`,
        tokens: env.tokens,
        warninglists: () => this.warninglists(),
        origins: this.origins,
        clock: env.clock,
        decay: env.decay,
        saveDecay: (model) => this.settings.set('intel_decay', JSON.stringify(model)),
      }),
      releaseFiles: ({ fileIds }) => ({ released: fileIds.filter((id) => env.files.release(id)).length }),
      cancelJob: ({ jobId }) => ({ cancelled: env.cancelJob(jobId) }),
    };
  }

  close(): void {
    this.cases.close();
    this.homeDb.close();
  }

  /** Graph answers kept across calls: one per thread, since handlers are made anew for each job. */
  private readonly viewCache = new ViewCache(() => (this.fingerprint ??= engineFingerprint(this.options.version ?? 'dev', this.warninglists())));
  private fingerprint: string | undefined;
  private loadedWarninglists: Warninglists | null | undefined;
  /** Read on first need (the AS table takes a moment): country and AS of addresses, and the services attackers misuse. */
  private geo: Geo | undefined;
  private serviceCatalogue: ServiceCatalogue | undefined;

  private geoData(): Geo {
    return (this.geo ??= createGeo({ dataHome: this.layout.root }));
  }

  private services(): ServiceCatalogue {
    return (this.serviceCatalogue ??= createServiceCatalogue({ warninglists: this.warninglists() ?? null }));
  }

  /** The shipped warninglists, loaded on first need (a few hundred ms), or undefined when not shipped. */
  private warninglists(): Warninglists | undefined {
    if (this.loadedWarninglists === undefined) {
      const dir = this.options.resourcesDir ? path.join(this.options.resourcesDir, 'warninglists') : null;
      this.loadedWarninglists = dir && fs.existsSync(dir) ? loadWarninglists(dir) : null;
    }
    return this.loadedWarninglists ?? undefined;
  }
}
