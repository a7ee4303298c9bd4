import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { fixturesDir, shotsDir, useServeHost } from './serve-host.js';

const fixtures = fixturesDir;
const shots = shotsDir;
const host = useServeHost(test);

test('import feeds in the Intel view, browse indicators, read provenance and mark a false positive', async ({ page }) => {
  await page.goto(host().url);
  await page.getByRole('button', { name: 'Intel' }).click();
  await expect(page.getByTestId('intel-view')).toBeVisible();
  await page.screenshot({ path: path.join(shots, 'intel-empty.png') });

  // A hostile post text: it must show as text, never become markup.
  const hostile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sl-e2e-')), 'hostile-stix.json');
  fs.writeFileSync(
    hostile,
    JSON.stringify({
      type: 'bundle',
      id: 'bundle--e2e',
      objects: [
        {
          type: 'indicator', id: 'indicator--e2e', pattern: "[ipv4-addr:value = '45.133.113.66']", pattern_type: 'stix', valid_from: new Date().toISOString(),
          // Markup, a right-to-left override and a zero-width space: all shown, none obeyed.
          description: `<img src=x onerror="document.title='pwned'"><b>C2</b> at 45.133.113.66 in invoice\u202Egpj.exe\u200B${' long'.repeat(400)}`,
          external_references: [{ source_name: 'twitter', url: 'https://x.com/honeypotbot/status/1234567890123456789' }],
        },
      ],
    }),
  );
  await page.getByTestId('intel-import-input').setInputFiles([path.join(fixtures, 'intel/tweetfeed-today.csv'), hostile]);
  await expect(page.getByTestId('intel-import-results').locator('[data-status="imported"]')).toHaveCount(2);
  await expect(page.getByTestId('indicator-total')).toContainText('indicators');

  await page.getByLabel('Search indicators').fill('45.133.113.66');
  const row = page.locator('.irow[data-value="45.133.113.66"]');
  await row.click();
  const panel = page.getByTestId('provenance');
  await expect(panel).toContainText('@honeypotbot');
  await expect(panel.locator('.post-text')).toContainText('<img src=x onerror=');
  await expect(panel.locator('.post-text')).toContainText('invoice⟨U+202E⟩gpj.exe⟨U+200B⟩');
  await expect(panel.locator('.post-text .hidden-char')).toHaveCount(2);
  // A long post is cut; all of it is one click away.
  await expect(panel.locator('.post-text').getByRole('button', { name: /^Show all \(2,\d{3} characters\)$/ })).toBeVisible();
  await expect(panel.locator('img')).toHaveCount(0);
  expect(await page.title()).toBe('Sightline');
  await expect(panel.getByRole('link')).toHaveAttribute('href', 'https://x.com/honeypotbot/status/1234567890123456789');
  await page.screenshot({ path: path.join(shots, 'intel-provenance.png') });

  await panel.getByRole('button', { name: 'False positive' }).click();
  await expect(panel).toContainText('score 0');
  await expect(row).toContainText('false-positive');

  await page.getByLabel('Search indicators').fill('');
  await expect(page.locator('.iscroll .irow').first()).toBeVisible();
  await page.screenshot({ path: path.join(shots, 'intel-table.png') });
});

test('sources: follow an account, sync without a token shows what to do, no traffic leaves the machine', async ({ page }) => {
  await page.goto(host().url);
  await page.getByRole('button', { name: 'Intel' }).click();
  const panel = page.getByTestId('intel-sources');
  // The shipped default accounts are listed.
  await expect(panel.locator('[data-source="x:@abuse_ch"]')).toBeVisible();
  await page.getByLabel('Follow an account').fill('honeypot_e2e');
  await panel.getByRole('button', { name: 'Add' }).click();
  await expect(panel.locator('[data-source="x:@honeypot_e2e"]')).toBeVisible();

  await panel.getByRole('button', { name: 'Sync now' }).click();
  const results = page.getByTestId('sync-results');
  await expect(results.locator('[data-state="no-token"]').first()).toContainText('no X bearer token');
  await expect(results.locator('[data-state="no-token"]')).toContainText('16 sources');
  await expect(panel.locator('[data-source="x:@honeypot_e2e"]')).toContainText('no-token');
  await page.screenshot({ path: path.join(shots, 'intel-sources-no-token.png') });
});

test('exports the IoC store as a browser download; the page names no path and the file is fetched once', async ({ page }) => {
  await page.goto(host().url);
  await page.getByRole('button', { name: 'Intel' }).click();
  await page.getByTestId('intel-import-input').setInputFiles([path.join(fixtures, 'intel/tweetfeed-today.csv')]);
  await expect(page.getByTestId('intel-import-results').locator('[data-status="imported"]')).toHaveCount(1);
  // Uploaded copies are gone once imported.
  expect(fs.readdirSync(path.join(host().home, 'uploads'))).toEqual([]);

  const panel = page.getByTestId('intel-export');
  await panel.getByLabel('Export the IoC store').selectOption('csv');
  await panel.getByLabel('include expired indicators').check();
  const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Export' }).click()]);
  expect(download.suggestedFilename()).toMatch(/^sightline-intel-\d{4}-\d\d-\d\d\.csv$/);
  const saved = await download.path();
  const text = fs.readFileSync(saved, 'utf8');
  // The UTF-8 BOM first (Excel on Windows), then the header (trim() would drop the BOM: it counts as white space).
  expect(text.startsWith('\uFEFFtype,value,')).toBe(true);
  const lines = text.trim().split('\n');
  expect(lines.length).toBeGreaterThan(50);
  await expect(panel.getByTestId('intel-export-note')).toContainText(`${lines.length - 1} records`);
  await page.screenshot({ path: path.join(shots, 'intel-export.png') });
  // The download was handed over once and removed from the data home.
  await expect.poll(() => fs.readdirSync(path.join(host().home, 'downloads'))).toEqual([]);
});
