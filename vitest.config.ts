import { configDefaults, defineConfig } from 'vitest/config';

/** Timing measurements of the serving thread: run after every other file, so no other test file competes for the cores. */
const alone = ['test/integration/serving-latency.test.ts'];
const integration = { environment: 'node', testTimeout: 60_000, hookTimeout: 60_000 } as const;

// Projects so CI can report unit and integration runs separately; e2e is Playwright's.
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'], environment: 'node' } },
      { test: { name: 'integration', include: ['test/integration/**/*.test.ts'], exclude: [...configDefaults.exclude, ...alone], ...integration } },
      { test: { name: 'integration-alone', include: alone, sequence: { groupOrder: 1 }, ...integration } },
    ],
  },
});
