import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { chooseFiles, importButton, newCase, openImportDialog, shootBothThemes } from './import-helpers.js';
import { fixturesDir, shotsDir, useServeHost } from './serve-host.js';

const host = useServeHost(test);
const siemCsv = path.join(fixturesDir, 'csv-ui/siem-alerts.csv');

test('a SIEM alert export goes through the column-mapping wizard, is saved as a profile and lands in the graph', async ({ page }) => {
  await page.goto(host().url);
  await newCase(page, 'SIEM alerts', 'siem-alerts');
  const dialog = await openImportDialog(page);
  // The dialog's first control has the focus.
  await expect(dialog.getByRole('button', { name: 'Choose files…' })).toBeFocused();
  await shootBothThemes(page, 'import-dialog-empty');

  await chooseFiles(dialog, [siemCsv]);
  const card = dialog.locator('[data-testid="file-card"][data-file="siem-alerts.csv"]');
  const wizard = card.getByTestId('mapping-wizard');
  await expect(wizard).toBeVisible();
  await expect(card.locator('.badge.problem')).toHaveText('Not recognised');

  // The engine's proposal: roles from the header names, types from the values, day-first times.
  await expect(wizard.getByLabel('Delimiter')).toHaveValue(',');
  await expect(wizard.getByLabel('First line is a header')).toBeChecked();
  await expect(wizard.getByLabel('Role of column Event Time')).toHaveValue('time');
  await expect(wizard.getByLabel('Role of column Destination IP')).toHaveValue('dstIp');
  await expect(wizard.getByLabel('Role of column Dst Port')).toHaveValue('dstPort');
  await expect(wizard.getByLabel('Role of column Rule Name')).toHaveValue('signature');
  await expect(wizard.getByLabel('Role of column Device')).toHaveValue('host');
  await expect(wizard.getByLabel('Role of column Analyst Note')).toHaveValue('');
  await expect(wizard.locator('th[data-column="Destination IP"]').locator('.type-badge')).toHaveText('ip');
  await expect(wizard.locator('th[data-column="Event Time"]').locator('.type-badge')).toHaveText('time');
  const timeFormat = wizard.getByLabel('Time format');
  await expect(timeFormat).toHaveValue('dmy');
  await expect(timeFormat.locator('option[value="dmy"]')).toContainText('fits the sample');
  await expect(timeFormat.locator('option[value="mdy"]')).not.toContainText('fits the sample');
  // Quoted cells are split as CSV: the note with a quoted quote is one cell.
  await expect(wizard.getByTestId('mapping-table')).toContainText('seen on two hosts, "curl/8.4"');

  // One sampled source address is broken ("10.20.1.999"): the column reads as text and is not proposed,
  // and without a source address nothing can be imported.
  await expect(wizard.locator('th[data-column="Source IP"]').locator('.type-badge')).toHaveText('text');
  await expect(wizard.getByLabel('Role of column Source IP')).toHaveValue('');
  await expect(wizard.getByTestId('mapping-status')).toContainText('Still to map: Source IP');
  await expect(importButton(dialog)).toBeDisabled();
  await wizard.getByLabel('Role of column Source IP').selectOption('srcIp');
  await expect(importButton(dialog)).toBeEnabled();
  // The endpoint is the workstation, not the firewall: the host role moves to that column.
  await wizard.getByLabel('Role of column Workstation').selectOption('host');
  await expect(wizard.getByLabel('Role of column Device')).toHaveValue('');

  // A time zone the browser does not know is flagged before the engine refuses it.
  const zone = wizard.getByLabel('Time zone');
  await zone.fill('Mars/Olympus_Mons');
  await expect(zone).toHaveAttribute('aria-invalid', 'true');
  await zone.fill('UTC');
  await expect(zone).toHaveAttribute('aria-invalid', 'false');

  await wizard.getByLabel('Save this mapping as').fill('Acme SIEM alerts');
  await wizard.getByRole('button', { name: 'Save mapping' }).click();
  await expect(wizard.getByTestId('mapping-profiles')).toContainText('Saved as “Acme SIEM alerts”');
  await expect(wizard.getByLabel('Saved mapping', { exact: true })).toHaveValue('Acme SIEM alerts');
  await shootBothThemes(page, 'import-wizard');

  await importButton(dialog).click();
  const summary = dialog.getByTestId('import-summary');
  const row = summary.locator('tr[data-file="siem-alerts.csv"]');
  await expect(row).toHaveAttribute('data-status', 'imported');
  await expect(row).toContainText('CSV/TSV, columns mapped');
  // Five rows read, each an alert too; the row with "10.20.1.999" was set aside.
  await expect(row.locator('td').nth(3)).toHaveText('5');
  await expect(row.locator('td').nth(6)).toHaveText('5');
  await expect(row.locator('td').nth(8)).toHaveText('1');
  await expect(summary).toContainText('1 record could not be read');
  await shootBothThemes(page, 'import-summary-csv');

  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();
  // Hosts from the Workstation column, destinations with their alert badges.
  await expect(page.locator('[data-node-id="host:WS-FIN-07"]')).toHaveCount(1);
  await expect(page.locator('[data-node-id="host:WS-OPS-11"]')).toHaveCount(1);
  await expect(page.locator('[data-node-id="host:FW-EDGE-01"]')).toHaveCount(0);
  const c2 = page.locator('[data-node-id="ip:203.0.113.45"]');
  await expect(c2).toHaveAttribute('data-alerts', '3');
  await expect(c2).toContainText('3 alerts');
  await c2.dispatchEvent('click');
  await expect(page.getByTestId('details')).toContainText('ET MALWARE Cobalt Strike Beacon Observed');
  await expect(page.getByTestId('alert-count')).toContainText('3 alerts');
  await shootBothThemes(page, 'graph-alert-badges');

  // The next export of the same SIEM: the saved profile is found and applied by itself.
  const again = await openImportDialog(page);
  const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sl-e2e-')), 'siem-alerts-january.csv');
  fs.writeFileSync(copy, fs.readFileSync(siemCsv, 'utf8').replaceAll('/12/2026', '/01/2027'));
  await chooseFiles(again, [copy]);
  const next = again.locator('[data-testid="file-card"][data-file="siem-alerts-january.csv"]').getByTestId('mapping-wizard');
  await expect(next.getByTestId('mapping-profiles')).toContainText('Using “Acme SIEM alerts”');
  await expect(next.getByLabel('Saved mapping', { exact: true })).toHaveValue('Acme SIEM alerts');
  await expect(next.getByLabel('Saved mapping', { exact: true }).locator('option', { hasText: 'Acme SIEM alerts' })).toContainText('fits this file');
  await expect(next.getByLabel('Role of column Workstation')).toHaveValue('host');
  await expect(next.getByLabel('Role of column Device')).toHaveValue('');

  // Delete, then undo: the profile is back.
  await next.getByRole('button', { name: 'Delete saved mapping Acme SIEM alerts' }).click();
  await expect(next.getByTestId('mapping-profiles')).toContainText('Deleted “Acme SIEM alerts”');
  await expect(next.getByLabel('Saved mapping', { exact: true }).locator('option', { hasText: 'Acme SIEM alerts' })).toHaveCount(0);
  await next.getByRole('button', { name: 'Undo' }).click();
  await expect(next.getByLabel('Saved mapping', { exact: true }).locator('option', { hasText: 'Acme SIEM alerts' })).toHaveCount(1);

  // Esc closes the dialog and gives the focus back to the button that opened it.
  await page.keyboard.press('Escape');
  await expect(again).toBeHidden();
  await expect(page.getByTestId('open-import')).toBeFocused();
});

