import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { isJob, isOperationName, type InputOf, type OperationName, type OutputOf, type ProgressOf } from '../shared/contract.js';
import { RemoteError } from '../shared/error-payload.js';
import { dispatch, type DispatchResult, type Handlers } from '../shared/dispatch.js';
import { CaseStore } from './cases/index.js';
import { createCaseHandlers } from './cases/case-handlers.js';
import type { EngineServices } from './engine-services.js';
import { createGraphHandlers } from './graph/graph-handlers.js';
import { createAnalysisHandlers } from './analysis/analysis-handlers.js';
import { createGeo, createServiceCatalogue, type Geo, type ServiceCatalogue } from './analysis/enrich/index.js';
import { createTelemetryHandlers } from './telemetry/telemetry-handlers.js';
import { DEFAULT_WRITE_WAIT_MS, homeMigrations, openDatabase, withWrite, type OpenOptions } from './db/index.js';
import { InvalidInputError, toErrorPayload } from './errors/index.js';
import { homeLayout, resolveDataHome, type HomeLayout } from './home/data-home.js';
import { ensurePrivateDir } from './home/owner-only.js';
import { Settings } from './home/settings.js';
import { MappingProfiles } from './home/mapping-profiles.js';
import { DecaySetting, type DecayModel } from './intel/decay.js';
import { createIntelHandlers, type SyncClock } from './intel/intel-handlers.js';
import { seedDefaultSources } from './intel/sources/manage-sources.js';
import { fileTokenStore, type TokenStore } from './intel/sources/x/bearer-token.js';
import { loadWarninglists, type Warninglists } from './intel/warninglists/index.js';
import { JobRegistry, WriteTurns, linkedController } from './jobs/index.js';
import { FileGrants, type SpoolLimits } from './files/index.js';
import { loopbackBaseUrl } from './intel/sources/http/index.js';
import type { ServiceOrigins } from './intel/sources/sync-types.js';

/** The browser host's default (`sightline serve --max-upload` changes it): larger logs go through `sightline import`, which reads them in place. */
const DEFAULT_UPLOAD_LIMITS: SpoolLimits = { maxBytes: 4 * 1024 ** 3, reserveBytes: 1024 ** 3 };

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

/** The home database as messages name it. */
const HOME_DB = 'the home database (intel.sqlite)';

export interface EngineOptions {
  /** Data home; defaults to SIGHTLINE_HOME or the platform's app-data folder. */
  home?: string;
  /** Folder holding `demo/` and the shipped data. */
  resourcesDir?: string;
  version?: string;
  /** better_sqlite3.node for the running ABI (the desktop app's Electron build). */
  nativeBinding?: string;
  /** Skip creating the demo case on first start (tests that want an empty home). */
  noDemo?: boolean;
  /** Where the X bearer token is kept; the desktop app passes Electron safeStorage. Default: env or an owner-only file. */
  tokens?: TokenStore;
  /** Tests only: loopback stand-ins for X, Mastodon and Bluesky (refused unless loopback). Never part of the contract. */
  serviceOrigins?: ServiceOrigins;
  /** How big a browser upload may be and how much disk must stay free (the browser host's `--max-upload`). */
  uploadLimits?: Partial<SpoolLimits>;
  /** Tests only: the clock the sync waits on. */
  clock?: SyncClock;
  /**
   * How long a writing job (an import, a sync) waits for another process's job
   * on the same case or on the intel store before giving up with BUSY. Default 15 minutes.
   */
  writeWaitSeconds?: number;
}

export interface CallOptions {
  /** Caller-chosen id under which a job can be cancelled with `cancelJob`. */
  jobId?: string;
  signal?: AbortSignal;
  onProgress?: (progress: unknown) => void;
}

/**
 * The facade: implements every operation of the contract over the data home.
 * Both transports (Electron IPC, the browser host) and the CLI call `call`,
 * which validates against the contract before and after the handler.
 */
export class Engine {
  readonly layout: HomeLayout;
  /** The files operations may use, by id: hosts grant what their user chose (see core/files). */
  readonly files: FileGrants;
  readonly jobs = new JobRegistry();
  private readonly cases: CaseStore;
  private readonly homeDb: Database.Database;
  private readonly settings: Settings;
  private readonly mappingProfiles: MappingProfiles;
  private readonly turns: WriteTurns;
  private readonly maxWaitMs: number;
  private readonly handlers: Handlers;
  private readonly openOptions: OpenOptions;
  private readonly origins: ServiceOrigins | undefined;
  private readonly decay = new DecaySetting();

