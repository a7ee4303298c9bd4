import fs from 'node:fs';

/** Debian's Chromium, as playwright.config.ts finds it (Playwright cannot download its own here). */
export const systemChromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p)) ?? null;
export const pdftoppm = ['/usr/bin/pdftoppm', '/usr/local/bin/pdftoppm'].find((p) => fs.existsSync(p)) ?? null;
export const pdfinfo = ['/usr/bin/pdfinfo', '/usr/local/bin/pdfinfo'].find((p) => fs.existsSync(p)) ?? null;

export const NO_CHROMIUM = 'skipped: no Chromium at /usr/bin/chromium or /usr/bin/chromium-browser (apt install chromium; scripts/test-all.sh installs it)';
export const NO_POPPLER = 'skipped: no pdftoppm/pdfinfo (apt install poppler-utils; scripts/test-all.sh installs it)';
