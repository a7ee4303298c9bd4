import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/core/engine.js';
import { findingSentence } from '../../src/core/report/gather.js';
import { htmlPieces } from '../../src/core/report/html.js';
import { formatTime } from '../../src/shared/display-format.js';
import { reportDocumentSchema, type ReportDocument } from '../../src/shared/report-types.js';
import { repoRoot } from '../helpers/fixtures.js';
import { EngineHarness } from '../helpers/engine.js';
import { HOSTILE, reportCase } from '../helpers/report-case.js';
import { NO_CHROMIUM, systemChromium } from '../helpers/report-chromium.js';

/**
 * The HTML report of the hostile report case (post text with <script> and
 * <img onerror>, a process path that is a spreadsheet formula, a host name
 * with a right-to-left override): no executable markup, no external
 * address but the post's link, a CSP whose hash is the style's; loaded in
 * Chromium with the network blocked, it asks for nothing and logs no error.
 */

const h = new EngineHarness();
let engine: Engine;
let caseId = '';
let html = '';
let file = '';
let doc: ReportDocument;
const shots = path.join(repoRoot, 'test-results', 'screenshots');
const NOTE_LINK = 'https://example.org/notes?a=1&b=2';
/** A hostile note in Markdown: raw HTML, a javascript: link, a web link, emphasis, a list and code. */
const NOTE = `**Seen** <iframe src="javascript:alert(1)"></iframe> [click](javascript:alert(2))\n\n- see [the write-up](${NOTE_LINK})\n- host WS09-\u202Eexe.txt\n\n\`\`\`\n<script>alert(3)</script>\n\`\`\``;

async function htmlReport(input: Record<string, unknown> = {}): Promise<{ html: string; file: string }> {
  const out = path.join(h.tmp.make('report-html-'), 'report.html');
  await engine.invoke('exportReport', { caseId, format: 'html', ...input, target: engine.files.target(out) });
  return { html: fs.readFileSync(out, 'utf8'), file: out };
}

/** Every start tag of the file (text is escaped, so a "<" in the file starts markup). */
function tags(doc: string): string[] {
  return doc.match(/<[a-zA-Z][^>]*>/g) ?? [];
}

beforeAll(async () => {
  ({ engine, caseId } = await reportCase(h));
  const f = (await engine.invoke('listFindings', { caseId, minScore: 0, limit: 10_000 })).findings.find((x) => x.dst === HOSTILE.ip);
  if (!f) throw new Error('no hostile finding');
  const target = { kind: 'finding' as const, host: f.host, process: f.process, dst: f.dst, dport: f.dport };
  await engine.invoke('addNote', { caseId, target, body: NOTE });
  await engine.invoke('setTags', { caseId, target, tags: ['c2', '=SUM(1)'] });
  const json = path.join(h.tmp.make('report-json-'), 'report.json');
  await engine.invoke('exportReport', { caseId, format: 'json', target: engine.files.target(json) });
  doc = reportDocumentSchema.parse(JSON.parse(fs.readFileSync(json, 'utf8')));
  ({ html, file } = await htmlReport({ title: 'Hand-over </style><script>alert(1)</script>', analyst: 'Ann <b onmouseover=alert(1)>Analyst</b>', tlp: 'amber+strict' }));
  fs.mkdirSync(path.join(repoRoot, 'test-results', 'report'), { recursive: true });
  fs.copyFileSync(file, path.join(repoRoot, 'test-results', 'report', 'hostile.html'));
}, 300_000);
afterAll(() => h.close());

