import { defineConfig } from '@playwright/test';

/**
 * Electron-only tests (`_electron.launch`), kept apart from the browser e2e suite: they need
 * Electron's binary, which can't be downloaded on the build machines, so they skip there.
 * Build first: `npm run build && npx playwright test -c playwright.electron.config.ts`.
 */
export default defineConfig({
  testDir: 'test/electron',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 120_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  outputDir: 'test-results/electron',
  use: { trace: 'retain-on-failure' },
});
