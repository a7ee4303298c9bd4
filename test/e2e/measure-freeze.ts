import type { Page } from '@playwright/test';

/**
 * How long the page is busy after one interaction, measured inside the page:
 * the time from the click to the first frame painted with the result
 * (two animation frames after the result is in the DOM: the frame that lays
 * it out has painted by then), and the long tasks (PerformanceObserver
 * 'longtask': any main-thread task over 50 ms) that started meanwhile.
 */
export interface Freeze {
  /** Click to the result painted, ms. */
  paintedMs: number;
  /** The longest main-thread task in that time and the settling after it, ms (0: none over 50 ms). */
  longestTaskMs: number;
  /** Every long task's duration, ms. */
  longTasksMs: number[];
}

declare global {
  interface Window {
    __longTasks?: { start: number; duration: number }[];
  }
}

/** Starts recording long tasks from the first script on; call before page.goto. */
export async function recordLongTasks(page: Page): Promise<void> {
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks?.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
}

/**
 * Clicks the element `target` selects (a real DOM click event, dispatched in
 * the page so the clock starts exactly then) and waits until `ready` selects
 * something; `settleMs` after the paint, long tasks are collected.
 */
export async function measureClick(page: Page, target: string, ready: string, settleMs = 400): Promise<Freeze> {
  return page.evaluate(
    ({ target, ready, settleMs }) =>
      new Promise<Freeze>((resolve, reject) => {
        const el = document.querySelector(target);
        if (!el) return reject(new Error(`nothing matches ${target}`));
        const t0 = performance.now();
        const finish = () => {
          requestAnimationFrame(() =>
            requestAnimationFrame(() => {
              const painted = performance.now() - t0;
              setTimeout(() => {
                const tasks = (window.__longTasks ?? []).filter((t) => t.start + t.duration >= t0).map((t) => Math.round(t.duration));
                resolve({ paintedMs: Math.round(painted), longestTaskMs: Math.max(0, ...tasks), longTasksMs: tasks });
              }, settleMs);
            }),
          );
        };
        const observer = new MutationObserver(() => {
          if (!document.querySelector(ready)) return;
          observer.disconnect();
          finish();
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
        el.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, view: window }));
        if (document.querySelector(ready)) {
          observer.disconnect();
          finish();
        }
      }),
    { target, ready, settleMs },
  );
}
