import path from 'node:path';
import { expect, test } from '@playwright/test';
import { chooseFiles, importButton, newCase, openImportDialog, shootBothThemes } from './import-helpers.js';
import { fixturesDir, useServeHost } from './serve-host.js';

const host = useServeHost(test);

test('a log whose times are relative to the capture start imports with a warning; numbers past their bounds are quarantined naming the bound', async ({ page }) => {
  await page.goto(host().url);
  await newCase(page, 'Relative', 'relative');
  const dialog = await openImportDialog(page);
  await chooseFiles(dialog, [path.join(fixturesDir, 'csv-ui/zeek-conn-relative.log')]);
  await importButton(dialog).click();

  const summary = dialog.getByTestId('import-summary');
  const row = summary.locator('tr[data-file="zeek-conn-relative.log"]');
  await expect(row).toHaveAttribute('data-status', 'imported');
  await expect(row.locator('td').nth(3)).toHaveText('4');
  await expect(row.locator('td').nth(8)).toHaveText('2');
  await expect(summary.getByTestId('import-warning')).toHaveText(
    '4 of 4 records are dated before 1990-01-01: the times look relative to the capture start (seconds since it began), not dates; they were imported as written',
  );
  await shootBothThemes(page, 'import-summary-relative-times');

  await summary.getByRole('button', { name: 'Show quarantined records' }).click();
  const table = page.getByTestId('imports-view').getByTestId('quarantine-table');
  await expect(table.locator('tr[data-line="10"]')).toContainText('"9000000000000" is past 2100-01-01T00:00:00Z: Sightline stores times from 1970-01-01 up to 2100-01-01');
  await expect(table.locator('tr[data-line="11"]')).toContainText('"70000" is not a port: ports are whole numbers from 0 to 65535');
  await expect(table.locator('tr[data-line="11"] td').nth(2)).toHaveText('id.resp_p');
});
