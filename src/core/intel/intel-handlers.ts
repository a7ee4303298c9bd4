import fs from 'node:fs';
import type Database from 'better-sqlite3';
import type { Handlers } from '../../shared/dispatch.js';
import { intelExportFileName } from '../../shared/export-names.js';
import type { FileRef, IntelFileResult } from '../../shared/types.js';
import { storableIso } from '../bounds.js';
import { InvalidInputError } from '../errors/index.js';
import { errorFields, importEachSource, sourceName } from '../import-each-source.js';
import type { TurnWait } from '../jobs/index.js';
import type { GrantedFiles } from '../files/index.js';
import { writeBundle } from './bundle/write-bundle.js';
import { exportIndicators } from './export/export-indicators.js';
import { defaultDecay, type DecayModel, type DecaySetting } from './decay.js';
import { importIntelFile } from './import-intel-file.js';
import { addSource, updateSource } from './sources/manage-sources.js';
import type { ServiceOrigins } from './sources/sync-types.js';
import type { TokenStore } from './sources/x/bearer-token.js';
import type { WarninglistMatcher } from './warninglists/index.js';
import { normaliseIndicator } from './normalise-indicator.js';
import { lookupAsOf } from './match/lookup-as-of.js';
import { bumpIntelRevision, bumpIntelRevisionGlobally, markIndicatorChanged } from './store/revision.js';
import { intelStats, listIndicators, listSources, lookupValue, setAllowlisted, setVerdict, sightingsOf } from './store/queries.js';

/** Time for the sync: real in the app; tests drive it with the stand-in's clock. */
export interface SyncClock {
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const realClock: SyncClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      const t = setTimeout(resolve, ms);
      signal.addEventListener('abort', () => {
        clearTimeout(t);
        resolve();
      }, { once: true });
    }),
};

export interface IntelDeps {
  /** The shared home-database connection (reads, small writes). */
  db: Database.Database;
  /** A fresh connection for one import: its transaction spans awaits. */
  importConnection: () => Database.Database;
  files: GrantedFiles;
  /** Runs a writing job (import, sync, export) in its turn: after the home database's other jobs, of this process and others. */
  writeJob: <T>(wait: TurnWait, task: () => Promise<T>) => Promise<T>;
  /** A small change, waiting (without blocking the host) while a job of another process writes. */
  write: <T>(fn: () => T) => Promise<T>;
  /** Named in bundles: which Sightline wrote them. */
  producer: string;
  tokens: TokenStore;
  /** Known infrastructure, loaded on first use (resources/warninglists). */
  warninglists: () => WarninglistMatcher | undefined;
  /** Tests only: loopback stand-ins for the services a sync calls. */
  origins?: ServiceOrigins | undefined;
  clock?: SyncClock | undefined;
  /** The decay model in force for this data home. */
  decay: Pick<DecaySetting, 'get' | 'set'>;
  /** Keeps a changed decay model in the data home. */
  saveDecay: (model: DecayModel) => void;
}

type IntelHandlers = Pick<Handlers, 'intelImport' | 'intelExport' | 'intelDecay' | 'intelSync' | 'intelAddSource' | 'intelSetSource' | 'intelSetXToken' | 'intelLookup' | 'intelStats' | 'intelSources' | 'intelIndicators' | 'intelSightings' | 'intelSetVerdict' | 'intelSetAllowlisted'>;

