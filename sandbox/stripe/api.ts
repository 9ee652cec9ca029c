/**
 * What the emulated Stripe endpoints do: payment methods from test cards, and the PaymentIntent
 * lifecycle of a card payment — requires_payment_method → (confirm) → requires_action (3-D Secure)
 * → requires_capture (manual capture) or succeeded; a decline at confirm sends the intent back to
 * requires_payment_method with last_payment_error; capture takes part or all of the hold and releases
 * the rest; cancel releases all of it. Each function takes the parsed form params and returns the
 * object to answer with, or throws a StripeApiError.
 */
import { createHash } from 'node:crypto';
import { luhnValid, testCardByKey, testCardByNumber, type TestCard } from './cards';
import {
  StripeApiError,
  cardError,
  invalidEnum,
  invalidInteger,
  invalidRequest,
  missingParam,
  noSuch,
  noSuchParam,
  unexpectedState,
  unknownParam,
} from './errors';
import { listParam, type FormObject, type FormValue } from './form';
import {
  CANCELLATION_REASONS,
  CAPTURE_METHODS,
  publishableView,
  randomId,
  type CaptureMethod,
  type Charge,
  type Metadata,
  type PaymentIntent,
  type PaymentMethod,
} from './objects';
import type { StripeStore } from './store';

export type KeyKind = 'secret' | 'publishable';

export interface ApiContext {
  readonly store: StripeStore;
  /** The sandbox clock (ms). */
  now(): number;
  /** This API's base URL, for the 3-D Secure challenge page. */
  readonly apiUrl: string;
  readonly keyKind: KeyKind;
}

/** Largest amount Stripe takes (in the currency's smallest unit): 99,999,999. */
export const MAX_AMOUNT = 99_999_999;

/**
 * Stripe's minimum charge per currency, in its smallest unit (docs: "Minimum and maximum charge
 * amounts"). Other currencies are held to 1 here; at Stripe their minimum is the settlement
 * currency's converted, which the sandbox does not emulate.
 */
export const MINIMUM_AMOUNTS: Readonly<Record<string, number>> = {
  usd: 50, aed: 200, aud: 50, bgn: 100, brl: 50, cad: 50, chf: 50, czk: 1500, dkk: 250, eur: 50, gbp: 30, hkd: 400,
  huf: 17500, inr: 50, jpy: 50, mxn: 1000, myr: 200, nok: 300, nzd: 50, pln: 200, ron: 200, sek: 300, sgd: 50, thb: 1000,
};
const ZERO_DECIMAL = new Set(['bif', 'clp', 'djf', 'gnf', 'jpy', 'kmf', 'krw', 'mga', 'pyg', 'rwf', 'ugx', 'vnd', 'vuv', 'xaf', 'xof', 'xpf']);

const RAW_CARD_REFUSED =
  'Sending credit card numbers directly to the Stripe API is generally unsafe. Create payment methods on the client with your publishable key (Stripe.js), ' +
  'as the Settle sandbox, like a Stripe account without raw card data APIs enabled, takes card numbers only with the publishable key.';

const created = (ctx: ApiContext) => Math.floor(ctx.now() / 1000);

// ---- parameters ----------------------------------------------------------------------------

function allowOnly(params: FormObject, allowed: readonly string[], prefix = ''): void {
  for (const key of Object.keys(params)) {
    if (!allowed.includes(key)) throw unknownParam(prefix === '' ? key : `${prefix}[${key}]`);
  }
}

function stringParam(params: FormObject, name: string, label = name): string | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalidRequest(`Invalid string: ${label} must be a string, not a hash`, { param: label });
  return value;
}

function objectParam(params: FormObject, name: string, label = name): FormObject | undefined {
  const value = params[name];
  if (value === undefined) return undefined;
  if (typeof value === 'string') {
    if (value === '') return {};
    throw invalidRequest(`Invalid object: ${label} must be a hash`, { param: label });
  }
  return value;
}

function integerParam(params: FormObject, name: string, label = name): number | undefined {
  const text = stringParam(params, name, label);
  if (text === undefined) return undefined;
  if (!/^-?\d{1,16}$/.test(text.trim())) throw invalidInteger(label, text);
  return Number(text.trim());
}

