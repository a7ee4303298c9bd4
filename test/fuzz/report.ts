import { violationClasses, type Outcome, type ViolationClass } from './checks.js';
import type { FuzzRun, MutantRecord } from './run-fuzz.js';

const OUTCOMES: readonly Outcome[] = ['imported', 'quarantined', 'duplicate', 'refused', 'no-answer'];

/** A left-aligned first column and right-aligned numbers. */
function table(head: string[], rows: (string | number)[][]): string {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  return cells.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ')).join('\n');
}

function breakdown(records: readonly MutantRecord[], key: (r: MutantRecord) => string, label: string): string {
  const groups = new Map<string, MutantRecord[]>();
  for (const r of records) groups.set(key(r), [...(groups.get(key(r)) ?? []), r]);
  const row = (name: string, rs: readonly MutantRecord[]) => [
    name, rs.length, ...OUTCOMES.map((o) => rs.filter((r) => r.outcome === o).length), rs.filter((r) => r.cli).length,
    rs.filter((r) => r.violations.length > 0).length, (rs.reduce((n, r) => n + r.ms, 0) / 1000).toFixed(1),
  ];
  const rows = [...groups.keys()].sort().map((k) => row(k, groups.get(k) ?? []));
  rows.push(row('all', records));
  return table([label, 'tried', ...OUTCOMES, 'via CLI', 'violating', 'seconds'], rows);
}

/** A refusal message with paths, numbers and quoted values blurred, so like refusals count together. */
export function refusalKey(message: string): string {
  return message
    .replace(/(\/[^\s,:;'"()]+)+/g, '<path>')
    .replace(/"[^"]*"|'[^']*'/g, '<value>')
    .replace(/\d+/g, 'N')
    .slice(0, 140);
}

/** The summary `npm run fuzz` prints and writes beside the mutants. */
export function summarize(run: FuzzRun): string {
  const { records, options } = run;
  const violating = records.filter((r) => r.violations.length > 0);
  const lines = [
    `Sightline fuzz: seed ${options.seed}, ${records.length} mutants of ${new Set(records.map((r) => r.seed)).size} seed files ` +
      `(${records.filter((r) => r.cli).length} also through the CLI), ${(run.elapsedMs / 1000).toFixed(1)} s` +
      (run.notApplicable ? `; ${run.notApplicable} indexes had nothing to mutate` : ''),
    '',
    breakdown(records, (r) => `${r.target === 'intel' ? 'intel ' : ''}${r.format}`, 'format'),
    '',
    breakdown(records, (r) => r.kind, 'mutation'),
    '',
  ];
  const refusals = new Map<string, number>();
  for (const r of records) if (r.outcome === 'refused' && r.message) refusals.set(refusalKey(r.message), (refusals.get(refusalKey(r.message)) ?? 0) + 1);
  lines.push('Most frequent refusals:');
  for (const [k, n] of [...refusals].sort((a, b) => b[1] - a[1]).slice(0, 15)) lines.push(`  ${String(n).padStart(5)} × ${k}`);
  const slow = [...records].sort((a, b) => b.ms - a.ms).slice(0, 5);
  lines.push('', `Slowest: ${slow.map((r) => `#${r.index} ${r.seed} ${r.kind} ${(r.ms / 1000).toFixed(1)} s`).join('; ')}`, '');
  if (violating.length === 0) {
    lines.push('No violations.');
    return lines.join('\n');
  }
  lines.push(`Violations: ${violating.length} mutants`);
  const byClass = new Map<ViolationClass, MutantRecord[]>();
  for (const r of violating) for (const c of new Set(r.violations.map((v) => v.class))) byClass.set(c, [...(byClass.get(c) ?? []), r]);
  for (const [cls, rs] of byClass) {
    lines.push(`  ${cls} (${violationClasses[cls]}): ${rs.length}`);
    for (const r of rs.slice(0, 5)) {
      const v = r.violations.find((x) => x.class === cls);
      lines.push(`    #${r.index} ${r.seed} ${r.kind} (${r.detail.slice(0, 80)}) [${v?.via}]: ${v?.message.slice(0, 240)}`);
      for (const repro of r.repro ?? []) lines.push(`      ${repro}`);
    }
  }
  return lines.join('\n');
}
