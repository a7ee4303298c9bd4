import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '../..');

/** The sightline CLI on a data home, as a user runs it. */
export const cli = (home: string, ...args: string[]) =>
  execFileSync(process.execPath, [path.join(root, 'bin/sightline.js'), ...args], { env: { ...process.env, SIGHTLINE_HOME: home }, stdio: 'pipe' });

/**
 * The synthetic week (test/synthetic) in a data home, with the CLI: its Sysmon and Zeek logs imported into the
 * case "Northwind week", its feeds in the IoC store, and, when asked, analysed.
 */
export function prepareWeekHome(home: string, options: { analyse: boolean }): void {
  const week = fs.mkdtempSync(path.join(os.tmpdir(), 'sightline-week-'));
  try {
    execFileSync(process.execPath, [path.join(root, 'test/synthetic/generate.js'), '--out', week], { stdio: 'pipe' });
    const sysmon = fs.readdirSync(path.join(week, 'sysmon')).map((f) => path.join(week, 'sysmon', f));
    cli(home, 'import', ...sysmon, path.join(week, 'zeek/conn.log'), path.join(week, 'zeek/dns.log'), '--case', 'Northwind week');
    cli(home, 'intel', 'import', path.join(week, 'intel/tweetfeed.csv'), path.join(week, 'intel/stix-bundle.json'));
    if (options.analyse) cli(home, 'analyze', '--case', 'Northwind week');
  } finally {
    fs.rmSync(week, { recursive: true, force: true });
  }
}
