import { pipeline } from 'node:stream/promises';
import type { Engine } from '../../core/index.js';
import { describeFileError } from '../../shared/error-payload.js';
import { printJson, printTable, shown, UsageError } from '../output.js';
import { cancellableJob } from '../cancellable-job.js';
import { waitNotice } from '../wait-notice.js';
import { readStdin } from '../stdin.js';

/** Who an intel import or sync waits for, in its wait notice. */
const OTHER_INTEL_WRITER = 'another intel import, sync or export (in this or another Sightline window or command)';

const FORMATS = ['bundle', 'tweetfeed-csv', 'stix21', 'misp-event', 'misp-feed', 'misp-csv', 'plain-list', 'x-api-json', 'x-archive'] as const;

export interface IntelOptions {
  json: boolean;
  format?: string | undefined;
  column?: string | undefined;
  bundle?: string | undefined;
  out?: string | undefined;
  includeExpired?: boolean | undefined;
  source?: string | undefined;
  maxWait?: string | undefined;
  name?: string | undefined;
  /** intel lookup: the time to score at. */
  at?: string | undefined;
}

/** `sightline intel <import|lookup|export|stats|sources> ...` */
export async function intelCommand(engine: Engine, args: string[], opts: IntelOptions): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'import':
      return intelImport(engine, rest, opts);
    case 'lookup':
      return intelLookup(engine, rest, opts);
    case 'export':
      return intelExport(engine, opts);
    case 'stats': {
      const stats = await engine.invoke('intelStats', {});
      if (opts.json) printJson(stats);
      else {
        process.stdout.write(`${stats.indicators} indicators (${stats.active} active, ${stats.expired} expired), ${stats.sightings} sightings, ${stats.sources} sources\n`);
        printTable(['TYPE', 'COUNT'], Object.entries(stats.byType).map(([t, n]) => [t, String(n)]));
        process.stdout.write(`verdicts: ${stats.falsePositives} false positive, ${stats.confirmed} confirmed; allowlisted: ${stats.allowlisted}\n`);
      }
      return 0;
    }
    case 'sync':
      return intelSync(engine, opts);
    case 'decay':
      return intelDecay(engine, rest, opts);
    case 'token':
      return intelToken(engine, rest, opts);
    case 'sources': {
      if (rest.length > 0) return manageSources(engine, rest, opts);
      const sources = await engine.invoke('intelSources', {});
      if (opts.json) printJson({ sources });
      else printTable(['NAME', 'KIND', 'TRUST', 'STATE', 'LAST SYNC', 'INDICATORS'], sources.map((s) => [s.name, s.kind, s.trust.toFixed(2), s.state, s.lastSyncAt ?? '—', String(s.indicators)]));
      return 0;
    }
    default:
      throw new UsageError(`intel needs a subcommand: import, lookup, export, sync, sources, token, decay or stats${sub ? ` (not "${sub}")` : ''}`);
  }
}

