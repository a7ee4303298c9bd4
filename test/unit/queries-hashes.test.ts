import { describe, expect, it } from 'vitest';
import { parseHashes } from '../../src/core/analysis/queries/hashes.js';
import { parseProcessHashes } from '../../src/core/intel/match/index.js';

const MD5 = 'A23A7A6B6F8E1A5D913EA119F5F2ED1A';
const SHA1 = '282DA9EE622F01CC63352E53FDC3D4A75CEEB6FD';
const SHA256 = 'EAAE8536D554D0E86D8540A8B34DB2649BD884843F389495D0B6E91636C6CF54';
const IMPHASH = 'B0A3CFF8CFDE112945189719F82F9EA9';

describe('parseHashes', () => {
  it('reads Sysmon\'s full form (the OTRF bitsadmin export\'s Hashes) into lower-case hex, in order', () => {
    expect(parseHashes(`SHA1=${SHA1},MD5=${MD5},SHA256=${SHA256},IMPHASH=${IMPHASH}`)).toEqual({
      hashes: [
        { type: 'sha1', value: SHA1.toLowerCase() },
        { type: 'md5', value: MD5.toLowerCase() },
        { type: 'sha256', value: SHA256.toLowerCase() },
        { type: 'imphash', value: IMPHASH.toLowerCase() },
      ],
      unreadable: [],
    });
  });

  it('reads the single form and either case of names and values, with the separators exports rejoin them with', () => {
    expect(parseHashes(`SHA256=${SHA256}`).hashes).toEqual([{ type: 'sha256', value: SHA256.toLowerCase() }]);
    expect(parseHashes(`sha256=${SHA256.toLowerCase()}`).hashes).toEqual([{ type: 'sha256', value: SHA256.toLowerCase() }]);
    expect(parseHashes(`md5=${MD5}; Sha1=${SHA1}`).hashes.map((h) => h.type)).toEqual(['md5', 'sha1']);
    expect(parseHashes(` MD5=${MD5} , IMPHASH=${IMPHASH} `).hashes.map((h) => h.type)).toEqual(['md5', 'imphash']);
  });

  it('keeps what it cannot read aside, verbatim: other algorithms, wrong lengths, non-hex, bare values', () => {
    const text = `SHA384=${'a'.repeat(96)},MD5=${MD5.slice(1)},SHA1=${'g'.repeat(40)},${SHA256},MD5=${MD5},=x`;
    expect(parseHashes(text)).toEqual({
      hashes: [{ type: 'md5', value: MD5.toLowerCase() }],
      unreadable: [`SHA384=${'a'.repeat(96)}`, `MD5=${MD5.slice(1)}`, `SHA1=${'g'.repeat(40)}`, SHA256, '=x'],
    });
  });

  it('takes the first of a repeated type, and nothing from nothing', () => {
    const other = 'F'.repeat(32);
    expect(parseHashes(`MD5=${MD5},MD5=${other}`).hashes).toEqual([{ type: 'md5', value: MD5.toLowerCase() }]);
    for (const empty of [null, undefined, '', ' ', '-']) expect(parseHashes(empty).hashes).toEqual([]);
    expect(parseHashes('-').unreadable).toEqual(['-']);
  });

  it('never treats a prototype key as a hash type', () => {
    expect(parseHashes(`constructor=${MD5},__proto__=${MD5},toString=${MD5}`).hashes).toEqual([]);
  });
});

describe('one parser of the Hashes field for matching too', () => {
  it('reads "SHA-256=" as SHA256, and intel matching keeps only the types the store holds', () => {
    const text = `SHA-256=${'AB'.repeat(32)},IMPHASH=${'C'.repeat(32)}`;
    expect(parseHashes(text).hashes).toEqual([{ type: 'sha256', value: 'ab'.repeat(32) }, { type: 'imphash', value: 'c'.repeat(32) }]);
    expect(parseProcessHashes(text)).toEqual([{ type: 'sha256', value: 'ab'.repeat(32) }]);
  });
});
