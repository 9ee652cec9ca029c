/**
 * The names of the IPC channels by domain, without their schemas, so the preload bundle stays
 * free of zod. Each domain's contract (`app-contract.ts`, `orders-contract.ts`, …) is checked against
 * its list at compile time.
 */
/** The app itself: what it runs on, the account, the sync. */
export const APP_CHANNELS = ['getAppInfo', 'getAccount', 'getSyncState', 'syncNow', 'pageShown'] as const;
/** The cached orders: lists, counts, one order, the way into the checkout, the export. */
export const ORDER_CHANNELS = ['listOrders', 'countOrderFacets', 'getOrder', 'checkOrdersPayable', 'exportOrdersCsv'] as const;

/** Paying: the checkout, quotes, the payment, the Payments page (its export, a receipt as PDF), cancelling an order. */
export const PAYMENT_CHANNELS = ['openCheckout', 'quotePayment', 'payOrders', 'finishCardPayment', 'listPayments', 'getPayment', 'cancelOrder', 'exportPaymentsCsv', 'saveReceiptPdf'] as const;
/** Settings: the Settings screen, the connection test, diagnostics, the page's uncaught errors. */
export const SETTINGS_CHANNELS = ['getSettings', 'saveSettings', 'testConnection', 'chooseExportFolder', 'getDiagnostics', 'reportError'] as const;
export const IPC_CHANNELS = [...APP_CHANNELS, ...ORDER_CHANNELS, ...PAYMENT_CHANNELS, ...SETTINGS_CHANNELS] as const;
export type AppChannel = (typeof APP_CHANNELS)[number];
export type OrderChannel = (typeof ORDER_CHANNELS)[number];
export type PaymentChannel = (typeof PAYMENT_CHANNELS)[number];
export type SettingsChannel = (typeof SETTINGS_CHANNELS)[number];
export type IpcChannel = (typeof IPC_CHANNELS)[number];

/** Electron IPC channel strings are namespaced so nothing else in the process can collide with them. */
export const ipcChannelName = (channel: IpcChannel): string => `settle:${channel}`;
export const IPC_EVENT_CHANNEL = 'settle:event';
