import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { startProcess, type RunningProcess } from '../support/processes';
import { lossyBillingApi, type LossyFault } from '../support/lossy-billing-api';
import { SandboxControl } from '../support/sandbox-control';

export const POSTPAID_TOKEN = 'sbx_postpaid_demo';

/**
 * The whole product minus Electron: a real billing sandbox process and the real web face
 * (`main/web/cli.ts`, as built into out/main/web.js) pointed at it like a real billing API, each on its own loopback port.
 */
export interface SettleHarness {
  readonly appUrl: string;
  readonly sandbox: SandboxControl & { readonly stripe: { readonly port: number; readonly jsUrl: string; readonly publishableKey: string } };
  stopSandbox(): Promise<void>;
  restartSandbox(): Promise<void>;
  open(page: Page): Promise<void>;
  /** With the lossyApi option: makes the billing API in front of the sandbox pass records through whole. */
  healBillingApi(): void;
  /** The app's data folder (cache, ledger) and what the app process printed (its log). */
  readonly appDataDir: string;
  appOutput(): string;
}

const SANDBOX_READY = /Billing sandbox listening on (http:\/\/127\.0\.0\.1:(\d+))/;
const APP_READY = /Settle is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/;

interface SandboxProcess {
  readonly process: RunningProcess;
  readonly url: string;
  readonly port: number;
  /** The emulated Stripe: its port (kept across a restart) and the Stripe.js the card form loads. */
  readonly stripe: { readonly port: number; readonly jsUrl: string; readonly publishableKey: string };
}

export async function startSandboxProcess(dbPath: string, port: number, stripePort = 0): Promise<SandboxProcess> {
  const { process: child, match } = await startProcess(
    process.execPath,
    ['--import', 'tsx', 'sandbox/cli.ts', '--port', String(port), '--db', dbPath, '--seed', '7', '--stripe-port', String(stripePort)],
    { ready: SANDBOX_READY },
  );
  const url = match[1]!;
  const info = (await (await fetch(`${url}/sandbox/stripe`)).json()) as { api_url: string; js_url: string; publishable_key: string };
  return { process: child, url, port: Number(match[2]), stripe: { port: Number(new URL(info.api_url).port), jsUrl: info.js_url, publishableKey: info.publishable_key } };
}

export const test = base.extend<{ settle: SettleHarness; appEnv: NodeJS.ProcessEnv; damagedCache: boolean; damagedLedger: boolean; lossyApi: LossyFault | null }>({
  appEnv: [{}, { option: true }],
  /** Starts the app on a cache file of garbage, as after a disk fault. */
  damagedCache: [false, { option: true }],
  /** Starts the app on a payment ledger of garbage: paying must be disabled, the file kept. */
  damagedLedger: [false, { option: true }],
  /** Puts a billing API that loses records in front of the sandbox (test/support/lossy-billing-api.ts). */
  lossyApi: [null, { option: true }],
  settle: async ({ appEnv, damagedCache, damagedLedger, lossyApi }, use, testInfo) => {
    const dir = mkdtempSync(join(tmpdir(), 'settle-e2e-'));
    if (damagedCache) {
      mkdirSync(join(dir, 'app'));
      writeFileSync(join(dir, 'app', 'settle-cache.db'), 'this is not a SQLite database, it was damaged on disk'.repeat(200));
    }
    if (damagedLedger) {
      mkdirSync(join(dir, 'app'), { recursive: true });
      writeFileSync(join(dir, 'app', 'settle-ledger.db'), 'this payment ledger was damaged on disk'.repeat(200));
    }
    let sandbox = await startSandboxProcess(join(dir, 'sandbox.db'), 0);
    const lossy = lossyApi ? await lossyBillingApi(sandbox.url, lossyApi) : null;
    const app = await startProcess(process.execPath, ['out/main/web.js', '--port', '0', '--data-dir', join(dir, 'app')], {
      ready: APP_READY,
      env: { BILLING_API_URL: lossy?.url ?? sandbox.url, BILLING_API_TOKEN: POSTPAID_TOKEN, SETTLE_OFFLINE_RETRY_MS: '1000', SETTLE_STRIPE_JS_URL: sandbox.stripe.jsUrl, ...appEnv },
    });
    const harness: SettleHarness = {
      appUrl: app.match[1]!,
      sandbox: Object.assign(new SandboxControl(sandbox.url), { stripe: sandbox.stripe }),
      stopSandbox: () => sandbox.process.stop(),
      async restartSandbox() {
        sandbox = await startSandboxProcess(join(dir, 'sandbox.db'), sandbox.port, sandbox.stripe.port);
      },
      healBillingApi: () => lossy?.heal(),
      appDataDir: join(dir, 'app'),
      appOutput: () => app.process.output(),
      async open(page) {
        await page.goto(harness.appUrl);
        await expect(page.getByRole('heading', { name: 'Unpaid Orders' })).toBeVisible();
      },
    };
    await use(harness);
    if (testInfo.status !== testInfo.expectedStatus) {
      // What the app logged (sync failures, rejected records…) is where a failure's cause usually is.
      const output = app.process.output();
      await testInfo.attach('settle output', { body: output, contentType: 'text/plain' });
      console.error(`--- settle output (last 40 lines) for "${testInfo.title}" ---\n${output.split('\n').slice(-40).join('\n')}`);
    }
    await app.process.stop();
    await lossy?.close();
    await sandbox.process.stop();
    rmSync(dir, { recursive: true, force: true });
  },
});

export { expect };
