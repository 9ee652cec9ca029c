import type { TFunction } from 'i18next';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Under a day left: the row is highlighted, the deadline is close. */
export const EXPIRY_WARNING_MS = DAY;

/** "Expires in 3 h 12 min", "Expires in 2 d 4 h", "Expired"; `now` is the service's clock. */
export function expiryText(expireTime: number, now: number, t: TFunction): string {
  const left = expireTime - now;
  if (left <= 0) return t('expiry.expired');
  if (left < MINUTE) return t('expiry.expiresIn', { time: t('expiry.lessThanMinute') });
  const days = Math.floor(left / DAY);
  const hours = Math.floor((left % DAY) / HOUR);
  const minutes = Math.floor((left % HOUR) / MINUTE);
  const parts = days > 0
    ? [t('expiry.days', { count: days }), hours > 0 ? t('expiry.hours', { count: hours }) : null]
    : [hours > 0 ? t('expiry.hours', { count: hours }) : null, t('expiry.minutes', { count: minutes })];
  return t('expiry.expiresIn', { time: parts.filter(Boolean).join(' ') });
}
