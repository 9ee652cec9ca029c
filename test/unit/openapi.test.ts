import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument, renderOpenApiDocument } from '../../shared/billing-api/openapi';

const committedPath = new URL('../../docs/openapi.json', import.meta.url);

describe('docs/openapi.json', () => {
  it('matches the zod schemas it is generated from', () => {
    const committed = readFileSync(committedPath, 'utf8');
    expect(committed === renderOpenApiDocument(), 'docs/openapi.json is stale: run `npm run openapi` and commit the result').toBe(true);
  });

  it('describes the billing endpoints with bearer auth and their error responses', () => {
    const doc = buildOpenApiDocument() as {
      openapi: string;
      paths: Record<string, { get: { responses: Record<string, unknown>; parameters?: { name: string }[] } }>;
      components: { schemas: Record<string, unknown>; securitySchemes: Record<string, { scheme: string }> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths).sort()).toEqual(
      expect.arrayContaining(['/v1/account', '/v1/bills/current', '/v1/coupons', '/v1/orders', '/v1/orders/{order_id}', '/v1/orders/{order_id}/cancel', '/v1/orders/{order_id}/discounts', '/v1/payments', '/v1/payments/quote', '/v1/payments/{payment_id}', '/v1/service-types']),
    );
    expect(doc.components.securitySchemes.bearerAuth?.scheme).toBe('bearer');
    for (const id of ['Account', 'ServiceTypeList', 'Order', 'OrdersPage', 'ApiError', 'LineItem', 'Provider', 'Discount', 'DiscountList', 'Coupon', 'CouponList', 'QuoteRequest', 'Quote']) {
      expect(doc.components.schemas).toHaveProperty(id);
    }
    const orders = doc.paths['/v1/orders']?.get;
    expect(orders?.parameters?.map((p) => p.name)).toEqual(['cursor', 'limit']);
    expect(Object.keys(orders?.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '401', '410', '429']));
    expect(Object.keys(doc.paths['/v1/orders/{order_id}']?.get.responses ?? {})).toContain('404');
    // Every $ref must resolve inside the document: nothing left in a side table of the generator.
    const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"#\/components\/schemas\/([^"]+)"/g)].map((m) => m[1]);
    for (const id of refs) expect(doc.components.schemas, `unresolved $ref ${id}`).toHaveProperty(id as string);
  });
});