function booleanParam(params: FormObject, name: string): boolean | undefined {
  const text = stringParam(params, name);
  if (text === undefined) return undefined;
  if (text === 'true') return true;
  if (text === 'false') return false;
  throw invalidRequest(`Invalid boolean: ${text}`, { param: name });
}

function metadataParam(params: FormObject): Metadata | undefined {
  const value = params.metadata;
  if (value === undefined) return undefined;
  const object = objectParam(params, 'metadata') ?? {};
  const entries = Object.entries(object);
  if (entries.length > 50) throw invalidRequest('Invalid metadata: metadata can have at most 50 keys', { param: 'metadata' });
  const metadata: Metadata = {};
  for (const [key, v] of entries) {
    if (typeof v !== 'string') throw invalidRequest(`Invalid metadata: metadata[${key}] must be a string`, { param: `metadata[${key}]` });
    if (key.length > 40) throw invalidRequest('Invalid metadata: keys must be at most 40 characters', { param: `metadata[${key}]` });
    if (v.length > 500) throw invalidRequest('Invalid metadata: values must be at most 500 characters', { param: `metadata[${key}]` });
    if (v !== '') metadata[key] = v;
  }
  return metadata;
}

function expandParam(params: FormObject): string[] {
  return listParam(params.expand) ?? [];
}

// ---- payment methods -----------------------------------------------------------------------

/** The test-card key for the idempotency fingerprint: what a request carries besides the number. */
export function cardFingerprintKey(number: string): string {
  const card = testCardByNumber(number.replace(/\s/g, ''));
  return card ? `test_card:${card.key}` : `other_card:${number.length}:${number.slice(-4)}`;
}

function cardFromParams(card: FormObject, ctx: ApiContext, prefix: string): { testCard: TestCard; expMonth: number; expYear: number } {
  allowOnly(card, ['number', 'exp_month', 'exp_year', 'cvc'], prefix);
  const number = stringParam(card, 'number', `${prefix}[number]`)?.replace(/[\s-]/g, '');
  if (number === undefined) throw missingParam(`${prefix}[number]`);
  const expMonth = integerParam(card, 'exp_month', `${prefix}[exp_month]`);
  if (expMonth === undefined) throw missingParam(`${prefix}[exp_month]`);
  let expYear = integerParam(card, 'exp_year', `${prefix}[exp_year]`);
  if (expYear === undefined) throw missingParam(`${prefix}[exp_year]`);
  const cvc = stringParam(card, 'cvc', `${prefix}[cvc]`);

  if (!/^\d{12,19}$/.test(number)) throw cardError('invalid_number', 'Your card number is not a valid credit card number.', { param: 'number' });
  if (!luhnValid(number)) throw cardError('incorrect_number', 'Your card number is incorrect.', { param: 'number' });
  if (expYear < 100) expYear += 2000;
  const today = new Date(ctx.now());
  const [year, month] = [today.getUTCFullYear(), today.getUTCMonth() + 1];
  if (expMonth < 1 || expMonth > 12) throw cardError('invalid_expiry_month', "Your card's expiration month is invalid.", { param: 'exp_month' });
  if (expYear < year || expYear > year + 50) throw cardError('invalid_expiry_year', "Your card's expiration year is invalid.", { param: 'exp_year' });
  if (expYear === year && expMonth < month) throw cardError('invalid_expiry_month', "Your card's expiration month is invalid.", { param: 'exp_month' });

  const testCard = testCardByNumber(number);
  if (!testCard) {
    throw cardError(
      'card_declined',
      'Your card was declined. Your request was in test mode, but used a non test (live) card. For a list of valid test cards, visit: https://stripe.com/docs/testing.',
      { declineCode: 'test_mode_live_card' },
    );
  }
  if (cvc !== undefined && !(testCard.brand === 'amex' ? /^\d{4}$/ : /^\d{3}$/).test(cvc)) {
    throw cardError('invalid_cvc', "Your card's security code is invalid.", { param: 'cvc' });
  }
  return { testCard, expMonth, expYear };
}