test('a recognised file can be read as another format; a file nothing recognises cannot be imported unmapped', async ({ page }) => {
  await page.goto(host().url);
  await newCase(page, 'Formats', 'formats');
  const dialog = await openImportDialog(page);
  const notes = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sl-e2e-')), 'notes.txt');
  fs.writeFileSync(notes, 'just some text\nnot telemetry\n');
  await chooseFiles(dialog, [path.join(fixturesDir, 'zeek/lsass-conn.log'), notes]);

  const zeek = dialog.locator('[data-testid="file-card"][data-file="lsass-conn.log"]');
  await expect(zeek.locator('.badge.ok')).toHaveText('Zeek conn.log (TSV)');
  await expect(zeek.getByLabel('Format of lsass-conn.log')).toHaveValue('auto');

  const text = dialog.locator('[data-testid="file-card"][data-file="notes.txt"]');
  await expect(text.getByTestId('format-problem')).toContainText('not a supported telemetry format');
  await expect(dialog.locator('.modal-foot')).toContainText('1 of 2 files need attention: notes.txt');
  await expect(importButton(dialog)).toBeDisabled();
  await text.getByRole('button', { name: 'Remove notes.txt' }).click();
  await expect(importButton(dialog)).toBeEnabled();

  // Override: read the Zeek log as Zeek JSON, which it is not: the file fails with its line.
  await zeek.getByLabel('Format of lsass-conn.log').selectOption('zeek-conn-json');
  await importButton(dialog).click();
  const row = dialog.getByTestId('import-summary').locator('tr[data-file="lsass-conn.log"]');
  await expect(row).toHaveAttribute('data-status', 'failed');
  await expect(dialog.getByTestId('import-summary')).toContainText('lsass-conn.log, line 1');
  await shootBothThemes(page, 'import-summary-failed');

  // Back to the files (they stay after a failure), as recognised this time.
  await dialog.getByRole('button', { name: 'Import more files' }).click();
  await zeek.getByLabel('Format of lsass-conn.log').selectOption('auto');
  await importButton(dialog).click();
  await expect(row).toHaveAttribute('data-status', 'imported');
  await expect(row.locator('td').nth(3)).toHaveText('112');
});

