/**
 * The sandboxed preload: exposes `window.settle`, one narrow function per IPC contract channel plus
 * an event subscription. Never ipcRenderer itself, never a generic invoke/send, never the raw
 * IpcRendererEvent. Only 'electron' and shared/ipc/channels at run time; the types come from shared/ipc/bridge-api.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import type { SettleBridgeApi } from '../shared/ipc/bridge-api';
import { IPC_EVENT_CHANNEL, type IpcChannel, ipcChannelName } from '../shared/ipc/channels';

type AppEvent = Parameters<Parameters<SettleBridgeApi['onEvent']>[0]>[0];

/** One argument only, whatever the page passes: the channel's input. */
const channel =
  <K extends IpcChannel>(name: K) =>
  (input?: Parameters<SettleBridgeApi[K]>[0]): ReturnType<SettleBridgeApi[K]> =>
    ipcRenderer.invoke(ipcChannelName(name), input) as ReturnType<SettleBridgeApi[K]>;

const settleApi = {
  getAppInfo: channel('getAppInfo'),
  getAccount: channel('getAccount'),
  listOrders: channel('listOrders'),
  countOrderFacets: channel('countOrderFacets'),
  getOrder: channel('getOrder'),
  checkOrdersPayable: channel('checkOrdersPayable'),
  getSyncState: channel('getSyncState'),
  syncNow: channel('syncNow'),
  exportOrdersCsv: channel('exportOrdersCsv'),
  pageShown: channel('pageShown'),
  openCheckout: channel('openCheckout'),
  quotePayment: channel('quotePayment'),
  payOrders: channel('payOrders'),
  finishCardPayment: channel('finishCardPayment'),
  listPayments: channel('listPayments'),
  getPayment: channel('getPayment'),
  cancelOrder: channel('cancelOrder'),
  exportPaymentsCsv: channel('exportPaymentsCsv'),
  saveReceiptPdf: channel('saveReceiptPdf'),
  getSettings: channel('getSettings'),
  saveSettings: channel('saveSettings'),
  testConnection: channel('testConnection'),
  chooseExportFolder: channel('chooseExportFolder'),
  getDiagnostics: channel('getDiagnostics'),
  reportError: channel('reportError'),
  onEvent(listener: (event: AppEvent) => void): () => void {
    if (typeof listener !== 'function') throw new TypeError('settle.onEvent needs a listener function');
    const relay = (_event: IpcRendererEvent, appEvent: AppEvent): void => listener(appEvent);
    ipcRenderer.on(IPC_EVENT_CHANNEL, relay);
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      ipcRenderer.removeListener(IPC_EVENT_CHANNEL, relay);
    };
  },
} satisfies SettleBridgeApi;

contextBridge.exposeInMainWorld('settle', settleApi);
