import path from 'node:path';
import { expect, test } from '@playwright/test';
import { chooseFiles, importButton, newCase, openImportDialog, shootBothThemes } from './import-helpers.js';
import { useServeHost } from './serve-host.js';

const host = useServeHost(test);
const demo = path.resolve(import.meta.dirname, '../../resources/demo');

test('the demo pair is joined despite its clocks being days apart (the network times of the Sysmon export are the ones off), and the graph shows names and joins', async ({ page }) => {
  await page.goto(host().url);
  await newCase(page, 'Join check', 'join-check');
  const dialog = await openImportDialog(page);
  await chooseFiles(dialog, [path.join(demo, 'zeek-conn.log'), path.join(demo, 'sysmon-lsass.json')]);
  await expect(dialog.locator('[data-file="zeek-conn.log"] .badge.ok')).toHaveText('Zeek conn.log (TSV)');
  await expect(dialog.locator('[data-file="sysmon-lsass.json"] .badge.ok')).toHaveText('Sysmon (JSON)');
  await expect(dialog.locator('.modal-foot')).toContainText('2 files ready');
  await shootBothThemes(page, 'import-dialog-recognised');
  await importButton(dialog).click();

  const summary = dialog.getByTestId('import-summary');
  await expect(summary.locator('[data-status="imported"]')).toHaveCount(2);
  const sysmon = summary.locator('tr[data-file="sysmon-lsass.json"]');
  await expect(sysmon.locator('td').nth(3)).toHaveText('140');
  await expect(sysmon.locator('td').nth(4)).toHaveText('269');
  // DNS answers (Sysmon event 22) are kept to name destinations.
  await expect(sysmon.locator('td').nth(5)).toHaveText(/^[1-9][\d,]*$/);

  const join = summary.getByTestId('join-summary');
  // Most of each side pairs up (105 of 140 and of 112 at the time of writing).
  await expect(join.locator('dd').nth(0)).toHaveText(/^1\d\d matched · \d+ unmatched$/);
  await expect(join.locator('dd').nth(1)).toHaveText(/^1\d\d matched · \d+ unmatched$/);
  await expect(join).toContainText('± 120 s');
  await expect(join.getByTestId('clock-skew')).toContainText("sysmon-lsass.json's connection times are 5.6 days behind zeek-conn.log's and its own process starts");
  await expect(join.getByTestId('named-host').first()).toContainText('192.168.1.41 is MKT01.pandalab.com');
  await shootBothThemes(page, 'import-summary-join');

  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(dialog).toBeHidden();

  // The domain controller sends flows of its own: one machine, one node (a host, not also a destination).
  await expect(page.locator('[data-node-id="host:192.168.1.4"]')).toHaveCount(1);
  await expect(page.locator('[data-node-id="ip:192.168.1.4"]')).toHaveCount(0);

  // The C2's connections came from Sysmon and were joined with the conn.log lines of the same flows.
  await page.locator('[data-node-id="ip:10.0.5.13"]').dispatchEvent('click');
  const details = page.getByTestId('details');
  await expect(details).toContainText('Latest connections');
  const marker = details.getByTestId('joined-marker').first();
  await expect(marker).toBeVisible();
  await expect(marker).toContainText(/zeek-conn\.log:\d+/);
  await shootBothThemes(page, 'details-joined');
});
