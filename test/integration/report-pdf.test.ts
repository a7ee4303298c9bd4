import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import { NO_CHROMIUM as NO_CHROMIUM_MESSAGE } from '../../src/core/report/find-chromium.js';
import type { ReportProgress } from '../../src/shared/report-types.js';
import { buildCli, runCli } from '../helpers/cli.js';
import { EngineHarness, remoteError } from '../helpers/engine.js';
import { repoRoot } from '../helpers/fixtures.js';
import { reportCase } from '../helpers/report-case.js';
import { NO_CHROMIUM, NO_POPPLER, pdfinfo, pdftoppm, systemChromium } from '../helpers/report-chromium.js';

/**
 * The PDF report, from `sightline report --format pdf` over the hostile
 * report case: printed by the system Chromium, more than one A4 page, each
 * with the title and TLP in its header and "Page N of M" in its footer,
 * every page rendered to PNG (test-results/report-pdf/) to be looked at.
 * Without Chromium: exit 1 saying how to get one; cancelled: Chromium killed,
 * no file, no temporary folder left.
 */

const h = new EngineHarness();
let engine: Engine;
let caseId = '';
let home = '';
const out = path.join(repoRoot, 'test-results', 'report-pdf');
const pdfDirs = () => new Set(fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith('sightline-pdf-')));

beforeAll(async () => {
  buildCli();
  ({ engine, caseId } = await reportCase(h));
  home = engine.layout.root;
}, 300_000);
afterAll(() => h.close());

const printable = !!systemChromium && !!pdftoppm && !!pdfinfo;
describe.skipIf(!printable)(`sightline report --format pdf${printable ? '' : ` (${!systemChromium ? NO_CHROMIUM : NO_POPPLER})`}`, () => {
  it('prints A4 pages with title, TLP and page N of M on each, and leaves no temporary files', async () => {
    fs.rmSync(out, { recursive: true, force: true });
    fs.mkdirSync(out, { recursive: true });
    const file = path.join(out, 'hostile.pdf');
    const before = pdfDirs();
    const r = await runCli(home, ['report', '--case', 'report case', '--format', 'pdf', '--out', file, '--title', 'Hand-over WS09 <script>', '--tlp', 'red', '--analyst', 'Ann', '--json'], {
      SIGHTLINE_CHROMIUM: systemChromium as string,
    });
    expect([r.code, r.stderr]).toEqual([0, '']);
    expect(JSON.parse(r.stdout)).toMatchObject({ path: file, format: 'pdf' });
    expect(fs.readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect([...pdfDirs()].filter((d) => !before.has(d))).toEqual([]);

    const info = execFileSync(pdfinfo as string, [file], { encoding: 'utf8' });
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
    expect(pages).toBeGreaterThan(1);
    expect(info).toMatch(/Page size:\s+59[45]\.\d+ x 841\.\d+ pts \(A4\)/);
    for (let p = 1; p <= pages; p++) {
      const text = execFileSync('pdftotext', ['-layout', '-f', String(p), '-l', String(p), file, '-'], { encoding: 'utf8' });
      expect(text, `page ${p}`).toContain(`Page ${p} of ${pages}`);
      expect(text, `page ${p}`).toContain('TLP:RED');
      expect(text, `page ${p}`).toContain('Hand-over WS09 <script>');
    }
    execFileSync(pdftoppm as string, ['-r', '50', '-png', file, path.join(out, 'page')]);
    expect(fs.readdirSync(out).filter((n) => n.endsWith('.png'))).toHaveLength(pages);
    console.log(`PDF: ${pages} pages, ${(fs.statSync(file).size / 1024).toFixed(0)} KB; pages rendered to ${path.relative(repoRoot, out)}`);
  }, 180_000);
});

describe('with SIGHTLINE_CHROMIUM naming no Chromium', () => {
  it('exits 1 naming the variable and the path, and writes nothing', async () => {
    const dir = h.tmp.make('no-chromium-');
    const file = path.join(dir, 'r.pdf');
    const missing = path.join(dir, 'no-such-chromium');
    const r = await runCli(home, ['report', '--case', 'report case', '--format', 'pdf', '--out', file], { SIGHTLINE_CHROMIUM: missing });
    expect([r.code, r.stderr]).toEqual([
      1,
      `sightline: SIGHTLINE_CHROMIUM is set to ${missing}, which does not exist: set it to the path of a Chromium or Chrome executable, or unset it to use an installed one\n`,
    ]);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe.skipIf(!!systemChromium)('with no Chromium installed', () => {
  it('exits 1 saying how to get one, in the words of the option', async () => {
    const file = path.join(h.tmp.make('no-chromium-'), 'r.pdf');
    const r = await runCli(home, ['report', '--case', 'report case', '--format', 'pdf', '--out', file]);
    expect([r.code, r.stderr]).toEqual([1, `sightline: --format: ${NO_CHROMIUM_MESSAGE}\n`]);
  });
});

describe('a PDF cancelled while Chromium prints', () => {
  it('kills Chromium (its whole process group), writes nothing and removes its temporary folder', async () => {
    const dir = h.tmp.make('cancel-pdf-');
    const pidFile = path.join(dir, 'pid');
    // A "Chromium" that never finishes: a shell script that leaves its pid and waits.
    const fake = path.join(dir, 'slow-chromium');
    fs.writeFileSync(fake, `#!/bin/sh\necho $$ > '${pidFile}'\nexec sleep 120\n`, { mode: 0o755 });
    const file = path.join(dir, 'out', 'r.pdf');
    fs.mkdirSync(path.dirname(file));
    const before = pdfDirs();
    const saved = process.env.SIGHTLINE_CHROMIUM;
    process.env.SIGHTLINE_CHROMIUM = fake;
    const abort = new AbortController();
    try {
      const started = Date.now();
      const err = await remoteError(
        engine.invoke('exportReport', { caseId, format: 'pdf', target: engine.files.target(file) }, {
          signal: abort.signal,
          onProgress: (p: ReportProgress) => {
            // The HTML is done at a fifth of the writing: Chromium is printing from then on.
            if (p.step === 'writing' && p.fraction >= 0.2) {
              const wait = setInterval(() => {
                if (fs.existsSync(pidFile)) {
                  clearInterval(wait);
                  abort.abort();
                }
              }, 50);
            }
          },
        }),
      );
      expect(err.code).toBe('CANCELLED');
      expect(Date.now() - started).toBeLessThan(60_000);
      const pid = Number(fs.readFileSync(pidFile, 'utf8'));
      await new Promise((r) => setTimeout(r, 200));
      expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
    } finally {
      if (saved === undefined) delete process.env.SIGHTLINE_CHROMIUM;
      else process.env.SIGHTLINE_CHROMIUM = saved;
    }
    expect(fs.readdirSync(path.dirname(file))).toEqual([]);
    expect([...pdfDirs()].filter((d) => !before.has(d))).toEqual([]);
  }, 120_000);
});
