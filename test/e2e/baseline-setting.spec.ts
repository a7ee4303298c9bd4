import path from 'node:path';
import { expect, test } from '@playwright/test';
import { fixturesDir, useServeHost } from './serve-host.js';
import { cli } from './week-home.js';

// A case analysed from the command line with the analyst's own end of the baseline.
const host = useServeHost(test, {
  demo: false,
  prepare: (home) => {
    cli(home, 'import', path.join(fixturesDir, 'zeek/lsass-conn.log'), '--case', 'Baseline');
    cli(home, 'analyze', '--case', 'Baseline', '--baseline-until', '2000-01-01');
  },
  caseName: 'Baseline',
});

test('the analysis bar says the baseline is the analyst\'s, and the UI\'s analysis keeps it', async ({ page }) => {
  await page.goto(host().url);
  const bar = page.getByTestId('analysis-bar');
  await expect(bar.getByTestId('baseline-set')).toContainText('baseline until 2023-08-16 04:53');
  await expect(bar.getByTestId('baseline-set')).toContainText('as the analyst set it');
  const before = JSON.parse(cli(host().home, 'analyze', '--case', 'Baseline', '--cached', '--json').toString()) as { run: { id: number } };

  await bar.getByRole('button', { name: 'Analyse again' }).click();
  await expect.poll(() => (JSON.parse(cli(host().home, 'analyze', '--case', 'Baseline', '--cached', '--json').toString()) as { run: { id: number } }).run.id, { timeout: 30_000 }).toBeGreaterThan(before.run.id);
  const after = JSON.parse(cli(host().home, 'analyze', '--case', 'Baseline', '--cached', '--json').toString()) as { run: { baselineUntil: string | null; window: { start: string; baselineEnd: string } } };
  expect(after.run.baselineUntil).toBe('2000-01-01T00:00:00.000Z');
  expect(after.run.window.baselineEnd).toBe(after.run.window.start);
  await expect(bar.getByTestId('baseline-set')).toContainText('as the analyst set it');
});
