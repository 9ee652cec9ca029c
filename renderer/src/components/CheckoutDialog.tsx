import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { localQuote, quoteIsCurrent, useCheckoutStore } from '../store/checkout-store';
import { useSelectionStore } from '../store/selection-store';
import { useUiStore } from '../store/ui-store';
import { CheckoutOrderCard } from './checkout/CheckoutOrderCard';
import { CardPaymentStep } from './checkout/CardPaymentStep';
import { CheckoutSummary } from './checkout/CheckoutSummary';
import { PaymentResults } from './checkout/PaymentResults';
import { useFocusTrap } from './checkout/use-focus-trap';

/** "Pay for orders": the orders with their savings, the method, then what was paid and what was not. */
export function CheckoutDialog() {
  const { t } = useTranslation();
  const asked = useUiStore((s) => s.checkout);
  const openCheckout = useUiStore((s) => s.openCheckout);
  const state = useCheckoutStore(
    useShallow((s) => ({ status: s.status, view: s.view, picks: s.picks, method: s.method, confirmed: s.confirmed, serviceQuote: s.serviceQuote, quotedFor: s.quotedFor, changed: s.changed, result: s.result, error: s.error })),
  );
  const dialogRef = useRef<HTMLDivElement>(null);
  const titleRef = useRef<HTMLHeadingElement>(null);
  useFocusTrap(dialogRef, asked !== null);

  useEffect(() => {
    if (asked) void useCheckoutStore.getState().open(asked.map((o) => o.orderId));
    else useCheckoutStore.getState().close();
  }, [asked]);
  const showingResult = state.status === 'done';
  const onCardStep = state.status === 'card' || state.status === 'authorizing';
  // The card step focuses its card field itself once Stripe's iframe is ready.
  useEffect(() => {
    if (!onCardStep) titleRef.current?.focus();
  }, [asked, showingResult, onCardStep]);

  // What this payment paid leaves the selection as paid here, whichever of it and the sync's news comes first.
  useEffect(() => {
    const paid = state.result?.orders.filter((o) => o.outcome === 'paid').map((o) => o.orderId) ?? [];
    if (paid.length > 0) useSelectionStore.getState().paidHere(paid);
  }, [state.result]);

  const preview = useMemo(() => (state.view && state.view.orders.length > 0 ? localQuote(state.view, state.picks) : null), [state.view, state.picks]);
  const couponUsers = useMemo(() => {
    const users = new Map<string, string>();
    for (const [orderId, pick] of Object.entries(state.picks)) for (const id of pick.couponIds) if (!users.has(id)) users.set(id, orderId);
    return users;
  }, [state.picks]);

  if (!asked) return null;
  const close = () => openCheckout(null);
  const current = quoteIsCurrent(state);
  return (
    <div className="dialog-backdrop">
      <div ref={dialogRef} role="dialog" aria-modal="true" aria-labelledby="checkout-title" className="dialog checkout">
        <header className="dialog-head">
          <h2 id="checkout-title" ref={titleRef} tabIndex={-1}>{state.status === 'done' ? t('results.title') : t('checkout.title')}</h2>
          <button type="button" onClick={close} aria-label={t('checkout.close')}>×</button>
        </header>
        {state.status === 'loading' && <p role="status">{t('checkout.loading')}</p>}
        {state.status === 'failed' && (
          <div role="alert" className="alert">
            <p>{t('checkout.loadFailed', { message: state.error })}</p>
            <button type="button" onClick={close}>{t('checkout.close')}</button>
          </div>
        )}
        {state.status === 'done' && state.result && <PaymentResults payment={state.result} onBack={close} />}
        {state.view?.card.available && state.serviceQuote && (state.status === 'card' || state.status === 'authorizing') && (
          <CardPaymentStep
            card={state.view.card}
            payable={state.serviceQuote.totals.payable}
            currency={state.serviceQuote.totals.currency}
            orderCount={state.view.orders.length}
            onCancel={close}
          />
        )}
        {state.view && (state.status === 'ready' || state.status === 'paying') && (
          <div className="checkout-body">
            <div className="checkout-orders">
              {state.view.orders.length === 0 && <p role="alert">{t('checkout.nothingLeft')}</p>}
              {state.view.orders.map((item) => (
                <CheckoutOrderCard
                  key={item.order.orderId}
                  item={item}
                  picks={state.picks[item.order.orderId] ?? { discountId: null, couponIds: [] }}
                  couponUsers={couponUsers}
                  coupons={state.view!.coupons}
                  preview={preview?.orders.find((o) => o.order_id === item.order.orderId)}
                  service={current ? state.serviceQuote?.orders.find((o) => o.orderId === item.order.orderId) : undefined}
                  serverNow={state.view!.serverNow}
                  changed={state.changed.includes(item.order.orderId)}
                  confirmed={state.confirmed.includes(item.order.orderId)}
                />
              ))}
            </div>
            {preview && <CheckoutSummary view={state.view} preview={preview.totals} serviceQuote={current ? state.serviceQuote : null} onCancel={close} />}
          </div>
        )}
      </div>
    </div>
  );
}