async function intelImport(engine: Engine, files: string[], opts: IntelOptions): Promise<number> {
  if (files.length === 0) throw new UsageError('intel import needs at least one FILE (or MISP feed folder)');
  if (opts.format !== undefined && !(FORMATS as readonly string[]).includes(opts.format)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  }
  const column = opts.column === undefined ? undefined : /^\d+$/.test(opts.column) ? Number(opts.column) : opts.column;
  const waiting = waitNotice(OTHER_INTEL_WRITER, opts.json);
  let result;
  try {
    result = await cancellableJob(engine, (jobId) =>
      engine.invoke(
        'intelImport',
        {
          sources: files.map((file) => engine.files.source(file)),
          ...(opts.format ? { format: opts.format as (typeof FORMATS)[number] } : {}),
          ...(column !== undefined ? { column } : {}),
        },
        { jobId, onProgress: (p) => p.waitingSeconds !== undefined && waiting.update(p.waitingSeconds) },
      ),
    );
  } finally {
    waiting.done();
  }
  if (opts.json) printJson(result);
  else
    for (const f of result.files) {
      if (f.status === 'imported') {
        process.stdout.write(
          `imported ${shown(f.file)} [${f.format}]: ${f.records} records, ${f.newIndicators} new indicators, ${f.newSightings} new sightings` +
            `${f.skipped ? `, ${f.skipped} skipped (nothing Sightline stores)` : ''}${f.invalid ? `, ${f.invalid} lines not indicators` : ''}` +
            `${f.nonPublic ? `, ${f.nonPublic} addresses not on the public Internet left out` : ''}\n`,
        );
        // The reasons quote the file's values: marked and cut like every value shown.
        for (const bad of f.invalidLines) process.stderr.write(`sightline: ${shown(describeFileError({ file: f.file, error: bad.reason, errorLine: bad.line, errorField: bad.field }))} (left out)\n`);
        if (f.invalid > f.invalidLines.length) process.stderr.write(`sightline: ${shown(f.file)}: ${f.invalid - f.invalidLines.length} more lines left out\n`);
        for (const w of f.nonPublicLines) {
          const where = w.line === undefined && w.ref !== undefined ? `record ${w.ref}: ` : '';
          process.stderr.write(`sightline: warning: ${shown(describeFileError({ file: f.file, error: `${where}${w.reason}`, errorLine: w.line }))}\n`);
        }
        if (f.nonPublic > f.nonPublicLines.length) process.stderr.write(`sightline: warning: ${shown(f.file)}: ${f.nonPublic - f.nonPublicLines.length} more addresses not on the public Internet left out\n`);
      } else process.stderr.write(`sightline: ${describeFileError(f)}\n`);
    }
  return result.files.every((f) => f.status === 'imported') ? 0 : 1;
}

async function intelLookup(engine: Engine, values: string[], opts: IntelOptions): Promise<number> {
  if (values.length === 0) throw new UsageError('intel lookup needs at least one VALUE');
  const at = opts.at === undefined ? undefined : lookupTime(opts.at);
  const results = await engine.invoke('intelLookup', { values, ...(at !== undefined ? { at } : {}) });
  if (opts.json) {
    printJson({ results });
    return 0;
  }
  const asOf = at === undefined ? '' : ` as of ${at}`;
  for (const r of results) {
    if (!r.type) process.stdout.write(`${shown(r.query)}: not an IP, CIDR, domain, URL or hash\n`);
    else if (!r.found && r.networks.length === 0) process.stdout.write(`${shown(r.value)} (${r.type}): not found${r.allowlisted ? ', allowlisted' : ''}\n`);
    else {
      if (r.found && r.reportedAfter !== undefined) {
        process.stdout.write(`${shown(r.value)} (${r.type}): not yet reported${asOf}; first reported ${r.reportedAfter}${r.verdict ? `, verdict ${r.verdict}` : ''}${r.allowlisted ? ', allowlisted' : ''}\n`);
      } else if (r.found) {
        process.stdout.write(
          `${shown(r.value)} (${r.type}): score ${r.score}${asOf}${r.expired ? ' (expired)' : ''}${r.verdict ? `, verdict ${r.verdict}` : ''}${r.allowlisted ? ', allowlisted' : ''}; ` +
            `${r.sightings} sightings from ${shown(r.sources.join(', '))}; first ${r.firstSeen}, last ${r.lastSeen}${r.labels.length ? `; labels ${shown(r.labels.join(', '))}` : ''}\n`,
        );
      }
      for (const n of r.networks) process.stdout.write(`${shown(r.value)} is in ${n.cidr}: score ${n.score}${asOf}${n.expired ? ' (expired)' : ''} from ${shown(n.sources.join(', ') || 'no source yet')}\n`);
    }
  }
  return 0;
}

