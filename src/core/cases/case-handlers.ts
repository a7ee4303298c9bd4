import type { Handlers } from '../../shared/dispatch.js';
import { RemoteError } from '../../shared/error-payload.js';
import { telemetryFormats, type FileImportResult } from '../../shared/types.js';
import { tryWrite } from '../db/index.js';
import type { EngineServices } from '../engine-services.js';
import { DEMO_CASE_NAME, demoFiles } from './demo-case.js';

type CaseHandlers = Pick<Handlers, 'getAppInfo' | 'getStartCase' | 'listCases' | 'createCase' | 'openCase'>;

export interface CaseHandlerOptions {
  version: string;
  /** Folder holding `demo/`; none (or noDemo) means no demo case. */
  resourcesDir: string | undefined;
  noDemo: boolean;
  /** Imports the demo files into the demo case (the engine's importFiles, so it takes the case's write turn). */
  importDemo: (caseId: string, files: string[]) => Promise<FileImportResult[]>;
}

/** Cases: the list, creation, opening (remembered as the last one), and the app's first start with its demo case. */
export function createCaseHandlers(s: EngineServices, options: CaseHandlerOptions): CaseHandlers {
  let demo: Promise<string | null> | null = null;
  /** True while the demo case's first build runs: getAppInfo says so instead of waiting for it. */
  let building = false;

  /** Creates the demo case once per data home (never again if the user deletes it). */
  const ensureDemoCase = (): Promise<string | null> => {
    if (demo) return demo;
    demo = (async () => {
      const done = s.settings.get('demo_case_id');
      if (done !== undefined) return done || null;
      const files = options.noDemo || !options.resourcesDir ? [] : demoFiles(options.resourcesDir);
      if (files.length === 0) {
        await s.writeHome(() => s.settings.set('demo_case_id', ''));
        return null;
      }
      building = true;
      try {
        // A first start stopped mid-build leaves the case behind: finish it. Imports
        // are per file and skip content already stored, so this is idempotent, and
        // two first starts at once (the app and a command) build the one case together.
        const target = s.cases.openOrCreate(DEMO_CASE_NAME);
        const failed = (await options.importDemo(target.id, files)).find((f) => f.status === 'failed');
        if (failed) throw new RemoteError({ code: 'INTERNAL', message: `the demo case could not be built: ${failed.error ?? failed.file}` });
        await s.writeHome(() => s.settings.set('demo_case_id', target.id));
        return target.id;
      } finally {
        building = false;
      }
    })();
    // A failed build is tried again by the next caller, not kept as every later answer.
    demo.catch(() => (demo = null));
    return demo;
  };

  return {
    // Answers at once: the demo's import is a job, and waits its turn in the job worker behind any
    // analysis or graph running there; the UI shows what is being prepared and asks getStartCase.
    getAppInfo: () => {
      // Started here, awaited by getStartCase; a failure is its answer there, not an unhandled rejection here.
      ensureDemoCase().catch(() => undefined);
      return { version: options.version, dataHome: s.layout.root, formats: [...telemetryFormats], preparing: building ? 'demo-case' : null };
    },
    getStartCase: async () => {
      const demoBuild = ensureDemoCase();
      const last = s.settings.get('last_case_id');
      if (last && s.cases.exists(last)) {
        demoBuild.catch(() => undefined);
        return { caseId: last };
      }
      const demoId = await demoBuild;
      return { caseId: demoId && s.cases.exists(demoId) ? demoId : null };
    },
    listCases: () => s.cases.list(),
    createCase: ({ name }) => s.cases.create(name),
    openCase: ({ caseId }) => {
      const summary = s.cases.summary(caseId);
      // A preference: not worth waiting for an intel import that holds the home database.
      tryWrite(s.homeDb, () => s.settings.set('last_case_id', caseId));
      return summary;
    },
  };
}
