/** Order codes follow the Huawei Cloud BSS API so that a connector to it stays possible. */
export const OrderStatus = {
  PendingApproval: 1,
  Processing: 3,
  Cancelled: 4,
  Completed: 5,
  PendingPayment: 6,
  ToBeConfirmed: 9,
} as const;
export type OrderStatusCode = (typeof OrderStatus)[keyof typeof OrderStatus];
export const ORDER_STATUS_CODES = Object.values(OrderStatus) as readonly OrderStatusCode[];

/** "Unpaid" is pending approval or pending payment; only pending payment can be paid. */
export const UNPAID_STATUSES = [OrderStatus.PendingApproval, OrderStatus.PendingPayment] as const;
export type UnpaidStatusCode = (typeof UNPAID_STATUSES)[number];

export function isUnpaidStatus(status: number): status is UnpaidStatusCode {
  return status === OrderStatus.PendingApproval || status === OrderStatus.PendingPayment;
}

export const OrderType = {
  NewPurchase: 1,
  Renewal: 2,
  Change: 3,
  Unsubscription: 4,
  YearlyMonthlyToPayPerUse: 10,
  PayPerUseToYearlyMonthly: 11,
  Trial: 13,
  TrialToCommercial: 14,
  FeeAdjustment: 15,
} as const;
export type OrderTypeCode = (typeof OrderType)[keyof typeof OrderType];
export const ORDER_TYPE_CODES = Object.values(OrderType) as readonly OrderTypeCode[];

/** The most orders one combined payment may hold. */
export const MAX_ORDERS_PER_PAYMENT = 30;
