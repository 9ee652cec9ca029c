/**
 * Discounts and coupons in the sandbox's SQLite database (docs/domain.md, "Savings"), per account.
 * A discount belongs to one order and never changes. A coupon's `balance` and `locked_by_order_id`
 * change as payments use it; they live in columns, the rest of the coupon in its JSON body.
 * SandboxStore creates the tables with its own and reaches this through `store.savings`; the
 * payment endpoint reads coupons and discounts here and consumes balances in one transaction.
 */
import type Database from 'better-sqlite3';
import { ErrorCode } from '../shared/billing-api/schemas';
import type { Coupon, Discount } from '../shared/billing-api/payment-schemas';

/** What one order of a payment takes from one coupon. */
export interface CouponTake {
  readonly coupon_id: string;
  /** Minor units; 0 is allowed (the coupon was applied but nothing was left for it). */
  readonly amount: number;
  readonly order_id: string;
}

/** A coupon lock: `order_id` is the only order that may use the coupon; `null` releases it. */
export interface CouponLock {
  readonly coupon_id: string;
  readonly order_id: string | null;
}

/** Thrown by consumeCoupons when a take can't be honoured; nothing is changed then. */
export class CouponConsumeError extends Error {
  constructor(
    /** CBC.99003112 for a lock or balance problem, CBC.0100 for an unknown coupon or a bad amount. */
    readonly code: string,
    readonly coupon_id: string,
    message: string,
  ) {
    super(message);
  }
}

interface CouponRow {
  body: string;
  balance: number;
  locked_by_order_id: string | null;
}

export const SAVINGS_TABLES_SQL = `
  CREATE TABLE IF NOT EXISTS discounts (
    order_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    customer_id TEXT NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (order_id, position)
  ) WITHOUT ROWID;
  -- rowid keeps the order coupons were stored in (the seed's, or a PUT's).
  CREATE TABLE IF NOT EXISTS coupons (
    id INTEGER PRIMARY KEY,
    customer_id TEXT NOT NULL,
    coupon_id TEXT NOT NULL,
    currency TEXT NOT NULL,
    balance INTEGER NOT NULL,
    locked_by_order_id TEXT,
    body TEXT NOT NULL,
    UNIQUE (customer_id, coupon_id)
  );
`;