/** The intel operations of the contract, over the home database. */
export function createIntelHandlers(deps: IntelDeps): IntelHandlers {
  const clock = deps.clock ?? realClock;
  const now = () => clock.now();
  /** Now, with the decay model in force: what every score is taken at. */
  const at = () => ({ now: clock.now(), model: deps.decay.get() });
  const normalised = (type: Parameters<typeof normaliseIndicator>[0], value: string) => {
    const v = normaliseIndicator(type, value);
    if (!v) throw new InvalidInputError(`"${value}" is not a valid ${type}`, { field: 'value' });
    return v;
  };
  return {
    intelImport: ({ sources, format, column }, ctx) =>
      deps.writeJob({ signal: ctx.signal, onWait: (ms) => ctx.progress({ file: sourceName(deps.files, sources, 0), fileIndex: 0, fileCount: sources.length, records: 0, waitingSeconds: Math.floor(ms / 1000) }) }, async () => {
        const db = deps.importConnection();
        try {
          const lists = deps.warninglists();
          const files = await importEachSource<IntelFileResult>(
            sources,
            deps.files,
            ctx.signal,
            async (file, name, fileIndex) => ({
              ...(await importIntelFile(db, file, {
                displayName: name,
                ...(lists ? { warninglists: lists } : {}),
                ...(format ? { format } : {}),
                ...(column !== undefined ? { column } : {}),
                signal: ctx.signal,
                onProgress: (p) => ctx.progress({ file: name, fileIndex, fileCount: sources.length, records: p.records }),
              })),
              file: name,
              status: 'imported',
            }),
            (file, why) => ({ file, status: why.status, records: 0, newIndicators: 0, newSightings: 0, skipped: 0, invalid: 0, invalidLines: [], nonPublic: 0, nonPublicLines: [], sources: [], ...errorFields(why) }),
          );
          return { files };
        } finally {
          db.close();
        }
      }),
    intelExport: ({ format, target, includeExpired }, ctx) =>
      // In turn with imports and syncs: a bundle read while another process writes could miss half of a change.
      deps.writeJob({ signal: ctx.signal }, async () => {
        const download = target ? null : deps.files.newDownload(intelExportFileName(format, now()));
        const { file, name } = deps.files.write(target?.fileId ?? (download as FileRef).fileId);
        try {
          if (format === 'bundle') {
            const manifest = await writeBundle(deps.db, file, deps.producer);
            const records = Object.values(manifest.sections).reduce((n, s) => n + s.records, 0);
            return { file: name, format, records, sha256: manifest.sha256, download: download && { ...download, bytes: fs.statSync(file).size } };
          }
          const { indicators } = await exportIndicators(deps.db, file, format, at(), { includeExpired });
          return { file: name, format, records: indicators, sha256: null, download: download && { ...download, bytes: fs.statSync(file).size } };
        } catch (err) {
          if (download) deps.files.release(download.fileId);
          throw err;
        }
      }),
    intelSync: ({ source, maxWaitSeconds }, ctx) =>
      deps.writeJob({ signal: ctx.signal, onWait: (ms) => ctx.progress({ source: source ?? 'all sources', state: 'waiting', posts: 0, newSightings: 0, waitingSeconds: Math.floor(ms / 1000) }) }, async () => {
        const db = deps.importConnection();
        try {
          // Loaded on first sync: the X client library costs every start of the app and the CLI ~0.1 s otherwise.
          const { syncSources } = await import('./sources/sync-sources.js');
          const sources = await syncSources(
            {
              db,
              bearer: deps.tokens.get(),
              ...(deps.warninglists() ? { warninglists: deps.warninglists() as WarninglistMatcher } : {}),
              deps: {
                ...(deps.origins ? { origins: deps.origins } : {}),
                now,
                decay: deps.decay.get(),
                signal: ctx.signal,
                progress: ctx.progress,
                waitUntil: async (until, name) => {
                  if (until - now() > maxWaitSeconds * 1000) return false;
                  while (now() < until && !ctx.signal.aborted) {
                    ctx.progress({ source: name, state: 'waiting', posts: 0, newSightings: 0, waitingUntil: new Date(until).toISOString() });
                    await clock.sleep(Math.min(1000, until - now()), ctx.signal);
                  }
                  return !ctx.signal.aborted;
                },
              },
            },
            source,
          );
          return { sources };
        } finally {
          db.close();
        }
      }),
    intelAddSource: (input) => deps.write(() => addSource(deps.db, input)),
    intelSetSource: ({ name, enabled, trust }) =>
      deps.write(() => {
        const source = updateSource(deps.db, name, { enabled, trust });
        if (trust !== undefined) bumpIntelRevisionGlobally(deps.db);
        return source;
      }),
    intelSetXToken: ({ token }) => {
      deps.tokens.set(token);
      return { stored: token !== null, where: deps.tokens.where };
    },
    intelDecay: async ({ set, reset }) => {
      const current = deps.decay.get();
      const next = reset ? defaultDecay : set ? { delta: set.delta ?? current.delta, tauDays: { ...current.tauDays, ...(set.tauDays ?? {}) } as DecayModel['tauDays'] } : null;
      if (next) {
        // Kept first, then in force: a model that could not be saved is not applied either.
        await deps.write(() => {
          deps.saveDecay(next);
          bumpIntelRevisionGlobally(deps.db);
        });
        deps.decay.set(next);
      }
      return deps.decay.get();
    },
    intelLookup: ({ values, at: asOf }) => {
      if (asOf === undefined) return values.map((v) => lookupValue(deps.db, v, at()));
      const when = { now: storableTime(asOf), model: deps.decay.get() };
      return values.map((v) => lookupAsOf(deps.db, v, when));
    },
    intelStats: () => intelStats(deps.db, at()),
    intelSources: () => listSources(deps.db),
    intelIndicators: (q) => listIndicators(deps.db, q, at()),
    intelSightings: ({ type, value, limit }) => sightingsOf(deps.db, type, normalised(type, value), limit),
    intelSetVerdict: async ({ type, value, verdict, note }) => {
      const v = normalised(type, value);
      await deps.write(() => changeValue(deps.db, type, v, () => setVerdict(deps.db, type, v, verdict, note ?? null)));
      return lookupValue(deps.db, v, at());
    },
    intelSetAllowlisted: async ({ type, value, allowlisted, note }) => {
      const v = normalised(type, value);
      await deps.write(() => changeValue(deps.db, type, v, () => setAllowlisted(deps.db, type, v, allowlisted, note ?? null)));
      return lookupValue(deps.db, v, at());
    },
  };
}

/** A verdict or allowlist change of one value: written, the indicator marked, the revision bumped, together. */
function changeValue(db: Database.Database, type: string, value: string, write: () => void): void {
  db.transaction(() => {
    write();
    markIndicatorChanged(db, type, value);
    bumpIntelRevision(db);
  })();
}

/** A lookup time within the bounds every stored time keeps (1970–2100), or a clear error. */
function storableTime(iso: string): number {
  const ms = Date.parse(iso);
  if (storableIso(ms) === null) throw new InvalidInputError(`"${iso}" is not a time Sightline can score at (1970–2100)`, { field: 'at' });
  return ms;
}
