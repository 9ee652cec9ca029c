/** Everything one running sandbox knows: its database, clock, faults and demo accounts. */
import { isoUtc, createClock, type SandboxClock } from './clock';
import { DEMO_ACCOUNT_PROFILES, type DemoAccountKey, type DemoAccountProfile } from './catalog';
import { FaultInjector } from './faults';
import { OrderStatus } from '../shared/domain/orders';
import type { SeededCoupons } from './savings-seed';
import { generateOrders, type SeedCounts } from './seed';
import type { AccountSettings } from './payments-store';
import type { SandboxStore, SeedInfo } from './store';

export interface DemoAccount {
  key: DemoAccountKey;
  customer_id: string;
  name: string;
  token: string;
  postpaid: boolean;
  monthly_settlement_enabled: boolean;
  currency: string;
  order_count: number;
}

/**
 * Unpaid orders are cancelled this long after their deadline. The real service cancels at the
 * deadline; the lag keeps expired-but-not-yet-cancelled orders around so the app's "Expired" state
 * (shown, not payable) can be seen in demos and tested, as it is when a cache lags the service.
 */
export const EXPIRY_SWEEP_LAG_MS = 24 * 60 * 60 * 1000;

export class SandboxState {
  readonly clock: SandboxClock;
  readonly faults: FaultInjector;
  private info: SeedInfo;
  private counts = new Map<string, number>();

  constructor(
    readonly store: SandboxStore,
    seed: number,
    counts: SeedCounts,
  ) {
    this.clock = createClock(store.clockOffsetMs(), (offset) => store.saveClockOffset(offset));
    const existing = store.seedInfo();
    if (existing) {
      this.info = existing;
      this.counts = store.orderCounts();
    } else {
      this.info = this.reseed(seed, counts);
    }
    this.faults = new FaultInjector(this.info.seed);
  }

  get seedInfo(): SeedInfo {
    return this.info;
  }

  /** A new data set and a new epoch; the clock starts again at real time. */
  reseed(seed: number, counts: SeedCounts): SeedInfo {
    this.clock.reset(0);
    const coupons: SeededCoupons[] = [];
    const orders = generateOrders(seed, this.clock.now(), counts, (account) => coupons.push(account));
    this.info = this.store.replaceAll(seed, counts, orders, coupons);
    this.counts = this.store.orderCounts();
    return this.info;
  }

  demoAccounts(): DemoAccount[] {
    return DEMO_ACCOUNT_PROFILES.map((p) => ({
      key: p.key,
      customer_id: p.customer_id,
      name: p.name,
      token: p.token,
      ...this.accountSettings(p.customer_id),
      currency: p.currency,
      order_count: this.counts.get(p.customer_id) ?? 0,
    }));
  }

  /** The account's payment settings: the profile's, unless a test changed them (POST /sandbox/accounts/{key}). */
  accountSettings(customerId: string): AccountSettings {
    const profile = this.accountById(customerId);
    if (!profile) throw new Error(`no demo account ${customerId}`);
    return this.store.payments.settings(customerId) ?? { postpaid: profile.postpaid, monthly_settlement_enabled: profile.monthly_settlement_enabled };
  }

  accountByToken(token: string): DemoAccountProfile | undefined {
    return DEMO_ACCOUNT_PROFILES.find((p) => p.token === token);
  }

  accountById(customerId: string): DemoAccountProfile | undefined {
    return DEMO_ACCOUNT_PROFILES.find((p) => p.customer_id === customerId);
  }

  /** Runs before every request, so expiry follows the sandbox clock without a timer. */
  sweepExpired(): void {
    const now = this.clock.now();
    this.store.settleExpired(now - EXPIRY_SWEEP_LAG_MS, OrderStatus.Cancelled, now);
  }

  nowIso(): string {
    return isoUtc(this.clock.now());
  }
}