describe('the HTML report of the hostile case', () => {
  it('has no executable markup: no script, no on* attribute, no javascript: URL, no style attribute, no iframe, object or embed', () => {
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<(iframe|object|embed|base|form|link|meta http-equiv="refresh")/i);
    const all = tags(html);
    expect(all.length).toBeGreaterThan(500);
    const attributes = all.flatMap((tag) => [...tag.matchAll(/\s([a-zA-Z-:]+)\s*=/g)].map((m) => (m[1] as string).toLowerCase()));
    expect(attributes.filter((a) => a.startsWith('on'))).toEqual([]);
    expect(attributes).not.toContain('style');
    // A javascript: address in a note is shown as text, never as a link.
    expect(all.join('\n')).not.toMatch(/javascript:/i);
    expect(html).toContain('click (<span class="mono">javascript:alert(2)</span> <span class="muted small">(not a web address: not a link)</span>)');
  });

  it('links out only to the post, over https, with no referrer; loads nothing (no src anywhere)', () => {
    const urls = tags(html).flatMap((tag) => [...tag.matchAll(/\s(href|src|xlink:href|action|srcset|poster|data)="([^"]*)"/gi)].map((m) => `${m[1]}=${m[2]}`));
    const external = urls.filter((u) => !/^href=#finding-\d+$/.test(u));
    const posts = new Set(doc.findings.flatMap((f) => [f.destination?.reputation, ...(f.process?.hashes.map((x) => x.reputation) ?? [])]).flatMap((r) => [...(r?.hits ?? []), ...(r?.suppressed ?? [])]).flatMap((hit) => hit.citations.map((c) => c.link)));
    expect(external).toContain(`href=${HOSTILE.postUrl}`);
    expect(external).toContain(`href=${NOTE_LINK.replace('&', '&amp;')}`);
    for (const u of external) {
      expect(u).toMatch(/^href=https:\/\//);
      expect([...posts, NOTE_LINK]).toContain(u.slice(5).replaceAll('&amp;', '&'));
    }
    const anchor = tags(html).find((tag) => tag.includes(HOSTILE.postUrl)) as string;
    expect(anchor).toMatch(/rel="[^"]*noreferrer/);
  });

  it('carries a strict CSP whose hash is its one <style>', () => {
    const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)];
    expect(styles).toHaveLength(1);
    const css = (styles[0] as RegExpMatchArray)[1] as string;
    const hash = crypto.createHash('sha256').update(css, 'utf8').digest('base64');
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
    expect(csp).toBe(`default-src 'none'; style-src 'sha256-${hash}'; img-src data:; base-uri 'none'; form-action 'none'`);
    // The hostile title reaches the page header's CSS string only as hex escapes.
    expect(css).not.toMatch(/<\/style|<script/i);
  });

  it('shows the hostile text as text: the post, the formula path, the override as a marker', () => {
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('=cmd|&apos; /C calc&apos;!A0');
    expect(html).toContain('WS09-⟨U+202E⟩exe.txt');
    expect(html).toContain('Ann &lt;b onmouseover=alert(1)&gt;Analyst&lt;/b&gt;');
    expect(html).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200B-\u200F]/);
  });

  it("renders the analyst's note from its Markdown as data, and the tags as text", () => {
    expect(html).toContain('<p><strong>Seen</strong> &lt;iframe src=&quot;javascript:alert(1)&quot;&gt;&lt;/iframe&gt; click (');
    expect(html).toContain(`<li>see the write-up (<a href="https://example.org/notes?a=1&amp;b=2" rel="noreferrer noopener nofollow">https://example.org/notes?a=1&amp;b=2</a>)</li><li>host WS09-⟨U+202E⟩exe.txt</li>`);
    expect(html).toContain('<pre>&lt;script&gt;alert(3)&lt;/script&gt;</pre>');
    expect(html).toContain('<span class="tag">=SUM(1)</span>');
  });

  it("shows the verdict with the note the analyst gave, when, and on what, the note as text", () => {
    const set = doc.findings.find((f) => f.finding.host === HOSTILE.host)?.verdict;
    expect(set?.note).toBe(HOSTILE.verdictNote);
    expect(html).toContain(
      `Verdict: <b>malicious</b> <span class="muted small">(set ${formatTime(set?.setAt ?? '')} on host WS09-⟨U+202E⟩exe.txt, process =cmd|&apos; /C calc&apos;!A0 and destination ${HOSTILE.ip})</span>`,
    );
    expect(html).toContain('<p>Why: =HYPERLINK(&quot;https://evil.example/&quot;,&quot;ok&quot;) confirmed &lt;script&gt;alert(5)&lt;/script&gt; by ⟨U+202E⟩gpj.exe</p>');
  });

  it('holds what issue 14 asks for: TLP, summary, chain with lineage, score steps, charts, intel with trust, graph, appendix', () => {
    expect(html).toContain('<span class="tlp">TLP:AMBER+STRICT</span>');
    for (const id of ['summary', 'graph', 'findings', 'appendix']) expect(html).toContain(`<section id="${id}">`);
    const card = html.slice(html.indexOf('<article', html.indexOf('WS09-⟨U+202E⟩exe.txt</span>') - 3000));
    expect(html).toContain('invoice.exe');
    expect(html).toContain(`was written by <code class="wrap-name">C:<wbr>\\<wbr>Users\\<wbr>ann\\<wbr>Downloads\\<wbr>invoice.<wbr>exe</code>`);
    expect(html).toMatch(/<table class="combination">/);
    expect(html).toMatch(/<figure class="chart"><figcaption>Connections over time/);
    expect(html).toMatch(/<figure class="chart"><figcaption>Intervals between connections/);
    expect(html).toMatch(/score \d+ of 100 at the connection/);
    expect(html).toMatch(/synth_hostile/);
    expect(html).toMatch(/<svg class="graph-svg"/);
    expect(html).toContain(HOSTILE.sha256);
    expect(card.length).toBeGreaterThan(0);
  });
});

