/* global window */
// The investigation graph in headless Chromium (no GPU) at 1440x900: a generated
// 10,000-node / 30,000-edge GraphView drawn by GraphCanvas (canvas 2D) and by a
// plain d3 SVG rendering of the same graph and positions. Scripted wheel zoom and
// drag pan; frame times are requestAnimationFrame deltas during the gesture.
// The page (bench/graph-canvas/page.tsx) is bundled into bench/.tmp at run time,
// never shipped. Also writes screenshots of the canvas (small and large graph,
// light and dark, overlays on) to test-results/screenshots/.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ratio } from './lib/measure.js';

export const name = 'graph-canvas';
export const description = 'GraphCanvas (canvas 2D) vs plain d3 SVG: 10k nodes / 30k edges, first draw and pan/zoom frame times in headless Chromium without GPU';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const VIEWPORT = { width: 1440, height: 900 };

export async function bundle(ctx) {
  const { build } = await import('rolldown');
  const out = path.join(ctx.benchDir, '.tmp', 'graph-canvas');
  fs.mkdirSync(out, { recursive: true });
  await build({
    input: path.join(ctx.benchDir, 'graph-canvas', 'page.tsx'),
    platform: 'browser',
    logLevel: 'warn',
    transform: { jsx: 'react-jsx', define: { 'process.env.NODE_ENV': '"production"' } },
    output: { file: path.join(out, 'page.js'), format: 'iife', minify: true },
  });
  fs.copyFileSync(path.join(ctx.root, 'src', 'renderer', 'styles.css'), path.join(out, 'styles.css'));
  fs.writeFileSync(
    path.join(out, 'index.html'),
    '<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="styles.css">' +
      '<style>html,body{margin:0;height:100%;overflow:hidden;background:var(--bg)}#app{position:relative;width:100vw;height:100vh}</style>' +
      '</head><body><div id="app"></div><script src="page.js"></script></body></html>',
  );
  return pathToFileURL(path.join(out, 'index.html')).href;
}

function stats(frames) {
  const sorted = [...frames].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
  return { count: frames.length, median: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? Number.NaN, over50: frames.filter((f) => f > 50).length };
}

async function open(browser, url, query, colorScheme = 'light') {
  const page = await browser.newPage({ viewport: VIEWPORT, deviceScaleFactor: 1, colorScheme });
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  await page.goto(`${url}?${query}`);
  const firstDrawMs = await page.evaluate(() => window.bench.ready);
  if (errors.length) throw new Error(`the bench page failed: ${errors.join('; ')}`);
  return { page, firstDrawMs };
}

/** Wheel in and out at the centre, then drag: the frames while it runs. */
async function gesture(page) {
  await page.mouse.move(VIEWPORT.width / 2, VIEWPORT.height / 2);
  await page.evaluate(() => window.bench.startFrames());
  for (let i = 0; i < 24; i++) {
    await page.mouse.wheel(0, i < 12 ? -120 : 120);
    await page.waitForTimeout(20);
  }
  await page.mouse.down();
  for (let i = 1; i <= 30; i++) {
    await page.mouse.move(VIEWPORT.width / 2 + i * 10, VIEWPORT.height / 2 + i * 5);
    await page.waitForTimeout(10);
  }
  await page.mouse.up();
  return page.evaluate(() => window.bench.stopFrames());
}

/**
 * A node dragged across the large graph: the frames while it moves (the
 * backdrop drawn once, then the node's layer over its copy) and the one pin
 * at the drop. The busiest host, so its many edges move too.
 */
export async function dragNode(browser, url) {
  const { page } = await open(browser, url, 'renderer=canvas');
  try {
    const node = 0;
    const [x, y] = await page.evaluate((i) => window.bench.screenPosition(i), node);
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.evaluate(() => window.bench.startFrames());
    for (let i = 1; i <= 40; i++) {
      await page.mouse.move(x + i * 8, y + i * 4);
      await page.waitForTimeout(10);
    }
    const frames = stats(await page.evaluate(() => window.bench.stopFrames()));
    await page.mouse.up();
    const result = await page.evaluate(() => ({ pins: window.bench.pins(), dragFrames: window.bench.dragFrames(), lastDragMs: window.bench.lastDragMs(), fullMs: window.bench.lastFullMs() }));
    if (result.pins.length !== 1 || result.pins[0][0] !== node || !(result.dragFrames > 0)) throw new Error(`node drag: ${JSON.stringify(result)}`);
    return { frames, ...result };
  } finally {
    await page.close();
  }
}

