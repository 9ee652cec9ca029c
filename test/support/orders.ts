/**
 * Builders of valid billing API orders for tests and benchmarks. Every value they produce passes the
 * `Order` schema (test/unit/cache-test-support.test.ts checks it); override fields to shape a case.
 */
import type { LineItem, Order } from '../../shared/billing-api/schemas';
import { toCachedOrder, type CachedOrder } from '../../main/cache/order-records';
import { OrderStatus, OrderType } from '../../shared/domain/orders';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const BASE_TIME = Date.UTC(2025, 0, 1);

export const iso = (epochMs: number): string => new Date(epochMs).toISOString();

let sequence = 0;

export function cloudLineItem(overrides: Partial<LineItem> = {}): LineItem {
  sequence += 1;
  return {
    line_item_id: `LI${sequence}`,
    product_name: 'General computing s6 | 2 vCPUs | 4 GiB',
    service_type_code: 'hws.service.type.ec2',
    official_amount: 10_000,
    amount_after_discount: 8_500,
    provider: { kind: 'cloud' },
    ...overrides,
  };
}

export function thirdPartyLineItem(vendorName = 'Acme Images', overrides: Partial<LineItem> = {}): LineItem {
  return cloudLineItem({
    product_name: `${vendorName} hardened image`,
    service_type_code: 'hws.service.type.marketplace',
    provider: { kind: 'third_party', vendor_name: vendorName, vendor_contact: 'billing@acme.example' },
    ...overrides,
  });
}

/** A pending-payment cloud server order, created `sequence` minutes after BASE_TIME, due 7 days later. */
export function buildOrder(overrides: Partial<Order> = {}): Order {
  sequence += 1;
  const created = BASE_TIME + sequence * 60_000;
  return {
    order_id: `CS2501${String(sequence).padStart(8, '0')}`,
    status: OrderStatus.PendingPayment,
    order_type: OrderType.NewPurchase,
    service_type_code: 'hws.service.type.ec2',
    service_type_name: 'Elastic Cloud Server',
    official_amount: 10_000,
    amount_after_discount: 8_500,
    currency: 'USD',
    create_time: iso(created),
    update_time: iso(created),
    expire_time: iso(created + 7 * DAY),
    combined_order_id: null,
    contract_overlap: false,
    line_items: [cloudLineItem()],
    ...overrides,
  };
}

export const SERVICE_TYPES = [
  { code: 'hws.service.type.ec2', name: 'Elastic Cloud Server' },
  { code: 'hws.service.type.ebs', name: 'Elastic Volume Service' },
  { code: 'hws.service.type.vpc', name: 'Virtual Private Cloud' },
  { code: 'hws.service.type.rds', name: 'Relational Database Service' },
  { code: 'hws.service.type.obs', name: 'Object Storage Service' },
  { code: 'hws.service.type.cdn', name: 'Content Delivery Network' },
  { code: 'hws.service.type.dcs', name: 'Distributed Cache Service' },
  { code: 'hws.service.type.elb', name: 'Elastic Load Balance' },
  { code: 'hws.service.type.bms', name: 'Bare Metal Server' },
  { code: 'hws.service.type.marketplace', name: 'KooGallery' },
] as const;

const ORDER_TYPES = Object.values(OrderType);

/**
 * `count` varied orders, the same for the same seed: a mix of service types, order types, amounts
 * and deadlines, one in five pending approval, one in ten in a combined purchase of three, one in
 * eight with a third-party line item. Order numbers look like the service's: `CS` + yymmddhhmm + 5
 * random characters.
 */
export function randomOrders(count: number, seed = 1): Order[] {
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const orders: Order[] = [];
  let combined: { id: string; left: number } | null = null;
  for (let i = 0; i < count; i++) {
    const created = BASE_TIME + Math.floor(random() * 90 * DAY);
    const serviceType = pick(SERVICE_TYPES);
    const official = 100 + Math.floor(random() * 5_000_000);
    const hardware = serviceType.code === 'hws.service.type.bms';
    if (!combined && random() < 0.1 / 3) combined = { id: `CB${i.toString(36).toUpperCase().padStart(8, '0')}`, left: 3 };
    const lineItems = [cloudLineItem({ line_item_id: `LI${i}`, service_type_code: serviceType.code, official_amount: official })];
    if (random() < 0.125) lineItems.push(thirdPartyLineItem('Acme Images', { line_item_id: `LI${i}-3p` }));
    orders.push({
      order_id: `CS${iso(created).slice(2, 16).replace(/\D/g, '')}${randomSuffix(random)}`,
      status: random() < 0.2 ? OrderStatus.PendingApproval : OrderStatus.PendingPayment,
      order_type: pick(ORDER_TYPES),
      service_type_code: serviceType.code,
      service_type_name: serviceType.name,
      official_amount: official,
      amount_after_discount: Math.floor((official * (70 + Math.floor(random() * 31))) / 100),
      currency: 'USD',
      create_time: iso(created),
      update_time: iso(created),
      expire_time: iso(created + (hardware ? HOUR : 7 * DAY)),
      combined_order_id: combined?.id ?? null,
      contract_overlap: random() < 0.05,
      line_items: lineItems,
    });
    if (combined && --combined.left === 0) combined = null;
  }
  return orders;
}

const SUFFIX_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';

function randomSuffix(random: () => number): string {
  let s = '';
  for (let i = 0; i < 5; i++) s += SUFFIX_ALPHABET[Math.floor(random() * SUFFIX_ALPHABET.length)];
  return s;
}

/** A small seedable PRNG, so that generated data and benchmark runs are reproducible. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Orders in the shape a sync page brings them to the cache. */
export function cached(orders: readonly Order[]): CachedOrder[] {
  return orders.map(toCachedOrder);
}
