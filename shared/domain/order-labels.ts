import { OrderStatus, OrderType, type OrderStatusCode, type OrderTypeCode } from './orders';

/** English names of the codes, for files that leave the app (CSV); the UI translates its own. */
export const ORDER_STATUS_NAMES: Record<OrderStatusCode, string> = {
  [OrderStatus.PendingApproval]: 'Pending approval',
  [OrderStatus.Processing]: 'Processing',
  [OrderStatus.Cancelled]: 'Cancelled',
  [OrderStatus.Completed]: 'Completed',
  [OrderStatus.PendingPayment]: 'Pending payment',
  [OrderStatus.ToBeConfirmed]: 'To be confirmed',
};

export const ORDER_TYPE_NAMES: Record<OrderTypeCode, string> = {
  [OrderType.NewPurchase]: 'New purchase',
  [OrderType.Renewal]: 'Renewal',
  [OrderType.Change]: 'Change',
  [OrderType.Unsubscription]: 'Unsubscription',
  [OrderType.YearlyMonthlyToPayPerUse]: 'Yearly/monthly to pay-per-use',
  [OrderType.PayPerUseToYearlyMonthly]: 'Pay-per-use to yearly/monthly',
  [OrderType.Trial]: 'Trial',
  [OrderType.TrialToCommercial]: 'Trial to commercial',
  [OrderType.FeeAdjustment]: 'Fee adjustment',
};