function prepare(db: Database.Database) {
  return {
    insertDiscount: db.prepare<[string, number, string, string]>('INSERT INTO discounts (order_id, position, customer_id, body) VALUES (?, ?, ?, ?)'),
    discountsOf: db.prepare<[string], { order_id: string; body: string }>(
      'SELECT order_id, body FROM discounts WHERE order_id IN (SELECT value FROM json_each(?)) ORDER BY order_id, position',
    ),
    insertCoupon: db.prepare<[string, string, string, number, string | null, string]>(
      'INSERT INTO coupons (customer_id, coupon_id, currency, balance, locked_by_order_id, body) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    deleteCoupons: db.prepare<[string]>('DELETE FROM coupons WHERE customer_id = ?'),
    couponsOf: db.prepare<[string, string], CouponRow>(
      'SELECT body, balance, locked_by_order_id FROM coupons WHERE customer_id = ? AND currency IN (SELECT value FROM json_each(?)) ORDER BY id',
    ),
    allCouponsOf: db.prepare<[string], CouponRow>('SELECT body, balance, locked_by_order_id FROM coupons WHERE customer_id = ? ORDER BY id'),
    coupon: db.prepare<[string, string], CouponRow>('SELECT body, balance, locked_by_order_id FROM coupons WHERE customer_id = ? AND coupon_id = ?'),
    setCouponState: db.prepare<[number, string | null, string, string]>(
      'UPDATE coupons SET balance = ?, locked_by_order_id = ? WHERE customer_id = ? AND coupon_id = ?',
    ),
  };
}

function couponOf(row: CouponRow): Coupon {
  return { ...(JSON.parse(row.body) as Coupon), balance: row.balance, locked_by_order_id: row.locked_by_order_id };
}

export class SavingsStore {
  private readonly statements: ReturnType<typeof prepare>;

  /** The tables must exist (SAVINGS_TABLES_SQL, run by SandboxStore's migration). */
  constructor(private readonly db: Database.Database) {
    this.statements = prepare(db);
  }

  /** Empties both tables; SandboxStore.replaceAll calls it inside its transaction. */
  clear(): void {
    this.db.exec('DELETE FROM discounts; DELETE FROM coupons;');
  }

  /** Stores an order's discounts in the order given (seeding only; discounts never change). */
  insertDiscounts(customerId: string, orderId: string, discounts: readonly Discount[]): void {
    discounts.forEach((d, i) => this.statements.insertDiscount.run(orderId, i, customerId, JSON.stringify(d)));
  }

  insertCoupons(customerId: string, coupons: readonly Coupon[]): void {
    for (const c of coupons) this.statements.insertCoupon.run(customerId, c.coupon_id, c.currency, c.balance, c.locked_by_order_id, JSON.stringify(c));
  }

  /** The discounts of each order asked for (an order without any maps to []), in their stored order. */
  discountsFor(orderIds: readonly string[]): Map<string, Discount[]> {
    const result = new Map<string, Discount[]>(orderIds.map((id) => [id, []]));
    for (const row of this.statements.discountsOf.all(JSON.stringify(orderIds))) result.get(row.order_id)?.push(JSON.parse(row.body) as Discount);
    return result;
  }

  /** The account's coupons in the given currencies (all of them without `currencies`), usable or not. */
  couponsFor(customerId: string, currencies?: readonly string[]): Coupon[] {
    const rows = currencies === undefined ? this.statements.allCouponsOf.all(customerId) : this.statements.couponsOf.all(customerId, JSON.stringify(currencies));
    return rows.map(couponOf);
  }

  coupon(customerId: string, couponId: string): Coupon | undefined {
    const row = this.statements.coupon.get(customerId, couponId);
    return row && couponOf(row);
  }

  /** Replaces every coupon of the account with these (the control API's PUT), in one transaction. */
  replaceCoupons(customerId: string, coupons: readonly Coupon[]): void {
    this.db.transaction(() => {
      this.statements.deleteCoupons.run(customerId);
      this.insertCoupons(customerId, coupons);
    })();
  }

  /**
   * Takes what a payment's orders use from their coupons, all or nothing: each coupon's balance
   * drops by its takes, and a lock held by the paying order is released (a cash coupon's leftover
   * stays usable until it expires). Refuses, changing nothing, an unknown coupon, a negative or
   * fractional amount, a coupon locked by an order other than the taking one, or takes above the
   * balance. Runs in a transaction of its own, or as part of the caller's (better-sqlite3 nests them).
   * Returns the coupons as they are afterwards.
   */
  consumeCoupons(customerId: string, takes: readonly CouponTake[]): Coupon[] {
    return this.db.transaction(() => {
      const touched = new Map<string, Coupon>();
      for (const take of takes) {
        const coupon = touched.get(take.coupon_id) ?? this.coupon(customerId, take.coupon_id);
        if (!coupon) throw new CouponConsumeError(ErrorCode.BadParameter, take.coupon_id, `no such coupon: ${take.coupon_id}`);
        if (!Number.isSafeInteger(take.amount) || take.amount < 0) {
          throw new CouponConsumeError(ErrorCode.BadParameter, take.coupon_id, `not an amount of minor units: ${take.amount}`);
        }
        if (coupon.locked_by_order_id !== null && coupon.locked_by_order_id !== take.order_id) {
          throw new CouponConsumeError(ErrorCode.CouponLocked, take.coupon_id, `coupon ${take.coupon_id} is locked by order ${coupon.locked_by_order_id}`);
        }
        if (take.amount > coupon.balance) {
          throw new CouponConsumeError(ErrorCode.CouponLocked, take.coupon_id, `coupon ${take.coupon_id} has ${coupon.balance} left, ${take.amount} asked`);
        }
        touched.set(take.coupon_id, { ...coupon, balance: coupon.balance - take.amount, locked_by_order_id: null });
      }
      for (const c of touched.values()) this.statements.setCouponState.run(c.balance, c.locked_by_order_id, customerId, c.coupon_id);
      return [...touched.values()];
    })();
  }

  /** Locks coupons to an order (or releases them with `order_id: null`), all or nothing; an unknown coupon throws CouponConsumeError. */
  lockCoupons(customerId: string, locks: readonly CouponLock[]): void {
    this.db.transaction(() => {
      for (const lock of locks) {
        const coupon = this.coupon(customerId, lock.coupon_id);
        if (!coupon) throw new CouponConsumeError(ErrorCode.BadParameter, lock.coupon_id, `no such coupon: ${lock.coupon_id}`);
        this.statements.setCouponState.run(coupon.balance, lock.order_id, customerId, lock.coupon_id);
      }
    })();
  }
}
