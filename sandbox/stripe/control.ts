/**
 * The sandbox control API's view of the Stripe emulation (on the billing sandbox's own port, under
 * the same rules as the rest of /sandbox/*: loopback only, no web pages, JSON bodies):
 * - `GET /sandbox/stripe` → where the emulated Stripe API is and its keys: {api_url, js_url,
 *   publishable_key, secret_key, test_cards}.
 * - `POST /sandbox/stripe/3ds/{payment_intent_id}` `{result: 'succeed' | 'fail'}` → the cardholder
 *   passes or fails the 3-D Secure challenge of an intent in requires_action: {payment_intent}.
 */
import { z } from 'zod';
import { ErrorCode } from '../../shared/billing-api/schemas';
import { HttpError, jsonReply, parseInput, readJsonBody } from '../http';
import type { Route } from '../router';
import { completeChallenge } from './api';
import { TEST_CARDS } from './cards';
import { StripeApiError } from './errors';
import type { StripeApi } from './server';
import type { StripeStore } from './store';

const ChallengeRequest = z.strictObject({ result: z.enum(['succeed', 'fail']) });

export function stripeControlRoutes(api: () => StripeApi, store: StripeStore, now: () => number): Route[] {
  return [
    {
      method: 'GET',
      path: /^\/sandbox\/stripe$/,
      handle: () => {
        const { url, jsUrl, publishableKey, secretKey } = api();
        return jsonReply(200, {
          api_url: url,
          js_url: jsUrl,
          publishable_key: publishableKey,
          secret_key: secretKey,
          test_cards: TEST_CARDS.map((c) => ({
            number: c.number,
            brand: c.brand,
            funding: c.funding,
            behaviour: c.outcome.kind === 'decline' ? `${c.outcome.code}/${c.outcome.declineCode}` : c.outcome.kind === 'authenticate' ? '3ds_required' : 'approve',
          })),
        });
      },
    },
    {
      method: 'POST',
      path: /^\/sandbox\/stripe\/3ds\/(?<intentId>[^/]+)$/,
      handle: async ({ req, params }) => {
        const { result } = parseInput(ChallengeRequest, await readJsonBody(req));
        try {
          return jsonReply(200, { payment_intent: completeChallenge(params.intentId ?? '', result, { store, now }) });
        } catch (error) {
          if (!(error instanceof StripeApiError)) throw error;
          throw new HttpError(error.status === 404 ? 404 : 409, ErrorCode.BadParameter, error.message);
        }
      },
    },
  ];
}
