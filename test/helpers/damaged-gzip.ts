import zlib from 'node:zlib';

export interface GzipVariant {
  name: string;
  bytes: Buffer;
  /** What the reader must say: cut short, damaged (at the byte failingOffset finds), or empty (a gzip of nothing). */
  expect: 'cut' | 'damaged' | 'empty';
}

const flip = (b: Buffer, at: number): Buffer => {
  const c = Buffer.from(b);
  c[at] = (c[at] as number) ^ 0xff;
  return c;
};
const set = (b: Buffer, at: number, value: number): Buffer => {
  const c = Buffer.from(b);
  c[at] = value;
  return c;
};

/** A gzip of `content` cut, flipped and extended in the ways files get damaged (downloads cut, bits rotted, members appended). */
export function damagedGzipVariants(content: Buffer): GzipVariant[] {
  const gz = zlib.gzipSync(content);
  const half = gz.length >> 1;
  return [
    { name: 'magic bytes only', bytes: gz.subarray(0, 2), expect: 'cut' },
    { name: 'cut in the header', bytes: gz.subarray(0, 6), expect: 'cut' },
    { name: 'cut right after the header', bytes: gz.subarray(0, 10), expect: 'cut' },
    { name: 'cut early in the deflate data', bytes: gz.subarray(0, 30), expect: 'cut' },
    { name: 'cut at half', bytes: gz.subarray(0, half), expect: 'cut' },
    { name: 'cut before the trailer', bytes: gz.subarray(0, gz.length - 8), expect: 'cut' },
    { name: 'cut in the trailer', bytes: gz.subarray(0, gz.length - 3), expect: 'cut' },
    { name: 'header: compression method changed', bytes: set(gz, 2, 7), expect: 'damaged' },
    { name: 'header: reserved flag bits set', bytes: set(gz, 3, 0xe0), expect: 'damaged' },
    { name: 'deflate: byte 12 flipped', bytes: flip(gz, 12), expect: 'damaged' },
    { name: 'deflate: middle byte flipped', bytes: flip(gz, half), expect: 'damaged' },
    { name: 'trailer: CRC-32 flipped', bytes: flip(gz, gz.length - 8), expect: 'damaged' },
    { name: 'trailer: length flipped', bytes: flip(gz, gz.length - 2), expect: 'damaged' },
    { name: 'two members, the second cut', bytes: Buffer.concat([gz, gz.subarray(0, half)]), expect: 'cut' },
    { name: 'two members, the second damaged', bytes: Buffer.concat([gz, flip(gz, 12)]), expect: 'damaged' },
    { name: 'a member and trailing garbage', bytes: Buffer.concat([gz, Buffer.from('garbage after the member\n')]), expect: 'damaged' },
    { name: 'a gzip of an empty file', bytes: zlib.gzipSync(Buffer.alloc(0)), expect: 'empty' },
  ];
}

/**
 * The offset of the first byte at which a one-shot gunzip of a prefix of
 * `bytes` fails (a prefix that is only short decodes without error with
 * Z_SYNC_FLUSH): found by bisection, independently of the streaming code
 * under test. Null when no prefix fails.
 */
export function failingOffset(bytes: Buffer): number | null {
  const fails = (length: number): boolean => {
    try {
      zlib.gunzipSync(bytes.subarray(0, length), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
      return false;
    } catch {
      return true;
    }
  };
  if (!fails(bytes.length)) return null;
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (fails(mid + 1)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
