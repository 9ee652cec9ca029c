import { describe, expect, it } from 'vitest';
import { csvCell, exportFileName, ordersCsv } from '../../shared/export/orders-csv';
import type { OrderRow } from '../../shared/ipc/types';
import { toDecimalString } from '../../shared/money';

const row = (over: Partial<OrderRow> = {}): OrderRow => ({
  orderId: 'CS2611260935ABCDE', status: 6, orderType: 2, serviceTypeCode: 'hws.service.type.ec2', serviceTypeName: 'Elastic Cloud Server',
  officialAmount: 123456, amountAfterDiscount: 100005, currency: 'USD', createTime: Date.UTC(2026, 10, 20, 8, 30), updateTime: Date.UTC(2026, 10, 20, 8, 30),
  expireTime: Date.UTC(2026, 10, 27, 8, 30), combinedOrderId: 'CB1', groupSize: 2, contractOverlap: false, thirdPartyItemCount: 0, ...over,
});

describe('the orders CSV', () => {
  it('writes one line per order with exact decimals, UTC times and the group', () => {
    const lines = ordersCsv([row(), row({ orderId: 'CS2', currency: 'JPY', officialAmount: 1500, amountAfterDiscount: 1500, combinedOrderId: null, status: 1 })]).split('\r\n');
    expect(lines[0]).toBe('\uFEFFOrder No.,Service type,Order type,Status,Official amount,Amount after discount,Currency,Created (UTC),Expires (UTC),Combined purchase');
    expect(lines[1]).toBe('CS2611260935ABCDE,Elastic Cloud Server,Renewal,Pending payment,1234.56,1000.05,USD,2026-11-20T08:30:00.000Z,2026-11-27T08:30:00.000Z,CB1');
    expect(lines[2]).toBe('CS2,Elastic Cloud Server,Renewal,Pending approval,1500,1500,JPY,2026-11-20T08:30:00.000Z,2026-11-27T08:30:00.000Z,');
    expect(lines[3]).toBe('');
  });

  it('quotes separators and defuses spreadsheet formulas from service data', () => {
    expect(csvCell('Cloud, "Pro"')).toBe('"Cloud, ""Pro"""');
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"');
  });

  it('defuses every character a spreadsheet starts a formula with, in any cell of the file', () => {
    // Excel and LibreOffice run a cell starting with any of = + - @ (and tab or CR ahead of one).
    expect(csvCell('-2+3+cmd|\' /C calc\'!A0')).toBe("'-2+3+cmd|' /C calc'!A0");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\t=1+1')).toBe("'\t=1+1");
    // A CR also needs quoting, so the defused cell is quoted too.
    expect(csvCell('\r=1+1')).toBe(`"'\r=1+1"`);
    // Characters that only matter at the start leave other cells as they were.
    expect(csvCell('Cloud-Pro = fast @ scale')).toBe('Cloud-Pro = fast @ scale');

    const lines = ordersCsv([
      row({ serviceTypeName: '-HYPERLINK("http://x")', combinedOrderId: '\t@evil' }),
      row({ serviceTypeName: '\r+1', combinedOrderId: null }),
    ]).split('\r\n');
    expect(lines[1]).toBe(`CS2611260935ABCDE,"'-HYPERLINK(""http://x"")",Renewal,Pending payment,1234.56,1000.05,USD,2026-11-20T08:30:00.000Z,2026-11-27T08:30:00.000Z,'\t@evil`);
    expect(lines[2]).toBe(`CS2611260935ABCDE,"'\r+1",Renewal,Pending payment,1234.56,1000.05,USD,2026-11-20T08:30:00.000Z,2026-11-27T08:30:00.000Z,`);
  });

  it('formats minor units as decimals without floats', () => {
    expect(toDecimalString({ amountMinor: 5, currency: 'USD' })).toBe('0.05');
    expect(toDecimalString({ amountMinor: -123, currency: 'CNY' })).toBe('-1.23');
    expect(toDecimalString({ amountMinor: Number.MAX_SAFE_INTEGER, currency: 'USD' })).toBe('90071992547409.91');
  });

  it('names the file after the minute it was made', () => {
    expect(exportFileName(new Date(Date.UTC(2026, 10, 26, 9, 5, 33)))).toBe('unpaid-orders-202611260905.csv');
  });
});
