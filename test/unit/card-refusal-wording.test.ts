/**
 * The words of the billing side's refusal of a card it does not take (CBC.99005010), which the
 * clerk reads under the card form: the brand as people write it, with the article it takes.
 */
import { describe, expect, it } from 'vitest';
import { cardNotAccepted } from '../../sandbox/payment-judge';

const refusal = (brand: string, funding = 'credit') => cardNotAccepted({ brand, funding, last4: '0005' });

describe('a card that is not taken', () => {
  it.each([
    ['amex', 'this is an American Express card.'],
    ['discover', 'this is a Discover card.'],
    ['diners', 'this is a Diners Club card.'],
    ['jcb', 'this is a JCB card.'],
    ['unionpay', 'this is a UnionPay card.'],
    ['unknown', 'this is an unknown card.'],
    ['eftpos_au', 'this is an eftpos_au card.'],
  ])('names a %s card with its article', (brand, words) => {
    expect(refusal(brand)).toEqual({ order_id: null, code: 'CBC.99005010', message: `Only Visa and Mastercard credit cards are accepted; ${words}` });
  });

  it.each([
    ['visa', 'debit', 'this Visa card is a debit card.'],
    ['mastercard', 'prepaid', 'this Mastercard card is a prepaid card.'],
    ['visa', 'unknown', 'this Visa card is an unknown card.'],
  ])('names what a %s card is when it is not a credit card (%s)', (brand, funding, words) => {
    expect(refusal(brand, funding)?.message).toBe(`Only Visa and Mastercard credit cards are accepted; ${words}`);
  });

  it('has nothing to say of a Visa or Mastercard credit card', () => {
    expect(refusal('visa')).toBeNull();
    expect(refusal('mastercard')).toBeNull();
  });
});