function newPaymentMethod(params: FormObject, ctx: ApiContext, prefix: string): PaymentMethod {
  allowOnly(params, ['type', 'card', 'billing_details', 'metadata', 'expand'], prefix);
  const type = stringParam(params, 'type', prefix ? `${prefix}[type]` : 'type');
  if (type === undefined) throw missingParam(prefix ? `${prefix}[type]` : 'type');
  if (type !== 'card') throw invalidRequest(`Invalid type: the Settle sandbox emulates card payment methods only (got ${JSON.stringify(type)})`, { param: 'type' });
  const cardParams = objectParam(params, 'card', prefix ? `${prefix}[card]` : 'card');
  if (cardParams === undefined) throw missingParam(prefix ? `${prefix}[card]` : 'card');
  if (ctx.keyKind === 'secret') throw invalidRequest(RAW_CARD_REFUSED, { param: prefix ? `${prefix}[card][number]` : 'card[number]' });
  const billing = objectParam(params, 'billing_details') ?? {};
  allowOnly(billing, ['name'], 'billing_details');
  const { testCard, expMonth, expYear } = cardFromParams(cardParams, ctx, prefix ? `${prefix}[card]` : 'card');

  const method: PaymentMethod = {
    id: randomId('pm'),
    object: 'payment_method',
    allow_redisplay: 'unspecified',
    billing_details: {
      address: { city: null, country: null, line1: null, line2: null, postal_code: null, state: null },
      email: null,
      name: stringParam(billing, 'name') ?? null,
      phone: null,
      tax_id: null,
    },
    card: {
      brand: testCard.brand,
      checks: { address_line1_check: null, address_postal_code_check: null, cvc_check: cardParams.cvc === undefined ? null : 'unchecked' },
      country: testCard.country,
      display_brand: testCard.brand === 'amex' ? 'american_express' : testCard.brand,
      exp_month: expMonth,
      exp_year: expYear,
      // The same card always has the same fingerprint, derived from the test card's key, not its number.
      fingerprint: createHash('sha256').update(`settle-sandbox:${testCard.key}`).digest('base64url').slice(0, 16),
      funding: testCard.funding,
      generated_from: null,
      last4: testCard.number.slice(-4),
      networks: { available: [testCard.brand], preferred: null },
      regulated_status: 'unregulated',
      three_d_secure_usage: { supported: testCard.threeDSecureSupported },
      wallet: null,
    },
    created: created(ctx),
    customer: null,
    livemode: false,
    metadata: metadataParam(params) ?? {},
    type: 'card',
  };
  ctx.store.insertPaymentMethod(method, testCard.key);
  return method;
}

export function createPaymentMethod(params: FormObject, ctx: ApiContext): PaymentMethod {
  return newPaymentMethod(params, ctx, '');
}

export function retrievePaymentMethod(id: string, params: FormObject, ctx: ApiContext): PaymentMethod {
  allowOnly(params, ['expand']);
  const found = ctx.store.paymentMethod(id);
  if (!found) throw noSuch('PaymentMethod', id, 'payment_method');
  return found.method;
}

// ---- payment intents -----------------------------------------------------------------------

function intentOr404(id: string, ctx: ApiContext): PaymentIntent {
  const intent = ctx.store.intent(id);
  if (!intent) throw noSuch('payment_intent', id, 'intent');
  return intent;
}

/** A publishable key reaches an intent only with its client secret, as Stripe.js does. */
function checkClientSecret(intent: PaymentIntent, params: FormObject, ctx: ApiContext): void {
  if (ctx.keyKind !== 'publishable') return;
  const secret = stringParam(params, 'client_secret');
  if (secret === undefined) throw missingParam('client_secret');
  if (secret !== intent.client_secret) {
    throw invalidRequest('The client_secret provided does not match the client_secret associated with the PaymentIntent.', { param: 'client_secret' });
  }
}

