import { onAppEvent } from '../bridge';
import { i18next } from '../i18n';
import { useAppStore } from './app-store';
import { useCheckoutStore } from './checkout-store';
import { useOrdersStore } from './orders-store';
import { usePaymentsStore } from './payments-store';
import { useSelectionStore } from './selection-store';

/**
 * Routes the app's push events to the stores, for the page's lifetime. Here rather than in a store,
 * so that no store needs to know another one to react to the app.
 */
export function listenToAppEvents(): () => void {
  return onAppEvent((event) => {
    if (event.type === 'sync-state') useAppStore.getState().syncStateArrived(event.state);
    else if (event.type === 'orders-changed') {
      void useOrdersStore.getState().reload();
      void useSelectionStore.getState().revalidate();
    } else if (event.type === 'order-approved') useAppStore.getState().toast(i18next.t('pending.approvedToast', { id: event.orderId }), 'success');
    else {
      void usePaymentsStore.getState().paymentChanged(event.key);
      void useCheckoutStore.getState().paymentChanged(event.key);
    }
  });
}
