import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { holdInOtherProcess } from '../helpers/hold-lock.js';
import { fixturesDir, shotsDir, useServeHost } from './serve-host.js';
import { cli } from './week-home.js';

const host = useServeHost(test, {
  demo: false,
  prepare: (home) => {
    cli(home, 'import', path.join(fixturesDir, 'zeek/lsass-conn.log'), '--case', 'Keep me');
    cli(home, 'import', path.join(fixturesDir, 'zeek/lsass-conn.log'), '--case', 'Old hunt');
  },
  caseName: 'Old hunt',
});

test('deletes the open case after a confirmation, waiting for a job writing to it, and opens another one', async ({ page }) => {
  const casesDir = path.join(host().home, 'cases');
  await page.goto(host().url);
  const select = page.getByTestId('case-select');
  await expect(select).toHaveValue('old-hunt');

  // Keeping it changes nothing.
  await page.getByTestId('delete-case').click();
  const dialog = page.getByTestId('delete-case-dialog');
  await expect(dialog).toContainText('Delete the case “Old hunt” with its 1 imported file');
  await dialog.getByRole('button', { name: 'Keep the case' }).click();
  await expect(dialog).toHaveCount(0);
  expect(fs.existsSync(path.join(casesDir, 'old-hunt.sqlite'))).toBe(true);

  // Another process (a `sightline import` in a terminal) is writing to it: the deletion waits its turn, and says so.
  const other = await holdInOtherProcess(path.join(casesDir, 'old-hunt.sqlite.lock'), { journalInMemory: true });
  try {
    await page.getByTestId('delete-case').click();
    await dialog.getByTestId('confirm-delete-case').click();
    await expect(dialog).toContainText(/Waiting for the job writing to this case to finish… \d+ s/);
    await page.screenshot({ path: path.join(shotsDir, 'delete-case-waiting.png') });
    expect(fs.existsSync(path.join(casesDir, 'old-hunt.sqlite'))).toBe(true);
  } finally {
    await other.release();
  }
  await expect(dialog).toHaveCount(0);
  // Another case is open (the newest: serve builds the demo case at its first start), and the list has no "Old hunt".
  await expect(select).not.toHaveValue(/^(old-hunt|)$/);
  await expect(select.locator('optgroup[label="All cases"] option')).toContainText(['Keep me']);
  await expect(select.locator('option', { hasText: 'Old hunt' })).toHaveCount(0);
  expect(fs.existsSync(path.join(casesDir, 'old-hunt.sqlite'))).toBe(false);
  expect(fs.existsSync(path.join(casesDir, 'keep-me.sqlite'))).toBe(true);
  // The address of the deleted case no longer opens it.
  const opened = await select.inputValue();
  await page.reload();
  await expect(select).toHaveValue(opened);
});