function paymentMethodFor(params: FormObject, ctx: ApiContext): PaymentMethod | undefined {
  const id = stringParam(params, 'payment_method');
  const data = objectParam(params, 'payment_method_data');
  if (id !== undefined && data !== undefined) throw invalidRequest('You cannot provide both payment_method and payment_method_data.', { param: 'payment_method_data' });
  if (data !== undefined) return newPaymentMethod(data, ctx, 'payment_method_data');
  if (id === undefined || id === '') return undefined;
  const found = ctx.store.paymentMethod(id);
  if (!found) throw noSuchParam('PaymentMethod', id, 'payment_method');
  return found.method;
}

function amountParam(params: FormObject, name: string, currency: string): number | undefined {
  const amount = integerParam(params, name);
  if (amount === undefined) return undefined;
  const minimum = MINIMUM_AMOUNTS[currency] ?? 1;
  if (amount < minimum) {
    const shown = ZERO_DECIMAL.has(currency) ? String(minimum) : (minimum / 100).toFixed(2);
    throw invalidRequest(`Amount must be at least ${shown} ${currency}`, { code: 'amount_too_small', param: name });
  }
  if (amount > MAX_AMOUNT) throw invalidRequest(`Amount must be no more than ${MAX_AMOUNT} (in the smallest ${currency} unit)`, { code: 'amount_too_large', param: name });
  return amount;
}

function captureMethodParam(params: FormObject): CaptureMethod | undefined {
  const value = stringParam(params, 'capture_method');
  if (value === undefined) return undefined;
  if (!(CAPTURE_METHODS as readonly string[]).includes(value)) throw invalidEnum('capture_method', value, CAPTURE_METHODS);
  return value as CaptureMethod;
}

interface ConfirmOptions {
  readonly returnUrl: string | undefined;
}

/**
 * The answer to an intent: the object as the key may see it, with `expand` applied. A publishable
 * key sees Stripe.js's subset; a secret key may expand payment_method and latest_charge.
 */
export function renderIntent(intent: PaymentIntent, params: FormObject, ctx: ApiContext): unknown {
  if (ctx.keyKind === 'publishable') return publishableView(intent);
  const shown: PaymentIntent = { ...intent };
  for (const path of expandParam(params)) {
    if (path === 'payment_method' && typeof intent.payment_method === 'string') shown.payment_method = ctx.store.paymentMethod(intent.payment_method)?.method ?? intent.payment_method;
    else if (path === 'latest_charge' && typeof intent.latest_charge === 'string') shown.latest_charge = ctx.store.charge(intent.latest_charge) ?? intent.latest_charge;
    else if (path !== 'payment_method' && path !== 'latest_charge') throw invalidRequest(`This property cannot be expanded (${path}).`, { param: 'expand' });
  }
  return shown;
}

