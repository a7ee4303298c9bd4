import crypto from 'node:crypto';
import type { Engine } from '../../core/index.js';
import { describeFileError } from '../../shared/error-payload.js';
import { printJson, UsageError } from '../output.js';
import { printTable } from './cases.js';

const FORMATS = ['tweetfeed-csv', 'stix21', 'misp-event', 'misp-feed', 'plain-list'] as const;

export interface IntelOptions {
  json: boolean;
  format?: string | undefined;
  column?: string | undefined;
}

/** `sightline intel <import|lookup|stats|sources> ...` */
export async function intelCommand(engine: Engine, args: string[], opts: IntelOptions): Promise<number> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'import':
      return intelImport(engine, rest, opts);
    case 'lookup':
      return intelLookup(engine, rest, opts);
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
    case 'sources': {
      const sources = await engine.invoke('intelSources', {});
      if (opts.json) printJson({ sources });
      else printTable(['NAME', 'KIND', 'TRUST', 'STATE', 'LAST SYNC', 'INDICATORS'], sources.map((s) => [s.name, s.kind, s.trust.toFixed(2), s.state, s.lastSyncAt ?? '—', String(s.indicators)]));
      return 0;
    }
    default:
      throw new UsageError(`intel needs a subcommand: import, lookup, stats or sources${sub ? ` (not "${sub}")` : ''}`);
  }
}

async function intelImport(engine: Engine, files: string[], opts: IntelOptions): Promise<number> {
  if (files.length === 0) throw new UsageError('intel import needs at least one FILE (or MISP feed folder)');
  if (opts.format !== undefined && !(FORMATS as readonly string[]).includes(opts.format)) {
    throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  }
  const column = opts.column === undefined ? undefined : /^\d+$/.test(opts.column) ? Number(opts.column) : opts.column;
  const jobId = crypto.randomUUID();
  const onSigint = () => engine.jobs.cancel(jobId);
  process.once('SIGINT', onSigint);
  let result;
  try {
    result = await engine.invoke(
      'intelImport',
      {
        sources: files.map((path) => ({ kind: 'path' as const, path })),
        ...(opts.format ? { format: opts.format as (typeof FORMATS)[number] } : {}),
        ...(column !== undefined ? { column } : {}),
      },
      { jobId },
    );
  } finally {
    process.off('SIGINT', onSigint);
  }
  if (opts.json) printJson(result);
  else
    for (const f of result.files) {
      if (f.status === 'imported') {
        process.stdout.write(
          `imported ${f.file} [${f.format}]: ${f.records} records, ${f.newIndicators} new indicators, ${f.newSightings} new sightings` +
            `${f.skipped ? `, ${f.skipped} skipped (types not stored)` : ''}${f.invalid ? `, ${f.invalid} lines not indicators` : ''}\n`,
        );
      } else process.stderr.write(`sightline: ${describeFileError(f)}\n`);
    }
  return result.files.every((f) => f.status === 'imported') ? 0 : 1;
}

async function intelLookup(engine: Engine, values: string[], opts: IntelOptions): Promise<number> {
  if (values.length === 0) throw new UsageError('intel lookup needs at least one VALUE');
  const results = await engine.invoke('intelLookup', { values });
  if (opts.json) {
    printJson({ results });
    return 0;
  }
  for (const r of results) {
    if (!r.type) process.stdout.write(`${r.query}: not an IP, CIDR, domain, URL or hash\n`);
    else if (!r.found && r.networks.length === 0) process.stdout.write(`${r.value} (${r.type}): not found${r.allowlisted ? ', allowlisted' : ''}\n`);
    else {
      if (r.found) {
        process.stdout.write(
          `${r.value} (${r.type}): score ${r.score}${r.expired ? ' (expired)' : ''}${r.verdict ? `, verdict ${r.verdict}` : ''}${r.allowlisted ? ', allowlisted' : ''}; ` +
            `${r.sightings} sightings from ${r.sources.join(', ')}; first ${r.firstSeen}, last ${r.lastSeen}${r.labels.length ? `; labels ${r.labels.join(', ')}` : ''}\n`,
        );
      }
      for (const n of r.networks) process.stdout.write(`${r.value} is in ${n.cidr}: score ${n.score}${n.expired ? ' (expired)' : ''} from ${n.sources.join(', ')}\n`);
    }
  }
  return 0;
}
