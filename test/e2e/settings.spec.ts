/**
 * The Settings page against the real web face and a real sandbox process: switching billing
 * services (each with its own cache and ledger), the connection test's answers, what the
 * environment sets, and language and theme kept across a restart of the page.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { filesUnder } from '../support/files-under';
import { expect, test } from './fixtures';

const PREPAID_TOKEN = 'sbx_prepaid_demo';

/** Tabs forward until `target` has the focus: the way a clerk without a mouse gets there. */
async function tabTo(page: Page, target: Locator, maxPresses = 60): Promise<void> {
  for (let i = 0; i < maxPresses; i++) {
    if (await target.evaluate((element) => element === document.activeElement)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`${target.toString()} was not reached with ${maxPresses} presses of Tab`);
}

async function accountName(sandboxUrl: string, token: string): Promise<string> {
  const answer = await fetch(`${sandboxUrl}/v1/account`, { headers: { Authorization: `Bearer ${token}` } });
  return ((await answer.json()) as { name: string }).name;
}

async function openSettings(page: Page): Promise<void> {
  await tabTo(page, page.getByRole('navigation').getByRole('button', { name: 'Settings' }));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Settings' })).toBeVisible();
}

test.describe('on the demo sandbox', () => {
  test.use({ appEnv: { BILLING_API_URL: '', BILLING_API_TOKEN: '' } });

  test('switches by keyboard to a billing API and back; each service keeps its own cache and ledger', async ({ page, settle }) => {
    await settle.open(page);
    await expect(page.locator('.badge.demo')).toBeVisible();
    await expect(page.getByTestId('last-synced')).not.toHaveText('Not synced yet');
    const demoCount = await page.getByTestId('order-count').textContent();

    await openSettings(page);
    // Tab enters a radio group at its checked choice; the arrow keys pick another.
    await tabTo(page, page.getByLabel('Demo sandbox (built in, no account needed)'));
    await page.keyboard.press('ArrowDown');
    await expect(page.getByLabel('Billing API', { exact: true })).toBeChecked();
    await tabTo(page, page.getByLabel('API address'));
    await page.keyboard.type(settle.sandbox.url);
    await tabTo(page, page.getByLabel('API token'));
    await page.keyboard.type(PREPAID_TOKEN);
    await tabTo(page, page.getByRole('button', { name: 'Test connection' }));
    await page.keyboard.press('Enter');
    const prepaid = await accountName(settle.sandbox.url, PREPAID_TOKEN);
    await expect(page.getByTestId('connection-result')).toContainText(`Connected: ${prepaid}`);
    await tabTo(page, page.getByRole('button', { name: 'Save settings' }));
    await page.keyboard.press('Enter');

    // The page starts over on the other service: its account, no demo badge, its orders.
    await expect(page.locator('.account')).toHaveText(prepaid);
    await expect(page.locator('.badge.demo')).toHaveCount(0);
    const files = filesUnder(settle.appDataDir).map((file) => file.slice(settle.appDataDir.length + 1));
    const ledgers = files.filter((file) => basename(file) === 'settle-ledger.db').map(dirname).sort();
    expect(ledgers).toHaveLength(2);
    expect(ledgers).toContain(join('services', 'demo'));
    // The browser face keeps the token in settings.json, which only this user may read.
    const settingsFile = join(settle.appDataDir, 'settings.json');
    if (process.platform !== 'win32') expect(statSync(settingsFile).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(settingsFile, 'utf8'))).toMatchObject({ settings: { billing: { kind: 'api', url: settle.sandbox.url } }, billingToken: { url: settle.sandbox.url, storage: 'file' } });

    await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
    await expect(page.getByLabel('API token')).toHaveAttribute('placeholder', /Saved/);
    await page.getByLabel('Demo sandbox (built in, no account needed)').check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.locator('.badge.demo')).toBeVisible();
    // The demo's own cache is still there: its orders show at once, as many as before.
    await expect(page.getByTestId('order-count')).toHaveText(demoCount!);
  });

  test('Test connection says exactly what failed, and a wrong address can’t be saved', async ({ page, settle }) => {
    await settle.open(page);
    await openSettings(page);
    await page.getByLabel('Billing API', { exact: true }).check();
    const address = page.getByLabel('API address');
    const token = page.getByLabel('API token');
    const result = page.getByTestId('connection-result');
    const test = page.getByRole('button', { name: 'Test connection' });

    await address.fill(settle.sandbox.url);
    await token.fill('sbx_not_a_token_of_this_service');
    await test.click();
    await expect(result).toContainText('The token was refused. The billing service refused the token (HTTP 401).');

    await address.fill(`${settle.sandbox.url}/not-the-api`);
    await token.fill(PREPAID_TOKEN);
    await test.click();
    await expect(result).toContainText('That address is not a billing API.');

    await address.fill('http://127.0.0.1:9');
    await test.click();
    await expect(result).toContainText('The billing service can’t be reached. 127.0.0.1:9 could not be reached (ECONNREFUSED).');

    await address.fill('http://billing.example.com');
    await expect(page.getByText('Use an https:// address (plain http only for 127.0.0.1 or localhost).')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Save settings' })).toBeDisabled();
  });

  test('the language and the theme are kept across a restart of the page', async ({ page, settle }) => {
    await settle.open(page);
    await openSettings(page);
    await page.getByLabel('Theme').selectOption('dark');
    await page.locator('.settings-page').getByLabel('Language', { exact: true }).selectOption('zh-CN');
    await expect(page.getByRole('heading', { name: '设置' })).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    // A new browser profile: only the app's saved settings can bring them back.
    const fresh = await page.context().browser()!.newPage();
    await fresh.goto(settle.appUrl);
    await expect(fresh.getByRole('heading', { name: '待支付订单' })).toBeVisible();
    await expect(fresh.locator('html')).toHaveAttribute('data-theme', 'dark');
    await fresh.close();
  });
});

test('what the environment sets is shown, and can’t be changed', async ({ page, settle }) => {
  await settle.open(page);
  await openSettings(page);
  await expect(page.getByTestId('billing-from-env')).toHaveText('Set by BILLING_API_URL on this computer: it can’t be changed here.');
  await expect(page.getByLabel('Billing API', { exact: true })).toBeDisabled();
  await expect(page.getByLabel('API address')).toHaveValue(settle.sandbox.url);
});
