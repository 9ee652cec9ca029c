/**
 * What the screenshot scripts share: the folder and the sizes and languages every picture is taken
 * at, a fresh build, the web face in demo mode (its embedded sandbox, the postpaid demo account),
 * and Debian's headless Chromium.
 */
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, expect, type Browser, type Page } from '@playwright/test';
import { startProcess, type RunningProcess } from '../test/support/processes';
import type { RawOrder, SandboxControl } from '../test/support/sandbox-control';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const SCREENSHOTS = join(ROOT, 'docs', 'screenshots');
export const VIEWPORTS = [
  { width: 1280, height: 720 },
  { width: 1920, height: 1080 },
] as const;
export const LOCALES = ['en-US', 'zh-CN'] as const;

/** Always built: picturing a stale bundle would be worse than the seconds it costs. */
export function buildApp(): void {
  execFileSync(process.platform === 'win32' ? 'npx.cmd' : 'npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'inherit' });
}

/** The built web face in demo mode, as `npm start` opens it (no billing API configured), once its sandbox is up. */
export async function startDemoApp(dataDir: string): Promise<{ process: RunningProcess; launchUrl: string; sandboxUrl: string }> {
  const { process: app, match } = await startProcess(process.execPath, ['out/main/web.js', '--port', '0', '--data-dir', dataDir], {
    ready: /Demo mode: billing sandbox at (http:\/\/127\.0\.0\.1:\d+)/,
    env: { BILLING_API_URL: '', BILLING_API_TOKEN: '', SETTLE_DEMO_ACCOUNT: 'postpaid' },
  });
  const launchUrl = /Settle is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(app.output())![1]!;
  return { process: app, launchUrl, sandboxUrl: match[1]! };
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Single USD orders of the postpaid demo account payable for a day, without a contract to confirm. */
export async function plainOrders(sandbox: SandboxControl, count: number): Promise<RawOrder[]> {
  const listed = (await sandbox.listedOrders('sbx_postpaid_demo')).filter(
    (o) => o.status === 6 && o.combined_order_id === null && !o.contract_overlap && o.currency === 'USD' && Date.parse(o.expire_time as string) > Date.now() + 86_400_000,
  );
  if (listed.length < count) throw new Error(`only ${listed.length} plain payable USD orders are left`);
  return listed.slice(0, count);
}

/** Ticks each order on the Unpaid Orders page, finding it by its number. */
export async function selectOrders(page: Page, orders: readonly RawOrder[]): Promise<void> {
  for (const order of orders) {
    await page.locator('input[type="search"]').fill(order.order_id);
    const checkbox = page.locator(`[role="row"][data-order-id="${order.order_id}"]`).getByRole('checkbox');
    await checkbox.click();
    await expect(checkbox).toBeChecked();
  }
}