export function createPaymentIntent(params: FormObject, ctx: ApiContext): { intent: PaymentIntent; error?: StripeApiError } {
  allowOnly(params, [
    'amount',
    'currency',
    'payment_method',
    'payment_method_data',
    'payment_method_types',
    'automatic_payment_methods',
    'capture_method',
    'confirm',
    'metadata',
    'description',
    'receipt_email',
    'return_url',
    'use_stripe_sdk',
    'expand',
  ]);
  const currencyText = stringParam(params, 'currency');
  if (currencyText === undefined) throw missingParam('currency');
  const currency = currencyText.toLowerCase();
  if (!/^[a-z]{3}$/.test(currency)) throw invalidRequest(`Invalid currency: ${currencyText}`, { param: 'currency' });
  if (params.amount === undefined) throw missingParam('amount');
  const amount = amountParam(params, 'amount', currency) as number;
  const types = listParam(params.payment_method_types);
  if (types !== undefined && types.some((t) => t !== 'card')) {
    throw invalidRequest('The Settle sandbox emulates only the card payment method type.', { param: 'payment_method_types' });
  }
  const confirm = booleanParam(params, 'confirm') ?? false;
  const returnUrl = stringParam(params, 'return_url');
  if (returnUrl !== undefined && !confirm) throw invalidRequest('You can only pass return_url when confirm=true.', { param: 'return_url' });
  const paymentMethod = paymentMethodFor(params, ctx);
  const capture = captureMethodParam(params) ?? 'automatic_async';
  const id = randomId('pi');

  const intent: PaymentIntent = {
    id,
    object: 'payment_intent',
    amount,
    amount_capturable: 0,
    amount_details: { tip: {} },
    amount_received: 0,
    application: null,
    application_fee_amount: null,
    automatic_payment_methods: types === undefined ? { allow_redirects: 'always', enabled: true } : null,
    canceled_at: null,
    cancellation_reason: null,
    capture_method: capture,
    client_secret: `${id}_secret_${randomId('x', 25).slice(2)}`,
    confirmation_method: 'automatic',
    created: created(ctx),
    currency,
    customer: null,
    description: stringParam(params, 'description') ?? null,
    last_payment_error: null,
    latest_charge: null,
    livemode: false,
    metadata: metadataParam(params) ?? {},
    next_action: null,
    on_behalf_of: null,
    payment_method: paymentMethod?.id ?? null,
    payment_method_configuration_details: null,
    payment_method_options: { card: { installments: null, mandate_options: null, network: null, request_three_d_secure: 'automatic' } },
    payment_method_types: ['card'],
    processing: null,
    receipt_email: stringParam(params, 'receipt_email') ?? null,
    review: null,
    setup_future_usage: null,
    shipping: null,
    source: null,
    statement_descriptor: null,
    statement_descriptor_suffix: null,
    status: paymentMethod ? 'requires_confirmation' : 'requires_payment_method',
    transfer_data: null,
    transfer_group: null,
  };
  if (!confirm) {
    ctx.store.saveIntent(intent);
    return { intent };
  }
  if (!paymentMethod) throw missingPaymentMethod();
  const error = attempt(intent, paymentMethod, ctx, { returnUrl });
  ctx.store.saveIntent(intent);
  return error ? { intent, error: withIntent(error, intent, ctx) } : { intent };
}

export function retrievePaymentIntent(id: string, params: FormObject, ctx: ApiContext): PaymentIntent {
  allowOnly(params, ['client_secret', 'expand']);
  const intent = intentOr404(id, ctx);
  checkClientSecret(intent, params, ctx);
  return intent;
}

const missingPaymentMethod = () =>
  unexpectedState("You cannot confirm this PaymentIntent because it's missing a payment method. Update the PaymentIntent with a payment method and then confirm it again.", 'payment_method');

export function confirmPaymentIntent(id: string, params: FormObject, ctx: ApiContext): { intent: PaymentIntent; error?: StripeApiError } {
  allowOnly(params, ['client_secret', 'payment_method', 'payment_method_data', 'return_url', 'capture_method', 'receipt_email', 'use_stripe_sdk', 'expand']);
  const intent = intentOr404(id, ctx);
  checkClientSecret(intent, params, ctx);
  if (!['requires_payment_method', 'requires_confirmation', 'requires_action'].includes(intent.status)) {
    throw unexpectedState(
      intent.status === 'canceled'
        ? 'This PaymentIntent has been canceled, so it cannot be confirmed.'
        : `You cannot confirm this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be confirmed: requires_payment_method, requires_confirmation, requires_action.`,
    );
  }
  const capture = captureMethodParam(params);
  if (capture !== undefined) {
    if (ctx.keyKind === 'publishable') throw invalidRequest('capture_method can only be changed with a secret key.', { param: 'capture_method' });
    intent.capture_method = capture;
  }
  const receipt = stringParam(params, 'receipt_email');
  if (receipt !== undefined) intent.receipt_email = receipt;
  const given = paymentMethodFor(params, ctx);
  const paymentMethod = given ?? (typeof intent.payment_method === 'string' ? ctx.store.paymentMethod(intent.payment_method)?.method : undefined);
  if (!paymentMethod) throw missingPaymentMethod();
  const error = attempt(intent, paymentMethod, ctx, { returnUrl: stringParam(params, 'return_url') });
  ctx.store.saveIntent(intent);
  return error ? { intent, error: withIntent(error, intent, ctx) } : { intent };
}

/** A decline as Stripe sends it: the 402 carries the intent (now requires_payment_method) and the charge. */
function withIntent(error: StripeApiError, intent: PaymentIntent, ctx: ApiContext): StripeApiError {
  return new StripeApiError(error.status, { ...error.body, payment_intent: renderIntent(intent, {}, ctx) });
}

