import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { runCli } from '../helpers/cli.js';
import { sysmonLines } from '../helpers/sysmon-lines.js';
import { shootBothThemes } from './import-helpers.js';
import { useServeHost } from './serve-host.js';

/**
 * The details of a process tell where it came from (Sysmon events 1 and 11):
 * a program Word dropped into AppData, started by Explorer, calling out.
 */
const HOST = 'WS06';
const EXPLORER = 'C:\\Windows\\explorer.exe';
const USERINIT = 'C:\\Windows\\System32\\userinit.exe';
const WORD = 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE';
const OUTLOOK = 'C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE';
const DROPPED = 'C:\\Users\\ann\\AppData\\Roaming\\Microsoft\\Windows\\svch0st.exe';
const RLO = 'C:\\Users\\ann\\Downloads\\invoice\u202Efdp.exe';
const SHA256 = '9f2c1a7e5b3d4c6e8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f';

const { start, write, connect } = sysmonLines(HOST, '2026-11-18');
const lines = [
  start('08:02:00.000', '{G0}', USERINIT, '{GW}', 'C:\\Windows\\System32\\winlogon.exe'),
  start('08:02:05.000', '{G1}', EXPLORER, '{G0}', USERINIT),
  start('09:10:00.000', '{G2}', WORD, '{G1}', EXPLORER),
  write('09:14:07.000', '{G2}', WORD, DROPPED),
  start('09:16:30.000', '{G3}', DROPPED, '{G1}', EXPLORER, { Hashes: `MD5=0123456789ABCDEF0123456789ABCDEF,SHA256=${SHA256.toUpperCase()},IMPHASH=F34D5F2D4577ED6D9CEEC516C1F5A744` }),
  connect('09:20:00.000', '{G3}', DROPPED),
  start('09:30:00.000', '{G5}', OUTLOOK, '{G1}', EXPLORER),
  write('09:31:00.000', '{G5}', OUTLOOK, RLO),
  start('09:32:00.000', '{G6}', RLO, '{G1}', EXPLORER),
  connect('09:33:00.000', '{G6}', RLO, { ip: '185.225.74.19', port: 8443 }),
];

const host = useServeHost(test, {
  prepare: async (home) => {
    const file = path.join(home, 'lineage-sysmon.json');
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    const r = await runCli(home, ['import', file, '--case', 'Lineage']);
    if (r.code !== 0) throw new Error(`import failed: ${r.stderr}`);
  },
});

function nodeSelector(image: string): string {
  return `[data-node-id="process:${`${HOST}|${image}`.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"]`;
}

async function openProcess(page: Page, image: string) {
  await page.goto(host().url);
  await page.getByTestId('case-select').selectOption('lineage');
  await page.locator(nodeSelector(image)).dispatchEvent('click');
  const details = page.getByTestId('details');
  await expect(details.getByTestId('lineage')).toBeVisible();
  return details;
}

test('a process\'s details say who wrote its file and when, who started it, its parents, hashes and what its name and place say', async ({ page }) => {
  const details = await openProcess(page, DROPPED);
  const lineage = details.getByTestId('lineage');
  await expect(lineage).toHaveAttribute('data-joined-by', 'guid');
  await expect(lineage.getByTestId('lineage-sentence')).toHaveText(
    'svch0st.exe was written by WINWORD.EXE at 09:14 and started by explorer.exe at 09:16, itself started by userinit.exe, itself started by winlogon.exe',
  );
  await expect(lineage.getByTestId('lineage-by-image')).toHaveCount(0);
  const judgements = lineage.getByTestId('judgements');
  await expect(judgements.locator('[data-kind="lookalike-name"]')).toContainText('svchost.exe');
  await expect(judgements.locator('[data-kind="user-writable-folder"]')).toContainText('AppData');
  await expect(lineage.locator('[data-fact="Written by"] dd')).toContainText('WINWORD.EXE at 2026-11-18 09:14:07Z');
  await expect(lineage.locator('[data-fact="Written by"] dd')).toContainText(DROPPED);
  const chain = lineage.locator('[data-fact="Parent chain"] li');
  await expect(chain).toHaveCount(3);
  await expect(chain.nth(0)).toContainText('explorer.exe');
  await expect(chain.nth(1)).toContainText('userinit.exe');
  await expect(chain.nth(2)).toContainText('winlogon.exe (no process creation of it in this case)');
  // The hashes of its runs, each with the IoC store's word on it, in the process section (not repeated in the lineage).
  const hashes = details.getByTestId('process-hashes');
  await expect(hashes.locator('[data-hash="sha256"] .hash')).toHaveText(SHA256);
  await expect(hashes.locator('[data-hash="sha256"]')).toContainText('(no IoC hit)');
  await expect(hashes.locator('[data-hash="imphash"] .hash')).toHaveText('f34d5f2d4577ed6d9ceec516c1f5a744');
  await expect(lineage.locator('[data-fact="hash-sha256"]')).toHaveCount(0);
  await expect(details.locator('[data-fact="Parent"] dd')).toHaveText(EXPLORER);
  await lineage.scrollIntoViewIfNeeded();
  await shootBothThemes(page, 'details-process-lineage');
});

test('hidden characters in a lineage are marked, and the file creation it names stays text', async ({ page }) => {
  const details = await openProcess(page, RLO);
  const lineage = details.getByTestId('lineage');
  await expect(lineage.getByTestId('lineage-sentence')).toHaveText('invoice⟨U+202E⟩fdp.exe was written by OUTLOOK.EXE at 09:31 and started by explorer.exe at 09:32, itself started by userinit.exe, itself started by winlogon.exe');
  await expect(lineage.locator('[data-fact="Written by"] .hidden-char')).toHaveCount(1);
  await expect(details.getByTestId('hidden-chars-warning')).toContainText('Written file');
  expect(await page.evaluate(() => document.body.textContent?.includes('\u202E'))).toBe(false);
});
