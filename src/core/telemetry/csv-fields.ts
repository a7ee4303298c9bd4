/**
 * One CSV record's fields, cut out only when asked for. A line without
 * quotes (nearly every line of an export) is kept whole with each field's
 * start and end; `text(i)` makes the field a string, and `digits(i)` /
 * `decimal(i)` read a plain number in place, without one. Splitting every
 * line into strings cost the mapped-CSV reader more than the rest of its
 * work: most columns are numbers or unused. A record with quotes is held as
 * the fields parseRecord made. One instance is reused for every record, so a
 * reader must be done with a record before the next line.
 */
export class CsvFields {
  /** The record's first line (1-based). */
  line = 0;
  /** How many fields the record has. */
  count = 0;
  private whole = '';
  private parsed: readonly string[] | null = null;
  private starts = new Int32Array(64);
  private ends = new Int32Array(64);

  /** A record that is one line without quotes: fields are found, not cut (`delimiter`: one or more characters). */
  setLine(text: string, delimiter: string, line: number): void {
    this.whole = text;
    this.parsed = null;
    this.line = line;
    let n = 0;
    let from = 0;
    for (;;) {
      if (n === this.starts.length) this.grow();
      const d = text.indexOf(delimiter, from);
      this.starts[n] = from;
      this.ends[n] = d === -1 ? text.length : d;
      n++;
      if (d === -1) break;
      from = d + delimiter.length;
    }
    this.count = n;
  }

  /** A record parseRecord made (quoted fields, or over several lines). */
  setFields(fields: readonly string[], line: number): void {
    this.parsed = fields;
    this.whole = '';
    this.line = line;
    this.count = fields.length;
  }

  /** Field i as written (not trimmed); i must be below count. */
  text(i: number): string {
    return this.parsed ? (this.parsed[i] as string) : this.whole.slice(this.starts[i], this.ends[i]);
  }

  /** Every field, as strings (headers, previews). */
  all(): string[] {
    return Array.from({ length: this.count }, (_, i) => this.text(i));
  }

  /**
   * Field i's value when it is 1 to 15 ASCII digits and nothing else (no
   * sign, no space), read in place; NaN for anything else, which the caller
   * reads from text(i) the general way.
   */
  digits(i: number): number {
    if (this.parsed) return NaN;
    const s = this.whole;
    const start = this.starts[i] as number;
    const end = this.ends[i] as number;
    if (end === start || end - start > 15) return NaN;
    let v = 0;
    for (let k = start; k < end; k++) {
      const c = s.charCodeAt(k) - 48;
      if (c < 0 || c > 9) return NaN;
      v = v * 10 + c;
    }
    return v;
  }

  /**
   * Field i's value when it is digits with at most one '.' inside them
   * ("12", "0.362120"), 15 digits at most; NaN for anything else. m / 10^k
   * with both exact (below 2^53, k <= 15) rounds once, to the double nearest
   * the decimal: the same value Number() gives.
   */
  decimal(i: number): number {
    if (this.parsed) return NaN;
    const s = this.whole;
    const start = this.starts[i] as number;
    const end = this.ends[i] as number;
    let m = 0;
    let digits = 0;
    let point = -1;
    for (let k = start; k < end; k++) {
      const c = s.charCodeAt(k);
      if (c === 46 && point === -1 && k > start && k < end - 1) point = k;
      else if (c >= 48 && c <= 57) {
        m = m * 10 + (c - 48);
        digits++;
      } else return NaN;
    }
    if (digits === 0 || digits > 15) return NaN;
    return point === -1 ? m : m / (POWERS_OF_TEN[end - point - 1] as number);
  }

  private grow(): void {
    const starts = new Int32Array(this.starts.length * 2);
    starts.set(this.starts);
    const ends = new Int32Array(this.ends.length * 2);
    ends.set(this.ends);
    this.starts = starts;
    this.ends = ends;
  }
}

/** 10^0..10^15, each exact (built by multiplying, each step exact below 2^53). */
const POWERS_OF_TEN: number[] = [1];
for (let k = 1; k <= 15; k++) POWERS_OF_TEN.push((POWERS_OF_TEN[k - 1] as number) * 10);
