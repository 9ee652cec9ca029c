/**
 * Money is an integer count of a currency's minor units (cents, fen) plus its ISO 4217 code.
 * Floating point never touches an amount: sums stay integers, and only formatting divides.
 */
export interface Money {
  readonly amountMinor: number;
  readonly currency: string;
}

const CURRENCY_CODE = /^[A-Z]{3}$/;

export function isCurrencyCode(value: string): boolean {
  return CURRENCY_CODE.test(value);
}

export function isMinorUnits(value: number): boolean {
  return Number.isSafeInteger(value);
}

export function money(amountMinor: number, currency: string): Money {
  if (!isMinorUnits(amountMinor)) throw new RangeError(`not an integer amount of minor units: ${amountMinor}`);
  if (!isCurrencyCode(currency)) throw new RangeError(`not an ISO 4217 currency code: ${currency}`);
  return { amountMinor, currency };
}

/** Sums amounts of one currency; mixing currencies is a programming error, not a rounding question. */
export function sumMoney(amounts: readonly Money[], currency: string): Money {
  let total = 0;
  for (const m of amounts) {
    if (m.currency !== currency) throw new RangeError(`cannot add ${m.currency} to ${currency}`);
    total += m.amountMinor;
  }
  return money(total, currency);
}

/**
 * Building an Intl.NumberFormat costs far more than formatting with one, and a table formats
 * thousands of amounts while it scrolls: formats are kept per currency and locale.
 */
const digitsByCurrency = new Map<string, number>();
const formatByLocaleCurrency = new Map<string, Intl.NumberFormat>();

/** Digits after the decimal point for a currency, as Intl knows them (USD 2, JPY 0, CNY 2). */
export function minorUnitDigits(currency: string): number {
  let digits = digitsByCurrency.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsByCurrency.set(currency, digits);
  }
  return digits;
}

function currencyFormat(locale: string, currency: string): Intl.NumberFormat {
  const key = `${locale}|${currency}`;
  let format = formatByLocaleCurrency.get(key);
  if (!format) {
    const digits = minorUnitDigits(currency);
    format = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
    formatByLocaleCurrency.set(key, format);
  }
  return format;
}

/**
 * Formats without converting to a float first: the integer is split into major and minor parts
 * as a decimal string, which Intl accepts and formats exactly.
 */
export function formatMoney(m: Money, locale: string): string {
  // Intl accepts exact decimal strings (ES2023 Intl.NumberFormat v3); the cast keeps older lib typings happy.
  return currencyFormat(locale, m.currency).format(toDecimalString(m) as unknown as number);
}

/** "1234.56" for 123456 USD: a plain decimal for spreadsheets, exact, no grouping or symbol. */
export function toDecimalString(m: Money): string {
  const digits = minorUnitDigits(m.currency);
  const abs = Math.abs(m.amountMinor).toString().padStart(digits + 1, '0');
  const sign = m.amountMinor < 0 ? '-' : '';
  return digits === 0 ? `${sign}${abs}` : `${sign}${abs.slice(0, -digits)}.${abs.slice(-digits)}`;
}
