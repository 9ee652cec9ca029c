import { describe, expect, it } from 'vitest';
import { ACCEPTED_CARD_BRANDS, CARD_NOT_ACCEPTED_CODE, cardBrandName, cardRefusal } from '../../shared/billing/card-acceptance';
import { ErrorCode } from '../../shared/billing-api/schemas';

describe('which cards are taken', () => {
  it('takes Visa and Mastercard credit cards', () => {
    expect(cardRefusal({ brand: 'visa', funding: 'credit' })).toBeNull();
    expect(cardRefusal({ brand: 'mastercard', funding: 'credit' })).toBeNull();
    expect(ACCEPTED_CARD_BRANDS).toEqual(['visa', 'mastercard']);
  });

  it.each(['debit', 'prepaid', 'unknown'])('refuses a %s Visa or Mastercard for its funding', (funding) => {
    expect(cardRefusal({ brand: 'visa', funding })).toEqual({ reason: 'funding', brand: 'visa', funding });
    expect(cardRefusal({ brand: 'mastercard', funding })).toEqual({ reason: 'funding', brand: 'mastercard', funding });
  });

  it.each(['amex', 'discover', 'unionpay', 'jcb', 'unknown'])('refuses a %s card for its brand, whatever its funding', (brand) => {
    expect(cardRefusal({ brand, funding: 'credit' })).toEqual({ reason: 'brand', brand });
    expect(cardRefusal({ brand, funding: 'debit' })).toEqual({ reason: 'brand', brand });
  });

  it('names brands as people write them, and an unknown one as given', () => {
    expect(['visa', 'mastercard', 'amex', 'discover', 'diners', 'jcb', 'unionpay'].map(cardBrandName)).toEqual([
      'Visa', 'Mastercard', 'American Express', 'Discover', 'Diners Club', 'JCB', 'UnionPay',
    ]);
    expect(cardBrandName('eftpos_au')).toBe('eftpos_au');
  });

  it("is the billing service's own refusal code", () => {
    expect(CARD_NOT_ACCEPTED_CODE).toBe('CBC.99005010');
    expect(ErrorCode.CardNotAccepted).toBe(CARD_NOT_ACCEPTED_CODE);
  });
});
