import type { TFunction } from 'i18next';
import { ORDER_STATUS_CODES, ORDER_TYPE_CODES } from '../../../shared/domain/orders';

/**
 * The words a table row shows, looked up once per language rather than once per row render:
 * while scrolling, dozens of rows render every frame.
 */
export interface RowText {
  readonly t: TFunction;
  readonly orderType: Readonly<Record<number, string>>;
  readonly status: Readonly<Record<number, string>>;
  readonly blocked: Readonly<Record<'pending_approval' | 'expired' | 'not_payable', string>>;
  readonly pay: string;
  readonly contract: string;
  readonly contractLabel: string;
  readonly thirdParty: string;
  readonly thirdPartyLabel: string;
}

export function rowText(t: TFunction): RowText {
  return {
    t,
    orderType: Object.fromEntries(ORDER_TYPE_CODES.map((c) => [c, t(`orderType.${c}`)])),
    status: Object.fromEntries(ORDER_STATUS_CODES.map((c) => [c, t(`status.${c}`)])),
    blocked: { pending_approval: t('blocked.pending_approval'), expired: t('blocked.expired'), not_payable: t('blocked.not_payable') },
    pay: t('table.pay'),
    contract: t('markers.contract'),
    contractLabel: t('markers.contractLabel'),
    thirdParty: t('markers.thirdParty'),
    thirdPartyLabel: t('markers.thirdPartyLabel'),
  };
}