/** `--at 2026-11-17`, `--at 2026-11-17T09:14` (UTC when no zone is given) or a full ISO time with its zone. */
function lookupTime(raw: string): string {
  const text = raw.trim();
  const withZone = /^\d{4}-\d{2}-\d{2}$/.test(text) ? `${text}T00:00:00Z` : /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(text) ? `${text.replace(' ', 'T')}Z` : text;
  const ms = Date.parse(withZone);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(withZone) || Number.isNaN(ms)) throw new UsageError(`--at must be a date or an ISO 8601 time, such as 2026-11-17 or 2026-11-17T09:14:00Z (not "${raw}")`);
  return new Date(ms).toISOString();
}

/** `intel export --bundle FILE` or `intel export --format csv|stix|misp [--out FILE]` (stdout without --out). */
async function intelExport(engine: Engine, opts: IntelOptions): Promise<number> {
  const format = opts.bundle !== undefined ? 'bundle' : opts.format;
  if (format !== 'bundle' && format !== 'csv' && format !== 'stix' && format !== 'misp') {
    throw new UsageError('intel export needs --bundle FILE, or --format csv|stix|misp [--out FILE]');
  }
  const out = opts.bundle ?? opts.out;
  // Without --out the export is written where the browser host keeps downloads, streamed to stdout, then removed.
  const r = await engine.invoke('intelExport', { format, ...(out !== undefined ? { target: engine.files.target(out) } : {}), includeExpired: opts.includeExpired ?? false });
  const download = r.download ? engine.files.takeDownload(r.download.fileId) : null;
  if (download) {
    try {
      await pipeline(download.stream, process.stdout, { end: false });
    } finally {
      download.done();
    }
  } else if (opts.json) printJson({ path: r.file, format: r.format, records: r.records, sha256: r.sha256 });
  else process.stdout.write(`wrote ${shown(r.file)} [${r.format}]: ${r.records} records${r.sha256 ? `, sha256 ${r.sha256}` : ''}\n`);
  return 0;
}

/** States after which the user has something to do: the sync exits 1. */
const FAILED_STATES = new Set(['unauthorized', 'no-credits', 'forbidden', 'usage-capped', 'not-found', 'unavailable', 'offline', 'no-token']);

/** `intel sync [--source NAME] [--max-wait SECONDS] [--json]`: new posts from the X sources; Ctrl-C stops and keeps the place. */
async function intelSync(engine: Engine, opts: IntelOptions): Promise<number> {
  const maxWaitSeconds = opts.maxWait === undefined ? 900 : Number(opts.maxWait);
  if (!Number.isInteger(maxWaitSeconds) || maxWaitSeconds < 0 || maxWaitSeconds > 3600) throw new UsageError('--max-wait is a number of seconds from 0 to 3600');
  const tty = process.stderr.isTTY && !opts.json;
  const waiting = waitNotice(OTHER_INTEL_WRITER, opts.json);
  let result;
  try {
    result = await cancellableJob(engine, (jobId) =>
      engine.invoke('intelSync', { ...(opts.source ? { source: opts.source } : {}), maxWaitSeconds }, {
        jobId,
        onProgress: (p) => {
          if (p.waitingSeconds !== undefined) return waiting.update(p.waitingSeconds);
          if (!tty) return;
          const wait = p.waitingUntil ? ` rate limited, resuming in ${Math.max(0, Math.ceil((Date.parse(p.waitingUntil) - Date.now()) / 1000))}s` : '';
          process.stderr.write(`\r\x1b[2K${shown(p.source)}: ${p.posts} posts, ${p.newSightings} new sightings${wait}`);
        },
      }),
    );
  } finally {
    waiting.done();
    if (tty) process.stderr.write('\r\x1b[2K');
  }
  if (opts.json) printJson(result);
  else if (result.sources.length === 0) process.stdout.write('No syncable sources: add one with sightline intel sources add x-account USERNAME (or mastodon USER@INSTANCE, bluesky HANDLE)\n');
  else
    printTable(
      ['SOURCE', 'STATE', 'POSTS', 'NEW SIGHTINGS', 'DETAIL'],
      result.sources.map((s) => [s.source, s.state, String(s.posts), String(s.newSightings), s.detail ?? '']),
    );
  return result.sources.some((s) => FAILED_STATES.has(s.state)) ? 1 : 0;
}

