/**
 * Electron only: a token saved on the Settings page is sealed by safeStorage (the OS keychain;
 * Linux without a keyring says basic_text and is asked first), never written in clear, and read
 * back after a restart of the app. Against a sandbox process of its own, whose address outlives the
 * restart (the demo sandbox's port doesn't). Skips as the smoke test does.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startProcess, type RunningProcess } from '../support/processes';
import { type LaunchedSettle, ROOT, launchSettle, settleTarget, skipMessage } from './launch';

const TOKEN = 'sbx_prepaid_demo';
const target = settleTarget();
const REQUIRED = process.env.SETTLE_REQUIRE_ELECTRON === '1';
test.skip(target.kind === 'none' && !REQUIRED, skipMessage(target));

test('a token saved in Settings is sealed by safeStorage and read back after a restart', async () => {
  if (target.kind === 'none') throw new Error(`SETTLE_REQUIRE_ELECTRON=1, but ${skipMessage(target)}`);
  const dir = mkdtempSync(join(tmpdir(), 'settle-electron-settings-'));
  // The same data folder for both launches: SETTLE_USER_DATA_DIR (development build), or Electron's
  // appData through XDG_CONFIG_HOME (a packaged build on Linux).
  const keep = { SETTLE_USER_DATA_DIR: join(dir, 'user-data'), XDG_CONFIG_HOME: join(dir, 'config') };
  let sandbox: RunningProcess | null = null;
  let settle: LaunchedSettle | null = null;
  try {
    const started = await startProcess(process.execPath, ['--import', 'tsx', join(ROOT, 'sandbox/cli.ts'), '--port', '0', '--db', join(dir, 'sandbox.db'), '--seed', '7'], { ready: /Billing sandbox listening on (http:\/\/127\.0\.0\.1:\d+)/ });
    sandbox = started.process;
    const url = started.match[1]!;
    const account = ((await (await fetch(`${url}/v1/account`, { headers: { Authorization: `Bearer ${TOKEN}` } })).json()) as { name: string }).name;

    settle = await launchSettle(target, keep);
    const { page } = settle;
    await page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
    await page.getByLabel('Billing API', { exact: true }).check();
    await page.getByLabel('API address').fill(url);
    await page.getByLabel('API token').fill(TOKEN);
    // A Linux runner without a keyring: safeStorage's basic_text, which the page says and asks about.
    const saveAnyway = page.getByLabel('Save it anyway');
    if (await saveAnyway.isVisible()) await saveAnyway.check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await expect(page.locator('.account')).toHaveText(account, { timeout: 30_000 });

    const dataDir = await settle.app.evaluate(({ app }) => app.getPath('userData'));
    const file = JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')) as { billingToken: { storage: string; sealed: string } };
    expect(['os', 'basic_text']).toContain(file.billingToken.storage);
    expect(Buffer.from(file.billingToken.sealed, 'base64').toString('latin1')).not.toContain(TOKEN);
    for (const name of readdirSync(dataDir, { recursive: true }) as string[]) {
      const path = join(dataDir, name);
      try {
        expect(readFileSync(path).includes(TOKEN), path).toBe(false);
      } catch (error) {
        if ((error as { code?: string }).code !== 'EISDIR') throw error;
      }
    }
    await settle.close();
    settle = null;

    settle = await launchSettle(target, keep);
    await expect(settle.page.locator('.account')).toHaveText(account, { timeout: 30_000 });
    await settle.page.getByRole('navigation').getByRole('button', { name: 'Settings' }).click();
    await expect(settle.page.getByLabel('API token')).toHaveAttribute('placeholder', /Saved/);
  } finally {
    await settle?.close();
    await sandbox?.stop();
    rmSync(dir, { recursive: true, force: true, maxRetries: 5 });
  }
});
