/**
 * Stripe's documented test cards (https://docs.stripe.com/testing) and what each does. A payment
 * method keeps only the `key` of its test card (besides brand, funding, last4 and expiry), never the
 * number or the CVC: what the card does at a charge is looked up by that key.
 *
 * As at Stripe, every one of them can be made into a PaymentMethod; the declines happen when a
 * PaymentIntent is confirmed with it, and the 3-D Secure card asks for authentication then.
 */

export type CardBrand = 'visa' | 'mastercard' | 'amex';
export type CardFunding = 'credit' | 'debit' | 'prepaid';

export type CardOutcome =
  | { readonly kind: 'approve' }
  | { readonly kind: 'decline'; readonly code: string; readonly declineCode: string; readonly message: string; readonly param?: string }
  /** Asks for 3-D Secure on every payment; approves once the challenge is passed. */
  | { readonly kind: 'authenticate' };

export interface TestCard {
  /** What a stored payment method keeps instead of the number. */
  readonly key: string;
  readonly number: string;
  readonly brand: CardBrand;
  readonly funding: CardFunding;
  readonly country: string;
  readonly threeDSecureSupported: boolean;
  readonly outcome: CardOutcome;
}

const APPROVE: CardOutcome = { kind: 'approve' };

/**
 * Declines as Stripe reports them on the PaymentIntent's last_payment_error and in the 402: the
 * testing page lists the error code (and the decline code for card_declined); Stripe's responses
 * repeat the error code as the decline_code for expired_card and incorrect_cvc, and name the field.
 */
export const TEST_CARDS: readonly TestCard[] = [
  { key: 'visa', number: '4242424242424242', brand: 'visa', funding: 'credit', country: 'US', threeDSecureSupported: true, outcome: APPROVE },
  { key: 'visa_debit', number: '4000056655665556', brand: 'visa', funding: 'debit', country: 'US', threeDSecureSupported: true, outcome: APPROVE },
  { key: 'mastercard', number: '5555555555554444', brand: 'mastercard', funding: 'credit', country: 'US', threeDSecureSupported: true, outcome: APPROVE },
  { key: 'mastercard_2_series', number: '2223003122003222', brand: 'mastercard', funding: 'credit', country: 'US', threeDSecureSupported: true, outcome: APPROVE },
  { key: 'mastercard_debit', number: '5200828282828210', brand: 'mastercard', funding: 'debit', country: 'US', threeDSecureSupported: true, outcome: APPROVE },
  { key: 'mastercard_prepaid', number: '5105105105105100', brand: 'mastercard', funding: 'prepaid', country: 'US', threeDSecureSupported: true, outcome: APPROVE },
  // Stripe: "3D Secure is not supported on this card and cannot be invoked."
  { key: 'amex', number: '378282246310005', brand: 'amex', funding: 'credit', country: 'US', threeDSecureSupported: false, outcome: APPROVE },
  {
    key: 'charge_declined',
    number: '4000000000000002',
    brand: 'visa',
    funding: 'credit',
    country: 'US',
    threeDSecureSupported: true,
    outcome: { kind: 'decline', code: 'card_declined', declineCode: 'generic_decline', message: 'Your card was declined.' },
  },
  {
    key: 'charge_declined_insufficient_funds',
    number: '4000000000009995',
    brand: 'visa',
    funding: 'credit',
    country: 'US',
    threeDSecureSupported: true,
    outcome: { kind: 'decline', code: 'card_declined', declineCode: 'insufficient_funds', message: 'Your card has insufficient funds.' },
  },
  {
    key: 'charge_declined_expired_card',
    number: '4000000000000069',
    brand: 'visa',
    funding: 'credit',
    country: 'US',
    threeDSecureSupported: true,
    outcome: { kind: 'decline', code: 'expired_card', declineCode: 'expired_card', message: 'Your card has expired.', param: 'exp_month' },
  },
  {
    key: 'charge_declined_incorrect_cvc',
    number: '4000000000000127',
    brand: 'visa',
    funding: 'credit',
    country: 'US',
    threeDSecureSupported: true,
    outcome: { kind: 'decline', code: 'incorrect_cvc', declineCode: 'incorrect_cvc', message: "Your card's security code is incorrect.", param: 'cvc' },
  },
  // "This card requires authentication on all transactions, regardless of how the card is set up."
  // A card of Stripe's German BIN range (4000 0027 6…, 276 being Germany).
  { key: 'authentication_required', number: '4000002760003184', brand: 'visa', funding: 'credit', country: 'DE', threeDSecureSupported: true, outcome: { kind: 'authenticate' } },
];

const BY_NUMBER = new Map(TEST_CARDS.map((c) => [c.number, c]));
const BY_KEY = new Map(TEST_CARDS.map((c) => [c.key, c]));

export const testCardByNumber = (number: string): TestCard | undefined => BY_NUMBER.get(number);

export function testCardByKey(key: string): TestCard {
  const card = BY_KEY.get(key);
  if (!card) throw new Error(`no test card ${key}`);
  return card;
}

/** The Luhn check every card number passes. */
export function luhnValid(number: string): boolean {
  let sum = 0;
  for (let i = 0; i < number.length; i++) {
    let digit = Number(number[number.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}