async function measure(browser, url, renderer, ctx) {
  ctx.log(`${renderer}: first draw ...`);
  const { page, firstDrawMs } = await open(browser, url, `renderer=${renderer}`);
  const info = await page.evaluate(() => ({ nodes: window.bench.nodes, edges: window.bench.edges, layoutMs: window.bench.layoutMs, fullMs: window.bench.lastFullMs() }));
  ctx.log(`${renderer}: pan and zoom ...`);
  const frames = stats(await gesture(page));
  await page.waitForTimeout(600);
  const settled = await page.evaluate(() => ({ fullMs: window.bench.lastFullMs(), fullFrames: window.bench.fullFrames() }));
  const hitUs = await page.evaluate(() => window.bench.hitTestMicros());
  let exportCheck = null;
  if (renderer === 'canvas') {
    exportCheck = await page.evaluate(async () => ({ svg: window.bench.exportSvg().length, png: await window.bench.exportPngBytes() }));
    if (!(exportCheck.svg > 1000) || !(exportCheck.png > 1000)) throw new Error(`export gave SVG ${exportCheck.svg} chars, PNG ${exportCheck.png} bytes`);
  }
  await page.close();
  return { firstDrawMs, frames, hitUs, exportCheck, ...info, settledFullMs: settled.fullMs, fullFrames: settled.fullFrames };
}

export async function screenshots(browser, url, ctx) {
  const dir = path.join(ctx.root, 'test-results', 'screenshots');
  fs.mkdirSync(dir, { recursive: true });
  const shots = [];
  for (const colorScheme of ['light', 'dark']) {
    for (const [size, query] of [
      ['small', 'size=small&layout=columns&select=1'],
      ['small-force', 'size=small&layout=force'],
      ['large', 'size=large'],
    ]) {
      const { page } = await open(browser, url, `renderer=canvas&${query}`, colorScheme);
      const file = path.join(dir, `graph-canvas-${size}-${colorScheme}.png`);
      await page.screenshot({ path: file });
      shots.push(file);
      if (size === 'large') {
        // Zoomed in on the middle: labels, badges and rings at reading size.
        await page.mouse.move(VIEWPORT.width / 2, VIEWPORT.height / 2);
        for (let i = 0; i < 14; i++) await page.mouse.wheel(0, -120);
        await page.waitForTimeout(700);
        const zoomed = path.join(dir, `graph-canvas-large-zoomed-${colorScheme}.png`);
        await page.screenshot({ path: zoomed });
        shots.push(zoomed);
      }
      await page.close();
    }
  }
  ctx.log(`screenshots: ${shots.map((f) => path.relative(ctx.root, f)).join(', ')}`);
}

