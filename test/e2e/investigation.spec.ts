import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { importButton } from './import-helpers.js';
import { serveAnalysedWeek } from './analysed-week.js';
import { fixturesDir, shotsDir, startServe, type RunningHost } from './serve-host.js';
import { cli } from './week-home.js';


/**
 * The investigation UI over the view model, on the synthetic week (planted
 * incidents, its feeds in the IoC store, analysed with the CLI first). One
 * host for the file: each test opens its own page and reads, it changes no data.
 */
const week = serveAnalysedWeek();
let pageErrors: string[] = [];
test.beforeEach(() => {
  pageErrors = [];
});
test.afterEach(() => expect(pageErrors).toEqual([]));
test.setTimeout(120_000);

const surface = (page: Page) => page.getByTestId('graph-surface');
const visibleEdges = async (page: Page) => Number(await surface(page).getAttribute('data-visible-edges'));

async function openWeek(page: Page) {
  // The page must not throw, nor break its own CSP (an export once set style attributes).
  page.on('console', (m) => m.type() === 'error' && /Content Security Policy|TypeError/.test(m.text()) && pageErrors.push(m.text()));
  await week.open(page, pageErrors);
  await expect(surface(page)).toBeVisible({ timeout: 60_000 });
}

/** Waits until the drawn edge count settles on something other than `before` and returns it. */
async function edgesChangeFrom(page: Page, before: number): Promise<number> {
  await expect.poll(() => visibleEdges(page), { timeout: 30_000 }).not.toBe(before);
  return visibleEdges(page);
}

test('selecting a finding focuses its edge and opens its details with the explanation; the list is keyboard navigable', async ({ page }) => {
  await openWeek(page);
  // Keyboard: G goes to the list, ↓ ↓ and Enter select the third finding.
  await page.keyboard.press('g');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('finding-item').nth(2)).toHaveAttribute('aria-selected', 'true');
  await expect(page).toHaveURL(/finding=\d+/);

  const item = page.getByTestId('finding-item').filter({ hasText: 'rundll32.exe → 91.215.85.142' });
  await item.click();
  await expect(item).toHaveAttribute('aria-selected', 'true');
  await expect(surface(page)).toHaveAttribute('data-selected-edge', /^process:WS07\|.*rundll32\.exe->ip:91\.215\.85\.142$/);
  const edgeId = (await surface(page).getAttribute('data-selected-edge')) as string;
  // Its destination is selected too (the details below are its).
  await expect(page.locator('[data-node-id="ip:91.215.85.142"]')).toHaveAttribute('aria-pressed', 'true');
  expect(edgeId).toContain('->ip:91.215.85.142');
  await expect(item.locator('li[data-kind="unusual-port"]')).toBeVisible();
  const details = page.getByTestId('details');
  await expect(details.getByTestId('details-title')).toHaveText('91.215.85.142');
  await expect(details.locator('li[data-kind="unusual-port"]').first()).toContainText('4782');
  await page.screenshot({ path: path.join(shotsDir, 'investigation-finding-light.png') });

});

test('brushing a time range keeps only the connections in it; clearing brings them back', async ({ page }) => {
  await openWeek(page);
  const all = await visibleEdges(page);
  const brush = page.getByTestId('time-brush').locator('svg');
  await expect(brush.locator('rect.bin').first()).toBeAttached();
  const box = (await brush.boundingBox()) as { x: number; y: number; width: number; height: number };
  // Monday only (the week runs Monday to Sunday; the incidents start on Tuesday).
  await page.mouse.move(box.x + 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.12, box.y + box.height / 2, { steps: 5 });
  await page.mouse.up();
  await expect(page).toHaveURL(/from=2026-11-16T.*&to=2026-11-1[67]T/);
  const monday = await edgesChangeFrom(page, all);
  expect(monday).toBeLessThan(all);
  // The rare-port incident is on Thursday: not drawn.
  await expect(page.locator('[data-node-id="ip:91.215.85.142"]')).toHaveCount(0);
  await page.screenshot({ path: path.join(shotsDir, 'investigation-brushed-light.png') });
  await page.getByTestId('time-brush').getByRole('button', { name: 'Clear' }).click();
  await expect.poll(() => visibleEdges(page), { timeout: 30_000 }).toBe(all);
});

