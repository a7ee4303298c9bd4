import crypto from 'node:crypto';
import { isPort, isStorableTime, preview } from '../../bounds.js';
import { MalformedRecordError } from '../../errors/index.js';
import { readLines } from '../../telemetry/line-reader.js';
import { BUNDLE_FORMAT, BUNDLE_VERSION, SECTIONS, type BundleHeader, type BundleManifest, type BundleRecord, type Section } from './bundle-format.js';

/** The bundle's lines, through the reader every import uses (gunzip, UTF-8 check, damaged gzip named as such). */
async function* lines(file: string): AsyncGenerator<{ line: string; number: number }> {
  for await (const { text, number } of readLines(file)) yield { line: text, number };
}

/**
 * Checks a bundle end to end without writing anything: header, every
 * section's count and SHA-256, and the manifest's overall SHA-256. A bundle
 * altered or cut short in transit is refused here.
 */
export async function verifyBundle(file: string): Promise<{ header: BundleHeader; manifest: BundleManifest }> {
  let header: BundleHeader | null = null;
  let manifest: BundleManifest | null = null;
  const whole = crypto.createHash('sha256');
  const hashes = Object.fromEntries(SECTIONS.map((s) => [s, { hash: crypto.createHash('sha256'), records: 0 }])) as Record<Section, { hash: crypto.Hash; records: number }>;
  for await (const { line, number } of lines(file)) {
    if (manifest) throw new MalformedRecordError('data after the manifest', { file, line: number });
    const record = parse(line, file, number) as { t?: string };
    if (number === 1) {
      const h = record as BundleHeader;
      if (h.t !== 'header' || h.format !== BUNDLE_FORMAT) throw new MalformedRecordError('not a Sightline intel bundle', { file, line: 1 });
      if (h.version > BUNDLE_VERSION) throw new MalformedRecordError(`bundle version ${h.version} is newer than this Sightline reads (${BUNDLE_VERSION})`, { file, line: 1 });
      header = h;
      whole.update(`${line}\n`);
      continue;
    }
    if (record.t === 'manifest') {
      manifest = record as BundleManifest;
      continue;
    }
    const section = hashes[record.t as Section];
    if (!section) throw new MalformedRecordError(`unknown record type "${record.t}"`, { file, line: number, field: 't' });
    checkNumbers(record as BundleRecord, file, number);
    section.hash.update(`${line}\n`);
    section.records++;
    whole.update(`${line}\n`);
  }
  if (!header) throw new MalformedRecordError('the bundle is empty', { file });
  if (!manifest) throw new MalformedRecordError('the bundle has no manifest: it was cut short', { file });
  for (const s of SECTIONS) {
    const want = manifest.sections?.[s];
    const got = hashes[s];
    if (!want || want.records !== got.records || want.sha256 !== got.hash.digest('hex')) {
      throw new MalformedRecordError(`the "${s}" section does not match the manifest: the bundle was altered or damaged`, { file });
    }
  }
  if (manifest.sha256 !== whole.digest('hex')) throw new MalformedRecordError('the bundle does not match its manifest checksum', { file });
  return { header, manifest };
}

/** The records of a verified bundle, in file order. */
export async function* bundleRecords(file: string): AsyncGenerator<BundleRecord> {
  for await (const { line, number } of lines(file)) {
    if (number === 1) continue;
    const record = parse(line, file, number) as BundleRecord | { t: 'manifest' };
    if (record.t === 'manifest') return;
    yield record;
  }
}

/** The times, ports and trust a record holds, bounded as an import bounds them (core/bounds.ts): a bundle's checksums do not make its values sane. */
function checkNumbers(r: BundleRecord, file: string, line: number): void {
  const fail = (field: string, value: unknown, what: string): never => {
    throw new MalformedRecordError(`"${preview(value)}" is not ${what}`, { file, line, field });
  };
  const time = (field: string, value: unknown): void => {
    if (typeof value !== 'string' || !isStorableTime(Date.parse(value))) fail(field, value, 'a time from 1970-01-01 up to 2100-01-01');
  };
  switch (r.t) {
    case 'source':
      if (!(typeof r.trust === 'number' && r.trust >= 0 && r.trust <= 1)) fail('trust', r.trust, 'a trust from 0 to 1');
      break;
    case 'indicator':
      time('firstSeen', r.firstSeen);
      time('lastSeen', r.lastSeen);
      break;
    case 'sighting':
      time('seenAt', r.seenAt);
      if (r.port !== null && r.port !== undefined && !(typeof r.port === 'number' && isPort(r.port))) fail('port', r.port, 'a port (0 to 65535)');
      break;
    case 'verdict':
      time('decidedAt', r.decidedAt);
      break;
    case 'allow':
      time('addedAt', r.addedAt);
      break;
    default:
      break;
  }
}

function parse(line: string, file: string, number: number): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new MalformedRecordError('invalid JSON in the bundle', { file, line: number });
  }
}
