/**
 * `npx tsx scripts/screenshot-settings.ts`: pictures of the Settings page from the real app (the web
 * face in demo mode, in headless Chromium) at 1280×720 and 1920×1080, in English and Chinese, into
 * docs/screenshots/settings-*.png: the page as it opens, and with a billing API address typed in and
 * Test connection's answer (the embedded sandbox's own address, so the answer is a real one).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import { LOCALES, SCREENSHOTS, VIEWPORTS, buildApp, launchChromium, startDemoApp } from './screenshot-support';

buildApp();

const dir = mkdtempSync(join(tmpdir(), 'settle-screenshot-settings-'));
let stop: (() => Promise<void>) | null = null;
let browser: Browser | null = null;
try {
  const app = await startDemoApp(join(dir, 'app'));
  stop = () => app.process.stop();
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const locale of LOCALES) {
    for (const viewport of VIEWPORTS) {
      const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale, timezoneId: 'UTC' });
      const page = await context.newPage();
      await page.goto(app.launchUrl);
      await page.getByTestId('last-synced').filter({ hasText: /\d/ }).waitFor();
      await page.locator('.page-nav button').nth(2).click();
      await page.locator('.settings-page form').waitFor();
      const size = `${locale}-${viewport.width}x${viewport.height}`;
      await page.screenshot({ path: join(SCREENSHOTS, `settings-${size}.png`) });
      await page.locator('input[name="billing-kind"]').nth(1).check();
      await page.locator('input[type="url"]').fill(app.sandboxUrl);
      await page.locator('input[type="password"]').fill('sbx_prepaid_demo');
      await page.locator('.settings-fields .settings-actions button').first().click();
      await page.getByTestId('connection-result').locator('p').waitFor();
      await page.mouse.move(0, 0);
      await page.screenshot({ path: join(SCREENSHOTS, `settings-api-${size}.png`) });
      await context.close();
    }
  }
} finally {
  await browser?.close();
  await stop?.();
  rmSync(dir, { recursive: true, force: true });
}
