/**
 * The billing side's card processor: Stripe, through Stripe's own Node SDK. Pointed at the
 * sandbox's Stripe emulation (its host, port and protocol) by default; given a real Stripe secret
 * key, the same calls go to Stripe itself. Holds are made with `capture_method: manual` and each
 * step carries an idempotency key derived from the payment, so a step sent twice happens once.
 */
import Stripe from 'stripe';

/** A card as the processor describes it; never its number. */
export interface CardOnFile {
  readonly brand: string;
  readonly funding: string;
  readonly last4: string;
}

/** Where an authorization stands at the processor. */
export type HoldState =
  | { readonly kind: 'held'; readonly amount: number; readonly card: CardOnFile }
  | { readonly kind: 'captured'; readonly amount: number; readonly card: CardOnFile }
  | { readonly kind: 'released' }
  /** Never authorized (declined, authentication failed, or not tried yet); nothing is held. */
  | { readonly kind: 'not_authorized'; readonly code: string; readonly message: string };

export interface CardProcessor {
  readonly publishableKey: string;
  /** The card behind a PaymentMethod id, or null when the processor knows no such PaymentMethod. */
  card(paymentMethodId: string): Promise<CardOnFile | null>;
  authorize(hold: { amount: number; currency: string; paymentMethodId: string; paymentId: string }): Promise<{ intentId: string; clientSecret: string }>;
  state(intentId: string): Promise<HoldState>;
  /** Takes `amount` of the hold; the processor lets the rest go. */
  capture(intentId: string, amount: number): Promise<number>;
  /** Lets a hold (or an authorization still being attempted) go; nothing is taken. */
  release(intentId: string): Promise<void>;
}

export interface StripeConnection {
  readonly secretKey: string;
  readonly publishableKey: string;
  /** The emulation's loopback address; absent for Stripe itself. */
  readonly local?: { readonly host: string; readonly port: number };
}

const UNAUTHORIZED = new Set(['requires_payment_method', 'requires_confirmation', 'requires_action', 'processing']);

export function stripeCardProcessor(connection: StripeConnection): CardProcessor {
  const stripe = new Stripe(connection.secretKey, {
    ...(connection.local ? { host: connection.local.host, port: connection.local.port, protocol: 'http' as const } : {}),
    maxNetworkRetries: 2,
    appInfo: { name: 'Settle billing sandbox' },
  });
  const cardOf = (method: Stripe.PaymentMethod | string | null): CardOnFile => {
    const card = typeof method === 'object' && method !== null ? method.card : null;
    return { brand: card?.brand ?? 'unknown', funding: card?.funding ?? 'unknown', last4: card?.last4 ?? '0000' };
  };
  return {
    publishableKey: connection.publishableKey,
    async card(paymentMethodId) {
      try {
        const method = await stripe.paymentMethods.retrieve(paymentMethodId);
        return method.type === 'card' ? cardOf(method) : null;
      } catch (error) {
        if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === 'resource_missing') return null;
        throw error;
      }
    },
    async authorize({ amount, currency, paymentMethodId, paymentId }) {
      const intent = await stripe.paymentIntents.create(
        {
          amount,
          currency: currency.toLowerCase(),
          payment_method: paymentMethodId,
          capture_method: 'manual',
          description: `Settle payment ${paymentId}`,
          metadata: { payment_id: paymentId },
        },
        { idempotencyKey: `authorize-${paymentId}` },
      );
      if (!intent.client_secret) throw new Error(`the processor gave payment intent ${intent.id} no client secret`);
      return { intentId: intent.id, clientSecret: intent.client_secret };
    },
    async state(intentId) {
      const intent = await stripe.paymentIntents.retrieve(intentId, { expand: ['payment_method'] });
      if (intent.status === 'requires_capture') return { kind: 'held', amount: intent.amount_capturable, card: cardOf(intent.payment_method) };
      if (intent.status === 'succeeded') return { kind: 'captured', amount: intent.amount_received, card: cardOf(intent.payment_method) };
      if (intent.status === 'canceled') return { kind: 'released' };
      if (!UNAUTHORIZED.has(intent.status)) throw new Error(`payment intent ${intentId} is ${intent.status}`);
      const error = intent.last_payment_error;
      return {
        kind: 'not_authorized',
        code: error?.decline_code ?? error?.code ?? 'not_authorized',
        message: error?.message ?? 'The card payment was not completed.',
      };
    },
    async capture(intentId, amount) {
      const intent = await stripe.paymentIntents.capture(intentId, { amount_to_capture: amount }, { idempotencyKey: `capture-${intentId}` });
      return intent.amount_received;
    },
    async release(intentId) {
      try {
        await stripe.paymentIntents.cancel(intentId, {}, { idempotencyKey: `release-${intentId}` });
      } catch (error) {
        // Let go already: releasing again is no error. Taken already is one.
        if (error instanceof Stripe.errors.StripeInvalidRequestError && error.code === 'payment_intent_unexpected_state') {
          if ((await stripe.paymentIntents.retrieve(intentId)).status === 'canceled') return;
        }
        throw error;
      }
    },
  };
}
