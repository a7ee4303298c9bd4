import type { ScoreCombination } from '../../shared/analysis-types.js';

const ROLE = { sets: 'sets the score', adds: 'adds', 'same-kind': 'not counted: a stronger piece of its kind counts' } as const;
const OVERRIDE = { allowlist: 'an allowlist rule sets it to 0', benign: 'the benign verdict sets it to 0', malicious: 'the malicious verdict sets it to 1' } as const;

const n2 = (v: number) => v.toFixed(2);
const n3 = (v: number) => String(Math.round(v * 1000) / 1000);

/**
 * How the finding's score was reached, with the numbers: each piece of
 * evidence's own score, the weight its kind got, what it added to the running
 * total (the strongest sets it; each further one closes corroboration × its
 * weighted score of the gap to 1), and what a verdict or allowlist rule did.
 */
export function ScoreBreakdown({ c }: { c: ScoreCombination }) {
  if (c.steps.length === 0 && c.override === null) return null;
  return (
    <details className="score-breakdown" data-testid="score-breakdown">
      <summary>How the score {n2(c.total)} was reached</summary>
      <table className="score-steps">
        <thead>
          <tr>
            <th>Evidence</th>
            <th>Own score</th>
            <th>Weight</th>
            <th>Step</th>
            <th>Total</th>
          </tr>
        </thead>
        <tbody>
          {c.steps.map((s, i) => (
            <tr key={i} data-role={s.role} className={s.role === 'same-kind' ? 'muted' : ''}>
              <td>{s.kind}</td>
              <td className="num">{n2(s.score)}</td>
              <td className="num">× {n2(s.weight)}</td>
              <td className="small">
                {s.role === 'adds' ? `+ (1 − ${n3(c.steps[i - 1]?.total ?? 0)}) × ${n3(s.score * s.weight)} × ${n2(c.corroboration)}` : ROLE[s.role]}
              </td>
              <td className="num">{n3(s.total)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">
        {c.behaviourWeight < 1 && `Behaviour counts at ${Math.round(c.behaviourWeight * 100)} % here (see the modifiers above); IoC, hash, alert and process evidence never damped. `}
        From the evidence: {n3(c.fromEvidence)}
        {c.override && `; ${OVERRIDE[c.override]}`}.
      </p>
    </details>
  );
}
