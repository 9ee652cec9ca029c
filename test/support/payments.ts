import type { BillingClient } from '../../main/billing/billing-client';
import type { Cache } from '../../main/cache/cache';
import { Ledger } from '../../main/ledger/ledger';
import type { Logger } from '../../main/logger';
import { BillingApiGateway } from '../../main/payments/payment-gateway';
import { PaymentService } from '../../main/payments/payment-service';
import type { EventHub } from '../../main/sync/event-hub';
import type { SyncEngine } from '../../main/sync/sync-engine';

/** A payment service over an in-memory ledger, for tests and benches that don't pay through a file. */
export function paymentServiceFor(deps: { client: BillingClient; sync: SyncEngine; cache: Cache; events: EventHub; log: Logger; ledger?: Ledger }): PaymentService {
  return new PaymentService({
    ledger: deps.ledger ?? Ledger.inMemory(deps.log),
    payingDisabled: null,
    gateway: new BillingApiGateway(deps.client),
    sync: deps.sync,
    cache: deps.cache,
    events: deps.events,
    log: deps.log,
    osUser: 'test-clerk',
    stripeScriptUrl: null,
  });
}
