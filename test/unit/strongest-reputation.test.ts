import { describe, expect, it } from 'vitest';
import { strongestReputation } from '../../src/core/graph/reputation-marks.js';

describe('a group\'s reputation mark', () => {
  it('is its strongest member\'s: a hit that counts over one set aside, then the higher score, then more hits', () => {
    const aside = { hits: 5, sources: 3, score: 0.95, suppressed: 'on the warninglist "x"' };
    const weak = { hits: 1, sources: 1, score: 0.4 };
    const strong = { hits: 1, sources: 1, score: 0.8 };
    const more = { hits: 2, sources: 1, score: 0.8 };
    expect(strongestReputation([aside, weak])).toBe(weak);
    expect(strongestReputation([weak, undefined, strong, aside])).toBe(strong);
    expect(strongestReputation([strong, more])).toBe(more);
    expect(strongestReputation([more, strong])).toBe(more);
    expect(strongestReputation([aside])).toBe(aside);
    expect(strongestReputation([undefined])).toBeUndefined();
  });
});
