/** What the renderer receives over IPC. Times are epoch milliseconds (UTC); amounts are minor units. */
import type { SelectionRefusal } from '../billing/selection';
import type { OrderStatusCode, OrderTypeCode } from '../domain/orders';

export interface AppInfo {
  readonly version: string;
  /** True when the app runs on its embedded billing sandbox rather than a real billing API. */
  readonly demoMode: boolean;
  readonly billingApiOrigin: string;
  /** Set when the cache had to be rebuilt at start (corrupt, or written by a newer Settle). */
  readonly cacheNotice: CacheNotice | null;
  /** Set when the payment ledger can't be opened: paying is then disabled. */
  readonly ledgerProblem: LedgerProblem | null;
}

/**
 * Why the payment ledger can't be used: paying is disabled, reviewing works, and the file is kept
 * where it is for support (it is never moved aside or recreated).
 */
export interface LedgerProblem {
  /** migration_failed: this version's migration of the ledger failed; the copy from before it was put back. */
  readonly reason: 'corrupt' | 'newer_version' | 'unopenable' | 'migration_failed';
  readonly path: string;
  readonly detail: string;
}

export interface CacheNotice {
  readonly reason: 'corrupt' | 'newer_version';
  readonly movedTo: string;
}

export interface AccountView {
  readonly customerId: string;
  readonly name: string;
  readonly currency: string;
  readonly country: string;
  readonly postpaid: boolean;
  readonly monthlySettlementEnabled: boolean;
  readonly boundMobileMasked: string;
  readonly boundEmailMasked: string;
}

export interface OrderRow {
  readonly orderId: string;
  readonly status: OrderStatusCode;
  readonly orderType: OrderTypeCode;
  readonly serviceTypeCode: string;
  readonly serviceTypeName: string;
  readonly officialAmount: number;
  readonly amountAfterDiscount: number;
  readonly currency: string;
  readonly createTime: number;
  readonly updateTime: number;
  readonly expireTime: number;
  readonly combinedOrderId: string | null;
  /** How many cached orders share the combined order id (1 when not combined). */
  readonly groupSize: number;
  readonly contractOverlap: boolean;
  readonly thirdPartyItemCount: number;
}

export type LineItemProvider =
  | { readonly kind: 'cloud' }
  | { readonly kind: 'third_party'; readonly vendorName: string; readonly vendorContact: string };

export interface OrderLineItem {
  readonly lineItemId: string;
  readonly productName: string;
  readonly serviceTypeCode: string;
  readonly officialAmount: number;
  readonly amountAfterDiscount: number;
  readonly provider: LineItemProvider;
}

export interface OrderDetail extends OrderRow {
  readonly lineItems: readonly OrderLineItem[];
  /** The other members of its combined purchase, as cached. */
  readonly groupMembers: readonly OrderRow[];
}

/** Orders asked to be paid together, as the cache has them now, and whether they can be. */
export interface CheckoutCheck {
  /** The orders asked for with every member of their combined purchases, grouped, in the order asked. */
  readonly orders: readonly OrderRow[];
  /** Orders asked for that are no longer cached: paid, cancelled or gone elsewhere. */
  readonly missing: readonly string[];
  /** Why they can't be paid together, or null when they can. */
  readonly refusal: SelectionRefusal | null;
}

export interface OrderListPage {
  readonly rows: readonly OrderRow[];
  /** Rows matching the filter, for the scroll height and "N orders". */
  readonly total: number;
}

export interface FacetCount<V> {
  readonly value: V;
  readonly label: string;
  readonly count: number;
}

/** Counts per filter value; each facet is counted with the other facets' filters applied. */
export interface OrderFacets {
  readonly serviceTypes: readonly FacetCount<string>[];
  readonly orderTypes: readonly FacetCount<OrderTypeCode>[];
  readonly statuses: readonly FacetCount<OrderStatusCode>[];
  readonly currencies: readonly FacetCount<string>[];
  /** Orders matching the filters that are past their payment deadline, shown or not. */
  readonly expired: number;
}

export interface SyncState {
  /**
   * Counts the sync's published changes. A state read on request and a state pushed as an event
   * can reach the page in either order; the one with the higher revision is the newer.
   */
  readonly revision: number;
  /** 'incomplete': the last sync reached the service but could not account for every order (see gap). */
  readonly phase: 'idle' | 'syncing' | 'incomplete';
  /** False once the billing API could not be reached after retries; true again on the next success. */
  readonly online: boolean;
  readonly lastSuccessAt: number | null;
  readonly lastAttemptAt: number | null;
  readonly lastError: string | null;
  /** The billing service's clock minus ours: deadlines are the service's, not this machine's. */
  readonly serverClockOffsetMs: number;
  readonly cachedOrderCount: number;
  /** Why the last sync failed, when it did; null after a success (or before the first attempt). */
  readonly failure: SyncFailure | null;
  /** A sync is running and has been waiting on the billing service for a while: a slow connection. */
  readonly slow: boolean;
  /** The account's cached orders pending approval, whatever the page's filters. */
  readonly pendingApprovalCount: number;
  /** Null when the last sync accounted for every order; otherwise orders may be missing from the cache. */
  readonly gap: SyncGap | null;
}

/**
 * What the clerk is to be told about a failed sync: `unreachable` (offline, or the service down),
 * `unauthorized` (the token was refused), `malformed` (answers Settle can't read), `rejected` (the
 * service refused the request), `internal` (Settle's own fault). `code` is the service's error code.
 */
export interface SyncFailure {
  readonly kind: 'unreachable' | 'unauthorized' | 'malformed' | 'rejected' | 'internal';
  readonly code: string | null;
}

/** Why orders may be missing from the cache after the last sync. */
export interface SyncGap {
  /** Records the billing service sent that not even an order id could be read from. */
  readonly unreadableRecords: number;
  /** Orders the service said a full sync would deliver that never arrived. */
  readonly shortfall: number;
  /** Orders whose records were malformed and could not yet be fetched again on their own. */
  readonly unfetchedOrders: number;
}

/**
 * In Electron the main process asks where to save and writes the file; in a browser the page
 * receives the content and downloads it.
 */
export type ExportResult =
  | { readonly kind: 'saved'; readonly path: string; readonly rows: number }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'download'; readonly fileName: string; readonly content: string; readonly rows: number };

export type AppEvent =
  | { readonly type: 'sync-state'; readonly state: SyncState }
  | { readonly type: 'orders-changed'; readonly upserted: number; readonly removed: number }
  | { readonly type: 'order-approved'; readonly orderId: string }
  /** A payment moved on (answered, refused, reconciled): the Payments page and the results view refresh. */
  | { readonly type: 'payments-changed'; readonly key: string };
