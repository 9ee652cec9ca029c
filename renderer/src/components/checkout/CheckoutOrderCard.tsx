import { useTranslation } from 'react-i18next';
import type { Coupon } from '../../../../shared/billing-api/payment-schemas';
import { DiscountKind } from '../../../../shared/billing-api/payment-schemas';
import { MAX_COUPONS_PER_ORDER, couponBlocker, discountedAmount } from '../../../../shared/billing/savings';
import type { CheckoutOrder, QuotedOrderView } from '../../../../shared/ipc/payment-types';
import type { QuotedOrder } from '../../../../shared/billing-api/payment-schemas';
import { useFormatters } from '../../format';
import { pricedOrder, useCheckoutStore, type OrderPicks } from '../../store/checkout-store';

interface Props {
  readonly item: CheckoutOrder;
  readonly picks: OrderPicks;
  /** Which order of this payment uses each coupon now. */
  readonly couponUsers: ReadonlyMap<string, string>;
  readonly coupons: readonly Coupon[];
  readonly preview: QuotedOrder | undefined;
  readonly service: QuotedOrderView | undefined;
  readonly serverNow: number;
  readonly changed: boolean;
  readonly confirmed: boolean;
}

/** One order of the checkout: its line items, its discount and coupons, and its contract confirmation. */
export function CheckoutOrderCard({ item, picks, couponUsers, coupons, preview, service, serverNow, changed, confirmed }: Props) {
  const { t } = useTranslation();
  const fmt = useFormatters();
  const { order, discounts } = item;
  const setDiscount = useCheckoutStore((s) => s.setDiscount);
  const toggleCoupon = useCheckoutStore((s) => s.toggleCoupon);
  const toggleConfirmed = useCheckoutStore((s) => s.toggleConfirmed);
  const mandatory = discounts.find((d) => d.kind === DiscountKind.PriceAdjustment) ?? null;
  const chosen = discounts.find((d) => d.discount_id === picks.discountId) ?? null;
  const discounted = discountedAmount(order.officialAmount, chosen);
  const priced = pricedOrder(item);
  const money = (amount: number) => fmt.money(amount, order.currency);
  // What is chosen first, then what could be, then what can't (with why): the list scrolls.
  const blockerOf = (coupon: Coupon) => couponBlocker(priced, discounted, chosen?.kind ?? null, coupon, serverNow, couponUsers.get(coupon.coupon_id));
  const rank = (coupon: Coupon) => (picks.couponIds.includes(coupon.coupon_id) ? 0 : blockerOf(coupon) === null ? 1 : 2);
  const ownCoupons = coupons.filter((c) => c.currency === order.currency).sort((a, b) => rank(a) - rank(b));
  const idBase = `checkout-${order.orderId}`;

  return (
    <section className={`checkout-order${changed ? ' changed' : ''}`} aria-labelledby={`${idBase}-title`}>
      <header>
        <h3 id={`${idBase}-title`}>
          <span className="order-no">{order.orderId}</span> · {order.serviceTypeName} · {t(`orderType.${order.orderType}`)}
        </h3>
        <strong className="num" data-testid={`payable-${order.orderId}`}>{money(preview?.payable ?? discounted)}</strong>
      </header>
      {changed && <p role="status" className="alert-inline">{t('checkout.changedOrder')}</p>}
      {order.combinedOrderId && <p className="note">{t('checkout.groupMember', { id: order.combinedOrderId })}</p>}
      <table className="line-items">
        <tbody>
          {order.lineItems.map((line) => (
            <tr key={line.lineItemId}>
              <td>
                {line.productName}
                {line.provider.kind === 'third_party' && <p className="note">{t('details.thirdPartyNote', { vendor: line.provider.vendorName, contact: line.provider.vendorContact })}</p>}
              </td>
              <td>{line.provider.kind === 'cloud' ? t('details.cloud') : line.provider.vendorName}</td>
              <td className="num">{line.provider.kind === 'cloud' ? money(line.officialAmount) : t('checkout.billedByVendor')}</td>
            </tr>
          ))}
        </tbody>
      </table>

      <div className="savings-pickers">
        <label className="field">
          {t('checkout.discount')}
          <select value={picks.discountId ?? ''} disabled={mandatory !== null} onChange={(e) => setDiscount(order.orderId, e.target.value === '' ? null : e.target.value)}>
            {mandatory === null && <option value="">{t('checkout.noDiscount')}</option>}
            {discounts.filter((d) => mandatory === null || d === mandatory).map((d) => (
              <option key={d.discount_id} value={d.discount_id}>
                {t('checkout.discountOption', { description: d.description, saving: money(order.officialAmount - discountedAmount(order.officialAmount, d)) })}
              </option>
            ))}
          </select>
          {mandatory && <span className="note">{t('checkout.mandatoryDiscount')}</span>}
        </label>

        <fieldset className="coupons">
          <legend>{t('checkout.coupons', { max: MAX_COUPONS_PER_ORDER })}</legend>
          {ownCoupons.length === 0 && <p className="note">{t('checkout.noCoupons')}</p>}
          {ownCoupons.map((coupon) => {
            const selected = picks.couponIds.includes(coupon.coupon_id);
            const user = couponUsers.get(coupon.coupon_id);
            const blocker = blockerOf(coupon);
            const full = !selected && picks.couponIds.length >= MAX_COUPONS_PER_ORDER;
            const reason = blocker ? t(`couponReason.${blocker.reason}`, { order: user ?? coupon.locked_by_order_id ?? '', minSpend: money(coupon.min_spend) }) : full ? t('couponReason.full', { max: MAX_COUPONS_PER_ORDER }) : null;
            const take = service?.coupons.find((c) => c.couponId === coupon.coupon_id)?.amount;
            return (
              <label key={coupon.coupon_id} className={`coupon${reason && !selected ? ' unusable' : ''}`}>
                <input type="checkbox" checked={selected} disabled={!selected && reason !== null} onChange={() => toggleCoupon(order.orderId, coupon.coupon_id)} />
                <span>
                  {coupon.name} <span className="sub">{t(`couponKind.${coupon.kind}`)} · {t('checkout.balance', { amount: money(coupon.balance) })}</span>
                  {selected && take !== undefined && <span className="sub"> · {t('checkout.takes', { amount: money(take) })}</span>}
                  {reason && <span className="reason"> — {reason}</span>}
                </span>
              </label>
            );
          })}
        </fieldset>
      </div>

      {service && service.problems.length > 0 && (
        <ul className="problems" role="alert">
          {service.problems.map((p) => <li key={p.code + p.message}>{p.message} ({p.code})</li>)}
        </ul>
      )}

      {order.contractOverlap && (
        <label className="contract-confirm">
          <input type="checkbox" checked={confirmed} onChange={() => toggleConfirmed(order.orderId)} />
          {t('checkout.contractConfirm')}
        </label>
      )}
    </section>
  );
}