/** `intel sources add x-account USERNAME`, `add x-search QUERY [--name N]`, `add mastodon USER@INSTANCE`, `add bluesky HANDLE`, `enable|disable NAME`, `trust NAME 0..1`. */
async function manageSources(engine: Engine, args: string[], opts: IntelOptions): Promise<number> {
  const [action, a, b] = args;
  let source;
  if (action === 'add' && a === 'x-account' && b) source = await engine.invoke('intelAddSource', { kind: 'x-account', username: b });
  else if (action === 'add' && a === 'x-search' && b) source = await engine.invoke('intelAddSource', { kind: 'x-search', query: b, ...(opts.name ? { name: opts.name } : {}) });
  else if (action === 'add' && a === 'mastodon' && b) source = await engine.invoke('intelAddSource', { kind: 'mastodon', account: b });
  else if (action === 'add' && a === 'bluesky' && b) source = await engine.invoke('intelAddSource', { kind: 'bluesky', handle: b });
  else if ((action === 'enable' || action === 'disable') && a) source = await engine.invoke('intelSetSource', { name: a, enabled: action === 'enable' });
  else if (action === 'trust' && a && b !== undefined) source = await engine.invoke('intelSetSource', { name: a, trust: Number(b) });
  else throw new UsageError('intel sources: add x-account USERNAME | add x-search QUERY [--name N] | add mastodon USER@INSTANCE | add bluesky HANDLE | enable NAME | disable NAME | trust NAME 0..1');
  if (opts.json) printJson(source);
  else process.stdout.write(`${shown(source.name)} (${source.kind}): ${source.enabled ? 'enabled' : 'disabled'}, trust ${source.trust}\n`);
  return 0;
}

/** `intel token set` (the token is read from standard input, never from the command line) or `intel token clear`. */
async function intelToken(engine: Engine, args: string[], opts: IntelOptions): Promise<number> {
  const [action] = args;
  if (action !== 'set' && action !== 'clear') throw new UsageError('intel token set (reads the bearer token from standard input) | intel token clear');
  let token: string | null = null;
  if (action === 'set') {
    token = (await readStdin()).trim();
    if (!token) throw new UsageError('no token on standard input: echo "$TOKEN" | sightline intel token set');
  }
  const r = await engine.invoke('intelSetXToken', { token });
  if (opts.json) printJson(r);
  else process.stdout.write(r.stored ? `token stored in ${r.where}\n` : `token removed from ${r.where}\n`);
  return 0;
}

/** `intel decay [TYPE=DAYS...] [delta=N] [reset] [--json]`: show or change the decay model. */
async function intelDecay(engine: Engine, args: string[], opts: IntelOptions): Promise<number> {
  const tauDays: Record<string, number> = {};
  let delta: number | undefined;
  let reset = false;
  for (const arg of args) {
    const [key, value] = arg.split('=');
    if (key === 'reset' && value === undefined) reset = true;
    else if (key === 'delta' && value !== undefined) delta = Number(value);
    else if (key && value !== undefined) tauDays[key] = Number(value);
    else throw new UsageError(`intel decay: expected TYPE=DAYS, delta=N or reset, not "${arg}"`);
  }
  const set = Object.keys(tauDays).length > 0 || delta !== undefined ? { ...(Object.keys(tauDays).length ? { tauDays } : {}), ...(delta !== undefined ? { delta } : {}) } : undefined;
  const model = await engine.invoke('intelDecay', { ...(set ? { set: set as never } : {}), ...(reset ? { reset } : {}) });
  if (opts.json) printJson(model);
  else {
    process.stdout.write(`score = base x (1 - (t/tau)^(1/${model.delta})); an indicator expires tau days after its last sighting\n`);
    printTable(['TYPE', 'TAU (DAYS)'], Object.entries(model.tauDays).map(([t, d]) => [t, String(d)]));
  }
  return 0;
}
