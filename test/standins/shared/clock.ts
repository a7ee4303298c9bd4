/**
 * The stand-ins' clock. Live by default (Date.now() + offset) so that headers such as
 * `x-rate-limit-reset` agree with the real clock that client libraries compare them to;
 * `setNow` freezes it, `advance` moves it (a frozen clock stays frozen).
 */
export interface Clock {
  now(): number;
  setNow(ms: number): void;
  advance(ms: number): void;
  /** Back to the live clock with no offset. */
  useRealTime(): void;
}

export function createClock(start?: number): Clock {
  let frozenAt: number | undefined = start;
  let offset = 0;
  return {
    now: () => frozenAt ?? Date.now() + offset,
    setNow(ms) {
      frozenAt = ms;
    },
    advance(ms) {
      if (frozenAt === undefined) offset += ms;
      else frozenAt += ms;
    },
    useRealTime() {
      frozenAt = undefined;
      offset = 0;
    },
  };
}
