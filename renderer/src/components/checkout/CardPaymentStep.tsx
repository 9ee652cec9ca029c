import type { Stripe, StripeCardElement, StripeCardElementChangeEvent } from '@stripe/stripe-js';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { cardBrandName } from '../../../../shared/billing/card-acceptance';
import type { CardCheckout } from '../../../../shared/ipc/payment-types';
import { cardStripe } from '../../card/load-stripe';
import { useFormatters } from '../../format';
import { useCheckoutStore, type CardForm, type CardProblem } from '../../store/checkout-store';

interface Props {
  readonly card: Extract<CardCheckout, { available: true }>;
  readonly payable: number;
  readonly currency: string;
  readonly orderCount: number;
  readonly onCancel: () => void;
}

/**
 * The card step: Stripe's card field (an iframe of the processor: the number and CVC never enter
 * this page), the brands taken, PAY NOW. A card that is not taken is stopped here with the reason;
 * a decline lets the clerk try another card on the same payment, charged once.
 */
export function CardPaymentStep({ card, payable, currency, orderCount, onCancel }: Props) {
  const { t, i18n } = useTranslation();
  const fmt = useFormatters();
  const { status, cardProblem, cardPayment, leaveCard, payByCard } = useCheckoutStore(
    useShallow((s) => ({ status: s.status, cardProblem: s.cardProblem, cardPayment: s.cardPayment, leaveCard: s.leaveCard, payByCard: s.payByCard })),
  );
  const mountRef = useRef<HTMLDivElement>(null);
  const [stripe, setStripe] = useState<Stripe | null>(null);
  const [element, setElement] = useState<StripeCardElement | null>(null);
  const [field, setField] = useState<{ brand: string; complete: boolean; error: string | null }>({ brand: 'unknown', complete: false, error: null });
  const [loadError, setLoadError] = useState<string | null>(null);
  const locale = i18n.language.startsWith('zh') ? 'zh' : 'en';

  useEffect(() => {
    let gone = false;
    let mounted: StripeCardElement | null = null;
    cardStripe(card.publishableKey, card.scriptUrl, locale)
      .then((loaded) => {
        if (gone || !loaded || !mountRef.current) return;
        mounted = loaded.elements({ locale }).create('card', { hidePostalCode: true, disableLink: true });
        mounted.on('change', (event: StripeCardElementChangeEvent) => setField({ brand: event.brand, complete: event.complete, error: event.error?.message ?? null }));
        mounted.on('ready', () => mounted?.focus());
        mounted.mount(mountRef.current);
        setStripe(loaded);
        setElement(mounted);
      })
      .catch((error: unknown) => setLoadError(error instanceof Error ? error.message : String(error)));
    return () => {
      gone = true;
      mounted?.destroy();
    };
  }, [card.publishableKey, card.scriptUrl, locale]);

  const form = useMemo<CardForm | null>(() => {
    if (!stripe || !element) return null;
    return {
      async createPaymentMethod() {
        const { paymentMethod, error } = await stripe.createPaymentMethod({ type: 'card', card: element });
        if (error || !paymentMethod?.card) return { ok: false, message: error?.message ?? t('card.noCard') };
        return { ok: true, id: paymentMethod.id, brand: paymentMethod.card.brand, funding: paymentMethod.card.funding };
      },
      async authorize(clientSecret, paymentMethodId) {
        const { paymentIntent, error } = await stripe.confirmCardPayment(clientSecret, { payment_method: paymentMethodId });
        if (error) return { ok: false, message: error.message ?? t('card.notAuthorized') };
        return paymentIntent?.status === 'requires_capture' || paymentIntent?.status === 'succeeded' ? { ok: true } : { ok: false, message: t('card.notAuthorized') };
      },
    };
  }, [stripe, element, t]);

  const busy = status === 'authorizing';
  const accepted = field.brand === 'unknown' || field.brand === 'visa' || field.brand === 'mastercard';
  return (
    <section className="card-step" aria-labelledby="card-step-title" data-testid="card-step">
      <h3 id="card-step-title">{t('card.title')}</h3>
      <p className="card-amount">
        {t('card.amount', { count: orderCount, amount: fmt.money(payable, currency) })}
      </p>
      <p className="note" id="card-accepted">
        {t('card.accepted')} <span className="brands" aria-hidden="true"><span className="brand visa">VISA</span> <span className="brand mastercard">Mastercard</span></span>
      </p>
      <div className="card-field" ref={mountRef} aria-describedby="card-accepted" data-testid="card-field" />
      {loadError && <p role="alert" className="alert">{t('card.loadFailed', { message: loadError })}</p>}
      {/* The card field announces its own errors; shown here too, but not announced twice. */}
      {field.error && <p className="reason">{field.error}</p>}
      {!accepted && <p role="alert" className="reason" data-testid="card-brand-warning">{t('card.refused.brand', { brand: cardBrandName(field.brand) })}</p>}
      {cardProblem && (
        <p role="alert" className="card-problem" data-testid="card-problem">
          {problemText(cardProblem, t)}
        </p>
      )}
      {cardPayment && <p className="note">{t('card.sameHold')}</p>}
      <div className="dialog-actions">
        {cardPayment === null ? (
          <button type="button" onClick={leaveCard} disabled={busy}>{t('card.back')}</button>
        ) : (
          <button type="button" onClick={onCancel} disabled={busy}>{t('card.cancelPayment')}</button>
        )}
        <button type="button" className="primary" data-testid="pay-now" disabled={!form || busy} onClick={() => form && void payByCard(form)}>
          {busy ? t('card.paying') : t('card.payNow', { amount: fmt.money(payable, currency) })}
        </button>
      </div>
    </section>
  );
}

function problemText(problem: CardProblem, t: (key: string, options?: Record<string, unknown>) => string): string {
  switch (problem.kind) {
    case 'not_accepted':
      return problem.refusal.reason === 'brand'
        ? t('card.refused.brand', { brand: cardBrandName(problem.refusal.brand) })
        : t(`card.refused.funding.${problem.refusal.funding === 'debit' || problem.refusal.funding === 'prepaid' ? problem.refusal.funding : 'other'}`, { brand: cardBrandName(problem.refusal.brand) });
    case 'declined':
      return t('card.declined', { message: problem.message });
    case 'refused':
    case 'invalid':
      return problem.message;
  }
}
