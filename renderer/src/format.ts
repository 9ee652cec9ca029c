import { formatMoney } from '../../shared/money';

const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export const formatAmount = (amountMinor: number, currency: string): string => formatMoney({ amountMinor, currency }, navigator.language);
export const formatDateTime = (epochMs: number): string => dateTime.format(epochMs);
