import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { serveAnalysedWeek } from './analysed-week.js';
import { shotsDir } from './serve-host.js';

/**
 * The report builder on the analysed synthetic week, in the browser host:
 * the default selection's count, a JSON report downloaded and read back
 * (its findings, title, analyst and TLP as chosen in the dialog), a hostile
 * title that stays text, and an engine refusal shown in words.
 */
const week = serveAnalysedWeek();
const api = (name: string, input: unknown) => week.api(name, input);
test.setTimeout(120_000);

const HOSTILE_TITLE = '<img src=x onerror=alert(1)>';

/** The week open, its case id, and the Report… button ready. */
async function openWeek(page: Page, errors: string[]): Promise<string> {
  const caseId = await week.open(page, errors);
  await expect(page.getByTestId('open-report')).toBeEnabled({ timeout: 60_000 });
  return caseId;
}

test('the builder: default count, a JSON report downloaded with what was typed, a hostile title kept as text', async ({ page }) => {
  const errors: string[] = [];
  const caseId = await openWeek(page, errors);

  // Opened, it takes the focus in its first field; Esc closes it.
  await page.getByTestId('open-report').click();
  const dialog = page.getByTestId('report-dialog');
  await expect(dialog.getByLabel('Title')).toBeFocused();
  await expect(dialog.getByLabel('Title')).toHaveValue('Northwind week — investigation report');
  await expect(dialog.getByRole('radio', { name: 'TLP:AMBER', exact: true })).toBeChecked();
  await expect(dialog.getByLabel('Format')).toHaveValue('html');
  await expect(dialog.getByLabel('Include the graph as I see it')).toBeChecked();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await page.getByTestId('open-report').click();

  // The default count is the engine's rule: score >= 0.7, or confirmed malicious.
  const listed = JSON.parse(await api('listFindings', { caseId, limit: 10_000 })) as { result: { findings: { score: number; verdict: string | null }[] } };
  const expected = listed.result.findings.filter((f) => f.score >= 0.7 || f.verdict === 'malicious').length;
  expect(expected).toBeGreaterThan(0);
  const count = dialog.getByTestId('report-count');
  await expect(count).toHaveText(new RegExp(`^${expected} findings? selected of ${listed.result.findings.length}$`));
  await page.screenshot({ path: path.join(shotsDir, 'report-dialog-light.png') });

  // A higher score selects fewer, live.
  await dialog.getByLabel('Least score').fill('0.95');
  const higher = listed.result.findings.filter((f) => f.score >= 0.95 || f.verdict === 'malicious').length;
  expect(higher).toBeLessThan(expected);
  await expect(count).toHaveText(new RegExp(`^${higher} findings? selected`));
  await dialog.getByLabel('Least score').fill('0.70');
  await expect(count).toHaveText(new RegExp(`^${expected} findings? selected`));

  await dialog.getByLabel('Title').fill(HOSTILE_TITLE);
  await dialog.getByLabel('Analyst').fill('R. Ui <b>x</b>');
  await dialog.getByRole('radio', { name: 'TLP:RED', exact: true }).check();
  await dialog.getByLabel('Format').selectOption('json');
  await expect(dialog.getByLabel('Include the graph as I see it')).not.toBeChecked();
  const downloading = page.waitForEvent('download');
  await dialog.getByTestId('report-create').click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^sightline-report-Northwind-week-\d{4}-\d{2}-\d{2}\.json$/);
  const report = JSON.parse(fs.readFileSync(await download.path(), 'utf8')) as { schema: string; title: string; analyst: string; tlp: string; findings: unknown[]; selection: { minScore: number } };
  expect(report).toMatchObject({ schema: 'sightline-report', title: HOSTILE_TITLE, analyst: 'R. Ui <b>x</b>', tlp: 'red', selection: { minScore: 0.7 } });
  expect(report.findings).toHaveLength(expected);
  await expect(dialog.getByTestId('report-result')).toHaveText(new RegExp(`^Report written: ${expected} findings, [\\d.]+ [KM]B, sha256 [0-9a-f]{64}; downloaded as sightline-report-Northwind-week-`));

  // The hostile title stayed text: no element from it, nothing ran.
  await expect(page.locator('img[src="x"]')).toHaveCount(0);
  await expect(dialog.locator('b')).toHaveCount(0);

  // HTML with the graph as drawn: opened, it shows the title as text, the marking, the graph, and runs nothing.
  await dialog.getByLabel('Format').selectOption('html');
  await expect(dialog.getByLabel('Include the graph as I see it')).toBeChecked();
  await expect(page.getByTestId('graph-surface')).toBeVisible();
  const htmlDownloading = page.waitForEvent('download');
  await dialog.getByTestId('report-create').click();
  const html = await htmlDownloading;
  expect(html.suggestedFilename()).toMatch(/\.html$/);
  await expect(dialog.getByTestId('report-result')).toHaveText(new RegExp(`^Report written: ${expected} findings, `));
  const file = path.resolve('test-results/report-e2e.html');
  fs.copyFileSync(await html.path(), file);
  const opened = await page.context().newPage();
  const reportErrors: string[] = [];
  opened.on('pageerror', (e) => reportErrors.push(e.message));
  opened.on('dialog', (d) => {
    reportErrors.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await opened.goto(`file://${file}`);
  await expect(opened.getByText(HOSTILE_TITLE).first()).toBeVisible();
  await expect(opened.getByText('TLP:RED').first()).toBeVisible();
  await expect(opened.locator('img[src="x"]')).toHaveCount(0);
  // The view as drawn (the canvas's SVG export), not the report's own layout of the findings.
  await expect(opened.locator('#graph h2')).toHaveText('The graph');
  await expect(opened.locator('#graph figcaption')).toContainText('as the analyst saw it');
  await expect(opened.locator('#graph svg.ui-graph-svg')).toBeVisible();
  await opened.screenshot({ path: path.join(shotsDir, 'report-html.png') });
  await opened.screenshot({ path: path.join(shotsDir, 'report-html-full.png'), fullPage: true });
  expect(reportErrors).toEqual([]);
  expect(errors).toEqual([]);
});

test('chosen findings: all, none, a checklist; a choice made before a re-analysis is not sent; the dark theme', async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: 'dark', viewport: { width: 1400, height: 860 } });
  const page = await context.newPage();
  const errors: string[] = [];
  const caseId = await openWeek(page, errors);
  await page.getByTestId('open-report').click();
  const dialog = page.getByTestId('report-dialog');
  await dialog.getByRole('radio', { name: 'Choose findings' }).check();
  await expect(dialog.getByTestId('report-count')).toHaveText(/^0 findings selected/);
  await expect(dialog.getByTestId('report-create')).toBeDisabled();
  await expect(dialog.getByText('Choose at least one finding.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Select all' }).click();
  const all = await dialog.getByTestId('report-finding').count();
  await expect(dialog.getByTestId('report-count')).toHaveText(new RegExp(`^${all} findings? selected of ${all}$`));
  await dialog.getByRole('button', { name: 'Select none' }).click();
  await dialog.getByTestId('report-finding').nth(0).getByRole('checkbox').check();
  await dialog.getByTestId('report-finding').nth(1).getByRole('checkbox').check();
  await expect(dialog.getByTestId('report-count')).toHaveText(/^2 findings selected/);
  await dialog.getByLabel('Format').selectOption('json');
  await page.screenshot({ path: path.join(shotsDir, 'report-dialog-dark.png') });

  // Finding ids are the analysis's: after another run the ids the dialog holds are not sent.
  expect(await api('analyzeCase', { caseId })).toContain('event: result');
  await dialog.getByTestId('report-create').click();
  await expect(dialog.getByTestId('report-error')).toHaveText('The case was analysed again since the findings were listed: they are listed anew, choose them again.');
  await expect(dialog.getByTestId('report-count')).toHaveText(/^0 findings selected of \d+$/);
  await expect(dialog.getByTestId('report-create')).toBeDisabled();
  await dialog.getByTestId('report-finding').nth(0).getByRole('checkbox').check();
  const downloading = page.waitForEvent('download');
  await dialog.getByTestId('report-create').click();
  const report = JSON.parse(fs.readFileSync(await (await downloading).path(), 'utf8')) as { findings: unknown[] };
  expect(report.findings).toHaveLength(1);
  await expect(dialog.getByTestId('report-result')).toContainText('Report written: 1 finding,');
  expect(errors).toEqual([]);
  await context.close();
});
