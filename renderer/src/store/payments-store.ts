import { create } from 'zustand';
import type { PaymentView } from '../../../shared/ipc/payment-types';
import { call } from '../bridge';
import { errorMessage } from '../errors';

interface PaymentsState {
  /** Newest first; null until first loaded. */
  readonly payments: readonly PaymentView[] | null;
  /** Local dates (YYYY-MM-DD) bounding the list, inclusive; empty: unbounded. */
  readonly from: string;
  readonly to: string;
  readonly error: string | null;
  load(): Promise<void>;
  setRange(from: string, to: string): Promise<void>;
  paymentChanged(key: string): Promise<void>;
}

const DAY_MS = 86_400_000;
/** A local calendar day's start as epoch ms: the clerk filters by the days on their own calendar. */
const dayStart = (date: string): number => new Date(`${date}T00:00:00`).getTime();

/** The list's bounds as listPayments and exportPaymentsCsv read them: from the first day's start to the last day's end. */
export const rangeInput = (from: string, to: string): { from?: number; to?: number } => ({
  ...(from ? { from: dayStart(from) } : {}),
  ...(to ? { to: dayStart(to) + DAY_MS } : {}),
});

export const usePaymentsStore = create<PaymentsState>()((set, get) => ({
  payments: null,
  from: '',
  to: '',
  error: null,

  async load() {
    const { from, to } = get();
    try {
      const payments = await call('listPayments', rangeInput(from, to));
      set({ payments, error: null });
    } catch (error) {
      set({ error: errorMessage(error) });
    }
  },

  async setRange(from, to) {
    set({ from, to });
    await get().load();
  },

  async paymentChanged() {
    if (get().payments !== null) await get().load();
  },
}));