test('grouping by AS folds destinations, a group expands in place, undo walks it back', async ({ page }) => {
  await openWeek(page);
  // Auto grouping already folds the quieter destinations (by service, AS or /24).
  const groups = page.locator('[data-node-id^="group:dst:"]');
  await expect(groups.first()).toBeAttached({ timeout: 30_000 });
  const auto = await groups.count();
  await page.getByLabel('Grouping').selectOption('asn');
  await expect.poll(() => groups.count(), { timeout: 30_000 }).not.toBe(auto);
  const groupId = (await groups.first().getAttribute('data-node-id')) as string;
  await groups.first().dispatchEvent('click');
  await page.getByRole('button', { name: 'Expand in place' }).click();
  await expect(page.locator(`[data-node-id="${groupId}"]`)).toHaveCount(0, { timeout: 30_000 });
  await expect(page).toHaveURL(/expand=group/);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.locator(`[data-node-id="${groupId}"]`)).toHaveCount(1, { timeout: 30_000 });
  // The selection of the group is one step, the grouping another.
  await page.getByRole('button', { name: 'Undo' }).click();
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.getByLabel('Grouping')).toHaveValue('auto');
  await expect(groups).toHaveCount(auto, { timeout: 30_000 });
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(page.getByLabel('Grouping')).toHaveValue('asn');
});

test('each filter narrows what is drawn, and Reset filters brings it all back', async ({ page }) => {
  await openWeek(page);
  const all = await visibleEdges(page);
  const bar = page.getByTestId('filters-bar');
  const filters: [string, () => Promise<void>][] = [
    ['severity', () => bar.getByRole('group', { name: 'Severity' }).getByRole('button', { name: 'medium' }).click()],
    ['minimum score', () => bar.getByLabel('Minimum score').fill('0.5')],
    ['detector kind', async () => {
      await bar.locator('summary', { hasText: 'Detector' }).click();
      await bar.getByRole('group', { name: 'Detector kind' }).getByLabel('beacon').check();
    }],
    ['only IoC hits', () => bar.getByLabel('Only IoC hits').check()],
    ['only findings', () => bar.getByLabel('Only findings').check()],
    ['hide internal', () => bar.getByLabel('Hide internal').check()],
    ['host', async () => {
      await bar.getByLabel('Host', { exact: true }).fill('WS03');
      await bar.getByLabel('Host', { exact: true }).press('Enter');
    }],
    ['process', async () => {
      await bar.getByLabel('Process', { exact: true }).fill('synchelper.exe');
      await bar.getByLabel('Process', { exact: true }).press('Enter');
    }],
    ['port', async () => {
      await bar.getByLabel('Port', { exact: true }).fill('4782');
      await bar.getByLabel('Port', { exact: true }).press('Enter');
    }],
    ['protocol', async () => {
      await bar.getByLabel('Protocol', { exact: true }).fill('udp');
      await bar.getByLabel('Protocol', { exact: true }).press('Enter');
    }],
  ];
  for (const [name, apply] of filters) {
    await apply();
    const narrowed = await edgesChangeFrom(page, all).catch(() => all);
    expect(narrowed, `${name} narrows the graph`).toBeLessThan(all);
    await bar.getByRole('button', { name: 'Reset filters' }).click();
    await expect.poll(() => visibleEdges(page), { timeout: 30_000, message: `${name} reset` }).toBe(all);
  }
});

