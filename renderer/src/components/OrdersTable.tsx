import type { OrderListPage } from '../../../shared/ipc/types';
import { formatAmount, formatDateTime } from '../format';
import { ORDER_STATUS_LABELS, ORDER_TYPE_LABELS } from '../labels';

export function OrdersTable({ page }: { page: OrderListPage }) {
  if (page.total === 0) return <p className="empty">No unpaid orders are cached. Use Refresh to sync with the billing service.</p>;
  return (
    <>
      <p className="count">
        {page.total === page.rows.length ? `${page.total} orders` : `Showing ${page.rows.length} of ${page.total} orders`}
      </p>
      <table aria-label="Unpaid orders">
        <thead>
          <tr>
            <th scope="col">Order No.</th>
            <th scope="col">Service type</th>
            <th scope="col">Order type</th>
            <th scope="col">Status</th>
            <th scope="col" className="num">Amount</th>
            <th scope="col">Currency</th>
            <th scope="col">Created</th>
            <th scope="col">Expires</th>
          </tr>
        </thead>
        <tbody>
          {page.rows.map((order) => (
            <tr key={order.orderId} data-order-id={order.orderId}>
              <td>{order.orderId}</td>
              <td>{order.serviceTypeName}</td>
              <td>{ORDER_TYPE_LABELS[order.orderType]}</td>
              <td>{ORDER_STATUS_LABELS[order.status]}</td>
              <td className="num">{formatAmount(order.amountAfterDiscount, order.currency)}</td>
              <td>{order.currency}</td>
              <td>{formatDateTime(order.createTime)}</td>
              <td>{formatDateTime(order.expireTime)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
