import { create } from 'zustand';
import type { PaymentView } from '../../../shared/ipc/payment-types';
import type { OrderDetail, OrderRow } from '../../../shared/ipc/types';

/** The app's pages, switched in the header. */
export type PageName = 'orders' | 'payments' | 'settings';
/** A receipt shown for print, and what to do once it is on screen. */
export interface ReceiptRequest {
  readonly payment: PaymentView;
  readonly action: 'print' | 'pdf';
}

interface UiState {
  /** The row the keyboard is on. */
  readonly activeIndex: number;
  /** The order on that row, so a new query can find it again. */
  readonly activeOrderId: string | null;
  /** The rows on screen, as the grid last laid them out. */
  readonly viewRange: { readonly first: number; readonly last: number };
  readonly detailsOrderId: string | null;
  /** The orders in the checkout dialog, or null when it is closed. */
  readonly checkout: readonly OrderRow[] | null;
  readonly page: PageName;
  readonly receipt: ReceiptRequest | null;
  /** The order whose cancellation the clerk is asked to confirm, or null. */
  readonly cancelling: OrderDetail | null;
  showPage(page: PageName): void;
  showReceipt(receipt: ReceiptRequest | null): void;
  askCancel(order: OrderDetail | null): void;
  setActive(index: number, orderId?: string | null): void;
  setViewRange(first: number, last: number): void;
  showDetails(orderId: string | null): void;
  openCheckout(orders: readonly OrderRow[] | null): void;
  /** Escape: closes the innermost thing open (a receipt, the cancel confirmation, the checkout, then the details); false when none was. */
  closeInnermost(): boolean;
}

export const useUiStore = create<UiState>()((set, get) => ({
  activeIndex: 0,
  activeOrderId: null,
  viewRange: { first: 0, last: 0 },
  detailsOrderId: null,
  checkout: null,
  page: 'orders',
  receipt: null,
  cancelling: null,
  showPage: (page) => set({ page }),
  showReceipt: (receipt) => set({ receipt }),
  askCancel: (cancelling) => set({ cancelling }),
  setActive: (activeIndex, activeOrderId = null) => set({ activeIndex, activeOrderId }),
  setViewRange: (first, last) => {
    const current = get().viewRange;
    if (current.first !== first || current.last !== last) set({ viewRange: { first, last } });
  },
  showDetails: (detailsOrderId) => set({ detailsOrderId }),
  openCheckout: (checkout) => set({ checkout }),
  closeInnermost() {
    if (get().receipt) set({ receipt: null });
    else if (get().cancelling) set({ cancelling: null });
    else if (get().checkout) set({ checkout: null });
    else if (get().detailsOrderId) set({ detailsOrderId: null });
    else return false;
    return true;
  },
}));
