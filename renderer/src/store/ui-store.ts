import { create } from 'zustand';
import type { OrderRow } from '../../../shared/ipc/types';

interface UiState {
  /** The row the keyboard is on. */
  readonly activeIndex: number;
  readonly detailsOrderId: string | null;
  /** The orders in the checkout dialog, or null when it is closed. */
  readonly checkout: readonly OrderRow[] | null;
  setActive(index: number): void;
  showDetails(orderId: string | null): void;
  openCheckout(orders: readonly OrderRow[] | null): void;
}

export const useUiStore = create<UiState>()((set) => ({
  activeIndex: 0,
  detailsOrderId: null,
  checkout: null,
  setActive: (activeIndex) => set({ activeIndex }),
  showDetails: (detailsOrderId) => set({ detailsOrderId }),
  openCheckout: (checkout) => set({ checkout }),
}));
