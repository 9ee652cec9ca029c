/**
 * The deterministic demo data: the same seed, counts and seed time always give the same orders.
 * Times are relative to the seed time so that a demo always looks fresh.
 */
import type { Discount } from '../shared/billing-api/payment-schemas';
import type { LineItem, Order } from '../shared/billing-api/schemas';
import { ORDER_TYPE_CODES, OrderStatus, OrderType, type OrderStatusCode, type OrderTypeCode } from '../shared/domain/orders';
import { DEMO_ACCOUNT_PROFILES, SERVICE_TYPES, THIRD_PARTY_PRODUCTS, type DemoAccountKey, type DemoAccountProfile, type SandboxServiceType } from './catalog';
import { isoUtc } from './clock';
import { createPrng, type Prng } from './prng';
import { AccountSavingsSeed, priceAfterDiscount, type SeededCoupons } from './savings-seed';

export const DEFAULT_SEED = 7;
export const DEFAULT_ORDERS_PER_ACCOUNT = 120;
export const DEFAULT_LARGE_ACCOUNT_ORDERS = 2000;

export interface SeedCounts {
  readonly ordersPerAccount: number;
  readonly largeAccountOrders: number;
}

export interface SeededOrder {
  readonly customer_id: string;
  readonly order: Order;
  /** The order's discounts (sandbox/savings-seed.ts); its amount_after_discount is priced with the preselected one. */
  readonly discounts: readonly Discount[];
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
export const CLOUD_PAYMENT_WINDOW_MS = 7 * DAY_MS;
export const HARDWARE_PAYMENT_WINDOW_MS = HOUR_MS;

const HISTORY_STATUSES: readonly OrderStatusCode[] = [OrderStatus.Processing, OrderStatus.Cancelled, OrderStatus.Completed, OrderStatus.ToBeConfirmed];
const HISTORY_SHARE = 0.08;
const PENDING_APPROVAL_SHARE = 0.12;
const GROUP_START_CHANCE = 0.06;
/** The share of servers sold as composite products with a third-party image. */
const COMPOSITE_SHARE_OF_SERVERS = 0.3;
const CONTRACT_OVERLAP_SHARE = 0.05;
/** Orders at the start of each account whose attributes are fixed so that every code shows up even in small data sets. */
const COVERAGE_PREFIX = Math.max(ORDER_TYPE_CODES.length, SERVICE_TYPES.length);
const ID_LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function accountOrderCount(key: DemoAccountKey, counts: SeedCounts): number {
  return key === 'large' ? counts.largeAccountOrders : counts.ordersPerAccount;
}

/**
 * Yields the orders one by one so that seeding streams them into the database without holding them all.
 * Each account's coupons go to `onCoupons` once its orders are all yielded.
 */
export function* generateOrders(seed: number, seedTimeMs: number, counts: SeedCounts, onCoupons?: (coupons: SeededCoupons) => void): Generator<SeededOrder> {
  const usedIds = new Set<string>();
  for (const [index, profile] of DEMO_ACCOUNT_PROFILES.entries()) {
    // One stream per account: resizing the large account leaves the other two unchanged.
    const prng = createPrng(Math.imul(seed, 0x9e3779b1) ^ (index + 1));
    const savings = new AccountSavingsSeed(seed, index, profile, seedTimeMs);
    const generator = new AccountOrderGenerator(prng, profile, seedTimeMs, usedIds, savings);
    for (const order of generator.generate(accountOrderCount(profile.key, counts))) {
      savings.observe(order);
      yield { customer_id: profile.customer_id, order, discounts: savings.takeDiscounts(order.order_id) };
    }
    onCoupons?.({ customer_id: profile.customer_id, coupons: savings.coupons() });
  }
}

interface OrderPlan {
  serviceType: SandboxServiceType;
  orderType: OrderTypeCode;
  status: OrderStatusCode;
  currency: string;
  createMs: number;
  combinedOrderId: string | null;
  composite: boolean;
  contractOverlap: boolean;
}

class AccountOrderGenerator {
  constructor(
    private readonly prng: Prng,
    private readonly profile: DemoAccountProfile,
    private readonly nowMs: number,
    private readonly usedIds: Set<string>,
    private readonly savings: AccountSavingsSeed,
  ) {}

