import { describe, expect, it } from 'vitest';
import { MalformedRecordError } from '../../src/core/errors/index.js';
import { CsvRecordAssembler, guessDelimiter, parseRecord, type CsvRecord } from '../../src/core/telemetry/csv-records.js';
import { thrown } from '../helpers/sink.js';

/** Every record the assembler completes over `lines` (numbered from 1), then end(). */
function assemble(lines: readonly string[], delimiter = ','): CsvRecord[] {
  const a = new CsvRecordAssembler(delimiter);
  const out: CsvRecord[] = [];
  lines.forEach((text, i) => {
    const r = a.push(text, i + 1);
    if (r) out.push(r);
  });
  a.end();
  return out;
}

describe('parseRecord', () => {
  it('splits plain and quoted fields', () => {
    expect(parseRecord('a,b,,d', ',')).toEqual(['a', 'b', '', 'd']);
    expect(parseRecord('"a,b","say ""hi""",c', ',')).toEqual(['a,b', 'say "hi"', 'c']);
    expect(parseRecord('"",x,""', ',')).toEqual(['', 'x', '']);
    expect(parseRecord('a\t"b\tc"', '\t')).toEqual(['a', 'b\tc']);
  });

  it('keeps a quote inside an unquoted field, and text after a closing quote', () => {
    expect(parseRecord('5" disk,x', ',')).toEqual(['5" disk', 'x']);
    expect(parseRecord('"a"b,c', ',')).toEqual(['ab', 'c']);
  });

  it('is null while a quoted field is open', () => {
    expect(parseRecord('a,"b', ',')).toBeNull();
    expect(parseRecord('a,"b""', ',')).toBeNull();
  });
});

describe('CsvRecordAssembler', () => {
  it('joins a quoted field over lines and names the record by its first line', () => {
    const out = assemble(['h1,h2', 'x,"first', 'second', 'third"', 'y,z']);
    expect(out).toEqual([
      { fields: ['h1', 'h2'], line: 1 },
      { fields: ['x', 'first\nsecond\nthird'], line: 2 },
      { fields: ['y', 'z'], line: 5 },
    ]);
  });

  it('tells an escaped quote at a line end from a closing one', () => {
    expect(assemble(['"a""', 'b"'])).toEqual([{ fields: ['a"\nb'], line: 1 }]);
    expect(assemble(['"a"""', 'b'])).toEqual([{ fields: ['a"'], line: 1 }, { fields: ['b'], line: 2 }]);
  });

  it('exposes the open record for quarantine and throws at end() for a file cut short', () => {
    const a = new CsvRecordAssembler(',');
    expect(a.push('x,"never closed', 7)).toBeNull();
    expect(a.open).toEqual({ line: 7, text: 'x,"never closed' });
    const err = thrown(() => a.end());
    expect(err).toBeInstanceOf(MalformedRecordError);
    expect((err as InstanceType<typeof MalformedRecordError>).location.line).toBe(7);
    expect(a.open).toBeNull();
  });

  it('gives up on a runaway quote after 10,000 lines and reads on after it', () => {
    const a = new CsvRecordAssembler(',');
    expect(a.push('"stray', 1)).toBeNull();
    let err: unknown = null;
    let n = 2;
    for (; n < 20_000 && err === null; n++) {
      try {
        a.push(`row ${n},x`, n);
      } catch (e) {
        err = e;
      }
    }
    expect(err).toBeInstanceOf(MalformedRecordError);
    expect((err as InstanceType<typeof MalformedRecordError>).location.line).toBe(1);
    expect(n).toBeLessThan(10_100);
    expect(a.push('a,b', n)).toEqual({ fields: ['a', 'b'], line: n });
  });

  it('gives up on a runaway quote after 1 MB, in time linear in its size', () => {
    const a = new CsvRecordAssembler(',');
    a.push('"stray', 1);
    const line = 'y'.repeat(2000);
    const started = Date.now();
    let err: unknown = null;
    for (let n = 2; n < 1000 && err === null; n++) {
      try {
        a.push(line, n);
      } catch (e) {
        err = e;
      }
    }
    expect(err).toBeInstanceOf(MalformedRecordError);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses a delimiter that is not one character or is the quote', () => {
    expect(() => new CsvRecordAssembler(',,')).toThrow();
    expect(() => new CsvRecordAssembler('"')).toThrow();
  });
});

describe('guessDelimiter', () => {
  it('picks the delimiter that splits the header into the most fields', () => {
    expect(guessDelimiter('a,b,c')).toBe(',');
    expect(guessDelimiter('a;b;c')).toBe(';');
    expect(guessDelimiter('a\tb\tc')).toBe('\t');
    expect(guessDelimiter('a|b|c')).toBe('|');
    expect(guessDelimiter('"x;y",b,c')).toBe(',');
    expect(guessDelimiter('Zeitpunkt;Quelle, Ort;Ziel')).toBe(';');
    expect(guessDelimiter('single')).toBe(',');
  });
});
