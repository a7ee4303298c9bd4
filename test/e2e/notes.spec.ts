import path from 'node:path';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { serveAnalysedWeek } from './analysed-week.js';
import { shotsDir } from './serve-host.js';

/**
 * Notes and tags on the analysed synthetic week: a hostile note on a
 * destination is written, edited, tagged, survives a reload, and is shown as
 * text (no element from it reaches the page, no script runs); the findings
 * list marks the finding.
 */
const week = serveAnalysedWeek();
test.setTimeout(120_000);

const FINDING = 'rundll32.exe → 91.215.85.142';
const HOSTILE = [
  '# Seen on WS07',
  '<script>window.__xss = "script"</script> <img src=x onerror="window.__xss = \'img\'"> <iframe src="https://evil.example/"></iframe>',
  '[click me](javascript:window.__xss=1) and [the report](https://example.org/r)',
  '- invoice\u202Egpj.exe',
  '- **bold** and `code`',
].join('\n');

/** What a rendered note must never hold: an element or handler from its text, a live javascript: link. */
async function expectInert(page: Page, note: Locator) {
  await expect(note.locator('script, img, iframe, svg, object, embed, style')).toHaveCount(0);
  await expect(note.locator('a[href^="javascript" i]')).toHaveCount(0);
  expect(await note.evaluate((el) => [...el.querySelectorAll('*')].flatMap((e) => [...e.attributes].map((a) => a.name)).filter((n) => n.startsWith('on')))).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss)).toBeUndefined();
}

test('a hostile note on a destination: written, edited, tagged, still there after a reload, shown as text; the findings list marks it', async ({ page }) => {
  const errors: string[] = [];
  await week.open(page, errors);
  const item = page.getByTestId('finding-item').filter({ hasText: FINDING });
  await expect(item.getByTestId('note-marker')).toHaveCount(0);
  await item.click();
  const details = page.getByTestId('details');
  await expect(details.getByTestId('details-title')).toHaveText('91.215.85.142');
  const nodeNotes = details.locator('[data-testid="notes"][data-target-kind="node"]');
  await expect(nodeNotes).toContainText('on this destination');

  await nodeNotes.getByLabel('New note').fill(HOSTILE);
  await nodeNotes.getByRole('button', { name: 'Add note' }).click();
  const note = nodeNotes.getByTestId('note');
  await expect(note).toHaveCount(1);
  await expect(note).toContainText('<script>window.__xss = "script"</script>');
  await expect(note).toContainText('<img src=x onerror=');
  await expect(note).toContainText('invoice⟨U+202E⟩gpj.exe');
  await expect(note.locator('strong')).toContainText(['Seen on WS07', 'bold']);
  await expect(note.locator('a')).toHaveAttribute('href', 'https://example.org/r');
  await expect(note.locator('.md-not-link')).toHaveText('javascript:window.__xss=1');
  await expectInert(page, note);
  await expect(note.getByTestId('note-times')).not.toContainText('edited');

  // Edited: the text changes, the time says so.
  await note.getByRole('button', { name: 'Edit' }).click();
  await note.getByLabel('Edit note').fill(`${HOSTILE}\n\nConfirmed **C2** by the owner.`);
  await note.getByRole('button', { name: 'Save' }).click();
  await expect(note).toContainText('Confirmed C2 by the owner.');
  await expect(note.getByTestId('note-times')).toContainText(/written .* · edited /);

  // Tagged: a chip; the same tag in other letters is the same tag.
  await nodeNotes.getByLabel('Add a tag').fill('C2');
  await nodeNotes.getByLabel('Add a tag').press('Enter');
  await nodeNotes.getByLabel('Add a tag').fill('c2');
  await nodeNotes.getByLabel('Add a tag').press('Enter');
  await nodeNotes.getByLabel('Add a tag').fill('exfil');
  await nodeNotes.getByLabel('Add a tag').press('Enter');
  await expect(nodeNotes.getByTestId('tag')).toHaveText(['C2×', 'exfil×']);
  await nodeNotes.getByRole('button', { name: 'Remove tag exfil' }).click();
  await expect(nodeNotes.getByTestId('tag')).toHaveText(['C2×']);

  // The finding's own notes, below the selected finding's destination.
  const findingNotes = details.locator('[data-testid="notes"][data-target-kind="finding"]');
  await expect(findingNotes).toContainText(`on the finding WS07 · ${FINDING}`);
  await findingNotes.getByLabel('Add a tag').fill('triaged');
  await findingNotes.getByLabel('Add a tag').press('Enter');
  await expect(findingNotes.getByTestId('tag')).toHaveText(['triaged×']);

  // The findings list marks the finding: one note, its tags and its destination's.
  await expect(item.getByTestId('note-marker')).toHaveText('✎ 1');
  await expect(item.getByTestId('finding-tag')).toHaveText(['triaged', 'C2']);
  await page.screenshot({ path: path.join(shotsDir, 'notes-light.png') });

  // The findings list's search finds it by the words of its destination's note.
  const all = await page.getByTestId('finding-item').count();
  await page.getByLabel('Find in findings, notes and tags').fill('owner');
  await expect(page.getByTestId('finding-item')).toHaveCount(1);
  await expect(page.getByTestId('finding-item')).toContainText(FINDING);
  await page.getByLabel('Find in findings, notes and tags').fill('');
  await expect(page.getByTestId('finding-item')).toHaveCount(all);

  await page.reload();
  await expect(page.getByTestId('details').getByTestId('details-title')).toHaveText('91.215.85.142', { timeout: 60_000 });
  const again = page.getByTestId('details').locator('[data-testid="notes"][data-target-kind="node"]').getByTestId('note');
  await expect(again).toHaveCount(1);
  await expect(again).toContainText('<script>window.__xss = "script"</script>');
  await expect(again).toContainText('Confirmed C2 by the owner.');
  await expectInert(page, again);
  await expect(page.getByTestId('details').locator('[data-testid="notes"][data-target-kind="node"]').getByTestId('tag')).toHaveText(['C2×']);
  await expect(page.getByTestId('finding-item').filter({ hasText: FINDING }).getByTestId('note-marker')).toHaveText('✎ 1');
  // A note is no change to the case's data: the analysis is not run again.
  await expect(page.getByTestId('analysis-bar')).not.toContainText(/Analysing|stale/i);
  expect(errors).toEqual([]);
});

test('notes in the dark theme', async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: 'dark', viewport: { width: 1400, height: 860 } });
  const page = await context.newPage();
  const errors: string[] = [];
  await week.open(page, errors);
  await page.getByTestId('finding-item').filter({ hasText: FINDING }).click();
  const nodeNotes = page.getByTestId('details').locator('[data-testid="notes"][data-target-kind="node"]');
  // Written by the test before (the same host): else write one here.
  if ((await nodeNotes.getByTestId('note').count()) === 0) {
    await nodeNotes.getByLabel('New note').fill(HOSTILE);
    await nodeNotes.getByRole('button', { name: 'Add note' }).click();
  }
  await expect(nodeNotes.getByTestId('note').first()).toBeVisible();
  await nodeNotes.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(shotsDir, 'notes-dark.png') });
  expect(errors).toEqual([]);
  await context.close();
});
