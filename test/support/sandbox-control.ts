/** A thin client of the sandbox's control API and billing API, for tests and the benchmark. */
export interface SandboxFaults {
  latency_ms?: number;
  error_rate?: number;
  rate_limit_rate?: number;
  malformed_rate?: number;
  drop_rate?: number;
  payment_processing_ms?: number;
  drop_payment_answers?: number;
}

export interface RawOrder {
  order_id: string;
  status: number;
  currency: string;
  [key: string]: unknown;
}

export class SandboxControl {
  constructor(readonly url: string) {}

  private async post(path: string, body: unknown = {}): Promise<unknown> {
    const response = await fetch(`${this.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    if (!response.ok) throw new Error(`POST ${path} → ${response.status}: ${await response.text()}`);
    return response.json();
  }

  reset(seed: number, options: { orders_per_account?: number; large_account_orders?: number } = {}) {
    return this.post('/sandbox/reset', { seed, ...options });
  }
  setStatus(orderId: string, status: number) {
    return this.post(`/sandbox/orders/${encodeURIComponent(orderId)}/status`, { status });
  }
  approve(orderId: string) {
    return this.post(`/sandbox/orders/${encodeURIComponent(orderId)}/approve`);
  }
  advanceClock(ms: number) {
    return this.post('/sandbox/clock', { advance_ms: ms });
  }
  faults(faults: SandboxFaults) {
    return this.post('/sandbox/faults', faults);
  }
  /** One row per order ever paid, whatever the method: what proves an order was charged once. */
  async charges(): Promise<{ payment_id: string; order_id: string; amount: number; currency: string; method: string; idempotency_key: string }[]> {
    const response = await fetch(`${this.url}/sandbox/charges`);
    if (!response.ok) throw new Error(`GET /sandbox/charges → ${response.status}`);
    return ((await response.json()) as { charges: never[] }).charges;
  }
  /** Replaces the account's coupons with a small known set (the shape of GET /v1/coupons). */
  async setCoupons(key: 'postpaid' | 'prepaid' | 'large', coupons: readonly Record<string, unknown>[]): Promise<void> {
    const response = await fetch(`${this.url}/sandbox/accounts/${key}/coupons`, { method: 'PUT', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ coupons }) });
    if (!response.ok) throw new Error(`PUT coupons → ${response.status}: ${await response.text()}`);
  }
  /** The order's discounts, as the billing API lists them. */
  async discounts(token: string, orderId: string): Promise<{ discount_id: string; kind: number; mandatory: boolean; preselected: boolean }[]> {
    const response = await fetch(`${this.url}/v1/orders/${encodeURIComponent(orderId)}/discounts`, { headers: { Authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`GET discounts → ${response.status}`);
    return ((await response.json()) as { discounts: never[] }).discounts;
  }
  account(key: 'postpaid' | 'prepaid' | 'large', settings: { monthly_settlement_enabled?: boolean; postpaid?: boolean }) {
    return this.post(`/sandbox/accounts/${key}`, settings);
  }

  /** Every unpaid order of the account, read straight from the billing API (faults must be off). */
  async unpaidOrders(token: string): Promise<RawOrder[]> {
    return (await this.unpaidWithServiceTime(token)).orders;
  }

  /** The unpaid orders the page lists by default: those not past their deadline on the service's clock. */
  async listedOrders(token: string): Promise<RawOrder[]> {
    const { orders, serverTime } = await this.unpaidWithServiceTime(token);
    return orders.filter((o) => Date.parse(o.expire_time as string) > serverTime);
  }

  private async unpaidWithServiceTime(token: string): Promise<{ orders: RawOrder[]; serverTime: number }> {
    const orders: RawOrder[] = [];
    let cursor: string | null = null;
    for (;;) {
      const query = new URLSearchParams({ limit: '500', ...(cursor ? { cursor } : {}) });
      const response = await fetch(`${this.url}/v1/orders?${query}`, { headers: { Authorization: `Bearer ${token}` } });
      if (!response.ok) throw new Error(`GET /v1/orders → ${response.status}`);
      const page = (await response.json()) as { orders: RawOrder[]; next_cursor: string; has_more: boolean; server_time: string };
      orders.push(...page.orders.filter((o) => o.status === 1 || o.status === 6));
      if (!page.has_more) return { orders, serverTime: Date.parse(page.server_time) };
      cursor = page.next_cursor;
    }
  }
}
