import { describe, expect, it } from 'vitest';
import { MalformedRecordError, type SightlineError } from '../../src/core/errors/index.js';
import { epochSecondsOrIso, optionalCount, optionalNumber, optionalText, requireIp, sysmonUtcTime } from '../../src/core/telemetry/fields.js';
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

  it('rejects a missing or broken time, naming field and line', () => {
    for (const bad of [undefined, 17, 'not a time', '']) {
      expect(malformed(() => sysmonUtcTime(bad, 'UtcTime', 3)).location).toEqual({ line: 3, field: 'UtcTime' });
    }
  });
});

describe('optionalCount / optionalNumber / optionalText / requireIp', () => {
  it('reads counts, with the unset markers as null', () => {
    expect(optionalCount('443', 'p', 1)).toBe(443);
    expect(optionalCount(0, 'p', 1)).toBe(0);
    for (const unset of ['', '-', null, undefined]) expect(optionalCount(unset, 'p', 1)).toBeNull();
    expect(optionalCount('N/A', 'p', 1, ['N/A'])).toBeNull();
  });

  it('rejects negative, fractional and non-numeric counts', () => {
    for (const bad of ['-1', '1.5', 'http', -3, 2.5, '(empty)']) expect(malformed(() => optionalCount(bad, 'id.resp_p', 9)).location).toEqual({ line: 9, field: 'id.resp_p' });
  });

  it('reads finite numbers and rejects the rest', () => {
    expect(optionalNumber('1.201128', 'duration', 1)).toBe(1.201128);
    expect(optionalNumber('-', 'duration', 1)).toBeNull();
    expect(malformed(() => optionalNumber('Infinity', 'duration', 2)).location.field).toBe('duration');
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
