import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findChromium, NO_CHROMIUM } from '../../src/core/report/find-chromium.js';
import { systemChromiumPrinter } from '../../src/core/report/pdf-printer.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'find-chromium-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('findChromium', () => {
  const runnable = () => null;
  it('takes SIGHTLINE_CHROMIUM, then CHROME_PATH, then the first usual path that exists, else null', () => {
    const none = () => false;
    expect(findChromium({ SIGHTLINE_CHROMIUM: '/opt/c/chrome', CHROME_PATH: '/x' }, none, runnable)).toBe('/opt/c/chrome');
    expect(findChromium({ CHROME_PATH: '/x/chrome' }, none, runnable)).toBe('/x/chrome');
    expect(findChromium({}, (f) => f === '/usr/bin/chromium-browser' || f === '/usr/bin/google-chrome')).toBe('/usr/bin/chromium-browser');
    expect(findChromium({}, none)).toBeNull();
    expect(findChromium({ SIGHTLINE_CHROMIUM: '' }, none)).toBeNull();
  });

  it('names the variable and the path when it points at a missing, non-executable file or a folder', () => {
    const missing = path.join(dir, 'no-such-chrome');
    const plain = path.join(dir, 'chrome.txt');
    fs.writeFileSync(plain, 'not a program', { mode: 0o644 });
    const program = path.join(dir, 'chrome');
    fs.writeFileSync(program, '#!/bin/sh\n', { mode: 0o755 });
    const refused = (env: NodeJS.ProcessEnv) => {
      try {
        findChromium(env);
      } catch (err) {
        return err;
      }
      throw new Error('expected a refusal');
    };
    expect(refused({ SIGHTLINE_CHROMIUM: missing })).toMatchObject({
      code: 'INVALID_INPUT',
      message: `SIGHTLINE_CHROMIUM is set to ${missing}, which does not exist: set it to the path of a Chromium or Chrome executable, or unset it to use an installed one`,
    });
    expect(refused({ CHROME_PATH: plain })).toMatchObject({ message: expect.stringContaining(`CHROME_PATH is set to ${plain}, which is not executable`) as unknown });
    expect(refused({ SIGHTLINE_CHROMIUM: dir })).toMatchObject({ message: expect.stringContaining(`SIGHTLINE_CHROMIUM is set to ${dir}, which is a folder`) as unknown });
    expect(findChromium({ SIGHTLINE_CHROMIUM: program })).toBe(program);
  });
});

describe('the system Chromium printer without a Chromium', () => {
  it('is a user error (INVALID_INPUT, exit 1) saying how to get one', async () => {
    const print = systemChromiumPrinter(() => null);
    const o = { signal: new AbortController().signal, timeoutMs: 1000 };
    await expect(print(path.join(dir, 'r.html'), path.join(dir, 'r.pdf'), o)).rejects.toMatchObject({ code: 'INVALID_INPUT', message: NO_CHROMIUM, location: { field: 'format' } });
    expect(NO_CHROMIUM).toMatch(/apt install chromium/);
  });
});