  constructor(private readonly options: EngineOptions = {}) {
    this.layout = homeLayout(options.home ?? resolveDataHome());
    ensurePrivateDir(this.layout.root);
    ensurePrivateDir(this.layout.casesDir);
    const openOptions: OpenOptions = options.nativeBinding ? { nativeBinding: options.nativeBinding } : {};
    this.homeDb = openDatabase(this.layout.homeDb, homeMigrations, 'the home database', openOptions);
    this.openOptions = openOptions;
    this.maxWaitMs = options.writeWaitSeconds !== undefined ? options.writeWaitSeconds * 1000 : DEFAULT_WRITE_WAIT_MS;
    this.turns = new WriteTurns({ maxWaitMs: this.maxWaitMs, nativeBinding: options.nativeBinding });
    this.settings = new Settings(this.homeDb);
    this.mappingProfiles = new MappingProfiles(this.settings);
    const decay = this.settings.get('intel_decay');
    if (decay) this.decay.set(JSON.parse(decay) as DecayModel);
    if (options.resourcesDir && this.settings.get('intel_defaults_seeded') === undefined) {
      // Two first starts at once (the app and a command) both get here: the check again under the write lock, so one seeds.
      const seed = options.resourcesDir;
      this.homeDb
        .transaction(() => {
          if (this.settings.get('intel_defaults_seeded') !== undefined) return;
          seedDefaultSources(this.homeDb, seed);
          this.settings.set('intel_defaults_seeded', '1');
        })
        .immediate();
    }
    this.cases = new CaseStore(this.layout.casesDir, openOptions);
    this.files = new FileGrants({
      uploadsDir: this.layout.uploadsDir,
      downloadsDir: this.layout.downloadsDir,
      uploadLimits: { ...DEFAULT_UPLOAD_LIMITS, ...options.uploadLimits },
    });
    this.origins = checkOrigins(options.serviceOrigins);
    this.handlers = this.createHandlers();
  }

  async call(name: string, input: unknown, options: CallOptions = {}): Promise<DispatchResult> {
    const job = isOperationName(name) && isJob(name) && options.jobId ? options.jobId : undefined;
    let controller: AbortController;
    try {
      controller = job ? this.jobs.start(job, options.signal) : linkedController(options.signal);
    } catch (err) {
      return { ok: false, error: toErrorPayload(err) };
    }
    try {
      return await dispatch(this.handlers, toErrorPayload, name, input, {
        signal: controller.signal,
        progress: (p) => options.onProgress?.(p),
      });
    } finally {
      if (job) this.jobs.finish(job);
    }
  }

  /** Typed call for in-process callers (CLI, tests); a failure is thrown as the RemoteError a remote client would see. */
  async invoke<N extends OperationName>(
    name: N,
    input: InputOf<N>,
    options: Omit<CallOptions, 'onProgress'> & { onProgress?: (progress: ProgressOf<N>) => void } = {},
  ): Promise<OutputOf<N>> {
    const r = await this.call(name, input, options as CallOptions);
    if (!r.ok) throw new RemoteError(r.error);
    return r.result as OutputOf<N>;
  }

  close(): void {
    this.jobs.cancelAll();
    this.files.close();
    this.cases.close();
    this.homeDb.close();
  }

  private createHandlers(): Handlers {
    const services: EngineServices = {
      layout: this.layout,
      files: this.files,
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
    return {
      ...createCaseHandlers(services, {
        version: this.options.version ?? 'dev',
        resourcesDir: this.options.resourcesDir,
        noDemo: this.options.noDemo ?? false,
        importDemo: async (caseId, files) => (await this.invoke('importFiles', { caseId, sources: files.map((file) => this.files.source(file)) })).files,
      }),
      ...createTelemetryHandlers(services),
      ...createGraphHandlers(services),
      ...createAnalysisHandlers(services, {
        decay: this.decay,
        warninglists: () => this.warninglists(),
        geo: () => (this.geo ??= createGeo({ dataHome: this.layout.root })),
        services: () => (this.serviceCatalogue ??= createServiceCatalogue({ warninglists: this.warninglists() ?? null })),
        now: () => this.options.clock?.now() ?? Date.now(),
      }),
      ...createIntelHandlers({
        db: this.homeDb,
        importConnection: () => {
          const db = openDatabase(this.layout.homeDb, homeMigrations, 'the home database', this.openOptions);
          db.pragma('foreign_keys = OFF');
          return db;
        },
        files: this.files,
        writeJob: (wait, task) => this.turns.run(this.layout.homeDb, HOME_DB, wait, task),
        write: services.writeHome,
        producer: `Sightline ${this.options.version ?? 'dev'}`,
        tokens: this.options.tokens ?? fileTokenStore(this.layout.root),
        warninglists: () => this.warninglists(),
        origins: this.origins,
        clock: this.options.clock,
        decay: this.decay,
        saveDecay: (model) => this.settings.set('intel_decay', JSON.stringify(model)),
      }),
      releaseFiles: ({ fileIds }) => ({ released: fileIds.filter((id) => this.files.release(id)).length }),
      cancelJob: ({ jobId }) => ({ cancelled: this.jobs.cancel(jobId) }),
    };
  }

  private loadedWarninglists: Warninglists | null | undefined;
  /** Read on first need (the AS table takes a moment): country and AS of addresses, and the services attackers misuse. */
  private geo: Geo | undefined;
  private serviceCatalogue: ServiceCatalogue | undefined;

  /** The shipped warninglists, loaded on first need (a few hundred ms), or undefined when not shipped. */
  private warninglists(): Warninglists | undefined {
    if (this.loadedWarninglists === undefined) {
      const dir = this.options.resourcesDir ? path.join(this.options.resourcesDir, 'warninglists') : null;
      this.loadedWarninglists = dir && fs.existsSync(dir) ? loadWarninglists(dir) : null;
    }
    return this.loadedWarninglists ?? undefined;
  }
}
