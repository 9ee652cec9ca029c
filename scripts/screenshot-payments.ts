/**
 * `npx tsx scripts/screenshot-payments.ts`: pictures of the Payments page, a receipt and the
 * Cancel order confirmation (a combined purchase, the fullest case) from the real app — the web
 * face in demo mode in headless Chromium — at 1280×720 and 1920×1080, in English and Chinese, into
 * docs/screenshots/payments-*.png, receipt-*.png and cancel-*.png. A few orders are paid first, by
 * the checkout as a clerk pays them, so that the page has payments to list. Nothing is cancelled.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from '@playwright/test';
import { startProcess, type RunningProcess } from '../test/support/processes';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SCREENSHOTS = join(ROOT, 'docs', 'screenshots');
const VIEWPORTS = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
] as const;
const LOCALES = ['en-US', 'zh-CN'] as const;
const PAYMENTS = 4;
const ROW = '[role="grid"] [role="row"][data-order-id]';

execFileSync(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'inherit' });

const dir = mkdtempSync(join(tmpdir(), 'settle-screenshot-payments-'));
const processes: RunningProcess[] = [];
let browser: Browser | null = null;
try {
  const app = await startProcess(process.execPath, ['out/main/web.js', '--port', '0', '--data-dir', join(dir, 'app')], {
    ready: /Settle is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/,
    env: { BILLING_API_URL: '', BILLING_API_TOKEN: '', SETTLE_DEMO_ACCOUNT: 'postpaid' },
  });
  processes.push(app.process);
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
  await payAFew(browser, app.match[1]!);
  for (const locale of LOCALES) {
    for (const viewport of VIEWPORTS) {
      const size = `${locale}-${viewport.width}x${viewport.height}`;
      await shoot(browser, app.match[1]!, locale, viewport, size);
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