test('cancelling a running import leaves the case as it was', async ({ page }) => {
  // Large enough (2,500,000 flows, ~300 MB) to still be running when Cancel is pressed, however fast the import gets.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-e2e-'));
  const big = path.join(dir, 'big-conn.log');
  const head = fs.readFileSync(path.resolve(import.meta.dirname, '../../resources/demo/zeek-conn.log'), 'utf8').split('\n').slice(0, 8).join('\n');
  const out = fs.openSync(big, 'w');
  fs.writeSync(out, `${head}\n`);
  for (let chunk = 0; chunk < 250; chunk++) {
    let lines = '';
    for (let i = chunk * 10_000; i < (chunk + 1) * 10_000; i++) {
      lines += `${(1692161622 + i / 100).toFixed(6)}\tC${String(i).padStart(17, '0')}\t10.1.${i % 250}.${(i % 200) + 1}\t${1024 + (i % 60000)}\t203.0.113.${i % 250}\t443\ttcp\tssl\t1.2\t100\t200\tSF\tT\tF\t0\tShADadFf\t5\t300\t5\t400\t-\n`;
    }
    fs.writeSync(out, lines);
  }
  fs.closeSync(out);

  await page.goto(host().url);
  await newCase(page, 'Cancel me', 'cancel-me');
  const dialog = await openImportDialog(page);
  await chooseFiles(dialog, [big]);
  await importButton(dialog).click();
  const progress = dialog.getByTestId('import-progress');
  const row = progress.locator('tr[data-file="big-conn.log"]');
  await expect(row).toHaveAttribute('data-stage', 'importing');
  await expect(row.locator('td').nth(2)).not.toHaveText('0');
  await expect(row.locator('td').nth(3)).not.toHaveText('—');
  await shootBothThemes(page, 'import-progress');
  // Esc hides the dialog, not the import: one line of progress stays, and brings the dialog back.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  const bar = page.getByTestId('import-status');
  await expect(bar).toContainText('Importing 1/1 big-conn.log');
  await page.screenshot({ path: path.join(shotsDir, 'import-status-bar.png') });
  await bar.getByRole('button', { name: 'Show progress' }).click();
  await expect(dialog.getByTestId('import-progress')).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel import' }).click();

  const summary = dialog.getByTestId('import-summary');
  await expect(summary.locator('tr[data-file="big-conn.log"]')).toHaveAttribute('data-status', 'cancelled');
  await expect(summary).toContainText('Cancelled');
  await dialog.getByRole('button', { name: 'Imports & quarantine' }).click();
  await expect(page.getByTestId('imports-view')).toContainText('Nothing has been imported into this case yet.');
  await page.getByRole('button', { name: 'Case graph' }).click();
  await expect(page.getByTestId('empty-case')).toBeVisible();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a header-less TSV export: columns by position, the split can be changed and changed back', async ({ page }) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sl-e2e-'));
  const tsv = path.join(dir, 'edr-export.tsv');
  const start = Date.UTC(2026, 11, 31, 23, 0, 0);
  fs.writeFileSync(
    tsv,
    [0, 1, 2, 3]
      .map((i) => [start + i * 60_000, '10.30.0.8', 50_000 + i, '198.51.100.7', 443, 'tcp', 'C:\\Users\\kim\\AppData\\Local\\Temp\\updater.exe'].join('\t'))
      .join('\n') + '\n',
  );
  await page.goto(host().url);
  await newCase(page, 'EDR', 'edr');
  const dialog = await openImportDialog(page);
  await chooseFiles(dialog, [tsv]);
  const wizard = dialog.locator('[data-testid="file-card"][data-file="edr-export.tsv"]').getByTestId('mapping-wizard');
  await expect(wizard.getByLabel('Delimiter')).toHaveValue('\t');
  await expect(wizard.getByLabel('First line is a header')).not.toBeChecked();
  await expect(wizard.getByLabel('Role of column column 1')).toHaveValue('time');
  await expect(wizard.getByLabel('Role of column column 2')).toHaveValue('srcIp');
  await expect(wizard.getByLabel('Role of column column 4')).toHaveValue('dstIp');
  await expect(wizard.getByLabel('Time format').locator('option[value="epoch-ms"]')).toContainText('fits the sample');

  // Split by commas, the file is one column; back to tabs, the proposal returns.
  await wizard.getByLabel('Delimiter').selectOption(',');
  await expect(wizard.getByTestId('mapping-table').locator('thead th')).toHaveCount(1);
  await wizard.getByLabel('Delimiter').selectOption('\t');
  await expect(wizard.getByTestId('mapping-table').locator('thead th')).toHaveCount(7);
  await expect(wizard.getByLabel('Role of column column 4')).toHaveValue('dstIp');

  await wizard.getByLabel('Role of column column 7').selectOption('process');
  await wizard.getByLabel('Default host').fill('KIM-LAPTOP');
  await importButton(dialog).click();
  const row = dialog.getByTestId('import-summary').locator('tr[data-file="edr-export.tsv"]');
  await expect(row).toHaveAttribute('data-status', 'imported');
  await expect(row.locator('td').nth(3)).toHaveText('4');
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(page.locator('[data-node-id="host:KIM-LAPTOP"]')).toHaveCount(1);
  await expect(page.locator('[data-node-id="ip:198.51.100.7"]')).toHaveCount(1);
  await expect(page.locator('[data-kind="process"] .label')).toHaveText('updater.exe');
  fs.rmSync(dir, { recursive: true, force: true });
});