  *generate(count: number): Generator<Order> {
    // The last orders are reserved for one of each history status, so small data sets still have them.
    const historyTail = count >= COVERAGE_PREFIX + HISTORY_STATUSES.length + 2 ? HISTORY_STATUSES.length : 0;
    let index = 0;
    while (index < count) {
      const room = count - historyTail - index;
      const forcedGroup = index === COVERAGE_PREFIX;
      if (index >= COVERAGE_PREFIX && room >= 2 && (forcedGroup || this.prng.chance(GROUP_START_CHANCE))) {
        const group = this.group(Math.min(this.prng.int(2, 6), room), forcedGroup);
        index += group.length;
        yield* group;
      } else {
        const tail = index - (count - historyTail);
        index += 1;
        yield this.order(this.singlePlan(index - 1, tail >= 0 ? HISTORY_STATUSES[tail] : undefined));
      }
    }
  }

  private singlePlan(index: number, forcedHistoryStatus: OrderStatusCode | undefined): OrderPlan {
    const p = this.prng;
    const serviceType = index < SERVICE_TYPES.length ? (SERVICE_TYPES[index] as SandboxServiceType) : p.pick(SERVICE_TYPES);
    const orderType = index < ORDER_TYPE_CODES.length ? (ORDER_TYPE_CODES[index] as OrderTypeCode) : p.pick(ORDER_TYPE_CODES);
    const historyStatus = forcedHistoryStatus ?? (index >= COVERAGE_PREFIX && p.chance(HISTORY_SHARE) ? p.pick(HISTORY_STATUSES) : undefined);
    const status = historyStatus ?? (p.chance(PENDING_APPROVAL_SHARE) ? OrderStatus.PendingApproval : OrderStatus.PendingPayment);
    return {
      serviceType,
      orderType,
      status,
      currency: index === 1 ? this.otherCurrency() : this.currency(),
      createMs: historyStatus === undefined ? this.unpaidCreateTime(serviceType.hardware) : this.nowMs - p.int(8 * DAY_MS, 40 * DAY_MS),
      combinedOrderId: null,
      composite: serviceType.code === 'hws.service.type.ec2' && (index === 0 || p.chance(COMPOSITE_SHARE_OF_SERVERS)),
      contractOverlap: index === 3 || p.chance(CONTRACT_OVERLAP_SHARE),
    };
  }

  /** A combined purchase: same currency and creation time, hence the same deadline; never hardware. */
  private group(size: number, withPendingApproval: boolean): Order[] {
    const p = this.prng;
    const cloudTypes = SERVICE_TYPES.filter((t) => !t.hardware);
    const createMs = this.unpaidCreateTime(false);
    const combinedOrderId = this.uniqueId('CB', isoUtc(createMs), 6);
    const currency = this.currency();
    const orderType = p.pick([OrderType.NewPurchase, OrderType.Renewal] as const);
    const pendingIndex = withPendingApproval || p.chance(0.2) ? p.int(0, size - 1) : -1;
    return Array.from({ length: size }, (_, i) =>
      this.order({
        serviceType: p.pick(cloudTypes),
        orderType,
        status: i === pendingIndex ? OrderStatus.PendingApproval : OrderStatus.PendingPayment,
        currency,
        createMs,
        combinedOrderId,
        composite: false,
        contractOverlap: p.chance(CONTRACT_OVERLAP_SHARE),
      }),
    );
  }

  private order(plan: OrderPlan): Order {
    const p = this.prng;
    const createTime = isoUtc(plan.createMs);
    const orderId = this.uniqueId('CS', createTime, 5);
    const listed = plan.composite ? this.compositeItems(orderId, plan.currency) : this.cloudItems(orderId, plan);
    const official = listed.reduce((sum, item) => (item.provider.kind === 'cloud' ? sum + item.official_amount : sum), 0);
    const { lineItems, afterDiscount } = priceAfterDiscount(listed, this.savings.discountsFor(orderId, official, plan.currency));
    const window = plan.serviceType.hardware ? HARDWARE_PAYMENT_WINDOW_MS : CLOUD_PAYMENT_WINDOW_MS;
    return {
      order_id: orderId,
      status: plan.status,
      order_type: plan.orderType,
      service_type_code: plan.serviceType.code,
      service_type_name: plan.serviceType.name,
      official_amount: official,
      amount_after_discount: afterDiscount,
      currency: plan.currency,
      create_time: createTime,
      update_time: isoUtc(Math.min(this.nowMs, plan.createMs + p.int(0, 30) * MINUTE_MS)),
      expire_time: isoUtc(plan.createMs + window),
      combined_order_id: plan.combinedOrderId,
      contract_overlap: plan.contractOverlap,
      line_items: lineItems,
    };
  }

