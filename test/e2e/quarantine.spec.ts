import path from 'node:path';
import { expect, test } from '@playwright/test';
import { chooseFiles, importButton, newCase, openImportDialog, shootBothThemes } from './import-helpers.js';
import { fixturesDir, useServeHost } from './serve-host.js';

const host = useServeHost(test);

test('unreadable lines of a Zeek log are quarantined and shown with line and reason, hostile text as text', async ({ page }) => {
  // A line of the file must never run as script: no dialog may open, the title must not change.
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(host().url);
  await newCase(page, 'Hostile', 'hostile');
  const dialog = await openImportDialog(page);
  await chooseFiles(dialog, [path.join(fixturesDir, 'csv-ui/zeek-conn-hostile.log')]);
  await importButton(dialog).click();

  const summary = dialog.getByTestId('import-summary');
  const row = summary.locator('tr[data-file="zeek-conn-hostile.log"]');
  await expect(row).toHaveAttribute('data-status', 'imported');
  await expect(row.locator('td').nth(3)).toHaveText('22');
  await expect(row.locator('td').nth(8)).toHaveText('3');
  await summary.getByRole('button', { name: 'Show quarantined records' }).click();
  await expect(dialog).toBeHidden();

  const view = page.getByTestId('imports-view');
  await expect(view.getByTestId('imports-table').locator('tr[data-file="zeek-conn-hostile.log"]')).toContainText('Zeek conn.log (TSV)');
  const table = view.getByTestId('quarantine-table');
  await expect(view.getByTestId('quarantine-range')).toHaveText('1–3 of 3');

  const img = table.locator('tr[data-line="21"]');
  await expect(img).toContainText('zeek-conn-hostile.log');
  await expect(img).toContainText('expected 21 fields');
  await expect(img.locator('.raw-text code')).toHaveText('<img src=x onerror=alert(1)>');
  await expect(table.locator('img, script')).toHaveCount(0);

  const badTime = table.locator('tr[data-line="27"]');
  await expect(badTime.locator('td').nth(2)).toHaveText('ts');
  await expect(badTime).toContainText('"not-a-time" is not a timestamp');

  // A long line is clipped; the whole of it is one click away, still as text.
  const long = table.locator('tr[data-line="24"]');
  await expect(long.locator('.raw-text code')).toContainText('<script>document.title="pwned"</script>');
  await expect(long.locator('.raw-text code')).not.toContainText('AAAAAAAAAA');
  const more = long.getByRole('button', { name: /^Show all \([\d,]+ characters\)$/ });
  await more.focus();
  await page.keyboard.press('Enter');
  await expect(long.locator('.raw-text code')).toContainText('A'.repeat(300));
  await expect(long.getByRole('button', { name: 'Show less' })).toHaveAttribute('aria-expanded', 'true');

  expect(dialogs).toEqual([]);
  expect(await page.title()).toBe('Sightline');
  await shootBothThemes(page, 'quarantine-table');

  // One file's records only, from its count in the imports table.
  await view.getByRole('button', { name: /3 quarantined records of zeek-conn-hostile.log/ }).click();
  await expect(view.getByLabel('File')).toHaveValue(/\d+/);
  await expect(view.getByTestId('quarantine-range')).toHaveText('1–3 of 3');

  // Removing the file takes its connections and its quarantined records out of the case, after one confirmation.
  await view.getByRole('button', { name: 'Remove zeek-conn-hostile.log from the case' }).click();
  const confirm = view.getByRole('group', { name: 'Remove zeek-conn-hostile.log?' });
  await expect(confirm).toContainText('Remove its 22 connections?');
  await confirm.getByRole('button', { name: 'Remove', exact: true }).click();
  await expect(view).toContainText('Nothing has been imported into this case yet.');
  await expect(view.getByTestId('quarantine-table')).toHaveCount(0);
});
