import { isHeavy, isJob, isOperationName, type InputOf, type OperationName, type OutputOf, type ProgressOf } from '../shared/contract.js';
import { RemoteError } from '../shared/error-payload.js';
import { dispatch, type DispatchResult, type Handlers, type JobContext } from '../shared/dispatch.js';
import { EngineCore, type CallEnv } from './engine-core.js';
import { toErrorPayload } from './errors/index.js';
import { resolveDataHome, type HomeLayout } from './home/data-home.js';
import { DecaySetting, type DecayModel } from './intel/decay.js';
import type { SyncClock } from './intel/intel-handlers.js';
import { seedDefaultSources } from './intel/sources/manage-sources.js';
import { fileTokenStore, type TokenStore } from './intel/sources/x/bearer-token.js';
import { JobRegistry, JobThread, UNAVAILABLE, linkedController } from './jobs/index.js';
import { FileGrants, type SpoolLimits } from './files/index.js';
import { systemChromiumPrinter, type PdfPrinter } from './report/pdf-printer.js';
import type { ServiceOrigins } from './intel/sources/sync-types.js';
import { workerFileBeside } from './worker-file.js';

/** The browser host's default (`sightline serve --max-upload` changes it): larger logs go through `sightline import`, which reads them in place. */
const DEFAULT_UPLOAD_LIMITS: SpoolLimits = { maxBytes: 4 * 1024 ** 3, reserveBytes: 1024 ** 3 };

/**
 * The job worker's script, when heavy operations are to run there: the one
 * given, else the one beside this module (none where vitest runs the .ts
 * sources). SIGHTLINE_JOB_WORKER=always|never overrides `wanted`, for tests
 * and benchmarks comparing the two.
 */
function jobWorkerFile(wanted: boolean, given: URL | undefined): URL | null {
  const forced = process.env['SIGHTLINE_JOB_WORKER'];
  if (forced === 'never' || (forced !== 'always' && !wanted)) return null;
  return given ?? workerFileBeside('job-worker.js', import.meta.url);
}

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
  /**
   * Whether heavy operations run in the job worker (default) or on the
   * caller's thread: a one-shot command serves nothing meanwhile, and saves
   * the worker's start (~0.2 s).
   */
  jobWorker?: boolean;
  /**
   * What prints PDF reports (the desktop app: Electron's printToPDF); default
   * the system Chromium. It runs on this thread: a report in the job worker
   * asks for it (jobs/job-protocol.ts).
   */
  printPdf?: PdfPrinter;
  /**
   * Tests only: the job worker's script (a built dist/bundle/job-worker.js),
   * for an engine loaded from the .ts sources, which has none beside it.
   */
  jobWorkerFile?: URL;
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
 * which validates against the contract before and after the handler. It
 * lives on the thread that serves the UI and owns what has one owner (grants,
 * jobs, decay model, token store, test clock); the contract's heavy
 * operations go to its job worker (jobs/job-thread.ts), the rest run here.
 */
export class Engine {
  readonly layout: HomeLayout;
  /** The files operations may use, by id: hosts grant what their user chose (see core/files). */
  readonly files: FileGrants;
  readonly jobs = new JobRegistry();
  private readonly core: EngineCore;
  private readonly env: CallEnv;
  private readonly handlers: Handlers;
  private readonly decay = new DecaySetting();
  /** Where heavy operations run; null runs them here (no worker file, SIGHTLINE_JOB_WORKER=never, or it could not start). */
  private jobThread: JobThread | null;

  constructor(private readonly options: EngineOptions = {}) {
    this.core = new EngineCore({
      home: options.home ?? resolveDataHome(),
      resourcesDir: options.resourcesDir,
      version: options.version,
      nativeBinding: options.nativeBinding,
      noDemo: options.noDemo,
      serviceOrigins: options.serviceOrigins,
      writeWaitSeconds: options.writeWaitSeconds,
    });
    this.layout = this.core.layout;
    const { settings, homeDb } = this.core;
    const decay = settings.get('intel_decay');
    if (decay) this.decay.set(JSON.parse(decay) as DecayModel);
    if (options.resourcesDir && settings.get('intel_defaults_seeded') === undefined) {
      // Two first starts at once (the app and a command) both get here: the check again under the write lock, so one seeds.
      const seed = options.resourcesDir;
      homeDb
        .transaction(() => {
          if (settings.get('intel_defaults_seeded') !== undefined) return;
          seedDefaultSources(homeDb, seed);
          settings.set('intel_defaults_seeded', '1');
        })
        .immediate();
    }
    this.files = new FileGrants({
      uploadsDir: this.layout.uploadsDir,
      downloadsDir: this.layout.downloadsDir,
      uploadLimits: { ...DEFAULT_UPLOAD_LIMITS, ...options.uploadLimits },
    });
    this.env = {
      files: this.files,
      tokens: options.tokens ?? fileTokenStore(this.layout.root),
      decay: this.decay,
      clock: options.clock,
      importDemo: async (caseId, files) => (await this.invoke('importFiles', { caseId, sources: files.map((file) => this.files.source(file)) })).files,
      cancelJob: (jobId) => this.jobs.cancel(jobId),
      printPdf: options.printPdf ?? systemChromiumPrinter(),
      closeCase: (caseId) => this.core.cases.closeOne(caseId),
    };
    this.handlers = this.core.handlers(this.env);
    const file = jobWorkerFile(options.jobWorker ?? true, options.jobWorkerFile);
    this.jobThread = file ? new JobThread({ file, core: this.core.options, env: this.env }) : null;
  }

  async call(name: string, input: unknown, options: CallOptions = {}): Promise<DispatchResult> {
    const job = isOperationName(name) && isJob(name) && options.jobId ? options.jobId : undefined;
    let controller: AbortController;
    try {
      controller = job ? this.jobs.start(job, options.signal) : linkedController(options.signal);
    } catch (err) {
      return { ok: false, error: toErrorPayload(err) };
    }
    const ctx: JobContext<unknown> = { signal: controller.signal, progress: (p) => options.onProgress?.(p) };
    try {
      if (this.jobThread && isOperationName(name) && isHeavy(name)) {
        const r = await this.jobThread.run(name, input, ctx);
        if (r !== UNAVAILABLE) return r;
        // The worker could not start here (it never took the job): heavy work runs on this thread from now on.
        this.jobThread = null;
      }
      return await dispatch(this.handlers, toErrorPayload, name, input, ctx);
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
    this.jobThread?.close();
    this.files.close();
    this.core.close();
  }
}
