/**
 * `npx tsx scripts/screenshot-payments.ts`: pictures of the Payments page, a receipt and the
 * Cancel order confirmation (a combined purchase, the fullest case) from the real app — the web
 * face in demo mode in headless Chromium — at 1280×720 and 1920×1080, in English and Chinese, into
 * docs/screenshots/payments-*.png, receipt-*.png and cancel-*.png. A few orders are paid first, by
 * the checkout as a clerk pays them, so that the page has payments to list. Nothing is cancelled.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type Page } from '@playwright/test';
import type { RunningProcess } from '../test/support/processes';
import { LOCALES, SCREENSHOTS, VIEWPORTS, buildApp, launchChromium, startDemoApp } from './screenshot-support';

const PAYMENTS = 4;
const ROW = '[role="grid"] [role="row"][data-order-id]';

buildApp();

const dir = mkdtempSync(join(tmpdir(), 'settle-screenshot-payments-'));
const processes: RunningProcess[] = [];
let browser: Browser | null = null;
try {
  const app = await startDemoApp(join(dir, 'app'));
  processes.push(app.process);
  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
  await payAFew(browser, app.launchUrl);
  for (const locale of LOCALES) {
    for (const viewport of VIEWPORTS) {
      const size = `${locale}-${viewport.width}x${viewport.height}`;
      await shoot(browser, app.launchUrl, locale, viewport, size);
    }
  }
} finally {
  await browser?.close();
  for (const p of processes.reverse()) await p.stop();
  rmSync(dir, { recursive: true, force: true });
}

async function open(browser: Browser, url: string, locale: string, viewport: { width: number; height: number }) {
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale, timezoneId: 'UTC' });
  // No print dialog in the pictures: the receipt is shown, not printed.
  await context.addInitScript('window.print = () => undefined');
  const page = await context.newPage();
  await page.goto(url);
  await page.locator(ROW).first().waitFor();
  await page.getByTestId('last-synced').filter({ hasText: /\d/ }).waitFor();
  return { context, page };
}

/** Pays the first few rows that need no contract confirmation, one payment each (a group pays whole). */
async function payAFew(browser: Browser, url: string): Promise<void> {
  const { context, page } = await open(browser, url, 'en-US', VIEWPORTS[1]);
  try {
    for (let paid = 0; paid < PAYMENTS; paid++) {
      const row = page.locator(`${ROW}:not(:has(.marker.contract)):has(button:not([disabled]))`).first();
      await row.getByRole('button', { name: /^Pay order/ }).click();
      const dialog = page.getByRole('dialog', { name: 'Pay for orders' });
      await dialog.getByText('Amount confirmed by the billing service.').waitFor();
      await dialog.getByRole('button', { name: /^Pay / }).click();
      const results = page.getByRole('dialog', { name: 'Payment result' });
      await results.getByTestId('payment-results').waitFor();
      await results.getByRole('button', { name: 'Back to Unpaid Orders' }).click();
      await results.waitFor({ state: 'hidden' });
      await page.waitForTimeout(300);
    }
  } finally {
    await context.close();
  }
}

async function settle(page: Page): Promise<void> {
  await page.mouse.move(0, 0);
  await page.waitForTimeout(300);
}

async function shoot(browser: Browser, url: string, locale: string, viewport: { width: number; height: number }, size: string): Promise<void> {
  const { context, page } = await open(browser, url, locale, viewport);
  try {
    // The Payments page, then one payment's receipt over it.
    await page.locator('nav.page-nav button').nth(1).click();
    await page.locator('.payments-table tbody tr').first().waitFor();
    await settle(page);
    await write(page, `payments-${size}.png`);
    await page.locator('.payments-table tbody tr').first().locator('.actions-cell button').first().click();
    await page.getByTestId('receipt').waitFor();
    await settle(page);
    await write(page, `receipt-${size}.png`);
    await page.keyboard.press('Escape');

    // The confirmation for a combined purchase, from its details.
    await page.locator('nav.page-nav button').nth(0).click();
    const scroller = page.getByTestId('orders-scroll');
    const group = page.locator(`${ROW}:has(.marker.group)`).first();
    for (let step = 0; (await group.count()) === 0; step++) {
      if (step > 200) throw new Error('no combined purchase in the table');
      await scroller.evaluate((el) => ((el as unknown as { scrollTop: number }).scrollTop += 300));
      await page.waitForTimeout(50);
    }
    await group.locator('.order-no').dispatchEvent('click');
    await page.locator('.details-actions button').click();
    await page.getByRole('alertdialog').waitFor();
    await settle(page);
    await write(page, `cancel-${size}.png`);
  } finally {
    await context.close();
  }
}

async function write(page: Page, name: string): Promise<void> {
  const path = join(SCREENSHOTS, name);
  await page.screenshot({ path });
  console.log(`Wrote ${path}`);
}
