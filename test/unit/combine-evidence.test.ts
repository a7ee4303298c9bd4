import { describe, expect, it } from 'vitest';
import { combineEvidence, explainCombination, type UnitContext } from '../../src/core/analysis/combine.js';
import type { Evidence } from '../../src/core/analysis/evidence.js';

const ev = (kind: Evidence['kind'], score: number): Evidence => ({ kind, score, severity: null, text: `${kind} at ${score}`, facts: {} });
const alone: UnitContext = { destinationHosts: 1, caseHosts: 8, allowlistedBy: null, verdict: null, knownBenign: null };

describe('combineEvidence', () => {
  it('scores one piece of evidence as itself, graded on the shared scale', () => {
    expect(combineEvidence([ev('beacon', 0.93)], alone)).toMatchObject({ score: 0.93, severity: 'medium', kinds: ['beacon'] });
    expect(combineEvidence([ev('beacon', 0.4)], alone)).toMatchObject({ score: 0.4, severity: null });
  });

  it('lets independent evidence corroborate without two weak pieces making a strong one', () => {
    expect(combineEvidence([ev('beacon', 0.5), ev('new-destination', 0.5)], alone).score).toBe(0.625);
    const strong = combineEvidence([ev('unusual-port', 0.6), ev('ioc', 0.94), ev('beacon', 0.8)], alone);
    // Strongest first: 0.94, then + 0.06 × 0.8 × 0.5 = 0.964, then + 0.036 × 0.6 × 0.5 = 0.975.
    expect(strong.score).toBe(0.975);
    expect(strong.explanations.map((e) => e.kind)).toEqual(['ioc', 'beacon', 'unusual-port']);
    expect(strong.kinds).toEqual(['ioc', 'beacon', 'unusual-port']);
  });

  it('counts behaviour towards a destination most hosts reach at half, and says so; reputation is never damped', () => {
    const common: UnitContext = { ...alone, destinationHosts: 8 };
    const beacon = combineEvidence([ev('beacon', 0.96)], common);
    expect(beacon.score).toBe(0.48);
    expect(beacon.explanations.at(-1)).toMatchObject({ kind: 'prevalence', text: '8 of 8 hosts reach this destination: its behaviour counts at 50 %' });
    expect(combineEvidence([ev('ioc', 0.94)], common)).toMatchObject({ score: 0.94, kinds: ['ioc'] });
    // Two hosts of two say nothing about what is common.
    expect(combineEvidence([ev('beacon', 0.96)], { ...alone, destinationHosts: 2, caseHosts: 2 }).score).toBe(0.96);
  });

  it('damps behaviour towards known-benign infrastructure and names the list', () => {
    const r = combineEvidence([ev('beacon', 0.8)], { ...alone, knownBenign: 'List of known IPv4 public DNS resolvers' });
    expect(r.score).toBe(0.4);
    expect(r.kinds).toEqual(['beacon', 'known-benign']);
    expect(r.explanations.at(-1)?.text).toBe('on the warninglist "List of known IPv4 public DNS resolvers": its behaviour counts at 50 %');
  });

  it('keeps an allowlisted or benign unit at score 0 with the reason, and a malicious one at 1', () => {
    const allowed = combineEvidence([ev('ioc', 1)], { ...alone, allowlistedBy: 'rule 3: 10.0.0.0/8 (backup)' });
    expect(allowed).toMatchObject({ score: 0, severity: null, kinds: ['ioc', 'suppressed'] });
    expect(allowed.explanations.at(-1)?.text).toBe('allowlisted (rule 3: 10.0.0.0/8 (backup)): not counted');
    expect(combineEvidence([ev('beacon', 0.9)], { ...alone, verdict: 'benign' })).toMatchObject({ score: 0, kinds: ['beacon', 'verdict'] });
    expect(combineEvidence([], { ...alone, verdict: 'malicious' })).toMatchObject({ score: 1, severity: 'high', kinds: ['verdict'] });
  });

  it('keeps evidence that scores nothing (a suppressed IoC) after what counts', () => {
    const r = combineEvidence([{ ...ev('suppressed', 0), text: '8.8.8.8 reported as C2, suppressed: on the public DNS list' }, ev('beacon', 0.7)], alone);
    expect(r.score).toBe(0.7);
    expect(r.explanations.map((e) => e.kind)).toEqual(['beacon', 'suppressed']);
  });
});

