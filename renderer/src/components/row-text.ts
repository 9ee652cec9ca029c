import type { TFunction } from 'i18next';
import { ORDER_STATUS_CODES, ORDER_TYPE_CODES } from '../../../shared/domain/orders';
import { expiryText } from '../expiry';

/**
 * The words a table row shows, looked up once per language rather than once per row render:
 * while scrolling, a handful of rows mount every frame, and i18next's t() (key resolution,
 * interpolation, plural suffixes) cost more than everything else a row computes.
 */
export interface RowText {
  readonly orderType: Readonly<Record<number, string>>;
  readonly status: Readonly<Record<number, string>>;
  readonly blocked: Readonly<Record<'pending_approval' | 'expired' | 'not_payable', string>>;
  readonly pay: string;
  readonly contract: string;
  readonly contractLabel: string;
  readonly thirdParty: string;
  readonly thirdPartyLabel: string;
  /** "Select order <id>". */
  selectLabel(orderId: string): string;
  /** "Pay order <id>". */
  payLabel(orderId: string): string;
  /** "List price <amount>". */
  officialLabel(amount: string): string;
  /** "Created <date>, <time>". */
  createdOn(date: string, time: string): string;
  /** "Group of <n>". */
  group(count: number): string;
  /** "Combined purchase of <n> orders, paid together". */
  groupLabel(count: number): string;
  /** The countdown, as expiryText() words it. */
  expiry(expireTime: number, now: number): string;
}

/** Stands in for a value in a translation once, so the text around it can be reused for every value. */
const SLOT = '\u0000';

/** A one-value message as a template: t() once, then a join per row (escapeValue is off, so t() inserts values as they are). */
function template(t: TFunction, key: string, name: string): (value: string) => string {
  const parts = (t as (key: string, options: Record<string, string>) => string)(key, { [name]: SLOT }).split(SLOT);
  return (value) => parts.join(value);
}

/** t() with a count, remembered per count (plural rules depend on it, so no template). */
function counted(t: TFunction, key: string): (count: number) => string {
  const known = new Map<number, string>();
  return (count) => {
    let text = known.get(count);
    if (text === undefined) {
      text = (t as (key: string, options: { count: number }) => string)(key, { count });
      known.set(count, text);
    }
    return text;
  };
}

/**
 * t() remembered per key and option values, for expiryText(): it asks for a few hundred distinct
 * countdown pieces ("3 d", "4 h", "Expires in 3 d 4 h"), over and over. Bounded, in case.
 */
function remembered(t: TFunction): TFunction {
  const known = new Map<string, string>();
  const lookup = (key: string, options?: Record<string, unknown>) => {
    let id = key;
    if (options) for (const name in options) id += `${SLOT}${name}=${String(options[name])}`;
    let text = known.get(id);
    if (text === undefined) {
      text = (t as (key: string, options?: Record<string, unknown>) => string)(key, options);
      if (known.size > 10_000) known.clear();
      known.set(id, text);
    }
    return text;
  };
  return lookup as unknown as TFunction;
}

export function rowText(t: TFunction): RowText {
  const expiryT = remembered(t);
  return {
    orderType: Object.fromEntries(ORDER_TYPE_CODES.map((c) => [c, t(`orderType.${c}`)])),
    status: Object.fromEntries(ORDER_STATUS_CODES.map((c) => [c, t(`status.${c}`)])),
    blocked: { pending_approval: t('blocked.pending_approval'), expired: t('blocked.expired'), not_payable: t('blocked.not_payable') },
    pay: t('table.pay'),
    contract: t('markers.contract'),
    contractLabel: t('markers.contractLabel'),
    thirdParty: t('markers.thirdParty'),
    thirdPartyLabel: t('markers.thirdPartyLabel'),
    selectLabel: template(t, 'table.select', 'id'),
    payLabel: template(t, 'table.payOrder', 'id'),
    officialLabel: template(t, 'table.official', 'amount'),
    createdOn: (() => {
      const [before, between, after] = (t as (key: string, options: Record<string, string>) => string)('table.createdOn', { date: SLOT, time: SLOT }).split(SLOT);
      return (date: string, time: string) => `${before ?? ''}${date}${between ?? ''}${time}${after ?? ''}`;
    })(),
    group: counted(t, 'markers.group'),
    groupLabel: counted(t, 'markers.groupLabel'),
    expiry: (expireTime, now) => expiryText(expireTime, now, expiryT),
  };
}
