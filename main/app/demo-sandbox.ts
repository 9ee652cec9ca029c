import { join } from 'node:path';
import { startSandbox } from '../../sandbox/server';
import type { BillingEndpoint } from './billing-endpoint';

export type DemoAccountKey = 'postpaid' | 'prepaid' | 'large';

/**
 * Demo mode: the billing sandbox runs inside the app on a random loopback port, its state kept in
 * the app's data folder so the demo's history survives a restart like a real service's would.
 */
export interface DemoSandbox extends BillingEndpoint {
  readonly stripeJsUrl: string;
  close(): Promise<void>;
}

export async function startDemoSandbox(dataDir: string, account: DemoAccountKey): Promise<DemoSandbox> {
  const sandbox = await startSandbox({ dbPath: join(dataDir, 'demo-sandbox.db'), port: 0 });
  const demo = sandbox.accounts.find((a) => a.key === account);
  if (!demo) throw new Error(`the sandbox has no demo account "${account}"`);
  return { url: sandbox.url, token: demo.token, stripeJsUrl: sandbox.stripe.jsUrl, close: () => sandbox.close() };
}
