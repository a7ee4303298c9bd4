import { expect, test, type Page } from '@playwright/test';
import { startServe, type RunningHost } from './serve-host.js';
import { prepareWeekHome } from './week-home.js';

/** The analysed week served for one spec file, signed in once. */
export interface AnalysedWeekHost {
  /** The running host (its origin, home); set in beforeAll. */
  readonly host: RunningHost;
  /** The session the sign-in link gave: it works once, so every page of the file is given this one before it loads. */
  readonly token: string;
  /**
   * Opens the week in `page`, signed in: page errors and dialogs (a note or a
   * title that ran) are pushed to `errors`; the case "Northwind week" is chosen
   * and its findings listed. Returns the case id from the address.
   */
  open(page: Page, errors: string[]): Promise<string>;
  /** An operation through the browser host's API with the session (jobs answer server-sent events: read to the end). */
  api(name: string, input: unknown): Promise<string>;
}

/**
 * For a spec file: the synthetic week, imported and analysed with the CLI
 * (week-home.ts), served by `sightline serve` from beforeAll to afterAll, and
 * signed in once through the printed link.
 */
export function serveAnalysedWeek(): AnalysedWeekHost {
  let host: RunningHost | undefined;
  let token = '';
  test.beforeAll(async () => {
    test.setTimeout(240_000);
    host = await startServe({ demo: false, prepare: (home) => prepareWeekHome(home, { analyse: true }) });
    const code = new URLSearchParams(new URL(host.url).hash.slice(1)).get('code');
    const session = (await (await fetch(`${host.origin}/api/session`, { method: 'POST', body: JSON.stringify({ code }) })).json()) as { result: { token: string } };
    token = session.result.token;
  });
  test.afterAll(async () => host?.stop());
  const running = (): RunningHost => {
    if (!host) throw new Error('the week is served from beforeAll: use it in a test');
    return host;
  };
  return {
    get host() {
      return running();
    },
    get token() {
      return token;
    },
    async open(page, errors) {
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('dialog', (d) => {
        errors.push(`dialog: ${d.message()}`);
        void d.dismiss();
      });
      await page.addInitScript((t) => sessionStorage.setItem('sightline-session', t), token);
      await page.goto(`${running().origin}/`);
      await page.getByTestId('case-select').selectOption({ label: 'Northwind week' });
      await expect(page.getByTestId('finding-item').first()).toBeVisible({ timeout: 60_000 });
      return /#\/cases\/([\w-]+)\//.exec(page.url())?.[1] as string;
    },
    async api(name, input) {
      const res = await fetch(`${running().origin}/api/op/${name}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(input),
      });
      expect(res.status).toBe(200);
      return res.text();
    },
  };
}