describe("the UI's graph in the report", () => {
  it('is drawn again from the whitelist: its script, handler and external image are gone, its shapes and text stay', async () => {
    const graphSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" onload="alert(1)"><script>alert(1)</script><image href="https://evil.example/x.png"/><circle cx="10" cy="10" r="5" fill="#7c3aed"/><text x="20" y="10">${HOSTILE.host} &lt;img src=x onerror=alert(1)&gt;</text></svg>`;
    const r = await htmlReport({ graphSvg, sections: ['graph'] });
    expect(r.html).toContain('<svg class="ui-graph-svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 200"');
    expect(r.html).toContain('<circle cx="10" cy="10" r="5" fill="#7c3aed"/><text x="20" y="10">WS09-⟨U+202E⟩exe.txt &lt;img src=x onerror=alert(1)&gt;</text>');
    expect(r.html).not.toMatch(/<script|onload|evil\.example/);
    expect(r.html).not.toContain('<section id="findings">');
  });

  it('that cannot be read is said so, and the findings are drawn instead', async () => {
    const r = await htmlReport({ graphSvg: '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg>&x;</svg>', sections: ['graph'] });
    expect(r.html).toMatch(/The graph the app sent could not be read \(a DOCTYPE or CDATA section \(at character 0\)\); it is drawn from the findings instead/);
    expect(r.html).toContain('<svg class="graph-svg"');
    expect(r.html).not.toContain('passwd');
  });
});

describe.skipIf(!systemChromium)(`the HTML report in Chromium${systemChromium ? '' : ` (${NO_CHROMIUM})`}`, () => {
  it('makes no request but the file itself, logs no error, runs nothing; screenshot kept', async () => {
    const browser = await chromium.launch({ executablePath: systemChromium as string, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 1400 } });
      const requests: string[] = [];
      const problems: string[] = [];
      page.on('request', (r) => requests.push(r.url()));
      page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('dialog', (d) => {
        problems.push(`dialog: ${d.message()}`);
        void d.dismiss();
      });
      const self = `file://${file}`;
      // The network blocked: anything but the file itself is aborted (and counted above, as attempted).
      await page.route('**/*', (route) => (route.request().url() === self ? route.continue() : route.abort()));
      await page.goto(self, { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready);
      expect(requests.filter((u) => u !== self && !u.startsWith('data:'))).toEqual([]);
      expect(problems).toEqual([]);
      expect(await page.locator('article.finding').count()).toBeGreaterThan(3);
      expect(await page.evaluate(() => document.scripts.length)).toBe(0);
      fs.mkdirSync(shots, { recursive: true });
      await page.screenshot({ path: path.join(shots, 'report-html.png'), fullPage: false });
      await page.locator(`article.finding:has-text("WS09-")`).first().screenshot({ path: path.join(shots, 'report-html-hostile-finding.png') });
      await page.locator('#graph').screenshot({ path: path.join(shots, 'report-html-graph.png') });
    } finally {
      await browser.close();
    }
  }, 120_000);
});

/** A fleet's long names: a host's FQDN, a deep image path, a domain; none may be split inside a word. */
const LONG = {
  host: 'FINANCE-WORKSTATION-0042.emea.corp.example-holdings.com',
  image: 'C:\\Users\\administrator.EMEA\\AppData\\Local\\Microsoft\\WindowsApps\\ContosoUpdateService\\contoso_software_distribution_update_helper_for_finance_workstations_emea_x64.exe',
  name: 'telemetry-collector.eu-west-1.static-content-delivery.example',
  dropper: 'C:\\Program Files (x86)\\ContosoSoftwareDistribution\\Downloader\\contoso-distribution-agent.exe',
  // Longer than a line with no place a browser would break it by itself: only nameText's wrap points keep it whole and inside.
  user: 'EMEA-CORPORATE\\svc_contoso_software_distribution_update_automation_service_account_for_finance_workstations',
};

/** Each `.wrap-name` under the root, as the lines Chromium laid its text out in (from the characters' boxes). */
function nameLines(root: Locator): Promise<string[][]> {
  return root.evaluate((el) =>
    [...el.querySelectorAll('.wrap-name')].map((name) => {
      const walker = document.createTreeWalker(name, NodeFilter.SHOW_TEXT);
      const rows: string[] = [];
      let top: number | null = null;
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        for (let i = 0; i < text.length; i++) {
          const range = document.createRange();
          range.setStart(node, i);
          range.setEnd(node, i + 1);
          const rect = range.getClientRects()[0];
          if (!rect) continue;
          if (top === null || rect.top > top + 2) {
            rows.push('');
            top = rect.top;
          }
          rows[rows.length - 1] = `${rows.at(-1) ?? ''}${text.charAt(i)}`;
        }
      }
      return rows;
    }),
  );
}