test('the address carries the view: a reload restores it, back and forward walk it', async ({ page }) => {
  await openWeek(page);
  await page.getByTestId('finding-item').filter({ hasText: 'rundll32.exe → 91.215.85.142' }).click();
  await page.getByTestId('filters-bar').getByRole('group', { name: 'Severity' }).getByRole('button', { name: 'medium' }).click();
  await page.getByLabel('Layout').selectOption('force');
  await expect(page).toHaveURL(/#\/cases\/northwind-week\/graph\?.*severity=medium.*layout=force/);
  const url = page.url();
  await page.reload();
  await expect(surface(page)).toHaveAttribute('data-selected-edge', /rundll32\.exe->ip:91\.215\.85\.142$/, { timeout: 60_000 });
  expect(page.url()).toBe(url);
  await expect(page.getByLabel('Layout')).toHaveValue('force');
  await expect(page.getByRole('group', { name: 'Severity' }).getByRole('button', { name: 'medium' })).toHaveAttribute('aria-pressed', 'true');
  await page.goBack();
  await expect(page.getByLabel('Layout')).toHaveValue('columns');
  await page.goForward();
  await expect(page.getByLabel('Layout')).toHaveValue('force');
  // A hostile link: what is not understood is named and left out, the rest opens.
  await page.goto(`${week.host.origin}/#/cases/northwind-week/graph?layout=spiral&port=99999&severity=medium`);
  await expect(page.getByRole('alert')).toContainText('no layout "spiral"');
  await expect(page.getByLabel('Layout')).toHaveValue('columns');
});

/** The point rounded as "x,y", or what the attribute says while there is none (a refetch being laid out): for polling. */
async function roundedPoint(page: Page, attribute: string): Promise<string> {
  const value = await page.getByTestId('graph-canvas').getAttribute(attribute);
  const [x, y] = (value ?? '').split(',').map(Number);
  return Number.isFinite(x) && Number.isFinite(y) ? `${Math.round(x as number)},${Math.round(y as number)}` : String(value);
}

/** "x,y" from a data attribute as numbers. */
async function pointOf(page: Page, attribute: string): Promise<[number, number]> {
  const value = await page.getByTestId('graph-canvas').getAttribute(attribute);
  const [x, y] = (value ?? '').split(',').map(Number);
  if (!Number.isFinite(x) || !Number.isFinite(y)) throw new Error(`${attribute} is "${value}"`);
  return [x as number, y as number];
}

/** The point once it has stayed the same for a few frames (a jump to the focus, a layout landing). */
async function settledPoint(page: Page, attribute: string): Promise<[number, number]> {
  let last = '';
  await expect
    .poll(async () => {
      const now = (await pointOf(page, attribute).catch(() => [NaN, NaN])).join(',');
      const same = now === last && !now.includes('NaN');
      last = now;
      return same;
    }, { timeout: 30_000, intervals: [250] })
    .toBe(true);
  return pointOf(page, attribute);
}

test('dragging a node pins it where dropped, through a refetch; a click stays a selection; undo, double-click and Unpin all unpin', async ({ page }) => {
  await openWeek(page);
  const canvas = page.getByTestId('graph-canvas');
  const id = 'ip:91.215.85.142';
  const item = page.locator(`[data-node-id="${id}"]`);
  // Selected from the list: the canvas keeps it on screen and says where it is drawn.
  await item.dispatchEvent('click');
  await expect(canvas).toHaveAttribute('data-focus-at', /,/);
  const [wx, wy] = await settledPoint(page, 'data-focus-world');
  // The canvas moves on the page when the details open or close.
  const canvasBox = async () => (await canvas.boundingBox()) as { x: number; y: number };
  /** Where the node is drawn now, on the page. */
  const onPage = async (): Promise<[number, number]> => {
    await settledPoint(page, 'data-transform');
    const box = await canvasBox();
    const [k, x, y] = ((await canvas.getAttribute('data-transform')) as string).split(',').map(Number) as [number, number, number];
    return [box.x + x + k * wx, box.y + y + k * wy];
  };
  // Unselected (the details close, the graph is fitted to the wider pane), then zoomed in on it: rows a few pixels apart become fifteen.
  await page.keyboard.press('Escape');
  await expect(item).toHaveAttribute('aria-pressed', 'false');
  const zoomIn = async () => {
    for (let i = 0; i < 4; i++) {
      await page.mouse.move(...(await onPage()));
      await page.mouse.wheel(0, -500);
    }
    return onPage();
  };
  let [sx, sy] = await zoomIn();

  // A press that moves 2 px is a click: it selects, it pins nothing.
  await page.mouse.move(sx, sy);
  await page.mouse.down();
  await page.mouse.move(sx + 2, sy, { steps: 2 });
  await page.mouse.up();
  await expect(item).toHaveAttribute('aria-pressed', 'true');
  await expect(item).not.toHaveAttribute('data-pinned');
  expect(page.url()).not.toContain('pin=');
  // The details opened beside the canvas and narrowed it: the selection (a destination, in the right-hand column) is still on screen.
  const [fx, fy] = await settledPoint(page, 'data-focus-at');
  const narrowed = (await canvas.boundingBox()) as { width: number; height: number };
  expect(fx, 'the selection is not left behind the details panel').toBeGreaterThanOrEqual(0);
  expect(fx).toBeLessThanOrEqual(narrowed.width);
  expect(fy).toBeGreaterThanOrEqual(0);
  expect(fy).toBeLessThanOrEqual(narrowed.height);

  // A drag moves the node (not the view) and pins it where it is dropped. (The details opened: the canvas moved on the page.)
  // Fitted again and zoomed in on it.
  await page.keyboard.press('f');
  [sx, sy] = await zoomIn();
  const [dx, dy] = [140, -90];
  await page.mouse.move(sx, sy);
  await page.mouse.down();
  await page.mouse.move(sx + dx, sy + dy, { steps: 12 });
  await expect.poll(async () => Number(await canvas.getAttribute('data-drag-frames'))).toBeGreaterThan(0);
  await page.mouse.up();
  const box = await canvasBox();
  await expect(item).toHaveAttribute('data-pinned', /^-?\d+,-?\d+$/);
  await expect(page).toHaveURL(/[?&]pin=[^&]*ip%3A91\.215\.85\.142/);
  await expect(item).toHaveAttribute('aria-pressed', 'true');
  const [ax, ay] = await settledPoint(page, 'data-focus-at');
  expect(Math.abs(box.x + ax - (sx + dx)), 'drawn under the pointer: the view did not pan').toBeLessThan(1.5);
  expect(Math.abs(box.y + ay - (sy + dy))).toBeLessThan(1.5);
  const [px, py] = await pointOf(page, 'data-focus-world');
  expect(Math.hypot(px - wx, py - wy)).toBeGreaterThan(20);
  const pinned = (await item.getAttribute('data-pinned')) as string;
  expect(pinned).toBe(`${Math.round(px)},${Math.round(py)}`);
  await expect(page.getByTestId('legend-pinned')).toBeVisible();
  await expect(page.getByTestId('unpin-all')).toBeVisible();
  console.log(`drag: ${await canvas.getAttribute('data-drag-frames')} frames, last ${await canvas.getAttribute('data-drag-ms')} ms; full frame ${await canvas.getAttribute('data-full-ms')} ms`);
  await page.emulateMedia({ colorScheme: 'light' });
  await page.screenshot({ path: path.join(shotsDir, 'investigation-pinned-light.png') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.screenshot({ path: path.join(shotsDir, 'investigation-pinned-dark.png') });
  await page.emulateMedia({ colorScheme: 'light' });

  // A refetch (hide internal destinations, then show them): the pin is by id, the node is drawn where it was dropped.
  const all = await visibleEdges(page);
  const internal = page.getByTestId('filters-bar').getByLabel('Hide internal');
  await internal.check();
  await edgesChangeFrom(page, all);
  await internal.uncheck();
  await expect.poll(() => visibleEdges(page), { timeout: 30_000 }).toBe(all);
  await expect(item).toHaveAttribute('data-pinned', pinned);
  await expect.poll(() => roundedPoint(page, 'data-focus-world'), { timeout: 30_000 }).toBe(pinned);

  const back = `${Math.round(wx)},${Math.round(wy)}`;
  const unpinned = async () => {
    await expect(item).not.toHaveAttribute('data-pinned');
    // Laid out again without the pin: back where the layout puts it.
    await expect.poll(() => roundedPoint(page, 'data-focus-world'), { timeout: 30_000 }).toBe(back);
  };
  // Undo: the two filter steps, then the drag as one step.
  const undo = page.getByRole('button', { name: 'Undo' });
  await undo.click();
  await undo.click();
  await expect(item).toHaveAttribute('data-pinned', pinned);
  await undo.click();
  await expect(item).not.toHaveAttribute('data-pinned');
  await expect(page.getByTestId('legend-pinned')).toHaveCount(0);
  await expect(page.getByTestId('unpin-all')).toHaveCount(0);
  expect(page.url()).not.toContain('pin=');

  await unpinned();

  // Pinned again, then unpinned by a double-click on it; again, then by Unpin all; from the node list; from the details.
  const dragBy = async (ddx: number, ddy: number) => {
    // A refetch fitted the graph again: zoomed in on the node first.
    let [x, y] = await settledPoint(page, 'data-focus-at');
    for (let i = 0; i < 3; i++) {
      await page.mouse.move(box.x + x, box.y + y);
      await page.mouse.wheel(0, -500);
      [x, y] = await settledPoint(page, 'data-focus-at');
    }
    await page.mouse.move(box.x + x, box.y + y);
    await page.mouse.down();
    await page.mouse.move(box.x + x + ddx, box.y + y + ddy, { steps: 6 });
    await page.mouse.up();
    await expect(item).toHaveAttribute('data-pinned', /,/);
  };
  await dragBy(60, 40);
  const [qx, qy] = await settledPoint(page, 'data-focus-at');
  await page.mouse.dblclick(box.x + qx, box.y + qy);
  await unpinned();
  await dragBy(-50, 30);
  await page.getByTestId('unpin-all').click();
  await unpinned();
  await dragBy(40, 40);
  await page.locator(`[data-unpin="${id}"]`).dispatchEvent('click');
  await unpinned();
  await dragBy(-40, -40);
  await page.getByTestId('details').getByTestId('details-unpin').click();
  await unpinned();
  await expect(page.getByTestId('details-unpin')).toHaveCount(0);

  // The force layout: laid out again around the pin, the node where it was dropped.
  await page.getByLabel('Layout').selectOption('force');
  const force = await settledPoint(page, 'data-focus-world');
  await dragBy(70, -30);
  const dropped = (await item.getAttribute('data-pinned')) as string;
  await expect.poll(() => roundedPoint(page, 'data-focus-world'), { timeout: 30_000 }).toBe(dropped);
  expect(dropped).not.toBe(force.map(Math.round).join(','));
  await page.waitForTimeout(1000);
  expect((await pointOf(page, 'data-focus-world')).map(Math.round).join(',')).toBe(dropped);
});

test('export SVG and PNG download the drawn view; help lists the shortcuts; the theme toggles; screenshots of the large case', async ({ page }) => {
  await openWeek(page);
  await expect(page.getByTestId('graph-canvas')).toHaveAttribute('data-nodes', /^[1-9]/, { timeout: 60_000 });
  const svgDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export SVG' }).click();
  const svg = fs.readFileSync(await (await svgDownload).path(), 'utf8');
  expect(svg).toMatch(/^(<\?xml[^>]*>\s*)?<svg/);
  expect(svg).toContain('WS03');
  const pngDownload = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export PNG' }).click();
  const png = fs.readFileSync(await (await pngDownload).path());
  expect(png.subarray(1, 4).toString()).toBe('PNG');

  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('?');
  await expect(page.getByTestId('help-overlay')).toContainText('Undo the last change of the view');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('help-overlay')).toHaveCount(0);

  const html = page.locator('html');
  const toggle = page.getByTestId('theme-toggle');
  await expect(toggle).toHaveText('Theme: system');
  await toggle.click();
  await expect(html).toHaveAttribute('data-theme', 'light');
  await page.screenshot({ path: path.join(shotsDir, 'investigation-week-light.png') });
  await toggle.click();
  await expect(html).toHaveAttribute('data-theme', 'dark');
  expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe('rgb(17, 21, 28)');
  await page.screenshot({ path: path.join(shotsDir, 'investigation-week-dark.png') });
  // The legend folds to one line when it covers the graph.
  const legend = page.getByTestId('graph-legend');
  await expect(legend).toContainText('finding score');
  await legend.locator('summary').click();
  await expect(legend.getByText('finding score')).toBeHidden();
  await page.screenshot({ path: path.join(shotsDir, 'investigation-week-legend-folded-dark.png') });
  // The choice outlives a reload.
  await page.reload();
  await expect(html).toHaveAttribute('data-theme', 'dark');
});

test.describe('a small case opened by serve --case', () => {
  let small: RunningHost;
  test.beforeAll(async () => {
    small = await startServe({ demo: false, caseName: 'Small case', prepare: (home) => void cli(home, 'import', path.join(fixturesDir, 'zeek/lsass-conn.log'), '--case', 'Small case') });
  });
  test.afterAll(async () => small?.stop());

  test('the printed link opens the case; files dropped anywhere are imported into it; screenshots light and dark', async ({ page }) => {
    expect(small.url).toMatch(/#\/cases\/small-case\/graph\?code=/);
    await page.goto(small.url);
    await expect(page.getByTestId('case-select')).toHaveValue('small-case');
    await expect(surface(page)).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('graph-stats')).toContainText(/\d+ hosts? · \d+ process(es)? · \d+ destinations?/);
    await expect(page.getByTestId('graph-stats')).not.toContainText(/\b1 hosts\b|\b1 processes\b|\b1 destinations\b/);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.screenshot({ path: path.join(shotsDir, 'investigation-small-light.png') });
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: path.join(shotsDir, 'investigation-small-dark.png') });
    await page.emulateMedia({ colorScheme: 'light' });

    const bytes = fs.readFileSync(path.join(fixturesDir, 'sysmon/wevtutil-eid1-3-22.json')).toString('base64');
    const files = await page.evaluateHandle((b64) => {
      const data = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([data], 'wevtutil-eid1-3-22.json'));
      return dt;
    }, bytes);
    await page.getByTestId('findings-list').dispatchEvent('dragover', { dataTransfer: files });
    await expect(page.getByTestId('drop-overlay')).toContainText('Drop to import into Small case');
    await page.getByTestId('findings-list').dispatchEvent('drop', { dataTransfer: files });
    const dialog = page.getByTestId('import-dialog');
    await expect(dialog.locator('[data-testid="file-card"][data-file="wevtutil-eid1-3-22.json"] .badge.ok')).toBeVisible();
    await importButton(dialog).click();
    await expect(dialog.getByTestId('import-summary').locator('[data-status="imported"]')).toHaveCount(1);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await expect(page.locator('[data-node-id="host:DESKTOP-CQF82L6"]')).toHaveCount(1, { timeout: 30_000 });
    // The favicon is served (it was a 404).
    expect((await page.request.get(`${small.origin}/favicon.svg`)).status()).toBe(200);
  });
});
