import { describe, expect, it } from 'vitest';
import { MalformedRecordError, type SightlineError } from '../../src/core/errors/index.js';
import { epochSecondsOrIso, optionalCount, optionalDuration, optionalPid, optionalPort, optionalText, requireIp, sysmonUtcTime } from '../../src/core/telemetry/fields.js';
import { thrown } from '../helpers/sink.js';

function malformed(fn: () => unknown): SightlineError {
  const err = thrown(fn);
  expect(err).toBeInstanceOf(MalformedRecordError);
  return err as SightlineError;
}

describe('epochSecondsOrIso (Zeek ts)', () => {
  it('turns epoch seconds with a fraction into whole milliseconds', () => {
    expect(epochSecondsOrIso(1692161622.036086, 'ts', 1)).toBe(1692161622036);
    expect(epochSecondsOrIso('1692161622.036086', 'ts', 1)).toBe(1692161622036);
    expect(epochSecondsOrIso('1692161643.549491', 'ts', 1)).toBe(1692161643549);
    expect(epochSecondsOrIso('1700000000', 'ts', 1)).toBe(1700000000000);
    // Relative times, as in some published datasets, stay relative.
    expect(epochSecondsOrIso('22.335172', 'ts', 1)).toBe(22335);
  });

  it('reads ISO 8601 with a zone', () => {
    expect(epochSecondsOrIso('2020-04-30T00:06:38.899Z', 'ts', 1)).toBe(Date.UTC(2020, 3, 30, 0, 6, 38, 899));
    expect(epochSecondsOrIso('2020-04-30T02:06:38+02:00', 'ts', 1)).toBe(Date.UTC(2020, 3, 30, 0, 6, 38));
  });

  it('rejects what is not a time, naming field and line', () => {
    for (const bad of ['', '-', 'tomorrow', null, undefined, Number.NaN, Number.POSITIVE_INFINITY, {}]) {
      expect(malformed(() => epochSecondsOrIso(bad, 'ts', 7)).location, String(bad)).toEqual({ line: 7, field: 'ts' });
    }
  });

  it('refuses times outside 1970-01-01 .. 2100-01-01, naming the bound', () => {
    expect(epochSecondsOrIso('0', 'ts', 1)).toBe(0);
    expect(epochSecondsOrIso('4102444799.999', 'ts', 1)).toBe(Date.UTC(2099, 11, 31, 23, 59, 59, 999));
    for (const late of ['4102444800', '9000000000000', 9e12, 1e308, Number.POSITIVE_INFINITY, '2100-01-01T00:00:00Z', '9999-12-31T00:00:00Z']) {
      const err = malformed(() => epochSecondsOrIso(late, 'ts', 4));
      expect(err.location, String(late)).toEqual({ line: 4, field: 'ts' });
      expect(err.message, String(late)).toContain('past 2100-01-01T00:00:00Z');
    }
    for (const early of [-1, -1e308, Number.NEGATIVE_INFINITY, '1969-12-31T23:59:59Z']) {
      expect(malformed(() => epochSecondsOrIso(early, 'ts', 4)).message, String(early)).toContain('before 1970-01-01T00:00:00Z');
    }
  });

  it("rejects free text that Date.parse would accept ('udp 53', 'dns 1'), as a shifted column shows", () => {
    for (const bad of ['udp 53', 'dns 1', 'May 5', '12/01/2023']) {
      expect(malformed(() => epochSecondsOrIso(bad, 'ts', 3)).location, bad).toEqual({ line: 3, field: 'ts' });
    }
    expect(epochSecondsOrIso('2023-08-16T04:53:42.5Z', 'ts', 1)).toBe(Date.UTC(2023, 7, 16, 4, 53, 42, 500));
  });
});

describe('sysmonUtcTime', () => {
  it('reads Sysmon UtcTime (no zone marker) as UTC', () => {
    expect(sysmonUtcTime('2022-07-05 21:00:36.701', 'UtcTime', 1)).toBe(Date.UTC(2022, 6, 5, 21, 0, 36, 701));
    expect(sysmonUtcTime('2020-10-23 06:36:42.306', 'UtcTime', 1)).toBe(Date.UTC(2020, 9, 23, 6, 36, 42, 306));
  });

  it('honours an explicit zone', () => {
    expect(sysmonUtcTime('2022-07-05T02:00:36.775Z', 'UtcTime', 1)).toBe(Date.UTC(2022, 6, 5, 2, 0, 36, 775));
    expect(sysmonUtcTime('2022-07-05 21:00:36.701+02:00', 'UtcTime', 1)).toBe(Date.UTC(2022, 6, 5, 19, 0, 36, 701));
  });

  it('rejects a missing, broken or out-of-range time, naming field and line', () => {
    for (const bad of [undefined, 17, 'not a time', '', '1601-01-01 00:00:00.000', '2100-01-01 00:00:00.000', '+275760-09-13T00:00:00Z']) {
      expect(malformed(() => sysmonUtcTime(bad, 'UtcTime', 3)).location, String(bad)).toEqual({ line: 3, field: 'UtcTime' });
    }
  });
});

