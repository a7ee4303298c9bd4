import type { ParamError } from './problems.js';
import { ID_PATTERN } from './snowflake.js';

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Reads and validates query parameters, collecting every problem (X reports them all in one 400,
 * x-api.md §2.2). Messages follow the observed format; the ones marked [ASSUMED] in x-api.md keep
 * the same shape.
 */
export class Params {
  readonly errors: ParamError[] = [];

  constructor(
    private readonly query: URLSearchParams,
    allowed: readonly string[],
  ) {
    for (const name of new Set(query.keys())) {
      if (!allowed.includes(name)) this.fail(name, query.get(name) ?? '', `The query parameter [${name}] is not one of [${allowed.join(',')}]`);
    }
  }

  get(name: string): string | undefined {
    return this.query.get(name) ?? undefined;
  }

  fail(name: string, value: string, message: string): void {
    this.errors.push({ parameters: { [name]: [value] }, message });
  }

  /** A comma list whose items must come from `known`. */
  list(name: string, known: readonly string[]): Set<string> {
    const raw = this.get(name);
    if (raw === undefined) return new Set();
    const items = raw.split(',');
    const bad = items.filter((item) => !known.includes(item));
    if (bad.length > 0) this.fail(name, raw, `The \`${name}\` query parameter value [${bad.join(',')}] is not one of [${known.join(',')}]`);
    return new Set(items.filter((item) => known.includes(item)));
  }

  int(name: string, min: number, max: number, fallback: number): number {
    const raw = this.get(name);
    if (raw === undefined) return fallback;
    const n = /^-?\d+$/.test(raw) ? Number(raw) : NaN;
    if (!(n >= min && n <= max)) {
      this.fail(name, raw, `The \`${name}\` query parameter value [${raw}] is not between ${min} and ${max}`);
      return fallback;
    }
    return n;
  }

  matching(name: string, pattern: RegExp, raw = this.get(name)): string | undefined {
    if (raw === undefined) return undefined;
    if (pattern.test(raw)) return raw;
    this.fail(name, raw, `The \`${name}\` query parameter value [${raw}] does not match ${pattern.source}`);
    return undefined;
  }

  id(name: string): bigint | undefined {
    const raw = this.matching(name, ID_PATTERN);
    return raw === undefined ? undefined : BigInt(raw);
  }

  /** RFC 3339 time in epoch ms, not before `earliest` (epoch ms). */
  time(name: string, earliest: number, earliestText: string): number | undefined {
    const raw = this.get(name);
    if (raw === undefined) return undefined;
    const ms = RFC3339.test(raw) ? Date.parse(raw) : NaN;
    if (Number.isNaN(ms)) {
      this.fail(name, raw, `The \`${name}\` query parameter value [${raw}] is not a valid RFC 3339 date-time`);
      return undefined;
    }
    if (ms < earliest) {
      this.fail(name, raw, `Invalid '${name}':'${raw}'. '${name}' must be on or after ${earliestText}`);
      return undefined;
    }
    return ms;
  }

  oneOf(name: string, values: readonly string[], fallback: string): string {
    const raw = this.get(name);
    if (raw === undefined) return fallback;
    if (values.includes(raw)) return raw;
    this.fail(name, raw, `The \`${name}\` query parameter value [${raw}] is not one of [${values.join(',')}]`);
    return fallback;
  }

  required(name: string): string | undefined {
    const raw = this.get(name);
    if (raw === undefined || raw === '') {
      this.errors.push({ parameters: { [name]: [] }, message: `The \`${name}\` query parameter can not be empty` });
      return undefined;
    }
    return raw;
  }

  /** Two parameters that may not be combined [ASSUMED message]. */
  exclusive(a: string, b: string): void {
    const va = this.get(a);
    const vb = this.get(b);
    if (va !== undefined && vb !== undefined) {
      this.errors.push({ parameters: { [a]: [va], [b]: [vb] }, message: `The \`${a}\` query parameter can not be used with the \`${b}\` query parameter` });
    }
  }
}

/** Field selection of one request: `tweet.fields`, `user.fields`, `expansions`. */
export interface Selection {
  tweetFields: Set<string>;
  userFields: Set<string>;
  expansions: Set<string>;
}
