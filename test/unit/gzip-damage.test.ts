import fs from 'node:fs';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { EmptyFileError, MalformedRecordError, type SightlineError } from '../../src/core/errors/index.js';
import { detectFormat } from '../../src/core/telemetry/detect-format.js';
import { locateDamage } from '../../src/core/telemetry/gzip-damage.js';
import { readLines } from '../../src/core/telemetry/line-reader.js';
import { damagedGzipVariants, failingOffset } from '../helpers/damaged-gzip.js';
import { fixtures } from '../helpers/fixtures.js';
import { rejected } from '../helpers/sink.js';
import { TempDirs } from '../helpers/temp-dirs.js';

const tmp = new TempDirs();
afterEach(() => tmp.cleanup());

async function readAll(file: string, highWaterMark?: number): Promise<number> {
  let n = 0;
  for await (const line of readLines(file, highWaterMark ? { highWaterMark } : {})) n += line.number > 0 ? 1 : 0;
  return n;
}

/** The sentence a variant must get: cut short, or damaged at the byte the one-shot decoder fails at. */
function expected(bytes: Buffer, kind: 'cut' | 'damaged'): RegExp {
  if (kind === 'cut') return /^the file ends in the middle of its gzip data: it was cut short/;
  return new RegExp(`^the gzip data is damaged: decompression fails at byte ${failingOffset(bytes)} \\(`);
}

describe('a damaged or cut gzip file', () => {
  const variants = damagedGzipVariants(fs.readFileSync(fixtures.zeekTsv));

  it('has variants that are what they say (checked with the one-shot decoder)', () => {
    for (const v of variants) {
      if (v.expect === 'damaged') expect(failingOffset(v.bytes), v.name).not.toBeNull();
      if (v.expect === 'empty') expect(zlib.gunzipSync(v.bytes).length).toBe(0);
      if (v.expect === 'cut') expect(() => zlib.gunzipSync(v.bytes), v.name).toThrow(/unexpected end of file/);
    }
  });

  for (const v of variants.filter((x) => x.expect !== 'empty')) {
    it(`${v.name}: format detection and the full read both say ${v.expect === 'cut' ? 'cut short' : 'damaged, at which byte'}`, async () => {
      const file = tmp.file('conn.log.gz', v.bytes);
      const sentence = expected(v.bytes, v.expect as 'cut' | 'damaged');
      const detected = (await rejected(detectFormat(file, 'shown.log.gz'))) as SightlineError;
      expect(detected).toBeInstanceOf(MalformedRecordError);
      expect(detected.message).toMatch(sentence);
      for (const hwm of [undefined, 7]) {
        const read = (await rejected(readAll(file, hwm))) as SightlineError;
        expect(read).toBeInstanceOf(MalformedRecordError);
        expect(read.message).toMatch(sentence);
        expect(read.location.file).toBe(file);
      }
    });
  }

  it('a gzip of an empty file is empty', async () => {
    const v = variants.find((x) => x.expect === 'empty') as (typeof variants)[number];
    const err = await rejected(detectFormat(tmp.file('empty.log.gz', v.bytes), 'empty.log.gz'));
    expect(err).toBeInstanceOf(EmptyFileError);
  });

  it('finds damage past the first 64 KB of content too, and a whole second member reads', async () => {
    const plain = Buffer.from(Array.from({ length: 40_000 }, (_, i) => `line ${i} 10.0.${i % 256}.${i % 200}\n`).join(''));
    const gz = zlib.gzipSync(plain);
    const twice = tmp.file('twice.gz', Buffer.concat([gz, gz]));
    expect(await readAll(twice)).toBe(80_000);
    // The trailer's CRC is checked only when all the content is out.
    const bad = Buffer.from(gz);
    bad[gz.length - 6] = (bad[gz.length - 6] as number) ^ 1;
    const file = tmp.file('late.gz', bad);
    const err = (await rejected(readAll(file))) as SightlineError;
    expect(err.message).toBe(`the gzip data is damaged: decompression fails at byte ${gz.length - 5} (its CRC-32 checksum does not match the content)`);
    expect(failingOffset(bad)).toBe(gz.length - 5);
  });

  it('locateDamage gives the same byte whatever point it starts from before the damage', async () => {
    const v = variants.find((x) => x.name === 'deflate: middle byte flipped') as (typeof variants)[number];
    const file = tmp.file('mid.gz', v.bytes);
    const at = failingOffset(v.bytes) as number;
    for (const from of [0, 10, at - 1]) expect(await locateDamage(file, from)).toBe(at);
  });
});
