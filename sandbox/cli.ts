/**
 * `npm run sandbox -- --port 4010 --seed 7 [--db path] [--orders-per-account N] [--large-orders N] [--stripe-port N]`
 * Runs the billing sandbox until SIGINT/SIGTERM. Without --db the data lives in memory.
 * STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY (a Stripe account's test keys) send card payments to
 * Stripe itself instead of the emulation.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_LARGE_ACCOUNT_ORDERS, DEFAULT_ORDERS_PER_ACCOUNT, DEFAULT_SEED } from './seed';
import { startSandbox } from './server';

const DEFAULT_PORT = 4010;

function nonNegativeInt(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 0) {
    console.error(`--${name} must be a non-negative integer, got "${value}"`);
    process.exit(2);
  }
  return n;
}

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    seed: { type: 'string' },
    db: { type: 'string' },
    'orders-per-account': { type: 'string' },
    'large-orders': { type: 'string' },
    'stripe-port': { type: 'string' },
  },
});

const sandbox = await startSandbox({
  dbPath: values.db ?? ':memory:',
  port: nonNegativeInt('port', values.port, DEFAULT_PORT),
  seed: nonNegativeInt('seed', values.seed, DEFAULT_SEED),
  ordersPerAccount: nonNegativeInt('orders-per-account', values['orders-per-account'], DEFAULT_ORDERS_PER_ACCOUNT),
  largeAccountOrders: nonNegativeInt('large-orders', values['large-orders'], DEFAULT_LARGE_ACCOUNT_ORDERS),
  stripePort: nonNegativeInt('stripe-port', values['stripe-port'], 0),
  ...stripeKeysFromEnv(),
});

function stripeKeysFromEnv() {
  const secretKey = process.env.STRIPE_SECRET_KEY?.trim();
  const publishableKey = process.env.STRIPE_PUBLISHABLE_KEY?.trim();
  if (!secretKey && !publishableKey) return {};
  if (!secretKey?.startsWith('sk_test_') || !publishableKey?.startsWith('pk_test_')) {
    console.error('STRIPE_SECRET_KEY and STRIPE_PUBLISHABLE_KEY must both be set, to a Stripe account\'s test keys (sk_test_…, pk_test_…)');
    process.exit(2);
  }
  return { stripeKeys: { secretKey, publishableKey } };
}

console.log(`Billing sandbox listening on ${sandbox.url}`);
console.log(`Data: ${values.db ?? 'in memory'}${values.db ? ' (kept across restarts)' : ''}`);
console.log('Demo accounts (send "Authorization: Bearer <token>"):');
for (const a of sandbox.accounts) {
  const billing = a.postpaid ? (a.monthly_settlement_enabled ? 'postpaid, monthly settlement' : 'postpaid') : 'prepaid';
  console.log(`  ${a.key.padEnd(9)} ${a.token.padEnd(18)} ${a.name} (${a.currency}, ${billing}, ${a.order_count} orders)`);
}
console.log(`Control API: ${sandbox.url}/sandbox/{accounts,reset,clock,faults,notifications,orders/<id>/status,orders/<id>/approve}`);
console.log(
  process.env.STRIPE_SECRET_KEY
    ? 'Card payments: Stripe itself, with the test keys of STRIPE_SECRET_KEY / STRIPE_PUBLISHABLE_KEY'
    : `Stripe API (emulated): ${sandbox.stripe.url} with keys ${sandbox.stripe.secretKey} / ${sandbox.stripe.publishableKey} (GET ${sandbox.url}/sandbox/stripe)`,
);
console.log('Press Ctrl+C to stop.');

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`${signal}: closing the billing sandbox`);
  sandbox.close().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
