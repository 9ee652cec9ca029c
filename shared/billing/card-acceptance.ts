/**
 * Which cards Settle's billing takes: Visa and Mastercard credit cards only. The app checks the card
 * form's PaymentMethod with this before it asks the billing service for anything, and the sandbox's
 * billing side checks it again on the card it retrieves from the processor, so a bypassed app
 * check is still refused. Brand and funding are Stripe's words (`card.brand`, `card.funding`).
 */
export const ACCEPTED_CARD_BRANDS = ['visa', 'mastercard'] as const;
export const ACCEPTED_CARD_FUNDING = 'credit';
/** The billing service's refusal of a card that is not taken (debit, prepaid, another brand). */
export const CARD_NOT_ACCEPTED_CODE = 'CBC.99005010';

/** Why a card is not taken: its brand, or its funding (debit, prepaid, unknown). */
export type CardRefusal = { readonly reason: 'brand'; readonly brand: string } | { readonly reason: 'funding'; readonly brand: string; readonly funding: string };

export function cardRefusal(card: { readonly brand: string; readonly funding: string }): CardRefusal | null {
  if (!(ACCEPTED_CARD_BRANDS as readonly string[]).includes(card.brand)) return { reason: 'brand', brand: card.brand };
  if (card.funding !== ACCEPTED_CARD_FUNDING) return { reason: 'funding', brand: card.brand, funding: card.funding };
  return null;
}

const BRAND_NAMES: Readonly<Record<string, string>> = {
  visa: 'Visa',
  mastercard: 'Mastercard',
  amex: 'American Express',
  discover: 'Discover',
  diners: 'Diners Club',
  jcb: 'JCB',
  unionpay: 'UnionPay',
};

/** A brand as people write it ("American Express"); an unknown one as given. */
export const cardBrandName = (brand: string): string => BRAND_NAMES[brand] ?? brand;
