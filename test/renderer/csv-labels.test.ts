import { describe, expect, it } from 'vitest';
import { en } from '../../renderer/src/i18n/en';
import { ORDER_STATUS_CODES, ORDER_TYPE_CODES } from '../../shared/domain/orders';
import { ordersCsv } from '../../shared/export/orders-csv';
import type { OrderRow } from '../../shared/ipc/types';

const row = (over: Partial<OrderRow>): OrderRow => ({
  orderId: 'CS1', status: 6, orderType: 2, serviceTypeCode: 'hws.service.type.ec2', serviceTypeName: 'Elastic Cloud Server',
  officialAmount: 1000, amountAfterDiscount: 900, currency: 'USD', createTime: Date.UTC(2026, 10, 20), updateTime: Date.UTC(2026, 10, 20),
  expireTime: Date.UTC(2026, 10, 27), combinedOrderId: null, groupSize: 1, contractOverlap: false, thirdPartyItemCount: 0, ...over,
});

/** The file's data lines, each split into its cells (none of these cells holds a comma). */
const dataCells = (csv: string) => csv.split('\r\n').slice(1, -1).map((line) => line.split(','));

describe('the exported CSV and the English page', () => {
  it('name every order status and order type the same way', () => {
    const byStatus = dataCells(ordersCsv(ORDER_STATUS_CODES.map((status) => row({ status }))));
    expect(byStatus.map((cells) => cells[3])).toEqual(ORDER_STATUS_CODES.map((status) => en.status[status]));
    const byType = dataCells(ordersCsv(ORDER_TYPE_CODES.map((orderType) => row({ orderType }))));
    expect(byType.map((cells) => cells[2])).toEqual(ORDER_TYPE_CODES.map((orderType) => en.orderType[orderType]));
  });
});
