import fs from 'node:fs';

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
 * packages put it; null when there is none (the PDF writer then says how
 * to get one).
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env, exists: (file: string) => boolean = fs.existsSync): string | null {
  const chosen = env.SIGHTLINE_CHROMIUM || env.CHROME_PATH;
  if (chosen) return chosen;
  return KNOWN.find((file) => exists(file)) ?? null;
}

/** What to do when no Chromium is installed. */
export const NO_CHROMIUM =
  'a PDF report is printed by a headless Chromium, and none is installed: install one (apt install chromium, or Google Chrome) or set SIGHTLINE_CHROMIUM to its path; or write the HTML report (--format html) and print it to PDF from any browser';