describe('explainCombination', () => {
  it('shows each step of the sum with its weight, the same numbers combineEvidence reached', () => {
    const r = combineEvidence([ev('unusual-port', 0.6), ev('ioc', 0.94), ev('beacon', 0.8), ev('beacon', 0.7)], { ...alone, destinationHosts: 8 });
    const c = explainCombination(r.explanations);
    expect(c.behaviourWeight).toBe(0.5);
    expect(c.steps.map((s) => [s.kind, s.score, s.weight, s.role])).toEqual([
      ['ioc', 0.94, 1, 'sets'],
      ['beacon', 0.8, 0.5, 'adds'],
      ['beacon', 0.7, 0.5, 'same-kind'],
      ['unusual-port', 0.6, 0.5, 'adds'],
    ]);
    // 0.94, + 0.06 × 0.4 × 0.5 = 0.952, + 0.048 × 0.3 × 0.5 = 0.9592, shown to three decimals as the score is.
    expect(c.steps.map((s) => s.total)).toEqual([0.94, 0.952, 0.952, 0.959]);
    expect(c).toMatchObject({ fromEvidence: r.score, override: null, total: r.score });
  });

  it("gives the last step's total as the finding's score to the digit, where the float sum lands on a half (0.835)", () => {
    // 0.8 + 0.2 × 0.35 × 0.5 is 0.8350000000000001 in floating point: unrounded, a step read "0.84" beside a score of 0.83.
    const r = combineEvidence([ev('early-download', 0.8), ev('process', 0.35)], alone);
    const c = explainCombination(r.explanations);
    expect(r.score).toBe(0.835);
    expect(c.steps.at(-1)?.total).toBe(r.score);
    expect(c.steps.at(-1)?.total.toFixed(2)).toBe(r.score.toFixed(2));
  });

  it('says what an allowlist rule or a verdict did to the total', () => {
    const allowed = combineEvidence([ev('beacon', 0.9)], { ...alone, allowlistedBy: 'rule 1: 10.0.0.0/8' });
    expect(explainCombination(allowed.explanations)).toMatchObject({ fromEvidence: 0.9, override: 'allowlist', total: 0 });
    const bad = combineEvidence([ev('beacon', 0.4)], { ...alone, verdict: 'malicious' });
    expect(explainCombination(bad.explanations)).toMatchObject({ fromEvidence: 0.4, override: 'malicious', total: 1 });
  });

  it('reaches the stored score for any mix of evidence and context', () => {
    const kinds: Evidence['kind'][] = ['ioc', 'hash', 'process', 'beacon', 'volume', 'burst', 'new-destination', 'unusual-port'];
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 500; i++) {
      const evidence = Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => ev(kinds[Math.floor(rnd() * kinds.length)] as Evidence['kind'], Math.round(rnd() * 100) / 100));
      const unit: UnitContext = {
        destinationHosts: 1 + Math.floor(rnd() * 8),
        caseHosts: 8,
        allowlistedBy: rnd() < 0.1 ? 'rule 2' : null,
        verdict: rnd() < 0.1 ? 'benign' : rnd() < 0.1 ? 'malicious' : null,
        knownBenign: rnd() < 0.3 ? 'a list' : null,
        ownService: rnd() < 0.2 ? 'Dropbox' : null,
      };
      const r = combineEvidence(evidence, unit);
      expect(explainCombination(r.explanations).total, JSON.stringify({ evidence, unit })).toBe(r.score);
    }
  });
});
