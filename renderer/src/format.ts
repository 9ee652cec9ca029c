import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatMoney } from '../../shared/money';

export interface Formatters {
  money(amountMinor: number, currency: string): string;
  dateTime(epochMs: number): string;
  date(epochMs: number): string;
  time(epochMs: number): string;
}

/** Dates, amounts and currencies in the UI language's conventions, through Intl. */
export function formatters(locale: string): Formatters {
  const dateTime = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const time = new Intl.DateTimeFormat(locale, { timeStyle: 'short' });
  return {
    money: (amountMinor, currency) => formatMoney({ amountMinor, currency }, locale),
    dateTime: (ms) => dateTime.format(ms),
    date: (ms) => date.format(ms),
    time: (ms) => time.format(ms),
  };
}

export function useFormatters(): Formatters {
  const { i18n } = useTranslation();
  return useMemo(() => formatters(i18n.language), [i18n.language]);
}
