import { describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { findChromium, NO_CHROMIUM } from '../../src/core/report/find-chromium.js';
import { writePdfReport } from '../../src/core/report/pdf.js';
import type { ReportDocument } from '../../src/shared/report-types.js';

describe('findChromium', () => {
  it('takes SIGHTLINE_CHROMIUM, then CHROME_PATH, then the first usual path that exists, else null', () => {
    const none = () => false;
    expect(findChromium({ SIGHTLINE_CHROMIUM: '/opt/c/chrome', CHROME_PATH: '/x' }, none)).toBe('/opt/c/chrome');
    expect(findChromium({ CHROME_PATH: '/x/chrome' }, none)).toBe('/x/chrome');
    expect(findChromium({}, (f) => f === '/usr/bin/chromium-browser' || f === '/usr/bin/google-chrome')).toBe('/usr/bin/chromium-browser');
    expect(findChromium({}, none)).toBeNull();
    expect(findChromium({ SIGHTLINE_CHROMIUM: '' }, none)).toBeNull();
  });
});

describe('the PDF writer without a Chromium', () => {
  it('is a user error (INVALID_INPUT, exit 1) saying how to get one', async () => {
    const ctx = { caseDb: {} as Database.Database, signal: new AbortController().signal, progress: () => undefined, chromium: null };
    await expect(writePdfReport({} as ReportDocument, ctx)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: NO_CHROMIUM, location: { field: 'format' } });
    expect(NO_CHROMIUM).toMatch(/apt install chromium/);
  });
});
