/**
 * `npx tsx scripts/screenshot-checkout.ts`: pictures of the checkout for the README and for review —
 * the web face in demo mode, three orders of the postpaid demo account in one payment (one with a
 * third-party line item, one overlapping a contract), Best savings applied, then the results view of
 * a payment by monthly settlement — at 1280×720 and 1920×1080, in English and in Chinese, into
 * docs/screenshots/checkout-*.png and results-*.png.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from '@playwright/test';
import { LOCALES, SCREENSHOTS, VIEWPORTS, buildApp, launchChromium, plainOrders, selectOrders, startDemoApp } from './screenshot-support';
import { SandboxControl, type RawOrder } from '../test/support/sandbox-control';

const TOKEN = 'sbx_postpaid_demo';

buildApp();

const dir = mkdtempSync(join(tmpdir(), 'settle-screenshot-'));
const app = await startDemoApp(join(dir, 'app'));
const launchUrl = app.launchUrl;
let browser: Browser | null = null;
try {
  const orders = await pickOrders(new SandboxControl(app.sandboxUrl));
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const locale of LOCALES) {
    for (const viewport of VIEWPORTS) {
      const path = join(SCREENSHOTS, `checkout-${locale}-${viewport.width}x${viewport.height}.png`);
      const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale, timezoneId: 'UTC' });
      const page = await context.newPage();
      await page.goto(launchUrl);
      await page.getByTestId('last-synced').filter({ hasText: /\d/ }).waitFor();
      await selectOrders(page, orders);
      await page.getByTestId('selection-count').waitFor();
      await page.locator('.selection-bar button.primary').click();
      const dialog = page.getByRole('dialog');
      await dialog.getByTestId('checkout-payable').waitFor();
      await dialog.locator('.checkout-summary button').first().click();
      await dialog.getByTestId('best-savings').waitFor();
      await page.waitForTimeout(600);
      await page.mouse.move(0, 0);
      await page.screenshot({ path });
      console.log(`Wrote ${path}`);
      await context.close();
    }
  }
  // Then the results view: two orders paid by monthly settlement, each picture with orders of its own.
  for (const locale of LOCALES) {
    for (const viewport of VIEWPORTS) {
      const path = join(SCREENSHOTS, `results-${locale}-${viewport.width}x${viewport.height}.png`);
      const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale, timezoneId: 'UTC' });
      const page = await context.newPage();
      await page.goto(launchUrl);
      await page.getByTestId('last-synced').filter({ hasText: /\d/ }).waitFor();
      await selectOrders(page, await plainOrders(new SandboxControl(app.sandboxUrl), 2));
      await page.locator('.selection-bar button.primary').click();
      const dialog = page.getByRole('dialog');
      await dialog.locator('.checkout-summary button.primary:not([disabled])').click();
      await dialog.getByTestId('payment-results').waitFor();
      await page.waitForTimeout(400);
      await page.mouse.move(0, 0);
      await page.screenshot({ path });
      console.log(`Wrote ${path}`);
      await context.close();
    }
  }
} finally {
  await browser?.close();
  await app.process.stop();
  rmSync(dir, { recursive: true, force: true });
}

/** Three single USD orders payable for a day: a composite one, one overlapping a contract, one with discounts. */
async function pickOrders(sandbox: SandboxControl): Promise<RawOrder[]> {
  const listed = (await sandbox.listedOrders(TOKEN)).filter(
    (o) => o.status === 6 && o.combined_order_id === null && o.currency === 'USD' && Date.parse(o.expire_time as string) > Date.now() + 86_400_000,
  );
  const composite = listed.find((o) => (o.line_items as { provider: { kind: string } }[]).some((l) => l.provider.kind === 'third_party'));
  const overlap = listed.find((o) => o.contract_overlap && o !== composite);
  const discounted = listed.find((o) => o !== composite && o !== overlap && o.amount_after_discount !== o.official_amount);
  const picked = [composite, overlap, discounted].filter((o): o is RawOrder => o !== undefined);
  if (picked.length < 3) throw new Error('the demo data lacks a composite, a contract-overlap or a discounted payable USD order');
  return picked;
}