describe('optionalCount / optionalPort / optionalPid / optionalDuration / optionalText / requireIp', () => {
  it('reads counts, with the unset markers as null', () => {
    expect(optionalCount('443', 'p', 1)).toBe(443);
    expect(optionalCount(0, 'p', 1)).toBe(0);
    for (const unset of ['', '-', null, undefined]) expect(optionalCount(unset, 'p', 1)).toBeNull();
    expect(optionalCount('N/A', 'p', 1, ['N/A'])).toBeNull();
  });

  it('rejects negative, fractional and non-numeric counts', () => {
    for (const bad of ['-1', '1.5', 'http', -3, 2.5, '(empty)']) expect(malformed(() => optionalCount(bad, 'id.resp_p', 9)).location).toEqual({ line: 9, field: 'id.resp_p' });
  });

  it('bounds counts to 2^53 - 1, ports to 65535, process ids to 2^32 - 1, naming the bound', () => {
    expect(optionalCount(Number.MAX_SAFE_INTEGER, 'orig_bytes', 1)).toBe(Number.MAX_SAFE_INTEGER);
    expect(malformed(() => optionalCount(2 ** 53, 'orig_bytes', 2)).message).toContain('from 0 to 9007199254740991');
    expect(optionalPort('65535', 'id.resp_p', 1)).toBe(65535);
    expect(optionalPort(0, 'id.resp_p', 1)).toBe(0);
    expect(Object.is(optionalPort(-0, 'id.resp_p', 1), 0)).toBe(true);
    for (const bad of ['65536', 65536, '-1', '+80', '0x50', '80.0', 1e20, Number.NaN]) {
      const err = malformed(() => optionalPort(bad, 'id.resp_p', 5));
      expect(err.location, String(bad)).toEqual({ line: 5, field: 'id.resp_p' });
      expect(err.message, String(bad)).toContain('from 0 to 65535');
    }
    expect(optionalPid('4294967295', 'ProcessId', 1)).toBe(4294967295);
    expect(malformed(() => optionalPid('4294967296', 'ProcessId', 1)).message).toContain('from 0 to 4294967295');
  });

  it('reads durations: seconds from 0 to the span of storable times, nothing else', () => {
    expect(optionalDuration('1.201128', 'duration', 1)).toBe(1.201128);
    expect(optionalDuration('1e3', 'duration', 1)).toBe(1000);
    expect(optionalDuration('-', 'duration', 1)).toBeNull();
    expect(optionalDuration('4102444800', 'duration', 1)).toBe(4102444800);
    for (const bad of ['Infinity', '-1', '-0.5', '4102444800.5', '1e308', '0x10', Number.NaN, Number.POSITIVE_INFINITY]) {
      const err = malformed(() => optionalDuration(bad, 'duration', 2));
      expect(err.location.field, String(bad)).toBe('duration');
      expect(err.message, String(bad)).toContain('seconds from 0 to 4102444800');
    }
  });

  it('reads text, stringifying non-strings, with unset markers as null', () => {
    expect(optionalText('tcp')).toBe('tcp');
    expect(optionalText(5)).toBe('5');
    expect(optionalText('-')).toBeNull();
    expect(optionalText('(empty)', ['(empty)'])).toBeNull();
  });

  it('requires an IP, trimming blanks and normalising it', () => {
    expect(requireIp(' ::ffff:10.0.0.1 ', 'SourceIp', 1)).toBe('10.0.0.1');
    const err = malformed(() => requireIp('10.0.0.256', 'DestinationIp', 4));
    expect(err.location).toEqual({ line: 4, field: 'DestinationIp' });
    expect(err.message).toContain('10.0.0.256');
    expect(malformed(() => requireIp(undefined, 'id.orig_h', 1)).location.field).toBe('id.orig_h');
  });

  it('shortens a long bad value in the message', () => {
    const err = malformed(() => requireIp('x'.repeat(500), 'SourceIp', 1));
    expect(err.message.length).toBeLessThan(120);
    expect(err.message).toContain('...');
  });
});