/**
 * One payment attempt with this card: what the card does decides it. 3-D Secure leaves the intent
 * waiting for the challenge; a decline records a failed charge and returns the error (the intent is
 * changed either way, and the caller saves it).
 */
function attempt(intent: PaymentIntent, method: PaymentMethod, ctx: ApiContext, options: ConfirmOptions): StripeApiError | undefined {
  const cardKey = ctx.store.paymentMethod(method.id)?.cardKey;
  if (cardKey === undefined) throw new Error(`payment method ${method.id} is not stored`);
  const card = testCardByKey(cardKey);
  intent.payment_method = method.id;
  intent.last_payment_error = null;
  intent.next_action = null;
  if (card.outcome.kind === 'authenticate') {
    const challenge = `${ctx.apiUrl}/3ds/${intent.id}/challenge?client_secret=${encodeURIComponent(intent.client_secret)}`;
    intent.status = 'requires_action';
    intent.next_action =
      options.returnUrl === undefined
        ? { type: 'use_stripe_sdk', use_stripe_sdk: { type: 'three_d_secure_redirect', stripe_js: challenge, source: randomId('src') } }
        : { type: 'redirect_to_url', redirect_to_url: { url: challenge, return_url: options.returnUrl } };
    return undefined;
  }
  return charge(intent, method, card, ctx);
}

function charge(intent: PaymentIntent, method: PaymentMethod, card: TestCard, ctx: ApiContext): StripeApiError | undefined {
  const declined = card.outcome.kind === 'decline' ? card.outcome : undefined;
  const manual = intent.capture_method === 'manual';
  const record: Charge = {
    id: randomId('ch'),
    object: 'charge',
    amount: intent.amount,
    amount_captured: declined || manual ? 0 : intent.amount,
    amount_refunded: 0,
    captured: !declined && !manual,
    created: created(ctx),
    currency: intent.currency,
    failure_code: declined?.code ?? null,
    failure_message: declined?.message ?? null,
    livemode: false,
    metadata: {},
    outcome: declined
      ? { network_status: 'declined_by_network', reason: declined.declineCode, risk_level: 'normal', seller_message: 'The bank did not return any further details with this decline.', type: 'issuer_declined' }
      : { network_status: 'approved_by_network', reason: null, risk_level: 'normal', seller_message: 'Payment complete.', type: 'authorized' },
    paid: !declined,
    payment_intent: intent.id,
    payment_method: method.id,
    payment_method_details: {
      type: 'card',
      card: { brand: method.card.brand, country: method.card.country, exp_month: method.card.exp_month, exp_year: method.card.exp_year, funding: method.card.funding, last4: method.card.last4 },
    },
    refunded: false,
    status: declined ? 'failed' : 'succeeded',
  };
  ctx.store.saveCharge(record);
  intent.latest_charge = record.id;
  if (declined) {
    const error = cardError(declined.code, declined.message, {
      declineCode: declined.declineCode,
      ...(declined.param === undefined ? {} : { param: declined.param }),
      extra: { charge: record.id, payment_method: method },
    });
    intent.status = 'requires_payment_method';
    intent.payment_method = null;
    intent.last_payment_error = { ...error.body };
    return error;
  }
  if (manual) {
    intent.status = 'requires_capture';
    intent.amount_capturable = intent.amount;
  } else {
    intent.status = 'succeeded';
    intent.amount_received = intent.amount;
  }
  return undefined;
}

export type ChallengeResult = 'succeed' | 'fail';

/**
 * The cardholder passes or fails the 3-D Secure challenge of an intent in requires_action: passed,
 * the payment goes on as confirmed; failed, the intent goes back to requires_payment_method with
 * Stripe's payment_intent_authentication_failure.
 */
