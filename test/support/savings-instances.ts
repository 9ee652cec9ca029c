/**
 * Random discount-and-coupon instances for testing and benchmarking Best savings
 * (shared/billing/best-savings.ts), and an exhaustive optimum written independently of it: every
 * discount and every set of up to 3 coupons of every order, priced by quoteOrders, combined over
 * the orders with the coupons still free (memoised by that set, so it stays exhaustive but fast).
 */
import type { Coupon, Discount, DiscountKindCode } from '../../shared/billing-api/payment-schemas';
import { quoteOrders, type Choice, type PricedOrder } from '../../shared/billing/savings';
import type { OrderTypeCode } from '../../shared/domain/orders';

export const NOW = Date.UTC(2026, 10, 26, 12);
const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** mulberry32: a small seeded generator, so that every failing case can be replayed from its seed. */
export function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export interface Instance {
  readonly orders: PricedOrder[];
  readonly coupons: Coupon[];
}

type Random = () => number;
const int = (r: Random, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Random, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
const chance = (r: Random, p: number) => r() < p;
const someOf = <T>(r: Random, list: readonly T[], p: number): T[] => list.filter(() => chance(r, p));

function randomDiscounts(r: Random, orderId: string, official: number, count: number, p609: number, small: boolean): Discount[] {
  const discounts: Discount[] = [];
  for (let k = 0; k < count; k++) {
    const kind = pick(r, [0, 2, 3] as const);
    const byRate = chance(r, 0.7);
    discounts.push({
      discount_id: `${orderId}-D${k}`,
      kind,
      ...(byRate ? { pay_rate_bp: small ? int(r, 5_000, 9_950) : int(r, 16, 19) * 500 } : { reduction: int(r, 0, Math.max(1, Math.round(official * 0.4))) }),
      mandatory: false,
      preselected: false,
      description: `discount ${k}`,
    });
  }
  if (chance(r, p609)) discounts.push({ discount_id: `${orderId}-P`, kind: 609, pay_rate_bp: int(r, 9_000, 9_900), mandatory: true, preselected: true, description: 'price adjustment' });
  const preselectable = discounts.filter((d) => d.kind !== 609);
  if (preselectable.length > 0 && chance(r, 0.6) && !discounts.some((d) => d.kind === 609)) pick(r, preselectable).preselected = true;
  return discounts;
}

/** Coupon ids that mix case and length, so that code-unit order (not locale order) matters. */
const couponId = (r: Random, k: number) => `${pick(r, ['C', 'c', 'K', 'k', 'Z', 'a'])}${k.toString(36)}`;

/**
 * Small, dense instances: small amounts and balances (coupons often cover an order, so ties and
 * zero takes are common), every rule in play, few service types so most coupons fit most orders.
 */
export function smallInstance(r: Random, orderCount: number, couponCount: number): Instance {
  const services = ['svc.a', 'svc.b'];
  const orders: PricedOrder[] = [];
  for (let i = 0; i < orderCount; i++) {
    const id = `O${i}`;
    const official = chance(r, 0.3) ? int(r, 0, 30) * 100 : int(r, 0, 3_000);
    orders.push({
      order_id: id,
      official_amount: official,
      currency: 'USD',
      service_type_code: pick(r, services),
      order_type: pick(r, [1, 2] as const),
      discounts: randomDiscounts(r, id, official, int(r, 0, 2), 0.15, true),
    });
  }
  const coupons: Coupon[] = [];
  for (let k = 0; k < couponCount; k++) {
    const kind = pick(r, [300, 301, 301, 302, 303] as const);
    const balance = chance(r, 0.08) ? 0 : chance(r, 0.3) ? int(r, 1, 15) * 100 : int(r, 1, 2_000);
    coupons.push({
      coupon_id: couponId(r, k),
      kind,
      name: `coupon ${k}`,
      currency: chance(r, 0.05) ? 'EUR' : 'USD',
      face_value: balance,
      balance,
      valid_from: iso(chance(r, 0.05) ? NOW + DAY : NOW - DAY),
      valid_until: iso(chance(r, 0.08) ? NOW : NOW + DAY),
      min_spend: chance(r, 0.3) ? int(r, 0, 2_500) : 0,
      service_types: chance(r, 0.5) ? [] : [pick(r, services)],
      order_types: chance(r, 0.7) ? [] : [pick(r, [1, 2] as const)],
      combinable_with_discount_kinds: chance(r, 0.4) ? [0, 2, 3, 609] : someOf<DiscountKindCode>(r, [0, 2, 3, 609], 0.5),
      ...(chance(r, 0.35) ? { max_deduction_bp: int(r, 1_000, 9_000) } : {}),
      ...(kind === 300 && chance(r, 0.85) ? { pay_rate_bp: int(r, 5_000, 9_500) } : {}),
      locked_by_order_id: chance(r, 0.12) ? (chance(r, 0.8) ? `O${int(r, 0, Math.max(0, orderCount - 1))}` : 'elsewhere') : null,
    });
  }
  return { orders, coupons };
}

const SERVICE_TYPES = ['hws.service.type.ec2', 'hws.service.type.ebs', 'hws.service.type.obs', 'hws.service.type.rds', 'hws.service.type.vpc', 'hws.service.type.cdn', 'hws.service.type.dcs', 'hws.service.type.elb'];
const ORDER_TYPES: readonly OrderTypeCode[] = [1, 1, 1, 2, 2, 3];

/**
 * Shaped like a month-end payment: orders from a few cents to a few thousand, most with a
 * commercial or partner discount, some with a price adjustment; coupons mostly tied to one or two
 * service types, some for any, a share with caps, minimum spends and restricted combinability.
 */
export function realisticInstance(r: Random, orderCount = 30, couponCount = 40): Instance {
  const orders: PricedOrder[] = [];
  for (let i = 0; i < orderCount; i++) {
    const id = `CS2611${String(i).padStart(6, '0')}`;
    // Roughly log-uniform from 5.00 to 5,000.00.
    const official = Math.round(500 * 10 ** (3 * r()));
    orders.push({
      order_id: id,
      official_amount: official,
      currency: 'USD',
      service_type_code: pick(r, SERVICE_TYPES),
      order_type: pick(r, ORDER_TYPES),
      discounts: randomDiscounts(r, id, official, chance(r, 0.6) ? int(r, 1, 2) : 0, 0.1, false),
    });
  }
  const coupons: Coupon[] = [];
  for (let k = 0; k < couponCount; k++) {
    const kind = pick(r, [300, 300, 301, 301, 301, 302, 302, 302, 303, 303] as const);
    const balance = chance(r, 0.05) ? 0 : Math.round(1_000 * 10 ** (2 * r()));
    coupons.push({
      coupon_id: `CP${String(int(r, 0, 99_999_999)).padStart(8, '0')}`,
      kind,
      name: `coupon ${k}`,
      currency: 'USD',
      face_value: balance,
      balance,
      valid_from: iso(NOW - 30 * DAY),
      valid_until: iso(chance(r, 0.05) ? NOW - DAY : NOW + 30 * DAY),
      min_spend: chance(r, 0.3) ? Math.round(1_000 * 10 ** (2 * r())) : 0,
      service_types: chance(r, 0.35) ? [] : [...new Set([pick(r, SERVICE_TYPES), ...(chance(r, 0.4) ? [pick(r, SERVICE_TYPES)] : [])])],
      order_types: chance(r, 0.8) ? [] : [1, 2],
      combinable_with_discount_kinds: chance(r, 0.7) ? [0, 2, 3, 609] : someOf<DiscountKindCode>(r, [0, 2, 3, 609], 0.5),
      ...(chance(r, 0.3) ? { max_deduction_bp: int(r, 2, 8) * 1_000 } : {}),
      ...(kind === 300 ? { pay_rate_bp: int(r, 16, 19) * 500 } : {}),
      locked_by_order_id: chance(r, 0.05) ? pick(r, orders).order_id : null,
    });
  }
  return { orders, coupons };
}

/** What a set of choices comes to: the total payable, the coupons used, sorted, and the problems. */
export interface Outcome {
  readonly payable: number;
  readonly couponIds: string[];
  readonly problems: number;
}

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function outcomeOf(orders: readonly PricedOrder[], choices: readonly Choice[], coupons: readonly Coupon[], now = NOW): Outcome {
  const quote = quoteOrders(orders, choices, coupons, now);
  return {
    payable: quote.totals.payable,
    couponIds: choices.flatMap((c) => c.coupon_ids).sort(byCodeUnits),
    problems: quote.orders.reduce((sum, o) => sum + o.problems.length, 0),
  };
}

/** Smaller payable, then fewer coupons, then the smaller sorted list of ids. */
export function better(a: Omit<Outcome, 'problems'>, b: Omit<Outcome, 'problems'>): boolean {
  if (a.payable !== b.payable) return a.payable < b.payable;
  if (a.couponIds.length !== b.couponIds.length) return a.couponIds.length < b.couponIds.length;
  for (let i = 0; i < a.couponIds.length; i++) if (a.couponIds[i] !== b.couponIds[i]) return a.couponIds[i]! < b.couponIds[i]!;
  return false;
}

/**
 * The optimum by exhaustion: for each order every candidate discount (none and each of its own,
 * or its 609 alone) with every set of up to 3 coupons that quoteOrders accepts without a problem,
 * over every way of giving the coupons to the orders. Memoised on (order, coupons still free):
 * the tie rule composes over disjoint coupon sets (for lists of one length, the smaller sorted list
 * stays smaller after adding the same other coupons), so the best rest is the same whatever came
 * before. Only for small instances (2^coupons states).
 */
export function exhaustiveOptimum(orders: readonly PricedOrder[], coupons: readonly Coupon[], now = NOW): Omit<Outcome, 'problems'> {
  const m = coupons.length;
  if (m > 16) throw new RangeError('exhaustiveOptimum is for small instances');
  const ways = orders.map((order) => {
    const has609 = order.discounts.find((d) => d.kind === 609);
    const discountIds: (string | undefined)[] = has609 ? [has609.discount_id] : [undefined, ...order.discounts.map((d) => d.discount_id)];
    const found: { mask: number; payable: number; ids: string[] }[] = [];
    for (let mask = 0; mask < 1 << m; mask++) {
      const ids = coupons.filter((_, k) => mask & (1 << k)).map((c) => c.coupon_id);
      if (ids.length > 3) continue;
      for (const discount_id of discountIds) {
        const choice: Choice = discount_id === undefined ? { order_id: order.order_id, coupon_ids: ids } : { order_id: order.order_id, discount_id, coupon_ids: ids };
        const quoted = quoteOrders([order], [choice], coupons, now).orders[0]!;
        if (quoted.problems.length === 0) found.push({ mask, payable: quoted.payable, ids });
      }
    }
    return found;
  });
  const memo = new Map<number, Omit<Outcome, 'problems'>>();
  const best = (i: number, free: number): Omit<Outcome, 'problems'> => {
    if (i === orders.length) return { payable: 0, couponIds: [] };
    const key = i * (1 << m) + free;
    const known = memo.get(key);
    if (known) return known;
    let winner: Omit<Outcome, 'problems'> | undefined;
    for (const way of ways[i]!) {
      if ((way.mask & free) !== way.mask) continue;
      const rest = best(i + 1, free & ~way.mask);
      const total = { payable: way.payable + rest.payable, couponIds: [...way.ids, ...rest.couponIds].sort(byCodeUnits) };
      if (winner === undefined || better(total, winner)) winner = total;
    }
    memo.set(key, winner!);
    return winner!;
  };
  return best(0, (1 << m) - 1);
}
