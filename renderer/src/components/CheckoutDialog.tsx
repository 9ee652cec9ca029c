import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { selectionTotal } from '../../../shared/billing/selection';
import { useFormatters } from '../format';
import { useUiStore } from '../store/ui-store';

/** A placeholder until the payment issue: shows what would be paid, pays nothing. */
export function CheckoutDialog() {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const checkout = useUiStore((s) => s.checkout);
  const openCheckout = useUiStore((s) => s.openCheckout);
  const closeRef = useRef<HTMLButtonElement>(null);
  useEffect(() => closeRef.current?.focus(), [checkout]);
  if (!checkout) return null;
  const total = selectionTotal(checkout);
  return (
    <div className="dialog-backdrop">
      <div role="dialog" aria-modal="true" aria-labelledby="checkout-title" className="dialog">
        <h2 id="checkout-title">{t('checkout.title')}</h2>
        {total && <p>{t('checkout.summary', { count: checkout.length, amount: fmt.money(total.amountMinor, total.currency) })}</p>}
        <ul className="checkout-orders">
          {checkout.map((o) => (
            <li key={o.orderId}>{o.orderId} — {fmt.money(o.amountAfterDiscount, o.currency)}</li>
          ))}
        </ul>
        <p className="muted">{t('checkout.placeholder')}</p>
        <button ref={closeRef} type="button" onClick={() => openCheckout(null)}>{t('checkout.close')}</button>
      </div>
    </div>
  );
}