export function completeChallenge(id: string, result: ChallengeResult, ctx: Pick<ApiContext, 'store' | 'now'>): PaymentIntent {
  const intent = ctx.store.intent(id);
  if (!intent) throw noSuch('payment_intent', id, 'intent');
  if (intent.status !== 'requires_action' || typeof intent.payment_method !== 'string') {
    throw unexpectedState(`This PaymentIntent has no 3-D Secure challenge waiting (its status is ${intent.status}).`);
  }
  const found = ctx.store.paymentMethod(intent.payment_method);
  if (!found) throw new Error(`payment method ${intent.payment_method} is not stored`);
  intent.next_action = null;
  if (result === 'succeed') {
    // The challenge was the card's one question: it approves now.
    charge(intent, found.method, { ...testCardByKey(found.cardKey), outcome: { kind: 'approve' } }, { ...ctx, apiUrl: '', keyKind: 'secret' });
  } else {
    intent.status = 'requires_payment_method';
    intent.payment_method = null;
    intent.last_payment_error = {
      type: 'invalid_request_error',
      code: 'payment_intent_authentication_failure',
      doc_url: 'https://stripe.com/docs/error-codes/payment-intent-authentication-failure',
      message:
        'The provided PaymentMethod has failed authentication. You can provide payment_method_data or a new PaymentMethod to attempt to fulfill this PaymentIntent again.',
      payment_method: found.method,
    };
  }
  ctx.store.saveIntent(intent);
  return intent;
}

export function capturePaymentIntent(id: string, params: FormObject, ctx: ApiContext): PaymentIntent {
  allowOnly(params, ['amount_to_capture', 'metadata', 'expand']);
  const intent = intentOr404(id, ctx);
  if (intent.status !== 'requires_capture') {
    throw unexpectedState(
      `This PaymentIntent could not be captured because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be captured: requires_capture.`,
    );
  }
  const amount = amountParam(params, 'amount_to_capture', intent.currency) ?? intent.amount_capturable;
  if (amount > intent.amount_capturable) {
    throw invalidRequest(`The amount to capture (${amount}) cannot be greater than the amount capturable (${intent.amount_capturable}).`, {
      code: 'amount_too_large',
      param: 'amount_to_capture',
    });
  }
  const metadata = metadataParam(params);
  if (metadata) intent.metadata = { ...intent.metadata, ...metadata };
  intent.status = 'succeeded';
  intent.amount_received = amount;
  intent.amount_capturable = 0;
  const record = typeof intent.latest_charge === 'string' ? ctx.store.charge(intent.latest_charge) : undefined;
  if (record) {
    // What is not captured goes back to the card: Stripe shows it as refunded on the charge.
    ctx.store.saveCharge({ ...record, captured: true, amount_captured: amount, amount_refunded: record.amount - amount });
  }
  ctx.store.saveIntent(intent);
  return intent;
}

const CANCELABLE = ['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action', 'processing'];

export function cancelPaymentIntent(id: string, params: FormObject, ctx: ApiContext): PaymentIntent {
  allowOnly(params, ['cancellation_reason', 'expand']);
  const intent = intentOr404(id, ctx);
  const reason = stringParam(params, 'cancellation_reason');
  if (reason !== undefined && !(CANCELLATION_REASONS as readonly string[]).includes(reason)) throw invalidEnum('cancellation_reason', reason, CANCELLATION_REASONS);
  if (!CANCELABLE.includes(intent.status)) {
    throw unexpectedState(
      `You cannot cancel this PaymentIntent because it has a status of ${intent.status}. Only a PaymentIntent with one of the following statuses may be canceled: ${CANCELABLE.join(', ')}.`,
    );
  }
  const held = intent.status === 'requires_capture';
  intent.status = 'canceled';
  intent.canceled_at = created(ctx);
  intent.cancellation_reason = (reason as PaymentIntent['cancellation_reason']) ?? null;
  intent.amount_capturable = 0;
  intent.next_action = null;
  const record = held && typeof intent.latest_charge === 'string' ? ctx.store.charge(intent.latest_charge) : undefined;
  if (record) ctx.store.saveCharge({ ...record, amount_refunded: record.amount, refunded: true });
  ctx.store.saveIntent(intent);
  return intent;
}

export function retrieveCharge(id: string, params: FormObject, ctx: ApiContext): Charge {
  allowOnly(params, ['expand']);
  const record = ctx.store.charge(id);
  if (!record) throw noSuch('charge', id, 'id');
  return record;
}

export type { FormValue };
