import path from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { shotsDir } from './serve-host.js';

/** Creates a case through the top bar and waits until it is the open, empty one. */
export async function newCase(page: Page, name: string, id: string): Promise<void> {
  const input = page.getByLabel('New case name');
  // A click that lands while the app is still settling after its first load (the start case
  // opening) can be undone by that re-render: click until the name field is there.
  await expect(async () => {
    if (!(await input.isVisible())) await page.getByRole('button', { name: 'New case' }).click();
    await expect(input).toBeVisible({ timeout: 1000 });
  }).toPass({ timeout: 15_000 });
  await input.fill(name);
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByTestId('case-select')).toHaveValue(id);
}

/** Opens the import dialog from the top bar. */
export async function openImportDialog(page: Page): Promise<Locator> {
  await page.getByTestId('open-import').click();
  const dialog = page.getByTestId('import-dialog');
  await expect(dialog).toBeVisible();
  return dialog;
}

/** Picks files in the open import dialog and waits until each is read (recognised or shown for mapping). */
export async function chooseFiles(dialog: Locator, files: string[]): Promise<void> {
  await dialog.getByTestId('import-input').setInputFiles(files);
  for (const f of files) {
    const card = dialog.locator(`[data-testid="file-card"][data-file="${path.basename(f)}"]`);
    await expect(card.locator('.badge.ok, .badge.problem')).toBeVisible();
  }
}

/** The import dialog's main button ("Import", "Import 2 files"). */
export function importButton(dialog: Locator): Locator {
  return dialog.locator('.modal-foot').getByRole('button', { name: /^Import( \d+ files)?$/ });
}

/** A screenshot in the light theme, then the same screen in the dark one. */
export async function shootBothThemes(page: Page, name: string): Promise<void> {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: path.join(shotsDir, `${name}-light.png`) });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: path.join(shotsDir, `${name}-dark.png`) });
  await page.emulateMedia({ colorScheme: 'light' });
}
