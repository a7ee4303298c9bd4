import { describe, expect, it } from 'vitest';
import { reportFileName } from '../../src/shared/report-types.js';

describe('reportFileName', () => {
  const at = Date.parse('2026-11-20T15:00:00Z');

  it('names the case, the day and the format', () => {
    expect(reportFileName('Northwind week', 'html', at)).toBe('sightline-report-Northwind-week-2026-11-20.html');
    expect(reportFileName('Northwind', 'connections', at)).toBe('sightline-report-Northwind-2026-11-20.csv');
  });

  it('keeps no folder, hidden character or leading dot of a hostile case name', () => {
    expect(reportFileName('../../etc/passwd', 'json', at)).toBe('sightline-report-etc-passwd-2026-11-20.json');
    expect(reportFileName('inv\u202Egpj.exe', 'pdf', at)).toBe('sightline-report-inv-gpj.exe-2026-11-20.pdf');
    expect(reportFileName('...', 'csv', at)).toBe('sightline-report-case-2026-11-20.csv');
    expect(reportFileName('x'.repeat(500), 'json', at)).toBe(`sightline-report-${'x'.repeat(60)}-2026-11-20.json`);
  });
});
