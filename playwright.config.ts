import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

/** Debian's Chromium when present (this machine can't download Playwright's own browser). */
const DEBIAN_CHROMIUM = '/usr/bin/chromium';

/**
 * Two projects over one build (global setup): `web` drives the real renderer in headless Chromium
 * through main/web against the real sandbox; `electron` launches the real app with `_electron` (the
 * development build, or a packaged one given by SETTLE_PACKAGED_APP) and skips, saying why, where
 * it can't (test/electron/launch.ts).
 */
export default defineConfig({
  globalSetup: './test/e2e/global-setup.ts',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: { trace: 'retain-on-failure' },
  projects: [
    {
      name: 'web',
      testDir: 'test/e2e',
      use: {
        headless: true,
        launchOptions: {
          executablePath: existsSync(DEBIAN_CHROMIUM) ? DEBIAN_CHROMIUM : undefined,
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
        },
      },
    },
    // One launch at a time: a packaged app (SETTLE_PACKAGED_APP) keeps its single-instance lock in
    // the machine's own data folder on macOS and Windows.
    { name: 'electron', testDir: 'test/electron', timeout: 120_000, workers: 1, fullyParallel: false },
  ],
});
