/**
 * `npm run screenshot`: regenerates docs/screenshot.png and docs/screenshots/ from the real app —
 * the web face in demo mode (its embedded sandbox, the postpaid demo account) in headless Chromium —
 * with a couple of orders selected and a composite order's details open, so the README shows the
 * page in use: at 1280×720 and 1920×1080, in English and in Chinese.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Browser, type Locator, type Page } from '@playwright/test';
import type { RunningProcess } from '../test/support/processes';
import { LOCALES, ROOT, SCREENSHOTS, VIEWPORTS, buildApp, launchChromium, startDemoApp } from './screenshot-support';

const OUTPUT = join(ROOT, 'docs', 'screenshot.png');
const ORDERS_TO_SELECT = 2;
const ROW = '[role="grid"] [role="row"][data-order-id]';

buildApp();

const dir = mkdtempSync(join(tmpdir(), 'settle-screenshot-'));
const processes: RunningProcess[] = [];
let browser: Browser | null = null;
try {
  const app = await startDemoApp(join(dir, 'app'));
  processes.push(app.process);

  browser = await launchChromium();
  mkdirSync(SCREENSHOTS, { recursive: true });
  for (const locale of LOCALES) {
    for (const viewport of VIEWPORTS) {
      const path = join(SCREENSHOTS, `${locale}-${viewport.width}x${viewport.height}.png`);
      await shoot(browser, app.launchUrl, locale, viewport, path);
      console.log(`Wrote ${path}`);
    }
  }
  await shoot(browser, app.launchUrl, 'en-US', VIEWPORTS[0], OUTPUT);
  console.log(`Wrote ${OUTPUT}`);
} finally {
  await browser?.close();
  for (const p of processes.reverse()) await p.stop();
  rmSync(dir, { recursive: true, force: true });
}

/** The page in `locale` at `viewport`, in use: two orders selected, a composite order's details open. */
async function shoot(browser: Browser, url: string, locale: string, viewport: { width: number; height: number }, path: string): Promise<void> {
  // A fixed zone, so regenerating the picture changes it only when the page changes.
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1, locale, timezoneId: 'UTC' });
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.locator(ROW).first().waitFor();
    // The first sync may still be landing: a row picked now could move once it finishes.
    await page.getByTestId('last-synced').filter({ hasText: /\d/ }).waitFor();
    await rowsLoaded(page);
    await selectPayableOrders(page);
    await openCompositeDetails(page);
    // Nothing should be mid-transition (toasts, focus rings from the clicks) in the picture.
    await page.mouse.move(0, 0);
    await page.waitForTimeout(300);
    await page.screenshot({ path });
  } finally {
    await context.close();
  }
}

/** Single, payable orders of one currency near the top: groups would select more than asked for. */
async function selectPayableOrders(page: Page): Promise<void> {
  const rows = page.locator(ROW);
  let currency: string | null = null;
  let selected = 0;
  for (let i = 0; i < (await rows.count()) && selected < ORDERS_TO_SELECT; i++) {
    const row = rows.nth(i);
    const checkbox = row.getByRole('checkbox');
    if (!(await checkbox.isEnabled()) || (await row.locator('.marker.group').count()) > 0 || !(await isInView(page, row))) continue;
    const rowCurrency = (await row.locator('.currency').textContent())?.trim() ?? '';
    if (currency !== null && rowCurrency !== currency) continue;
    // Selection fetches the group first: the box settles a moment after the click.
    await checkbox.click();
    await expect(checkbox).toBeChecked();
    currency = rowCurrency;
    selected += 1;
  }
  if (selected < ORDERS_TO_SELECT) throw new Error(`found only ${selected} payable orders to select`);
  await page.getByTestId('selection-count').waitFor();
}

/** A composite order (it carries a third-party line item) shows the most in its details. */
async function openCompositeDetails(page: Page): Promise<void> {
  const scroller = page.getByTestId('orders-scroll');
  const composite = page.locator(`${ROW}:has(.marker.third-party)`).first();
  // The table is virtual: scroll until one is rendered, then bring the view back to the top.
  for (let step = 0; (await composite.count()) === 0; step++) {
    if (step > 200) throw new Error('no composite order with a third-party line item in the table');
    await scroller.evaluate((el) => ((el as unknown as { scrollTop: number }).scrollTop += 300));
    await page.waitForTimeout(50);
  }
  const orderId = (await composite.getAttribute('data-order-id'))!;
  await composite.locator('.order-no').dispatchEvent('click');
  await page.locator(`aside.details:has-text("${orderId}")`).waitFor();
  await scroller.evaluate((el) => ((el as unknown as { scrollTop: number }).scrollTop = 0));
  await rowsLoaded(page);
}

/** Below the sticky header and above the scroller's bottom edge: overscan rows exist but are clipped. */
async function isInView(page: Page, row: Locator): Promise<boolean> {
  const box = await row.boundingBox();
  const scroller = await page.getByTestId('orders-scroll').boundingBox();
  return box !== null && scroller !== null && box.y >= scroller.y + box.height && box.y + box.height <= scroller.y + scroller.height;
}

/** Placeholders stand in for rows still being fetched (waitForFunction's eval is refused by the app's CSP). */
async function rowsLoaded(page: Page): Promise<void> {
  for (let tries = 0; (await page.locator('.row.placeholder').count()) > 0; tries++) {
    if (tries > 200) throw new Error('rows never finished loading');
    await page.waitForTimeout(50);
  }
}
