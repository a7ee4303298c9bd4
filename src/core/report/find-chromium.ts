import fs from 'node:fs';
import { InvalidInputError } from '../errors/index.js';

/** Where Chromium or Chrome usually is, after the environment's choice. */
const KNOWN = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
];

/**
 * The headless Chromium a PDF report is printed with: SIGHTLINE_CHROMIUM
 * (or CHROME_PATH) when set, else the first browser found where the usual
 * packages put it; null when there is none (the printer then says how to
 * get one). A variable naming a file that does not exist or cannot be run is
 * an INVALID_INPUT naming the variable and the path: the user chose it, and
 * "none is installed" would send them looking for the wrong thing.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env, exists: (file: string) => boolean = fs.existsSync, problem: (file: string) => string | null = whyNotRunnable): string | null {
  const name = env.SIGHTLINE_CHROMIUM ? 'SIGHTLINE_CHROMIUM' : env.CHROME_PATH ? 'CHROME_PATH' : null;
  if (name) {
    const chosen = env[name] as string;
    const why = problem(chosen);
    if (why) throw new InvalidInputError(`${name} is set to ${chosen}, which ${why}: set it to the path of a Chromium or Chrome executable, or unset it to use an installed one`);
    return chosen;
  }
  return KNOWN.find((file) => exists(file)) ?? null;
}

/** Why `file` cannot be run as a browser, or null when it can. */
export function whyNotRunnable(file: string): string | null {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return 'does not exist';
  }
  if (stat.isDirectory()) return 'is a folder';
  try {
    fs.accessSync(file, fs.constants.X_OK);
  } catch {
    return 'is not executable';
  }
  return null;
}

/** What to do when no Chromium is installed. */
export const NO_CHROMIUM =
  'a PDF report is printed by a headless Chromium, and none is installed: install one (apt install chromium, or Google Chrome) or set SIGHTLINE_CHROMIUM to its path; or write the HTML report (--format html) and print it to PDF from any browser';