/**
 * The component's events in a real browser, on the demo-sized graph: a click on
 * a node selects it, shift-click adds, a click on an edge selects the edge, a
 * click on the background clears; hovering reports the node.
 */
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/** A static server on 127.0.0.1 (module workers need an origin; file URLs have none). */
function serve(dir) {
  const server = http.createServer((req, res) => {
    const file = path.join(dir, path.normalize(decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname)));
    if (!file.startsWith(dir) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/**
 * useGraphLayout as the app runs it: the worker page built by Vite (the
 * worker a chunk of its own, as in the app), the 10k/30k force layout from
 * render to positions on the page.
 */
export async function workerLayout(browser, ctx) {
  const { build } = await import('vite');
  const outDir = path.join(ctx.benchDir, '.tmp', 'graph-canvas-worker');
  await build({ root: path.join(ctx.benchDir, 'graph-canvas', 'worker-page'), base: './', configFile: false, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const server = await serve(outDir);
  const page = await browser.newPage();
  try {
    const errors = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(`http://127.0.0.1:${server.address().port}/index.html?size=large&mode=force`);
    await page.waitForFunction(() => window.layoutResult?.done || window.layoutResult?.error, null, { timeout: 120_000 });
    const result = await page.evaluate(() => window.layoutResult);
    if (errors.length || result.error || result.nodes !== 10_000 || result.pinned?.[0] !== 11 || result.pinned?.[1] !== 22) {
      throw new Error(`useGraphLayout in the worker: ${JSON.stringify({ ...result, progress: result.progress.length, errors })}`);
    }
    return result;
  } finally {
    await page.close();
    server.close();
  }
}

export async function interactions(browser, url) {
  const { page } = await open(browser, url, 'renderer=canvas&size=small&layout=columns');
  try {
    const at = (node) => page.evaluate((i) => window.bench.screenPosition(i), node);
    const [x0, y0] = await at(0);
    await page.mouse.move(x0, y0);
    await page.waitForTimeout(50);
    const hovered = await page.evaluate(() => window.bench.hovered());
    await page.mouse.click(x0, y0);
    const [x1, y1] = await at(4);
    await page.keyboard.down('Shift');
    await page.mouse.click(x1, y1);
    await page.keyboard.up('Shift');
    const edge = await page.evaluate(() => window.bench.edgePoint(0));
    await page.mouse.click(edge[0], edge[1]);
    await page.mouse.click(3, 3);
    const got = JSON.stringify(await page.evaluate(() => window.bench.selections()));
    const want = JSON.stringify([
      { target: { node: 0 }, additive: false },
      { target: { node: 4 }, additive: true },
      { target: { edge: 0 }, additive: false },
      { target: null, additive: false },
    ]);
    if (hovered !== '{"node":0}' || got !== want) throw new Error(`interaction check: hovered ${hovered}, selections ${got}, expected ${want}`);
  } finally {
    await page.close();
  }
}

export async function run(ctx) {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
  ctx.log('bundling the bench page ...');
  const url = await bundle(ctx);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--disable-gpu'] });
  try {
    const svg = await measure(browser, url, 'svg', ctx);
    const canvas = await measure(browser, url, 'canvas', ctx);
    await screenshots(browser, url, ctx);
    await interactions(browser, url);
    ctx.log('canvas: dragging a node ...');
    const drag = await dragNode(browser, url);
    ctx.log('useGraphLayout in a worker (Vite build) ...');
    const worker = await workerLayout(browser, ctx);
    ctx.log('interactions: hover, click, shift-click, edge click, background click: as expected');
    const peerName = 'plain d3 SVG';
    const size = `${canvas.nodes.toLocaleString('en-US')} nodes / ${canvas.edges.toLocaleString('en-US')} edges`;
    const frameNote = (s) => `${s.count} frames, ${s.over50} over 50 ms, max ${Math.round(s.max)} ms`;
    return [
      { metric: 'first draw (ms)', sightline: canvas.firstDrawMs, peer: svg.firstDrawMs, peerName, unit: 'ms', ratio: ratio(canvas.firstDrawMs, svg.firstDrawMs), note: `lower is better; ${size}; data and layout ready, to the frame after the drawing` },
      { metric: 'pan/zoom frame median (ms)', sightline: canvas.frames.median, peer: svg.frames.median, peerName, unit: 'ms', ratio: ratio(canvas.frames.median, svg.frames.median), note: `lower is better; target < 33 ms; canvas ${frameNote(canvas.frames)}; SVG ${frameNote(svg.frames)}` },
      { metric: 'pan/zoom frame p95 (ms)', sightline: canvas.frames.p95, peer: svg.frames.p95, peerName, unit: 'ms', ratio: ratio(canvas.frames.p95, svg.frames.p95), note: 'lower is better' },
      { metric: 'node drag frame median (ms)', sightline: drag.frames.median, peer: null, peerName: '', unit: 'ms', ratio: null, note: `lower is better; the busiest host dragged across ${size}: ${frameNote(drag.frames)}, p95 ${Math.round(drag.frames.p95)} ms; the moving layer over the backdrop's copy ${drag.lastDragMs.toFixed(1)} ms a frame; one pin at the drop` },
      { metric: 'hover hit test (µs)', sightline: canvas.hitUs.any, peer: svg.hitUs.any, peerName: 'elementFromPoint', unit: 'µs', ratio: ratio(canvas.hitUs.any, svg.hitUs.any), note: `lower is better; a node (quadtree, ${canvas.hitUs.node.toFixed(1)} µs alone), else the nearest edge segment` },
      { metric: 'full canvas frame (ms)', sightline: canvas.settledFullMs, peer: null, peerName: '', unit: 'ms', ratio: null, note: `drawn ${150} ms after a gesture stops (labels placed anew); at first draw ${canvas.fullMs.toFixed(0)} ms; ${canvas.fullFrames} full frames in the run` },
      { metric: 'force layout in the worker (ms)', sightline: worker.ms, peer: null, peerName: '', unit: 'ms', ratio: null, note: `useGraphLayout built by Vite: from render to positions on the page (worker start, transfers); ${worker.progress.filter((p) => p > 0 && p < 1).length} progress reports; the pin kept` },
      { metric: 'force layout (ms)', sightline: canvas.layoutMs, peer: null, peerName: '', unit: 'ms', ratio: null, note: `target < 3000 ms at ${size} (the worker runs the same code); exports: SVG ${Math.round(canvas.exportCheck.svg / 1024)} KB, PNG ${Math.round(canvas.exportCheck.png / 1024)} KB` },
    ];
  } finally {
    await browser.close();
  }
}
