import { execFileSync } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { type GraphView } from '../../src/shared/graph-view-types.js';
import { chooseFiles, importButton, newCase, openImportDialog } from './import-helpers.js';
import { fixturesDir, shotsDir, useServeHost } from './serve-host.js';

const fixtures = fixturesDir;
const shots = shotsDir;
const host = useServeHost(test);

test('first start opens the demo case with a real graph', async ({ page }) => {
  await page.goto(host().url);
  await expect(page.getByTestId('case-select')).toContainText('Demo');
  await expect(page.locator('[data-node-id]').first()).toBeAttached();
  // The Metasploit C2 of the demo data set is drawn, and the one-time code left the address bar.
  await expect(page.locator('[data-node-id="ip:10.0.5.13"]')).toHaveCount(1);
  expect(page.url()).not.toContain('code=');
  await page.screenshot({ path: path.join(shots, 'demo-case.png') });
  // On a 1366-px laptop screen the header is one line: no control of it starts below the first row's lowest bottom.
  await page.setViewportSize({ width: 1366, height: 768 });
  await expect(page.getByTestId('delete-case')).toBeVisible();
  const wrapped = await page.locator('.topbar > *').evaluateAll((items) => {
    const boxes = items.map((i) => i.getBoundingClientRect()).filter((b) => b.width > 0);
    const firstRowBottom = Math.max(...boxes.filter((b) => b.top < (boxes[0] as DOMRect).bottom).map((b) => b.bottom));
    return boxes.filter((b) => b.top >= firstRowBottom).length;
  });
  expect(wrapped, 'controls of the header wrapped onto a second line at 1366 px').toBe(0);
});

test('first start: while the demo case is being built, the footer and the pane say so, not "Connecting…"', async ({ page }) => {
  // The build takes its turn in the job worker (behind an analysis, it waits as long as that runs): held here for as long as the test likes.
  let release: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/op/getStartCase', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(host().url);
  const footer = page.getByTestId('statusbar');
  await expect(footer).toContainText(/^Sightline \S+ · local browser host · data in .+ · Preparing the demo case…$/);
  await expect(page.locator('.graph-pane .empty')).toHaveText('Preparing the demo case…');
  await page.screenshot({ path: path.join(shots, 'demo-case-preparing.png') });
  release();
  await expect(page.getByTestId('case-select')).toContainText('Demo');
  await expect(page.getByTestId('preparing')).toHaveCount(0);
  await expect(footer).not.toContainText('Preparing');
});

test('import a Zeek conn.log and a Sysmon export through the UI, then inspect a node', async ({ page }) => {
  await page.goto(host().url);
  await newCase(page, 'E2E import', 'e2e-import');
  await expect(page.getByTestId('empty-case')).toBeVisible();
  // No line of zeros over it, and no key to an empty drawing.
  await expect(page.getByTestId('graph-stats')).toHaveCount(0);
  await expect(page.getByTestId('graph-legend')).toHaveCount(0);
  await page.screenshot({ path: path.join(shots, 'empty-case.png') });

  const dialog = await openImportDialog(page);
  await chooseFiles(dialog, [path.join(fixtures, 'zeek/lsass-conn.log'), path.join(fixtures, 'sysmon/wevtutil-eid1-3-22.json')]);
  await importButton(dialog).click();
  const summary = dialog.getByTestId('import-summary');
  await expect(summary.locator('[data-status="imported"]')).toHaveCount(2);
  await expect(summary.locator('tr[data-file="lsass-conn.log"] td').nth(3)).toHaveText('112');
  await dialog.getByRole('button', { name: 'Done' }).click();

  // The Sysmon host, one of its processes and a destination are on the graph.
  await expect(page.locator('[data-node-id="host:DESKTOP-CQF82L6"]')).toHaveCount(1);
  const processNode = page.locator('[data-kind="process"]').first();
  await expect(processNode).toBeAttached();
  await page.screenshot({ path: path.join(shots, 'imported-graph.png') });

  await page.locator('[data-node-id="ip:10.0.5.13"]').dispatchEvent('click');
  const details = page.getByTestId('details');
  await expect(details).toContainText('10.0.5.13');
  await expect(details).toContainText('Latest connections');
  await expect(details.locator('tbody tr').first()).toBeVisible();
  await page.screenshot({ path: path.join(shots, 'details-destination.png') });

  await processNode.dispatchEvent('click');
  await expect(details).toContainText('Image');
  await page.screenshot({ path: path.join(shots, 'details-process.png') });
});

