import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../helpers/fixtures.js';

interface Finding {
  id: string;
  file: string;
  description: string;
  severity: { name: string };
  location: { line: number };
}

/** The table of accepted findings in SECURITY.md: check and file of each row. */
function acceptedFindings(): { id: string; file: string }[] {
  const text = fs.readFileSync(path.join(repoRoot, 'SECURITY.md'), 'utf8');
  const section = text.slice(text.indexOf('## Accepted Electronegativity findings'));
  return section
    .split('\n')
    .filter((l) => /^\| [A-Z_]+ \|/.test(l))
    .map((l) => {
      const [id, file] = l.split('|').slice(1, 3).map((c) => c.trim());
      return { id: id as string, file: file as string };
    });
}

describe('Electronegativity (Doyensec) over the Electron code', () => {
  it('finds nothing HIGH, and every MEDIUM finding is one SECURITY.md accepts with a reason', () => {
    const electron = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).devDependencies.electron.replace(/^[^\d]*/, '') as string;
    const out = execFileSync(process.execPath, [path.join(repoRoot, 'test', 'security', 'run-electronegativity.mjs'), 'src', electron], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
    const result = JSON.parse(out) as { issues: Finding[]; errors: { file: string; message: string }[] };
    // It read every file (a file it cannot parse would hide findings).
    expect(result.errors).toEqual([]);
    const severe = result.issues.filter((i) => i.severity.name === 'HIGH' || i.severity.name === 'CRITICAL');
    expect(severe.map((i) => `${i.id} ${i.file}:${i.location.line} ${i.description}`)).toEqual([]);
    const medium = result.issues.filter((i) => i.severity.name === 'MEDIUM').map((i) => ({ id: i.id, file: i.file }));
    const key = (f: { id: string; file: string }) => `${f.id} ${f.file}`;
    expect([...new Set(medium.map(key))].sort()).toEqual(acceptedFindings().map(key).sort());
  }, 120_000);
});
