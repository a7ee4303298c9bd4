import path from 'node:path';
import { expect, test } from '@playwright/test';
import { holdInOtherProcess } from '../helpers/hold-lock.js';
import { chooseFiles, importButton, newCase, openImportDialog } from './import-helpers.js';
import { fixturesDir, shotsDir, useServeHost } from './serve-host.js';

const host = useServeHost(test, { demo: false });

test('an import into a case another Sightline is writing to says it waits, then imports', async ({ page }) => {
  await page.goto(host().url);
  await newCase(page, 'Busy', 'busy');
  // Another process (a `sightline import` in a terminal) has the case: its job lock, as Sightline takes it.
  const other = await holdInOtherProcess(path.join(host().home, 'cases', 'busy.sqlite.lock'), { journalInMemory: true });
  try {
    const dialog = await openImportDialog(page);
    await chooseFiles(dialog, [path.join(fixturesDir, 'zeek/lsass-conn.log')]);
    await importButton(dialog).click();
    const row = dialog.locator('[data-testid="import-progress"] tr[data-file="lsass-conn.log"]');
    await expect(row).toHaveAttribute('data-stage', 'waiting');
    await expect(row).toContainText(/waiting for another import into this case to finish · \d+ s/);
    await expect(dialog.getByTestId('import-progress')).toContainText('Waiting: another import into this case (in another window or command) is still running.');
    await page.screenshot({ path: path.join(shotsDir, 'import-waiting-for-other-writer.png') });
  } finally {
    await other.release();
  }
  const dialog = page.getByTestId('import-dialog');
  await expect(dialog.getByTestId('import-summary').locator('tr[data-file="lsass-conn.log"][data-status="imported"]')).toHaveCount(1);
});
