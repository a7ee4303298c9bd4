import { describe, expect, it } from 'vitest';
import { CsvFields } from '../../src/core/telemetry/csv-fields.js';
import { CsvRecordAssembler } from '../../src/core/telemetry/csv-records.js';
import { numberValue, optionalCount } from '../../src/core/telemetry/fields.js';
import { mulberry32, randomString } from '../helpers/prng.js';

/*
 * CsvFields keeps a quote-free line whole and reads numbers in place. Held
 * here to what it replaced: split() for the fields, optionalCount and
 * numberValue (Number()) for the values, on random lines near the edges.
 */

const RUNS = 20_000;

/** What the reader made of a field before: optionalCount, or NaN where it threw. */
function countBefore(v: string): number {
  try {
    return optionalCount(v, 'f', 1, []) as number;
  } catch {
    return NaN;
  }
}

function numberBefore(v: string): number {
  return numberValue(v);
}

describe('CsvFields on a line without quotes', () => {
  it('finds the fields split() finds, empty ones and the last included', () => {
    const rand = mulberry32(11);
    const f = new CsvFields();
    for (let run = 0; run < RUNS; run++) {
      const line = randomString(rand, ['a', '1', ',', ',', ' ', '\t', 'é', '🦊'], 200);
      f.setLine(line, ',', 7);
      expect(f.all()).toEqual(line.split(','));
      expect(f.count).toBe(line.split(',').length);
      expect(f.line).toBe(7);
    }
  });

  it('digits(): the value optionalCount gives for plain digits, NaN for anything it leaves to the general path', () => {
    const rand = mulberry32(12);
    const f = new CsvFields();
    for (let run = 0; run < RUNS; run++) {
      const value = randomString(rand, ['0', '1', '7', '9', '9', '-', ' ', '.', 'x', '+'], 18);
      f.setLine(`a,${value},b`, ',', 1);
      const n = f.digits(1);
      if (n === n) expect(n).toBe(countBefore(value));
      else expect(/^\d{1,15}$/.test(value)).toBe(false);
    }
  });

  it('decimal(): exactly Number() for digits with one inner point, NaN for the rest', () => {
    const rand = mulberry32(13);
    const f = new CsvFields();
    for (let run = 0; run < RUNS; run++) {
      const value = randomString(rand, ['0', '1', '3', '5', '9', '9', '9', '.', '.', '-', 'e', ' '], 20);
      f.setLine(`${value}`, ',', 1);
      const n = f.decimal(0);
      if (n === n) expect(n).toBe(numberBefore(value));
      else expect(/^\d+(\.\d+)?$/.test(value) && value.replace('.', '').length <= 15).toBe(false);
    }
    // Values whose last digits decide the rounding.
    for (const v of ['0.1', '0.362120', '123456789012.345', '999999999999999', '0.00000000000001', '9007199254740.99']) {
      f.setLine(v, ',', 1);
      expect(f.decimal(0)).toBe(Number(v));
    }
  });

  it('reads more fields than its first arrays hold', () => {
    const f = new CsvFields();
    const line = Array.from({ length: 300 }, (_, i) => String(i)).join(';');
    f.setLine(line, ';', 1);
    expect(f.count).toBe(300);
    expect(f.digits(299)).toBe(299);
    expect(f.text(150)).toBe('150');
  });
});

describe('CsvRecordAssembler.pushInto', () => {
  it('gives the records push() gives, quoted and multi-line ones included', () => {
    const lines = ['a,b,c', '"x, y",2,"say ""hi"""', '"two', 'lines",3,4', '', 'plain,5,6.5'];
    const byPush = new CsvRecordAssembler(',');
    const byInto = new CsvRecordAssembler(',');
    const f = new CsvFields();
    lines.forEach((text, i) => {
      const record = byPush.push(text, i + 1);
      const complete = byInto.pushInto(text, i + 1, f);
      expect(complete).toBe(record !== null);
      if (record) {
        expect(f.all()).toEqual(record.fields);
        expect(f.line).toBe(record.line);
      }
    });
    // Numbers in quoted records are left to the general path.
    byInto.pushInto('"7",8', 9, f);
    expect([f.digits(0), f.digits(1), f.text(1)]).toEqual([NaN, NaN, '8']);
  });
});