  private cloudItems(orderId: string, plan: OrderPlan): LineItem[] {
    const count = plan.orderType === OrderType.FeeAdjustment ? 1 : this.prng.int(1, 3);
    return Array.from({ length: count }, (_, i) => {
      const product = this.prng.pick(plan.serviceType.products);
      const name = plan.orderType === OrderType.FeeAdjustment ? `Fee adjustment: ${product}` : product;
      return this.lineItem(orderId, i, name, plan.serviceType.code, plan.currency, { kind: 'cloud' });
    });
  }

  /** A server, its marketplace image (billed by the vendor) and its system disk. */
  private compositeItems(orderId: string, currency: string): LineItem[] {
    const [ecs, evs] = SERVICE_TYPES as [SandboxServiceType, SandboxServiceType];
    const image = this.prng.pick(THIRD_PARTY_PRODUCTS);
    return [
      this.lineItem(orderId, 0, this.prng.pick(ecs.products), ecs.code, currency, { kind: 'cloud' }),
      this.lineItem(orderId, 1, image.product, 'hws.service.type.marketplace', currency, {
        kind: 'third_party',
        vendor_name: image.vendor_name,
        vendor_contact: image.vendor_contact,
      }),
      this.lineItem(orderId, 2, `System disk: ${this.prng.pick(evs.products)}`, evs.code, currency, { kind: 'cloud' }),
    ];
  }

  private lineItem(orderId: string, index: number, productName: string, serviceTypeCode: string, currency: string, provider: LineItem['provider']): LineItem {
    const p = this.prng;
    // CNY prices are roughly seven times the USD ones; both are integer minor units.
    const scale = currency === 'CNY' ? 7 : 1;
    const official = p.int(1, 400) * p.pick([100, 100, 500, 2500]) * scale + p.int(0, 99);
    return {
      line_item_id: `${orderId}-${String(index + 1).padStart(2, '0')}`,
      product_name: productName,
      service_type_code: serviceTypeCode,
      official_amount: official,
      // Priced with the order's preselected discount once the order's items are known.
      amount_after_discount: official,
      provider,
    };
  }

  /**
   * Cloud deadlines spread over the coming week, a few within the last hours before it and a few
   * just past it (shown as expired until the sweep cancels them). Hardware was ordered within the
   * last ~70 minutes, so its 1-hour deadline is near or just passed.
   */
  private unpaidCreateTime(hardware: boolean): number {
    const p = this.prng;
    const age = hardware
      ? p.int(0, 70 * MINUTE_MS)
      : p.chance(0.08)
        ? CLOUD_PAYMENT_WINDOW_MS - p.int(-2 * HOUR_MS, 6 * HOUR_MS)
        : p.int(5 * MINUTE_MS, 6 * DAY_MS);
    return Math.floor((this.nowMs - age) / 1000) * 1000;
  }

  private currency(): string {
    return this.profile.otherCurrencyShare > 0 && this.prng.chance(this.profile.otherCurrencyShare) ? this.otherCurrency() : this.profile.currency;
  }

  private otherCurrency(): string {
    return this.profile.otherCurrencyShare > 0 ? (this.profile.currency === 'USD' ? 'CNY' : 'USD') : this.profile.currency;
  }

  /** BSS-style numbers: a prefix, the creation time as yyMMddHHmm, then random capitals. */
  private uniqueId(prefix: string, createTime: string, letters: number): string {
    const stamp = createTime.slice(2, 4) + createTime.slice(5, 7) + createTime.slice(8, 10) + createTime.slice(11, 13) + createTime.slice(14, 16);
    for (;;) {
      let suffix = '';
      for (let i = 0; i < letters; i++) suffix += ID_LETTERS[this.prng.int(0, ID_LETTERS.length - 1)];
      const id = `${prefix}${stamp}${suffix}`;
      if (!this.usedIds.has(id)) {
        this.usedIds.add(id);
        return id;
      }
    }
  }
}
