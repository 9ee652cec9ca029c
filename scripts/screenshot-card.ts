/**
 * `npx tsx scripts/screenshot-card.ts`: pictures of paying online by card — the web face in demo
 * mode (so the page loads the embedded sandbox's Stripe.js under demo mode's CSP): the card step
 * with a debit card refused and its reason, the 3-D Secure challenge, and the results view of a
 * card payment with the card named — at 1280×720 and 1920×1080, in English and in Chinese, into
 * docs/screenshots/card-*.png, card-3ds-*.png and card-results-*.png.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { LOCALES, SCREENSHOTS, VIEWPORTS, buildApp, launchChromium, plainOrders, selectOrders, startDemoApp } from './screenshot-support';
import { SandboxControl, type RawOrder } from '../test/support/sandbox-control';

buildApp();

const dir = mkdtempSync(join(tmpdir(), 'settle-screenshot-'));
const app = await startDemoApp(join(dir, 'app'));
const sandbox = new SandboxControl(app.sandboxUrl);
let browser: Browser | null = null;
try {
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const locale of LOCALES) {
    for (const viewport of VIEWPORTS) {
      const size = `${locale}-${viewport.width}x${viewport.height}`;
      const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale, timezoneId: 'UTC' });
      const page = await context.newPage();
      await page.goto(app.launchUrl);
      await page.getByTestId('last-synced').filter({ hasText: /\d/ }).waitFor();
      await openCardStep(page, await plainOrders(sandbox, 2));

      await typeCard(page, '4000056655665556');
      await page.getByTestId('pay-now').click();
      await page.getByTestId('card-problem').waitFor();
      await shoot(page, `card-${size}.png`);

      await typeCard(page, '4000002760003184');
      await page.getByTestId('pay-now').click();
      const challenge = page.frameLocator('iframe[title^="3D Secure"]').frameLocator('#challenge');
      await challenge.getByRole('button', { name: 'Complete' }).waitFor();
      await shoot(page, `card-3ds-${size}.png`);

      await challenge.getByRole('button', { name: 'Complete' }).click();
      await page.getByTestId('payment-card').waitFor();
      await shoot(page, `card-results-${size}.png`);
      await context.close();
    }
  }
} finally {
  await browser?.close();
  await app.process.stop();
  rmSync(dir, { recursive: true, force: true });
}

async function openCardStep(page: Page, orders: readonly RawOrder[]): Promise<void> {
  await selectOrders(page, orders);
  await page.locator('.selection-bar button.primary').click();
  const dialog = page.getByRole('dialog');
  await dialog.getByTestId('checkout-payable').waitFor();
  await dialog.locator('input[type="radio"][value="card"]').check();
  await dialog.locator('.checkout-summary button.primary:not([disabled])').click();
  await page.getByTestId('card-step').waitFor();
}

async function typeCard(page: Page, number: string): Promise<void> {
  const field = page.getByTestId('card-field').frameLocator('iframe');
  await field.locator('#number').fill('');
  await field.locator('#number').pressSequentially(number);
  await field.locator('#expiry').pressSequentially('1230');
  await field.locator('#cvc').pressSequentially('123');
}

async function shoot(page: Page, name: string): Promise<void> {
  const path = join(SCREENSHOTS, name);
  await page.waitForTimeout(400);
  await page.mouse.move(0, 0);
  await page.screenshot({ path });
  console.log(`Wrote ${path}`);
}