test('a bad file is reported with its name and nothing is imported', async ({ page }) => {
  await page.goto(host().url);
  await expect(page.locator('[data-node-id]').first()).toBeAttached();
  const before = await page.locator('[data-node-id]').count();
  const dialog = await openImportDialog(page);
  await dialog.getByTestId('import-input').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('just some text\nnot telemetry\n') });
  const card = dialog.locator('[data-testid="file-card"][data-file="notes.txt"]');
  await expect(card.getByTestId('format-problem')).toContainText('not a supported telemetry format');
  // Nothing recognises it and nothing is mapped: it cannot be sent.
  await expect(dialog.locator('.modal-foot')).toContainText('notes.txt');
  await expect(importButton(dialog)).toBeDisabled();
  await page.screenshot({ path: path.join(shots, 'bad-file.png') });
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.locator('[data-node-id]')).toHaveCount(before);
});

test('the sign-in link works once and leaves a token only this tab holds; the API refuses calls without it and requests for a foreign Host', async ({ page, request, browser }) => {
  const unsigned = await request.post(`${host().origin}/api/op/listCases`, { data: {} });
  expect(unsigned.status()).toBe(401);

  await page.goto(host().url);
  await expect(page.getByTestId('case-select')).toContainText('Demo');
  // The one-time code is wiped from the address bar and history.
  expect(new URL(page.url()).hash).not.toContain('code');
  // No cookie at all (a cookie for 127.0.0.1 would reach every other local port); the token is in this tab's sessionStorage.
  expect(await page.context().cookies()).toEqual([]);
  const token = await page.evaluate(() => sessionStorage.getItem('sightline-session'));
  expect(token).toMatch(/^[\w-]{20,}$/);
  expect((await page.request.post(`${host().origin}/api/op/listCases`, { data: {} })).status()).toBe(401);
  expect((await page.request.post(`${host().origin}/api/op/listCases`, { data: {}, headers: { Authorization: `Bearer ${token}` } })).status()).toBe(200);
  // A reload keeps the tab signed in.
  await page.reload();
  await expect(page.getByTestId('case-select')).toContainText('Demo');

  // The same link in another browser (someone who read it over a shoulder, or from history) gets nothing.
  const other = await browser.newContext();
  const second = await other.newPage();
  await second.goto(host().url);
  await expect(second.locator('body')).toContainText('each works once');
  expect(await second.evaluate(() => sessionStorage.getItem('sightline-session'))).toBeNull();
  await other.close();

  const status = await new Promise<number>((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: host().port, path: '/api/op/listCases', method: 'POST', headers: { Host: `attacker.example:${host().port}`, Authorization: `Bearer ${token}` } },
      (r) => resolve(r.statusCode ?? 0),
    );
    req.on('error', reject);
    req.end('{}');
  });
  expect(status).toBe(403);
});

test('dark theme renders the graph and details legibly', async ({ browser }) => {
  const context = await browser.newContext({ colorScheme: 'dark', viewport: { width: 1400, height: 860 } });
  const page = await context.newPage();
  await page.goto(host().url);
  await page.locator('[data-node-id="ip:10.0.5.13"]').dispatchEvent('click');
  await expect(page.getByTestId('details')).toContainText('10.0.5.13');
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(background).toBe('rgb(17, 21, 28)');
  await page.screenshot({ path: path.join(shots, 'dark-details.png') });
  await context.close();
});

test('the UI draws exactly the nodes and edges that `sightline graph --json` reports', async ({ page }) => {
  await page.goto(host().url);
  await expect(page.locator('[data-node-id]').first()).toBeAttached();
  const cli = JSON.parse(
    execFileSync(process.execPath, [path.resolve(import.meta.dirname, '../../bin/sightline.js'), 'graph', '--json'], {
      env: { ...process.env, SIGHTLINE_HOME: host().home },
    }).toString(),
  ) as GraphView;
  expect(cli.edges.source.length).toBeGreaterThan(10);
  // The CLI prints the investigation graph: the canvas draws every edge of it, and every node is in the node list.
  await expect(page.getByTestId('graph-surface')).toHaveAttribute('data-visible-edges', String(cli.edges.source.length));
  const nodes = await page.locator('[data-node-id]').evaluateAll((els) => els.map((e) => e.getAttribute('data-node-id')).sort());
  expect(nodes).toEqual(cli.nodes.map((n) => n.id).sort());
});
