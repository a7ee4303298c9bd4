import { describe, expect, it } from 'vitest';
import { findChromium } from '../../src/core/report/find-chromium.js';

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