/** Every line but a name's last ends where a name may wrap. */
function expectWrappedBetweenParts(names: string[][]): void {
  for (const rows of names) for (const row of rows.slice(0, -1)) expect(row, `${JSON.stringify(rows)} wraps inside a word`).toMatch(/[./\\:_ -]$/);
}

describe.skipIf(!systemChromium)(`the chain box in Chromium${systemChromium ? '' : ` (${NO_CHROMIUM})`}`, () => {
  it('wraps a long host name, image path and domain only after . / \\ : - _ (or a space), never inside a word, and nothing leaves its box', async () => {
    const hostile = doc.findings.find((f) => f.finding.dst === HOSTILE.ip) as ReportDocument['findings'][number];
    const long = { ...hostile.finding, host: LONG.host, process: LONG.image };
    expect(hostile.lineage?.written).not.toBeNull();
    const longDoc: ReportDocument = {
      ...doc,
      findings: [
        {
          ...hostile,
          finding: long,
          sentence: findingSentence(long),
          lineage: hostile.lineage && { ...hostile.lineage, written: hostile.lineage.written && { ...hostile.lineage.written, file: LONG.image, by: LONG.dropper, user: LONG.user } },
          process: hostile.process && { ...hostile.process, path: LONG.image },
          destination: hostile.destination && { ...hostile.destination, names: [LONG.name] },
        },
      ],
    };
    const out = path.join(h.tmp.make('report-chain-'), 'chain.html');
    fs.writeFileSync(out, [...htmlPieces(longDoc, { signal: new AbortController().signal, progress: () => {} })].join(''));
    // Kept beside hostile.html, to print and look at.
    fs.copyFileSync(out, path.join(repoRoot, 'test-results', 'report', 'long-chain.html'));
    const browser = await chromium.launch({ executablePath: systemChromium as string, args: ['--no-sandbox', '--disable-gpu'] });
    try {
      // A4's text width, as printed.
      const page = await browser.newPage({ viewport: { width: 794, height: 1123 } });
      await page.goto(`file://${out}`, { waitUntil: 'load' });
      const chain = page.locator('.chain').first();
      const lines = await nameLines(chain);
      const overflow = await chain.evaluate((el) => [...el.querySelectorAll('.box')].map((b) => b.scrollWidth - b.clientWidth));
      fs.mkdirSync(shots, { recursive: true });
      await chain.screenshot({ path: path.join(shots, 'report-html-long-chain.png') });
      const [host, , fullPath, , names] = lines;
      // Laid out in several lines, each ending where a name may wrap.
      expect(host?.join('')).toBe(LONG.host);
      expect(fullPath?.join('')).toBe(LONG.image);
      expect(names?.join('')).toBe(LONG.name);
      expect((host?.length ?? 0) + (fullPath?.length ?? 0) + (names?.length ?? 0)).toBeGreaterThan(3);
      expectWrappedBetweenParts(lines);
      expect(overflow.every((o) => o <= 0), `a box overflows by ${overflow.join(', ')} px`).toBe(true);

      // The heading sentence and the "written by" line wrap the same names the same way, and stay in the card.
      const card = page.locator('article.finding').first();
      const heading = await nameLines(card.locator('h3'));
      expect(heading.map((rows) => rows.join(''))).toEqual([LONG.host, 'contoso_software_distribution_update_helper_for_finance_workstations_emea_x64.exe', long.dport === null ? HOSTILE.ip : `${HOSTILE.ip}:${long.dport}`]);
      const written = await nameLines(card.locator('p', { hasText: 'The image file' }));
      expect(written.map((rows) => rows.join(''))).toEqual([LONG.image, LONG.dropper, LONG.user]);
      expect([...heading, ...written].filter((rows) => rows.length > 1).length).toBeGreaterThan(2);
      expectWrappedBetweenParts([...heading, ...written]);
      const spill = await card.evaluate((el) => [el, el.querySelector('h3'), ...el.querySelectorAll('p')].map((x) => (x ? x.scrollWidth - x.clientWidth : 0)));
      expect(spill.every((o) => o <= 0), `the card overflows by ${spill.join(', ')} px`).toBe(true);
      await card.locator('h3').screenshot({ path: path.join(shots, 'report-html-long-heading.png') });
      await card.locator('p', { hasText: 'The image file' }).screenshot({ path: path.join(shots, 'report-html-long-written-by.png') });
    } finally {
      await browser.close();
    }
  }, 120_000);
});
