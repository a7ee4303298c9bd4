/** Snowflake ids (x-api.md §2.1): `((ms − 1288834974657) << 22) | sequence`, so id order is time order. */

export const TWITTER_EPOCH_MS = 1288834974657n;

export function snowflakeFromMs(ms: number, sequence = 0): string {
  return (((BigInt(Math.floor(ms)) - TWITTER_EPOCH_MS) << 22n) | BigInt(sequence & 0x3fffff)).toString();
}

export function msFromSnowflake(id: string): number {
  return Number((BigInt(id) >> 22n) + TWITTER_EPOCH_MS);
}

/** Numeric comparison of decimal id strings, for sorting (newest first = `-compareIds`). */
export function compareIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export const ID_PATTERN = /^[0-9]{1,19}$/;
