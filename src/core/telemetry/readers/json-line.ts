import { MalformedRecordError } from '../../errors/index.js';

/** One JSON-lines record, which must be an object; a cut-short last line fails here with its number. */
export function parseJsonObject(text: string, line: number): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new MalformedRecordError(`invalid JSON (${(err as Error).message})`, { line });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MalformedRecordError('expected one JSON object per line', { line });
  }
  return value as Record<string, unknown>;
}
