/**
 * The names of the IPC channels, without their schemas, so the preload bundle stays free of zod.
 * `contract.ts` is checked against this list at compile time.
 */
export const IPC_CHANNELS = [
  'getAppInfo',
  'getAccount',
  'listOrders',
  'countOrderFacets',
  'getOrder',
  'checkOrdersPayable',
  'getSyncState',
  'syncNow',
  'exportOrdersCsv',
  'pageShown',
] as const;
export type IpcChannel = (typeof IPC_CHANNELS)[number];

/** Electron IPC channel strings are namespaced so nothing else in the process can collide with them. */
export const ipcChannelName = (channel: IpcChannel): string => `settle:${channel}`;
export const IPC_EVENT_CHANNEL = 'settle:event';
