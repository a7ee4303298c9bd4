import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Engine } from '../../core/index.js';
import { describeFileError } from '../../shared/error-payload.js';
import { printJson, UsageError } from '../output.js';
import { printTable } from './cases.js';

const FORMATS = ['bundle', 'tweetfeed-csv', 'stix21', 'misp-event', 'misp-feed', 'plain-list'] as const;

export interface IntelOptions {
  json: boolean;
  format?: string | undefined;
  column?: string | undefined;
  bundle?: string | undefined;
  out?: string | undefined;
  includeExpired?: boolean | undefined;
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
    case 'sources': {
      const sources = await engine.invoke('intelSources', {});
      if (opts.json) printJson({ sources });
      else printTable(['NAME', 'KIND', 'TRUST', 'STATE', 'LAST SYNC', 'INDICATORS'], sources.map((s) => [s.name, s.kind, s.trust.toFixed(2), s.state, s.lastSyncAt ?? '—', String(s.indicators)]));
      return 0;
    }
    default:
      throw new UsageError(`intel needs a subcommand: import, lookup, export, stats or sources${sub ? ` (not "${sub}")` : ''}`);
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

/** `intel export --bundle FILE` or `intel export --format csv|stix|misp [--out FILE]` (stdout without --out). */
async function intelExport(engine: Engine, opts: IntelOptions): Promise<number> {
  const format = opts.bundle !== undefined ? 'bundle' : opts.format;
  if (format !== 'bundle' && format !== 'csv' && format !== 'stix' && format !== 'misp') {
    throw new UsageError('intel export needs --bundle FILE, or --format csv|stix|misp [--out FILE]');
  }
  const target = opts.bundle ?? opts.out;
  const toStdout = target === undefined;
  const file = toStdout ? path.join(os.tmpdir(), `sightline-export-${crypto.randomUUID()}`) : target;
  try {
    const r = await engine.invoke('intelExport', { format, path: file, includeExpired: opts.includeExpired ?? false });
    if (toStdout) {
      await pipeline(fs.createReadStream(r.path), process.stdout, { end: false });
    } else if (opts.json) printJson(r);
    else process.stdout.write(`wrote ${r.path} [${r.format}]: ${r.records} records${r.sha256 ? `, sha256 ${r.sha256}` : ''}\n`);
  } finally {
    if (toStdout) fs.rmSync(file, { force: true });
  }
  return 0;
}
